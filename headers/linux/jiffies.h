/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/jiffies.h>: the tick counter and conversions to and from it.
 * HZ is Debian's CONFIG_HZ for x86_64 (250).
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ		250
#define MSEC_PER_SEC	1000L

/* The longest delay a timer takes: half the jiffies range, less one. */
#define MAX_JIFFY_OFFSET	((((long)(~0UL >> 1)) >> 1) - 1)

/*
 * jiffies - ticks since boot, HZ a second; it wraps, so compare with time_after()
 * and friends, never with < or >.
 */
extern unsigned long volatile jiffies;

/* Whether jiffies value @a is after @b, with wrap-around (both unsigned long). */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/**
 * jiffies_to_msecs - a number of ticks in milliseconds
 * @j: the ticks
 *
 * Return: the milliseconds.
 */
extern unsigned int jiffies_to_msecs(const unsigned long j);

/**
 * __msecs_to_jiffies - milliseconds in ticks, rounded up
 * @m: the milliseconds; a value that is negative as an int means "forever"
 *
 * Return: the ticks, MAX_JIFFY_OFFSET for "forever".
 */
extern unsigned long __msecs_to_jiffies(const unsigned int m);

/**
 * msecs_to_jiffies - milliseconds in ticks, rounded up
 * @m: the milliseconds
 *
 * Return: the ticks; 0 ms is 0 ticks, anything more at least one.
 */
static __always_inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	return __msecs_to_jiffies(m);
}

#endif /* _LINUX_JIFFIES_H */
