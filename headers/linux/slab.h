/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/slab.h>: kmalloc and friends in the 6.12 shape, where the
 * public names are macros over *_noprof functions.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp_types.h>
#include <linux/alloc_tag.h>

/**
 * __kmalloc_noprof - allocate physically contiguous memory from the slab allocator
 * @size: number of bytes wanted
 * @flags: allocation context, e.g. GFP_KERNEL
 *
 * Return: the memory, aligned for any kernel type, or NULL.
 */
void *__kmalloc_noprof(size_t size, gfp_t flags) __alloc_size(1);

/**
 * kmalloc_noprof - allocate memory without an allocation-profiling tag
 * @size: number of bytes wanted
 * @flags: allocation context
 *
 * Return: the memory or NULL.
 */
static __always_inline __alloc_size(1) void *kmalloc_noprof(size_t size, gfp_t flags)
{
	return __kmalloc_noprof(size, flags);
}
#define kmalloc(...)		alloc_hooks(kmalloc_noprof(__VA_ARGS__))

/**
 * kzalloc_noprof - allocate zeroed memory without an allocation-profiling tag
 * @size: number of bytes wanted
 * @flags: allocation context
 *
 * Return: the zero-filled memory or NULL.
 */
static inline __alloc_size(1) void *kzalloc_noprof(size_t size, gfp_t flags)
{
	return kmalloc_noprof(size, flags | __GFP_ZERO);
}
#define kzalloc(...)		alloc_hooks(kzalloc_noprof(__VA_ARGS__))

/**
 * kfree - give back memory from kmalloc()
 * @objp: the memory, or NULL (ignored)
 */
void kfree(const void *objp);

#endif /* _LINUX_SLAB_H */
