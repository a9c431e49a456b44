/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/reboot.h>: the two notifier chains the reboot path runs, and
 * the events the first is told.
 */
#ifndef _LINUX_REBOOT_H
#define _LINUX_REBOOT_H

#include <linux/notifier.h>

/*
 * The events of the reboot notifier chain: a restart (kernel_restart_prepare()) is told
 * SYS_DOWN, a halt SYS_HALT, a power-off SYS_POWER_OFF.
 */
#define SYS_DOWN	0x0001
#define SYS_RESTART	SYS_DOWN
#define SYS_HALT	0x0002
#define SYS_POWER_OFF	0x0003

/**
 * register_reboot_notifier - be called before the devices are shut down on a reboot,
 *	halt or power-off
 * @nb: the entry; its callback gets SYS_* and the command, in process context, with
 *	no lock of the caller's subsystem held
 *
 * Return: 0, or -EEXIST when @nb is registered already.
 */
extern int register_reboot_notifier(struct notifier_block *);

/**
 * unregister_reboot_notifier - remove a reboot notifier; waits for a call under way
 * @nb: the entry
 *
 * Return: 0, or -ENOENT when it was not registered.
 */
extern int unregister_reboot_notifier(struct notifier_block *);

/**
 * register_restart_handler - offer a way to restart the machine
 * @nb: the entry; its priority orders it (255 first, 128 the usual, 0 last resort);
 *	its callback gets the reboot mode and command, in any context
 *
 * Return: 0, or -EEXIST when @nb is registered already.
 */
extern int register_restart_handler(struct notifier_block *);

/**
 * unregister_restart_handler - withdraw a restart handler; waits for a call under way
 * @nb: the entry
 *
 * Return: 0, or -ENOENT when it was not registered.
 */
extern int unregister_restart_handler(struct notifier_block *);

#endif /* _LINUX_REBOOT_H */
