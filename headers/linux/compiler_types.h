/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/compiler_types.h>: the annotations the modeled headers use.
 * Sparse-only markers expand to nothing, as they do for a normal kernel build.
 */
#ifndef _LINUX_COMPILER_TYPES_H
#define _LINUX_COMPILER_TYPES_H

#define __bitwise
#define __force
#define __iomem
#define __user

#define __must_check		__attribute__((__warn_unused_result__))
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __always_inline		inline __attribute__((__always_inline__))
#define __alloc_size(...)	__attribute__((__alloc_size__(__VA_ARGS__)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __cold			__attribute__((__cold__))
#define __noreturn		__attribute__((__noreturn__))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif /* _LINUX_COMPILER_TYPES_H */
