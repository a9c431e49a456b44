/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/mm.h>: pages and their kernel addresses. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>

/* A physical page frame; its layout belongs to the memory manager. */
struct page;

/**
 * page_address - the kernel virtual address of a page
 * @page: the page
 *
 * Return: the address of the page's first byte, or NULL for an unmapped highmem page.
 */
void *page_address(const struct page *page);

#endif /* _LINUX_MM_H */
