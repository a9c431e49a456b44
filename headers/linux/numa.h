/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/numa.h>: NUMA node numbers. Debian's kernels have
 * CONFIG_NODES_SHIFT=10.
 */
#ifndef _LINUX_NUMA_H
#define _LINUX_NUMA_H

#define NODES_SHIFT	10

/* How many node numbers there are: node ids run from 0 to MAX_NUMNODES - 1. */
#define MAX_NUMNODES	(1 << NODES_SHIFT)

/* "Any node": allocate wherever the allocating CPU is. */
#define NUMA_NO_NODE	(-1)

#endif /* _LINUX_NUMA_H */
