/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/types.h>: the fixed-width and kernel-wide scalar types.
 * Self-contained: the modeled headers are parsed with -nostdinc, as the kernel is.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/compiler_types.h>
#include <linux/stddef.h>

typedef signed char		__s8;
typedef unsigned char		__u8;
typedef signed short		__s16;
typedef unsigned short		__u16;
typedef signed int		__s32;
typedef unsigned int		__u32;
typedef signed long long	__s64;
typedef unsigned long long	__u64;

typedef __s8	s8;
typedef __u8	u8;
typedef __s16	s16;
typedef __u16	u16;
typedef __s32	s32;
typedef __u32	u32;
typedef __s64	s64;
typedef __u64	u64;

/* The C99 names, for headers shared with C99 code (bridge-gen's export headers). */
typedef s8	int8_t;
typedef u8	uint8_t;
typedef s16	int16_t;
typedef u16	uint16_t;
typedef s32	int32_t;
typedef u32	uint32_t;
typedef s64	int64_t;
typedef u64	uint64_t;

typedef __u16 __bitwise	__le16;
typedef __u16 __bitwise	__be16;
typedef __u32 __bitwise	__le32;
typedef __u32 __bitwise	__be32;

typedef _Bool			bool;

typedef unsigned long		__kernel_ulong_t;
typedef long			__kernel_long_t;
typedef __kernel_ulong_t	__kernel_size_t;
typedef __kernel_long_t		__kernel_ssize_t;
typedef __kernel_long_t		__kernel_ptrdiff_t;

typedef __kernel_size_t		size_t;
typedef __kernel_ssize_t	ssize_t;
typedef __kernel_ptrdiff_t	ptrdiff_t;
typedef unsigned long		uintptr_t;

/* Sector numbers: 512-byte units, 64 bits on every architecture. */
typedef u64			sector_t;
typedef u64			blkcnt_t;
typedef u64			phys_addr_t;
typedef unsigned int __bitwise	gfp_t;
typedef unsigned int __bitwise	fmode_t;
typedef unsigned short		umode_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

/**
 * struct list_head - a link in a circular doubly linked list
 * @next: the following entry, or the head itself at the end
 * @prev: the preceding entry, or the head itself at the start
 */
struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#endif /* _LINUX_TYPES_H */
