// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the mutex primitives: the owner is the thread that holds it. An unlock by a
 * thread that does not hold it is API misuse, reported and counted, and so is taking one
 * in atomic context (a timer's function), where the kernel's might_sleep() complains. A
 * thread taking a mutex it holds would hang forever in a kernel: the model reports it and
 * aborts, rather than go on into a critical section Linux never enters twice.
 */
#include <linux/mutex.h>

#include "model.h"

/* Its address tells the threads apart. */
static _Thread_local char this_thread;

static long me(void)
{
	return (long)&this_thread;
}

void mutex_lock(struct mutex *lock)
{
	long free = 0;

	/* might_sleep(): a mutex in a timer's function is "sleeping in atomic context". */
	if (model_in_atomic())
		model_error("mutex_lock in atomic context (a timer function): a kernel BUG");

	if (__atomic_load_n(&lock->owner.counter, __ATOMIC_RELAXED) == me()) {
		model_error("mutex_lock of a mutex this thread holds: a deadlock in a kernel");
		abort();
	}
	while (!__atomic_compare_exchange_n(&lock->owner.counter, &free, me(), 1,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		free = 0;
}

void mutex_unlock(struct mutex *lock)
{
	long held = me();

	if (!__atomic_compare_exchange_n(&lock->owner.counter, &held, 0, 0, __ATOMIC_RELEASE,
					 __ATOMIC_RELAXED))
		model_error("mutex_unlock of a mutex this thread does not hold");
}

/* lockdep_assert_held(): whether this thread holds @lock. */
int kbridge_model_mutex_held(struct mutex *lock)
{
	return __atomic_load_n(&lock->owner.counter, __ATOMIC_RELAXED) == me();
}
