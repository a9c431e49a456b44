/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/mutex.h>: the sleeping lock subsystems put in their objects
 * (phy_device.lock, say), and the two calls that take and release it.
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/types.h>

/**
 * struct mutex - a sleeping lock with one owner at a time
 * @owner: the task that holds it, 0 when free
 *
 * Only the task that took a mutex releases it, and a task never takes one it holds.
 */
struct mutex {
	atomic_long_t owner;
};

/**
 * mutex_lock - take a mutex, sleeping until it is free
 * @lock: the mutex
 *
 * May sleep. The caller must not hold it already.
 */
void mutex_lock(struct mutex *lock);

/**
 * mutex_unlock - release a mutex the caller holds
 * @lock: the mutex
 */
void mutex_unlock(struct mutex *lock);

#endif /* __LINUX_MUTEX_H */
