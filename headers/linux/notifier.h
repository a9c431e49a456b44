/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/notifier.h>: the entry a subsystem puts on a notifier chain
 * (the reboot notifiers, the restart handlers, ...) and what a callback answers.
 */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

#include <linux/types.h>

struct notifier_block;

typedef	int (*notifier_fn_t)(struct notifier_block *nb,
			unsigned long action, void *data);

/**
 * struct notifier_block - one callback on a notifier chain
 * @notifier_call: called with the chain's event and data; returns NOTIFY_*
 * @next: the next entry, kept by the chain
 * @priority: higher runs first
 */
struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;
};

/*
 * What a notifier callback answers: nothing to say, handled, or a veto; a veto (any
 * answer with NOTIFY_STOP_MASK) ends the walk of the chain.
 */
#define NOTIFY_DONE		0x0000
#define NOTIFY_OK		0x0001
#define NOTIFY_STOP_MASK	0x8000
#define NOTIFY_BAD		(NOTIFY_STOP_MASK|0x0002)

#endif /* _LINUX_NOTIFIER_H */
