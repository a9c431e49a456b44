// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the reboot path as a driver observes it (kernel/reboot.c and
 * kernel/notifier.c, 6.12):
 *
 * - reboot notifiers: a blocking notifier chain (register_reboot_notifier()); a restart
 *   tells them SYS_RESTART (== SYS_DOWN), a halt SYS_HALT, a power-off SYS_POWER_OFF
 *   (kernel_restart_prepare(), kernel_shutdown_prepare()), before device_shutdown();
 * - restart handlers: an atomic notifier chain (register_restart_handler()), called with
 *   the reboot mode and command by do_kernel_restart() from the architecture's
 *   machine_restart() (arm64's, say), last;
 * - a chain runs its entries highest priority first (equal ones in order of
 *   registration) and stops at an answer with NOTIFY_STOP_MASK
 *   (notifier_chain_register(), notifier_call_chain()); registering an entry twice is
 *   -EEXIST with a warning. Neither chain holds any lock of the notifier's subsystem:
 *   whatever lock a callback needs, it takes; unregistering waits for a walk under way
 *   (the chain's rwsem, synchronize_rcu()), which the model does with one lock per chain.
 *
 * The machine does not go down: after a model reboot, the test goes on.
 */
#include <linux/errno.h>
#include <linux/reboot.h>
#include <linux/notifier.h>

#include "model.h"

struct chain {
	model_pthread_mutex_t lock;
	struct notifier_block *head;
};

static struct chain reboot_chain, restart_chain;

/* notifier_chain_register() */
static int chain_register(struct chain *chain, struct notifier_block *n)
{
	struct notifier_block **nl;
	int ret = 0;

	pthread_mutex_lock(&chain->lock);
	for (nl = &chain->head; *nl; nl = &(*nl)->next) {
		if (*nl == n) {
			ret = -EEXIST;
			break;
		}
		if (n->priority > (*nl)->priority)
			break;
	}
	if (!ret) {
		n->next = *nl;
		*nl = n;
	}
	pthread_mutex_unlock(&chain->lock);
	if (ret)
		model_error("notifier callback %p already registered", (void *)n->notifier_call);
	return ret;
}

/* notifier_chain_unregister(): -ENOENT for an entry not on the chain. */
static int chain_unregister(struct chain *chain, struct notifier_block *n)
{
	struct notifier_block **nl;
	int ret = -ENOENT;

	pthread_mutex_lock(&chain->lock);
	for (nl = &chain->head; *nl; nl = &(*nl)->next)
		if (*nl == n) {
			*nl = n->next;
			ret = 0;
			break;
		}
	pthread_mutex_unlock(&chain->lock);
	return ret;
}

/* notifier_call_chain(): the last answer, or the one that stopped the walk. */
static int chain_call(struct chain *chain, unsigned long action, void *data)
{
	struct notifier_block *nb;
	int ret = NOTIFY_DONE;

	pthread_mutex_lock(&chain->lock);
	for (nb = chain->head; nb; nb = nb->next) {
		ret = nb->notifier_call(nb, action, data);
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	pthread_mutex_unlock(&chain->lock);
	return ret;
}

int register_reboot_notifier(struct notifier_block *nb)
{
	return chain_register(&reboot_chain, nb);
}

int unregister_reboot_notifier(struct notifier_block *nb)
{
	return chain_unregister(&reboot_chain, nb);
}

int register_restart_handler(struct notifier_block *nb)
{
	return chain_register(&restart_chain, nb);
}

int unregister_restart_handler(struct notifier_block *nb)
{
	return chain_unregister(&restart_chain, nb);
}

void kbridge_model_device_shutdown(void);

/* The reboot notifiers with @code (SYS_DOWN, SYS_HALT, SYS_POWER_OFF); their answer. */
int kbridge_model_reboot_notifiers(unsigned long code)
{
	return chain_call(&reboot_chain, code, 0);
}

/* do_kernel_restart(): the restart handlers with @mode and @cmd; their answer. */
int kbridge_model_restart_handlers(unsigned long mode, const char *cmd)
{
	return chain_call(&restart_chain, mode, (void *)cmd);
}

/* kernel_restart(): notifiers (SYS_RESTART), device_shutdown(), restart handlers. */
void kbridge_model_kernel_restart(const char *cmd)
{
	kbridge_model_reboot_notifiers(SYS_RESTART);
	kbridge_model_device_shutdown();
	kbridge_model_restart_handlers(0, cmd);
}
