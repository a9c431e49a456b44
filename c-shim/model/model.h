/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the model takes from the C library. The model compiles against the kernel-style
 * headers only (-nostdinc), so the few libc functions it calls are declared here.
 */
#ifndef KBRIDGE_MODEL_H
#define KBRIDGE_MODEL_H

void *malloc(__SIZE_TYPE__ size);
void *calloc(__SIZE_TYPE__ count, __SIZE_TYPE__ size);
void free(void *ptr);
void *memcpy(void *dst, const void *src, __SIZE_TYPE__ len);
void *memset(void *dst, int byte, __SIZE_TYPE__ len);
int dprintf(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *format, __builtin_va_list args);
void abort(void);

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
