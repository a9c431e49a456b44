/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/vmalloc.h>: virtually contiguous allocations, in the 6.12 shape
 * of macros over *_noprof functions.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/alloc_tag.h>

/**
 * vmalloc_noprof - allocate virtually contiguous memory
 * @size: number of bytes wanted
 *
 * Return: the memory or NULL. May sleep.
 */
extern void *vmalloc_noprof(unsigned long size) __alloc_size(1);
#define vmalloc(...)		alloc_hooks(vmalloc_noprof(__VA_ARGS__))

/**
 * vzalloc_noprof - allocate zeroed, virtually contiguous memory
 * @size: number of bytes wanted
 *
 * Return: the zero-filled memory or NULL. May sleep.
 */
extern void *vzalloc_noprof(unsigned long size) __alloc_size(1);
#define vzalloc(...)		alloc_hooks(vzalloc_noprof(__VA_ARGS__))

/**
 * vfree - give back memory from vmalloc()
 * @addr: the memory, or NULL (ignored)
 */
extern void vfree(const void *addr);

#endif /* _LINUX_VMALLOC_H */
