// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel code using a timer, as drivers do: an object embedding a timer_list whose
 * function finds the object with from_timer(), counts its runs, re-arms itself for a
 * period when one is set, and can be held at a gate inside the function so a test can
 * act while it runs. Each object records the thread its function ran on, whether it
 * was still pending while running, and whether a mutex_lock() in it was attempted.
 */
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timer.h>

long kbridge_test_thread_token(void);
int sched_yield(void);

struct kbtimer {
	struct timer_list timer;
	long runs;
	long thread;		/* kbridge_test_thread_token() of the last run */
	long pending_in_fn;	/* runs that found their timer pending on entry */
	unsigned long period;	/* re-arm for jiffies + period; 0: once */
	unsigned long seen_jiffies;
	int gate;		/* 1: the function waits until it is 0 */
	int at_gate;
	int take_mutex;		/* the function takes @mutex (a bug in softirq context) */
	struct mutex mutex;
};

static void kbtimer_fn(struct timer_list *t)
{
	struct kbtimer *kt = from_timer(kt, t, timer);

	if (timer_pending(&kt->timer))
		__atomic_add_fetch(&kt->pending_in_fn, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kt->thread, kbridge_test_thread_token(), __ATOMIC_SEQ_CST);
	__atomic_store_n(&kt->seen_jiffies, jiffies, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&kt->gate, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&kt->at_gate, 1, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&kt->gate, __ATOMIC_SEQ_CST))
			sched_yield();
		__atomic_store_n(&kt->at_gate, 0, __ATOMIC_SEQ_CST);
	}
	if (kt->take_mutex) {
		mutex_lock(&kt->mutex);
		mutex_unlock(&kt->mutex);
	}
	if (kt->period)
		mod_timer(&kt->timer, jiffies + kt->period);
	__atomic_add_fetch(&kt->runs, 1, __ATOMIC_SEQ_CST);
}

struct kbtimer *kbridge_test_timer_new(void)
{
	struct kbtimer *kt = kmalloc(sizeof(*kt), GFP_KERNEL);

	if (!kt)
		return 0;
	*kt = (struct kbtimer){ .runs = 0 };
	timer_setup(&kt->timer, kbtimer_fn, 0);
	return kt;
}

void kbridge_test_timer_free(struct kbtimer *kt)
{
	kfree(kt);
}

/* mod_timer() for @delta ticks from now; its result. */
int kbridge_test_timer_arm(struct kbtimer *kt, unsigned long delta)
{
	return mod_timer(&kt->timer, jiffies + delta);
}

void kbridge_test_timer_set(struct kbtimer *kt, unsigned long period, int take_mutex)
{
	__atomic_store_n(&kt->period, period, __ATOMIC_SEQ_CST);
	kt->take_mutex = take_mutex;
}

void kbridge_test_timer_gate(struct kbtimer *kt, int shut)
{
	__atomic_store_n(&kt->gate, shut, __ATOMIC_SEQ_CST);
}

int kbridge_test_timer_at_gate(struct kbtimer *kt)
{
	return __atomic_load_n(&kt->at_gate, __ATOMIC_SEQ_CST);
}

/* 0 timer_delete, 1 timer_delete_sync, 2 del_timer_sync, 3 timer_shutdown_sync. */
int kbridge_test_timer_delete(struct kbtimer *kt, int how)
{
	switch (how) {
	case 0:
		return timer_delete(&kt->timer);
	case 1:
		return timer_delete_sync(&kt->timer);
	case 2:
		return del_timer_sync(&kt->timer);
	default:
		return timer_shutdown_sync(&kt->timer);
	}
}

int kbridge_test_timer_pending(struct kbtimer *kt)
{
	return timer_pending(&kt->timer);
}

/* 0 runs, 1 thread token, 2 runs that found the timer pending, 3 jiffies seen. */
long kbridge_test_timer_stat(struct kbtimer *kt, int what)
{
	switch (what) {
	case 0:
		return __atomic_load_n(&kt->runs, __ATOMIC_SEQ_CST);
	case 1:
		return __atomic_load_n(&kt->thread, __ATOMIC_SEQ_CST);
	case 2:
		return __atomic_load_n(&kt->pending_in_fn, __ATOMIC_SEQ_CST);
	default:
		return (long)__atomic_load_n(&kt->seen_jiffies, __ATOMIC_SEQ_CST);
	}
}
