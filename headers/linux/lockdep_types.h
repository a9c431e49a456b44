/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/lockdep_types.h> without CONFIG_LOCKDEP: a lock class key is
 * an empty object whose address alone names the class.
 */
#ifndef __LINUX_LOCKDEP_TYPES_H
#define __LINUX_LOCKDEP_TYPES_H

struct lock_class_key { };

#endif /* __LINUX_LOCKDEP_TYPES_H */
