/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/bitops.h>: atomic operations on single bits of an unsigned
 * long array, as status words (watchdog_device.status, say) use them. Each is one atomic
 * read-modify-write; the test-and-modify forms are fully ordered, as on every
 * architecture Linux supports.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/types.h>
#include <linux/bits.h>

#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)

/**
 * set_bit - atomically set bit @nr of the bitmap at @addr
 * @nr: the bit, counted from bit 0 of @addr[0]
 * @addr: the bitmap
 */
static __always_inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_RELAXED);
}

/**
 * clear_bit - atomically clear bit @nr of the bitmap at @addr
 * @nr: the bit
 * @addr: the bitmap
 */
static __always_inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(addr + BIT_WORD(nr), ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

/**
 * test_and_set_bit - atomically set a bit and say whether it was set before
 * @nr: the bit
 * @addr: the bitmap
 *
 * Return: the bit's old value.
 */
static __always_inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(addr + BIT_WORD(nr), BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

/**
 * test_and_clear_bit - atomically clear a bit and say whether it was set before
 * @nr: the bit
 * @addr: the bitmap
 *
 * Return: the bit's old value.
 */
static __always_inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_and(addr + BIT_WORD(nr), ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

/**
 * _test_bit - read bit @nr of the bitmap at @addr, once
 * @nr: the bit
 * @addr: the bitmap
 *
 * Return: whether it is set.
 */
static __always_inline bool _test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return (__atomic_load_n(addr + BIT_WORD(nr), __ATOMIC_RELAXED) >> (nr % BITS_PER_LONG)) & 1;
}

/* test_bit - whether bit @nr of @addr is set (the kernel's name for _test_bit()) */
#define test_bit(nr, addr)	_test_bit(nr, addr)

#endif /* _LINUX_BITOPS_H */
