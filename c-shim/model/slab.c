// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the kernel allocators (kmalloc, vmalloc) over the C library, with what tests
 * need on top: a count of live allocations (a leak is a non-zero count after teardown)
 * and fault injection (the Nth allocation from now fails, as failslab makes it).
 */
#include <linux/gfp_types.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "model.h"

static long live_allocations;
/* Allocations left before one fails; negative: none is planned to fail. */
static long fail_countdown = -1;

long kbridge_model_live_allocations(void)
{
	return __atomic_load_n(&live_allocations, __ATOMIC_SEQ_CST);
}

void kbridge_model_fail_allocation(long after)
{
	__atomic_store_n(&fail_countdown, after, __ATOMIC_SEQ_CST);
}

static int injected_failure(void)
{
	long left = __atomic_load_n(&fail_countdown, __ATOMIC_SEQ_CST);

	while (left >= 0) {
		if (__atomic_compare_exchange_n(&fail_countdown, &left, left - 1, 0,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return left == 0;
	}
	return 0;
}

static void *allocate(unsigned long size, int zero)
{
	void *p;

	if (injected_failure())
		return 0;
	/* kmalloc(0) returns ZERO_SIZE_PTR, a non-NULL pointer nobody may touch. */
	p = zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
	if (p)
		__atomic_add_fetch(&live_allocations, 1, __ATOMIC_SEQ_CST);
	return p;
}

static void release(const void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&live_allocations, 1, __ATOMIC_SEQ_CST);
	free((void *)p);
}

void *__kmalloc_noprof(size_t size, gfp_t flags)
{
	return allocate(size, !!(flags & __GFP_ZERO));
}

void kfree(const void *objp)
{
	release(objp);
}

void *vmalloc_noprof(unsigned long size)
{
	return allocate(size, 0);
}

void *vzalloc_noprof(unsigned long size)
{
	return allocate(size, 1);
}

void vfree(const void *addr)
{
	release(addr);
}

void *page_address(const struct page *page)
{
	return page->virtual;
}
