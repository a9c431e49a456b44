/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/spinlock.h>: the spinlock_t API a driver uses to guard data
 * shared between CPUs. Built as in a kernel without CONFIG_DEBUG_SPINLOCK: the lock
 * functions are static inline over the exported _raw_spin_* ones, and spin_lock_init()
 * is a macro that stores an unlocked lock.
 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/lockdep_types.h>

/**
 * struct arch_spinlock - the architecture's lock word
 * @val: 0 when free
 */
typedef struct arch_spinlock {
	int val;
} arch_spinlock_t;

/**
 * struct raw_spinlock - a lock that spins even on PREEMPT_RT
 * @raw_lock: the lock word
 */
typedef struct raw_spinlock {
	arch_spinlock_t raw_lock;
} raw_spinlock_t;

/**
 * struct spinlock - a spin lock; holding it disables preemption
 * @rlock: the raw lock underneath
 */
typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

#define __ARCH_SPIN_LOCK_UNLOCKED	{ 0 }
#define __SPIN_LOCK_UNLOCKED(lockname) \
	((spinlock_t){ .rlock = { .raw_lock = __ARCH_SPIN_LOCK_UNLOCKED } })

/**
 * _raw_spin_lock - take a raw spin lock, spinning until it is free
 * @lock: the lock
 */
void _raw_spin_lock(raw_spinlock_t *lock);

/**
 * _raw_spin_unlock - release a raw spin lock the caller holds
 * @lock: the lock
 */
void _raw_spin_unlock(raw_spinlock_t *lock);

/**
 * spinlock_check - the raw lock of a spinlock_t (type-checks its argument)
 * @lock: the lock
 *
 * Return: &@lock->rlock.
 */
static inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

/**
 * spin_lock_init - make a lock ready for use, unlocked
 * @_lock: the lock, at the address it keeps while in use
 */
#define spin_lock_init(_lock)				\
do {							\
	spinlock_check(_lock);				\
	*(_lock) = __SPIN_LOCK_UNLOCKED(_lock);		\
} while (0)

/**
 * spin_lock - take a spin lock; the holder must not sleep
 * @lock: the lock
 */
static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(&lock->rlock);
}

/**
 * spin_unlock - release a spin lock the caller holds
 * @lock: the lock
 */
static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(&lock->rlock);
}

#endif /* __LINUX_SPINLOCK_H */
