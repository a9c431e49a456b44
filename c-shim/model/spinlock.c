// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the spin lock primitives: a test-and-test-and-set lock on the lock word. An
 * unlock of a lock that is not held is API misuse, reported and counted.
 */
#include <linux/spinlock.h>

#include "model.h"

void _raw_spin_lock(raw_spinlock_t *lock)
{
	model_lock(&lock->raw_lock.val);
}

void _raw_spin_unlock(raw_spinlock_t *lock)
{
	if (!__atomic_exchange_n(&lock->raw_lock.val, 0, __ATOMIC_RELEASE))
		model_error("spin_unlock of a lock that is not held");
}
