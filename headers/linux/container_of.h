/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/container_of.h>: from a member back to the object holding it. */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <linux/stddef.h>

/*
 * container_of - the structure of type @type whose @member is at @ptr
 *
 * The pointer must point into such a structure; the types are checked at compile time,
 * as the kernel's macro does.
 */
#define container_of(ptr, type, member) ({					\
	void *__mptr = (void *)(ptr);						\
	_Static_assert(__builtin_types_compatible_p(__typeof__(*(ptr)),		\
						    __typeof__(((type *)0)->member)) || \
		       __builtin_types_compatible_p(__typeof__(*(ptr)), void),	\
		       "pointer type mismatch in container_of()");		\
	((type *)((char *)__mptr - offsetof(type, member))); })

#endif /* _LINUX_CONTAINER_OF_H */
