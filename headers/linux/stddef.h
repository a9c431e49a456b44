/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/stddef.h>. */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

#undef NULL
#define NULL ((void *)0)

enum {
	false	= 0,
	true	= 1
};

#undef offsetof
#define offsetof(TYPE, MEMBER)	__builtin_offsetof(TYPE, MEMBER)

#endif /* _LINUX_STDDEF_H */
