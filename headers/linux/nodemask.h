/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/nodemask.h>: which NUMA nodes exist and are online. The
 * allocators index per-node arrays and bitmaps with a node id unchecked: a node that is
 * not online has no memory (NODE_DATA() is NULL), and one at or above MAX_NUMNODES is
 * outside them.
 */
#ifndef __LINUX_NODEMASK_H
#define __LINUX_NODEMASK_H

#include <linux/numa.h>
#include <linux/types.h>

/**
 * typedef nodemask_t - one bit per node id
 * @bits: the bits, MAX_NUMNODES of them
 */
typedef struct {
	unsigned long bits[(MAX_NUMNODES + 8 * sizeof(long) - 1) / (8 * sizeof(long))];
} nodemask_t;

/* The sets of nodes the kernel tracks. */
enum node_states {
	N_POSSIBLE,
	N_ONLINE,
	N_NORMAL_MEMORY,
	N_HIGH_MEMORY = N_NORMAL_MEMORY,
	N_MEMORY,
	N_CPU,
	N_GENERIC_INITIATOR,
	NR_NODE_STATES
};

extern nodemask_t node_states[NR_NODE_STATES];

/**
 * node_state - whether a node is in one of the sets
 * @node: the node id, below MAX_NUMNODES (not checked)
 * @state: the set
 *
 * Return: non-zero when it is.
 */
static inline int node_state(int node, enum node_states state)
{
	return (node_states[state].bits[node / (8 * sizeof(long))] >>
		(node % (8 * sizeof(long)))) & 1;
}

#define node_online(node)	node_state((node), N_ONLINE)

#endif /* __LINUX_NODEMASK_H */
