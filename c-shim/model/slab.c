// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the kernel allocators (kmalloc, vmalloc) over the C library, with what tests
 * need on top: a count of live allocations (a leak is a non-zero count after teardown)
 * and fault injection (the Nth allocation from now fails, as failslab makes it).
 */
#include <linux/gfp_types.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
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

/*
 * kmalloc()'s alignment (include/linux/slab.h): at least ARCH_KMALLOC_MINALIGN, and for a
 * size that is a power of two at least the size (since 5.4); 6.12 extends it to the
 * largest power-of-two divisor of the size. The model gives the 6.12 alignment, up to a
 * page.
 */
static unsigned long kmalloc_align(unsigned long size)
{
	unsigned long align = size & -size;

	if (align < sizeof(void *))
		return sizeof(void *);
	return align > 4096 ? 4096 : align;
}

static void *allocate(unsigned long size, int zero, unsigned long align)
{
	void *p = 0;

	if (injected_failure())
		return 0;
	/* kmalloc(0) returns ZERO_SIZE_PTR, a non-NULL pointer nobody may touch. */
	if (!size)
		size = 1;
	if (posix_memalign(&p, align, size))
		return 0;
	if (zero)
		memset(p, 0, size);
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
	return allocate(size, !!(flags & __GFP_ZERO), kmalloc_align(size));
}

void kfree(const void *objp)
{
	release(objp);
}

void *vmalloc_noprof(unsigned long size)
{
	/* vmalloc memory is page-aligned. */
	return allocate(size, 0, 4096);
}

void *vzalloc_noprof(unsigned long size)
{
	return allocate(size, 1, 4096);
}

void vfree(const void *addr)
{
	release(addr);
}

void *page_address(const struct page *page)
{
	return page->virtual;
}

/* One NUMA node, 0, possible, online and with memory, as on a small machine. */
nodemask_t node_states[NR_NODE_STATES] = {
	[N_POSSIBLE] = { { 1 } },
	[N_ONLINE] = { { 1 } },
	[N_NORMAL_MEMORY] = { { 1 } },
	[N_MEMORY] = { { 1 } },
	[N_CPU] = { { 1 } },
};

/*
 * What a node-local allocation does with @node before allocating: SLUB tests
 * node_isset(node, slab_nodes) and indexes s->node[node] without a bounds check, and
 * the page allocator dereferences NODE_DATA(node), NULL for a node that is not online
 * (mm/slub.c, mm/page_alloc.c). The model reports both instead of crashing.
 */
int kbridge_model_check_node(int node)
{
	if (node == NUMA_NO_NODE)
		return 0;
	if (node < 0 || node >= MAX_NUMNODES) {
		model_error("allocation on node %d: SLUB indexes its node bitmap out of bounds", node);
		return -1;
	}
	if (!node_online(node)) {
		model_error("allocation on node %d, which is not online: NODE_DATA() is NULL", node);
		return -1;
	}
	return 0;
}