/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/mm.h>: pages and their kernel addresses. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>

/**
 * struct page - a physical page frame
 * @flags: PG_* state bits
 * @virtual: the page's kernel address (the model keeps it, as WANT_PAGE_VIRTUAL does)
 *
 * Its layout belongs to the memory manager; pages of one allocation are consecutive, so
 * page + n is the n-th page after it, as the bvec iterators assume.
 */
struct page {
	unsigned long flags;
	void *virtual;
};

/**
 * page_address - the kernel virtual address of a page
 * @page: the page
 *
 * Return: the address of the page's first byte, or NULL for an unmapped highmem page.
 */
void *page_address(const struct page *page);

#endif /* _LINUX_MM_H */
