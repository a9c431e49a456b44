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
void abort(void);

/* One line on stderr, prefixed so test output shows where it came from. */
#define model_log(format, ...) \
	dprintf(2, "kbridge-model: " format "\n", ##__VA_ARGS__)

#endif /* KBRIDGE_MODEL_H */
