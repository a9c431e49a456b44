/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/timer_types.h>: the timer-wheel timer. */
#ifndef _LINUX_TIMER_TYPES_H
#define _LINUX_TIMER_TYPES_H

#include <linux/lockdep_types.h>
#include <linux/types.h>

/**
 * struct timer_list - a timer that runs a function once, in softirq context, at or
 *	after a jiffies value
 * @entry: its link in the timer base while pending; @entry.pprev is NULL while not
 * @expires: the jiffies value it is due at
 * @function: what runs when it expires; the timer is no longer pending by then
 * @flags: TIMER_* flags and the CPU of its base
 *
 * Initialize it with timer_setup() before any other use.
 */
struct timer_list {
	struct hlist_node	entry;
	unsigned long		expires;
	void			(*function)(struct timer_list *);
	u32			flags;
};

#endif /* _LINUX_TIMER_TYPES_H */
