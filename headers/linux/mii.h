/* SPDX-License-Identifier: GPL-2.0-only */
/* kbridge model of <linux/mii.h>: the clause 22 register map for kernel code. */
#ifndef __LINUX_MII_H__
#define __LINUX_MII_H__

#include <linux/types.h>
#include <uapi/linux/mii.h>

#endif /* __LINUX_MII_H__ */
