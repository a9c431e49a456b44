/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/bits.h>: single bits and contiguous masks. */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H

#define BITS_PER_LONG		(__SIZEOF_LONG__ * 8)
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))

/* Bits h down to l set, both inclusive: GENMASK(31, 4) == 0xfffffff0. */
#define GENMASK(h, l) \
	(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))

#endif /* __LINUX_BITS_H */
