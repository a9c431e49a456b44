/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/highmem.h> for a kernel without CONFIG_HIGHMEM (every 64-bit
 * target): a local mapping of a page is its permanent kernel address.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/types.h>
#include <linux/mm.h>

/**
 * kmap_local_page - map a page for short-lived use by this thread
 * @page: the page
 *
 * Mappings nest: undo them with kunmap_local() in reverse order.
 * Return: the address of the page's first byte.
 */
static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

/**
 * __kunmap_local - undo a kmap_local_page() mapping
 * @addr: any address inside the mapped page
 *
 * Nothing to undo without highmem.
 */
static inline void __kunmap_local(const void *addr)
{
}

#define kunmap_local(__addr)					\
do {								\
	__kunmap_local(__addr);					\
} while (0)

#endif /* _LINUX_HIGHMEM_H */
