/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/kernel.h>: the pieces of it the modeled API reaches. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/bits.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define UINT_MAX	(~0U)

/* The smaller of two values of the same type; each argument is evaluated once. */
#define min(x, y) ({ __typeof__(x) __x = (x); __typeof__(y) __y = (y); __x < __y ? __x : __y; })
/* The smaller of two values after converting both to @type. */
#define min_t(type, x, y) ({ type __x = (x); type __y = (y); __x < __y ? __x : __y; })

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)


#endif /* _LINUX_KERNEL_H */
