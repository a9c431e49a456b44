/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/timer.h>: timers of the timer wheel. A timer's function runs
 * in softirq context on some CPU, concurrently with the code that armed it, and must not
 * sleep; timer_delete_sync() is how a driver waits for it to be done.
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/container_of.h>
#include <linux/jiffies.h>
#include <linux/lockdep_types.h>
#include <linux/timer_types.h>

/* timer_list.flags: the low bits are the CPU; these are what timer_setup() may pass. */
#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_BASEMASK		(TIMER_CPUMASK | TIMER_MIGRATING)
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000
#define TIMER_INIT_FLAGS	(TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)
#define TIMER_ARRAYSHIFT	22
#define TIMER_ARRAYMASK		0xFFC00000

/**
 * init_timer_key - initialize a timer: not pending, with a function and flags
 * @timer: the timer
 * @func: what runs when it expires
 * @flags: TIMER_INIT_FLAGS bits (others are dropped with a warning)
 * @name: its lockdep name (NULL without CONFIG_LOCKDEP)
 * @key: its lockdep class (NULL without CONFIG_LOCKDEP)
 */
void init_timer_key(struct timer_list *timer,
		    void (*func)(struct timer_list *), unsigned int flags,
		    const char *name, struct lock_class_key *key);

/* Without CONFIG_LOCKDEP (Debian's configuration) no lockdep name or class is given. */
#define __init_timer(_timer, _fn, _flags)				\
	init_timer_key((_timer), (_fn), (_flags), NULL, NULL)

/* timer_setup - prepare @timer to run @callback(@timer); @flags are TIMER_* bits. */
#define timer_setup(timer, callback, flags)			\
	__init_timer((timer), (callback), (flags))

/* from_timer - in a timer's function, the structure @var's type that holds the timer. */
#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

/**
 * timer_pending - whether a timer is armed and has not started to run
 * @timer: the timer
 *
 * A timer whose function is running is not pending (unless the function re-armed it).
 * Without a lock the answer may be stale by the time the caller looks at it.
 *
 * Return: 1 if pending, else 0.
 */
static inline int timer_pending(const struct timer_list * timer)
{
	return __atomic_load_n(&timer->entry.pprev, __ATOMIC_RELAXED) != NULL;
}

/**
 * mod_timer - arm a timer for @expires, or move it there if it is pending
 * @timer: an initialized timer
 * @expires: the jiffies value it is due at
 *
 * Safe against a concurrent run of the timer's function, which may itself re-arm it.
 * After timer_shutdown*() it does nothing.
 *
 * Return: 1 if the timer was pending, 0 if it was not (or was shut down).
 */
extern int mod_timer(struct timer_list *timer, unsigned long expires);

/**
 * add_timer - arm a timer that is not pending for @timer->expires
 * @timer: an initialized timer that is not pending
 */
extern void add_timer(struct timer_list *timer);

/**
 * try_to_del_timer_sync - disarm a timer unless its function is running
 * @timer: the timer
 *
 * Return: 1 if it was pending, 0 if not, -1 if its function is running right now.
 */
extern int try_to_del_timer_sync(struct timer_list *timer);

/**
 * timer_delete_sync - disarm a timer and wait for a run of its function to end
 * @timer: the timer
 *
 * On return the timer is not pending and its function is not running, also when the
 * function re-armed the timer meanwhile. The caller must not hold a lock the function
 * takes, must not be the timer's function, and must be able to wait.
 *
 * Return: 1 if it was pending, else 0.
 */
extern int timer_delete_sync(struct timer_list *timer);

/**
 * timer_delete - disarm a timer, without waiting for its function
 * @timer: the timer
 *
 * The function may still be running on another CPU when this returns, and may re-arm
 * the timer.
 *
 * Return: 1 if it was pending, else 0.
 */
extern int timer_delete(struct timer_list *timer);

/**
 * timer_shutdown_sync - timer_delete_sync(), and no arming the timer ever after
 * @timer: the timer; mod_timer() and add_timer() on it do nothing from now on
 *
 * Return: 1 if it was pending, else 0.
 */
extern int timer_shutdown_sync(struct timer_list *timer);

/**
 * timer_shutdown - timer_delete(), and no arming the timer ever after
 * @timer: the timer
 *
 * Return: 1 if it was pending, else 0.
 */
extern int timer_shutdown(struct timer_list *timer);

/**
 * del_timer_sync - the older name of timer_delete_sync()
 * @timer: the timer
 *
 * Return: 1 if it was pending, else 0.
 */
static inline int del_timer_sync(struct timer_list *timer)
{
	return timer_delete_sync(timer);
}

/**
 * del_timer - the older name of timer_delete()
 * @timer: the timer
 *
 * Return: 1 if it was pending, else 0.
 */
static inline int del_timer(struct timer_list *timer)
{
	return timer_delete(timer);
}

#endif /* _LINUX_TIMER_H */
