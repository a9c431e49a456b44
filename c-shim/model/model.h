/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the model takes from the C library. The model compiles against the kernel-style
 * headers only (-nostdinc), so the few libc functions it calls are declared here.
 */
#ifndef KBRIDGE_MODEL_H
#define KBRIDGE_MODEL_H

void *malloc(__SIZE_TYPE__ size);
void *calloc(__SIZE_TYPE__ count, __SIZE_TYPE__ size);
int posix_memalign(void **ptr, __SIZE_TYPE__ align, __SIZE_TYPE__ size);
void free(void *ptr);
void *memcpy(void *dst, const void *src, __SIZE_TYPE__ len);
void *memset(void *dst, int byte, __SIZE_TYPE__ len);
int dprintf(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *format, __builtin_va_list args);
int vsnprintf(char *buf, __SIZE_TYPE__ size, const char *format, __builtin_va_list args);
int strcmp(const char *a, const char *b);
__SIZE_TYPE__ strlen(const char *s);
void abort(void);

int sched_yield(void);

/*
 * POSIX threads, for the model's own threads (the timer softirq). The model cannot
 * include <pthread.h>, so the objects are opaque storage, large and aligned enough for
 * glibc's and musl's types on every target; all-zero is their static initializer there.
 */
typedef union {
	char bytes[64];
	long long align;
} model_pthread_mutex_t;
typedef union {
	char bytes[64];
	long long align;
} model_pthread_cond_t;
int pthread_mutex_lock(model_pthread_mutex_t *mutex);
int pthread_mutex_unlock(model_pthread_mutex_t *mutex);
int pthread_cond_wait(model_pthread_cond_t *cond, model_pthread_mutex_t *mutex);
int pthread_cond_broadcast(model_pthread_cond_t *cond);
int pthread_create(unsigned long *thread, const void *attr, void *(*start)(void *), void *arg);
int pthread_detach(unsigned long thread);

/* One line on stderr, prefixed so test output shows where it came from. */
#define model_log(format, ...) \
	dprintf(2, "kbridge-model: " format "\n", ##__VA_ARGS__)

/* API misuse the model caught: counted (tests assert the count) and logged. */
void kbridge_model_count_error(void);
#define model_error(format, ...) do {					\
	kbridge_model_count_error();					\
	model_log("error: " format, ##__VA_ARGS__);			\
} while (0)

struct device;
struct mutex;

/* drivers/base/base.h: the driver core runs a device's devres actions (newest first). */
int devres_release_all(struct device *dev);

/* lockdep_assert_held() of a mutex: whether this thread holds it. */
int kbridge_model_mutex_held(struct mutex *lock);

/*
 * Whether this thread runs in atomic context: it is the timer thread inside a timer's
 * function (softirq context), where sleeping (mutex_lock(), msleep()) is a bug.
 */
int model_in_atomic(void);

/*
 * A kthread worker of the model's own (the watchdog core's "watchdogd"): work queued
 * from any context runs on its thread, in process context, one item at a time.
 * kthread_queue_work() does nothing for a queued item; kthread_cancel_work_sync()
 * dequeues it and waits for a run of it to end.
 */
struct model_work {
	void (*fn)(struct model_work *work);
	struct model_work *next;
	int queued;
};
void model_queue_work(struct model_work *work);
void model_cancel_work_sync(struct model_work *work);

/* A spin lock over an int, for the model's own bookkeeping. */
static inline void model_lock(int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			;
}

static inline void model_unlock(int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif /* KBRIDGE_MODEL_H */
