/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/alloc_tag.h> without CONFIG_MEM_ALLOC_PROFILING: the hook that
 * wraps every allocation macro is the allocation call itself.
 */
#ifndef _LINUX_ALLOC_TAG_H
#define _LINUX_ALLOC_TAG_H

#define alloc_hooks(_do_alloc) _do_alloc

#endif /* _LINUX_ALLOC_TAG_H */
