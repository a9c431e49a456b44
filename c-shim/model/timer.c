// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the timer wheel as a driver observes it (kernel/time/timer.c, 6.12), on a
 * model clock: `jiffies` moves only when a test advances it
 * (kbridge_model_jiffies_advance()), and starts where Linux starts it, 5 minutes before
 * the 32-bit wrap (INITIAL_JIFFIES in include/linux/jiffies.h), so code comparing
 * jiffies without time_after() meets the wrap early.
 *
 * Expired timers run on a thread of the model's own, standing for the timer softirq:
 * concurrently with the test's threads, one timer at a time, each in atomic context
 * (the mutex model reports a sleep there). The behaviours a driver can observe:
 *
 * - a timer is due at a tick no earlier than its expires; the wheel may run it later
 *   (its granularity), the model runs it at the first tick it processes at or after
 *   expires. Ticks are processed in order; a timer armed for a tick already processed
 *   (jiffies or earlier) runs at the next one, as internal_add_timer() puts it in the
 *   bucket of base->clk, so a callback re-arming its timer for "now" does not loop
 *   (base->clk is one ahead while timers run, __run_timers()). Arming a timer forwards
 *   an idle base to the current tick (forward_timer_base()), which the model counts as
 *   processed: a timer armed for jiffies runs when the clock next moves, as on a
 *   uniprocessor (on SMP another CPU's tick may run it within the same jiffy);
 * - the timer is detached (no longer pending) before its function runs, and
 *   base->running_timer names it while it runs (expire_timers());
 * - mod_timer() detaches a pending timer and enqueues it again (__mod_timer()), and does
 *   nothing after timer_shutdown*() (timer->function is NULL);
 * - timer_delete() detaches without waiting (__timer_delete());
 * - timer_delete_sync() retries until the timer is not the running one, then detaches
 *   it, so it returns with the function done and the timer not pending, also when the
 *   function re-armed it meanwhile (__try_to_del_timer_sync(), __timer_delete_sync());
 *   called from the timer's own function it would spin forever: the model reports it.
 *
 * A long advance is a softirq that ran late: it runs the stretch's timers in order at
 * once, and work they queue for a kthread (the watchdog core's pings) runs beside or
 * after the later ones. Tests that care advance in steps and settle between them.
 */
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "model.h"

#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))

unsigned long volatile jiffies = INITIAL_JIFFIES;

/* The timer base: its lock (raw_spinlock base->lock), pending timers sorted by expiry. */
static model_pthread_mutex_t base_lock;
static model_pthread_cond_t base_changed;
static struct hlist_node *pending;	/* the first pending timer's entry */
static struct hlist_node *expiring;	/* timers collected for this tick, not yet run */
static struct timer_list *running_timer;
static unsigned long base_clk = INITIAL_JIFFIES;	/* the next tick to process */
static int thread_started;
static unsigned long timers_run;

static _Thread_local int in_atomic;

int model_in_atomic(void)
{
	return in_atomic;
}

/* --- the kthread worker ------------------------------------------------------------ */

static model_pthread_mutex_t work_lock;
static model_pthread_cond_t work_changed;
static struct model_work *work_list;
static struct model_work *running_work;
static int worker_started;

static void *worker_thread(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&work_lock);
	for (;;) {
		struct model_work *work = work_list;

		if (!work) {
			pthread_cond_broadcast(&work_changed);
			pthread_cond_wait(&work_changed, &work_lock);
			continue;
		}
		work_list = work->next;
		work->queued = 0;
		running_work = work;
		pthread_mutex_unlock(&work_lock);
		work->fn(work);
		pthread_mutex_lock(&work_lock);
		running_work = 0;
		pthread_cond_broadcast(&work_changed);
	}
	return 0;
}

/* kthread_queue_work() */
void model_queue_work(struct model_work *work)
{
	struct model_work **tail = &work_list;

	pthread_mutex_lock(&work_lock);
	if (!worker_started) {
		unsigned long thread;

		if (pthread_create(&thread, 0, worker_thread, 0))
			abort();
		pthread_detach(thread);
		worker_started = 1;
	}
	if (!work->queued) {
		while (*tail)
			tail = &(*tail)->next;
		work->next = 0;
		*tail = work;
		work->queued = 1;
		pthread_cond_broadcast(&work_changed);
	}
	pthread_mutex_unlock(&work_lock);
}

/* kthread_cancel_work_sync() */
void model_cancel_work_sync(struct model_work *work)
{
	struct model_work **at;

	pthread_mutex_lock(&work_lock);
	for (at = &work_list; *at; at = &(*at)->next)
		if (*at == work) {
			*at = work->next;
			work->queued = 0;
			break;
		}
	while (running_work == work)
		pthread_cond_wait(&work_changed, &work_lock);
	pthread_mutex_unlock(&work_lock);
}

/* Waits until the worker has nothing queued or running. */
void kbridge_model_work_settle(void)
{
	pthread_mutex_lock(&work_lock);
	while (work_list || running_work)
		pthread_cond_wait(&work_changed, &work_lock);
	pthread_mutex_unlock(&work_lock);
}

/* --- the timer base --------------------------------------------------------------- */

static struct timer_list *timer_of(struct hlist_node *entry)
{
	return container_of(entry, struct timer_list, entry);
}

/* detach_timer(): unlink; with @clear_pending the timer reads as not pending after. */
static void detach(struct timer_list *timer, int clear_pending)
{
	struct hlist_node *entry = &timer->entry;

	*entry->pprev = entry->next;
	if (entry->next)
		entry->next->pprev = entry->pprev;
	entry->next = 0;
	if (clear_pending)
		__atomic_store_n(&entry->pprev, 0, __ATOMIC_RELAXED);
}

/* detach_if_pending(): 1 if the timer was pending (in either list), else 0. */
static int detach_if_pending(struct timer_list *timer, int clear_pending)
{
	if (!timer->entry.pprev)
		return 0;
	detach(timer, clear_pending);
	return 1;
}

/* Pending timers are kept sorted by expiry; equal ones in the order they were armed. */
static void enqueue(struct timer_list *timer)
{
	struct hlist_node **at = &pending;

	while (*at && !time_after(timer_of(*at)->expires, timer->expires))
		at = &(*at)->next;
	timer->entry.next = *at;
	if (*at)
		(*at)->pprev = &timer->entry.next;
	*at = &timer->entry;
	__atomic_store_n(&timer->entry.pprev, at, __ATOMIC_RELAXED);
}

static void *softirq_thread(void *unused);

/* base_lock held. */
static void start_thread(void)
{
	unsigned long thread;

	if (thread_started)
		return;
	if (pthread_create(&thread, 0, softirq_thread, 0)) {
		model_log("cannot start the timer thread");
		abort();
	}
	pthread_detach(thread);
	thread_started = 1;
}

static unsigned long now(void)
{
	return __atomic_load_n(&jiffies, __ATOMIC_ACQUIRE);
}

/*
 * The tick at which the earliest pending timer runs: base_clk for one already due,
 * else its expiry. base_lock held, @pending not empty.
 */
static unsigned long next_tick(void)
{
	unsigned long expires = timer_of(pending)->expires;

	return time_after(base_clk, expires) ? base_clk : expires;
}

/* Whether a timer is due or collected to run, or running. base_lock held. */
static int busy(void)
{
	return running_timer || expiring || (pending && !time_after(next_tick(), now()));
}

/*
 * __run_timers(): process ticks up to jiffies; at each, collect every pending timer due
 * then and run them in turn, each with the base unlocked, detached and named the
 * running timer (expire_timers(), call_timer_fn()).
 */
static void *softirq_thread(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&base_lock);
	for (;;) {
		unsigned long clk;

		if (!pending || time_after(next_tick(), now())) {
			if (time_after(now() + 1, base_clk))
				base_clk = now() + 1;
			pthread_cond_broadcast(&base_changed);
			pthread_cond_wait(&base_changed, &base_lock);
			continue;
		}
		clk = next_tick();
		/* collect_expired_timers(): the due ones move to a list of their own. */
		while (pending && !time_after(timer_of(pending)->expires, clk)) {
			struct timer_list *timer = timer_of(pending);
			struct hlist_node **tail = &expiring;

			detach(timer, 0);
			while (*tail)
				tail = &(*tail)->next;
			timer->entry.next = 0;
			timer->entry.pprev = tail;
			*tail = &timer->entry;
		}
		/* __run_timers(): base->clk++ before the collected timers run */
		base_clk = clk + 1;
		while (expiring) {
			struct timer_list *timer = timer_of(expiring);
			void (*fn)(struct timer_list *);

			running_timer = timer;
			detach(timer, 1);
			fn = timer->function;
			if (!fn) {
				/* WARN_ON_ONCE() in expire_timers() */
				model_error("an armed timer without a function expired");
				running_timer = 0;
				continue;
			}
			pthread_mutex_unlock(&base_lock);
			in_atomic = 1;
			fn(timer);
			in_atomic = 0;
			pthread_mutex_lock(&base_lock);
			running_timer = 0;
			timers_run++;
			pthread_cond_broadcast(&base_changed);
		}
	}
	return 0;
}

void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *),
		    unsigned int flags, const char *name, struct lock_class_key *key)
{
	(void)name;
	(void)key;
	/* do_init_timer(): WARN_ON_ONCE() on flags timer_setup() does not take */
	if (flags & ~TIMER_INIT_FLAGS) {
		model_error("timer_setup with flags %#x beyond TIMER_INIT_FLAGS", flags);
		flags &= TIMER_INIT_FLAGS;
	}
	timer->entry.next = 0;
	__atomic_store_n(&timer->entry.pprev, 0, __ATOMIC_RELAXED);
	timer->function = func;
	timer->flags = flags;
}

#define MOD_TIMER_PENDING_ONLY	0x01
#define MOD_TIMER_NOTPENDING	0x04

/* __mod_timer(): dequeue if pending, enqueue at @expires; nothing after a shutdown. */
static int modify(struct timer_list *timer, unsigned long expires, unsigned int options)
{
	int ret = 0;

	pthread_mutex_lock(&base_lock);
	if (!timer->function)
		goto out;
	if (!(options & MOD_TIMER_NOTPENDING))
		ret = detach_if_pending(timer, 0);
	if (!ret && (options & MOD_TIMER_PENDING_ONLY))
		goto out;
	/* forward_timer_base(): an idle base is brought up to the current tick */
	if (!running_timer && !expiring && (!pending || time_after(next_tick(), now())) &&
	    time_after(now() + 1, base_clk))
		base_clk = now() + 1;
	timer->expires = expires;
	enqueue(timer);
	start_thread();
	pthread_cond_broadcast(&base_changed);
out:
	pthread_mutex_unlock(&base_lock);
	return ret;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return modify(timer, expires, 0);
}

void add_timer(struct timer_list *timer)
{
	/* WARN_ON_ONCE(timer_pending(timer)) in add_timer() */
	if (timer_pending(timer)) {
		model_error("add_timer of a pending timer");
		return;
	}
	modify(timer, timer->expires, MOD_TIMER_NOTPENDING);
}

/* __timer_delete(): detach without looking at a running callback. */
static int delete(struct timer_list *timer, int shutdown)
{
	int ret;

	pthread_mutex_lock(&base_lock);
	ret = detach_if_pending(timer, 1);
	if (shutdown)
		timer->function = 0;
	pthread_mutex_unlock(&base_lock);
	return ret;
}

int timer_delete(struct timer_list *timer)
{
	return delete(timer, 0);
}

int timer_shutdown(struct timer_list *timer)
{
	return delete(timer, 1);
}

int try_to_del_timer_sync(struct timer_list *timer)
{
	int ret = -1;

	pthread_mutex_lock(&base_lock);
	if (running_timer != timer)
		ret = detach_if_pending(timer, 1);
	pthread_mutex_unlock(&base_lock);
	return ret;
}

/* __timer_delete_sync(): wait while the function runs, then detach what it re-armed. */
static int delete_sync(struct timer_list *timer, int shutdown)
{
	int ret;

	pthread_mutex_lock(&base_lock);
	if (running_timer == timer && in_atomic) {
		pthread_mutex_unlock(&base_lock);
		model_error("timer_delete_sync from the timer's own function: it never returns in a kernel");
		return 0;
	}
	while (running_timer == timer)
		pthread_cond_wait(&base_changed, &base_lock);
	ret = detach_if_pending(timer, 1);
	if (shutdown)
		timer->function = 0;
	pthread_mutex_unlock(&base_lock);
	return ret;
}

int timer_delete_sync(struct timer_list *timer)
{
	return delete_sync(timer, 0);
}

int timer_shutdown_sync(struct timer_list *timer)
{
	return delete_sync(timer, 1);
}

/* kernel/time/time.c, for HZ 250: 4 ms a tick. */
unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (MSEC_PER_SEC / HZ) * j;
}

unsigned long __msecs_to_jiffies(const unsigned int m)
{
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return (m + (MSEC_PER_SEC / HZ) - 1) / (MSEC_PER_SEC / HZ);
}

/* --- what tests drive ------------------------------------------------------------- */

/*
 * Time passes: @ticks more jiffies. Timers now due run on the timer thread, which this
 * wakes and does not wait for (kbridge_model_timers_settle() does).
 */
void kbridge_model_jiffies_advance(unsigned long ticks)
{
	pthread_mutex_lock(&base_lock);
	__atomic_fetch_add(&jiffies, ticks, __ATOMIC_RELEASE);
	start_thread();
	pthread_cond_broadcast(&base_changed);
	pthread_mutex_unlock(&base_lock);
}

unsigned long kbridge_model_jiffies(void)
{
	return now();
}

/* Waits until no timer is due or running: every timer expired so far has run. */
void kbridge_model_timers_settle(void)
{
	pthread_mutex_lock(&base_lock);
	while (busy())
		pthread_cond_wait(&base_changed, &base_lock);
	pthread_mutex_unlock(&base_lock);
}

/* The timer that is running right now, or NULL. */
struct timer_list *kbridge_model_running_timer(void)
{
	struct timer_list *timer;

	pthread_mutex_lock(&base_lock);
	timer = running_timer;
	pthread_mutex_unlock(&base_lock);
	return timer;
}

/* Timer functions run so far. */
unsigned long kbridge_model_timers_run(void)
{
	unsigned long n;

	pthread_mutex_lock(&base_lock);
	n = timers_run;
	pthread_mutex_unlock(&base_lock);
	return n;
}

/* Timers pending now (armed, not yet running). */
long kbridge_model_timers_pending(void)
{
	struct hlist_node *entry;
	long n = 0;

	pthread_mutex_lock(&base_lock);
	for (entry = pending; entry; entry = entry->next)
		n++;
	for (entry = expiring; entry; entry = entry->next)
		n++;
	pthread_mutex_unlock(&base_lock);
	return n;
}
