/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/watchdog.h>: the watchdog core's driver interface
 * (drivers/watchdog/watchdog_core.c and watchdog_dev.c). A driver fills a
 * watchdog_device with its info and ops and registers it; the core makes
 * /dev/watchdogN and calls the ops for user space, holding its own per-device lock
 * around most of them (not around stop from the reboot notifier, restart from the
 * restart handler, or stop at unregister).
 */
#ifndef _LINUX_WATCHDOG_H
#define _LINUX_WATCHDOG_H

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <uapi/linux/watchdog.h>

struct watchdog_ops;
struct watchdog_device;
struct watchdog_core_data;
struct watchdog_governor;
struct attribute_group;

/**
 * struct watchdog_ops - what a watchdog driver does for the core
 * @owner: the module of the driver; the core pins it while /dev/watchdogN is open or
 *	the hardware is running
 * @start: start the timer (mandatory); the core also calls it to ping when @ping is NULL
 * @stop: stop the timer; mandatory unless max_hw_heartbeat_ms is set (the core then
 *	pings a timer that cannot be stopped)
 * @ping: restart the countdown
 * @status: the WDIOF_* status bits for WDIOC_GETSTATUS
 * @set_timeout: set the timeout in seconds, and store it in the device's @timeout
 *	(without it the core stores it itself)
 * @set_pretimeout: set the pretimeout in seconds
 * @get_timeleft: seconds left before a reset
 * @restart: restart the machine (a restart handler, called in any context)
 * @ioctl: ioctls of its own; -ENOIOCTLCMD lets the core handle the command
 */
struct watchdog_ops {
	struct module *owner;
	int (*start)(struct watchdog_device *);
	int (*stop)(struct watchdog_device *);
	int (*ping)(struct watchdog_device *);
	unsigned int (*status)(struct watchdog_device *);
	int (*set_timeout)(struct watchdog_device *, unsigned int);
	int (*set_pretimeout)(struct watchdog_device *, unsigned int);
	unsigned int (*get_timeleft)(struct watchdog_device *);
	int (*restart)(struct watchdog_device *, unsigned long, void *);
	long (*ioctl)(struct watchdog_device *, unsigned int, unsigned long);
};

/**
 * struct watchdog_device - a watchdog timer the core exposes as /dev/watchdogN
 * @id: N, allocated at registration
 * @parent: the device the watchdog belongs to, or NULL
 * @groups: extra sysfs attribute groups
 * @info: what it is and supports (mandatory)
 * @ops: its operations (mandatory)
 * @gov: the pretimeout governor
 * @bootstatus: WDIOF_* status at boot (why the last reset happened)
 * @timeout: the timeout in seconds
 * @pretimeout: the pretimeout in seconds
 * @min_timeout: the smallest timeout user space may set
 * @max_timeout: the largest, when @max_hw_heartbeat_ms is not set
 * @min_hw_heartbeat_ms: the hardware's shortest time between two pings
 * @max_hw_heartbeat_ms: the hardware's longest timeout; longer timeouts are served by
 *	the core pinging it
 * @reboot_nb: the core's reboot notifier for it (with WDOG_STOP_ON_REBOOT)
 * @restart_nb: the core's restart handler for it (with @ops->restart); its priority is
 *	set with watchdog_set_restart_priority()
 * @pm_nb: the core's suspend notifier for it (with WDOG_NO_PING_ON_SUSPEND)
 * @driver_data: the driver's data: watchdog_set_drvdata()/watchdog_get_drvdata()
 * @wd_data: the core's state for it
 * @status: WDOG_* bits, changed atomically
 * @deferred: the core's list of early registrations
 */
struct watchdog_device {
	int id;
	struct device *parent;
	const struct attribute_group **groups;
	const struct watchdog_info *info;
	const struct watchdog_ops *ops;
	const struct watchdog_governor *gov;
	unsigned int bootstatus;
	unsigned int timeout;
	unsigned int pretimeout;
	unsigned int min_timeout;
	unsigned int max_timeout;
	unsigned int min_hw_heartbeat_ms;
	unsigned int max_hw_heartbeat_ms;
	struct notifier_block reboot_nb;
	struct notifier_block restart_nb;
	struct notifier_block pm_nb;
	void *driver_data;
	struct watchdog_core_data *wd_data;
	unsigned long status;
/* watchdog_device.status bits */
#define WDOG_ACTIVE		0	/* user space started it */
#define WDOG_NO_WAY_OUT		1	/* it may not be stopped once started */
#define WDOG_STOP_ON_REBOOT	2	/* stop it on reboot */
#define WDOG_HW_RUNNING		3	/* the hardware timer is counting down */
#define WDOG_STOP_ON_UNREGISTER	4	/* stop it when it is unregistered */
#define WDOG_NO_PING_ON_SUSPEND	5	/* the core's pings stop during suspend */
	struct list_head deferred;
};

/* CONFIG_WATCHDOG_NOWAYOUT is not set in Debian's kernels. */
#define WATCHDOG_NOWAYOUT		0
#define WATCHDOG_NOWAYOUT_INIT_STATUS	(WATCHDOG_NOWAYOUT << WDOG_NO_WAY_OUT)

/**
 * watchdog_active - whether user space has started the watchdog
 * @wdd: the watchdog
 *
 * Return: WDOG_ACTIVE.
 */
static inline bool watchdog_active(struct watchdog_device *wdd)
{
	return test_bit(WDOG_ACTIVE, &wdd->status);
}

/**
 * watchdog_hw_running - whether the hardware timer is running
 * @wdd: the watchdog
 *
 * A driver sets WDOG_HW_RUNNING itself for a timer that runs from boot or cannot be
 * stopped; the core then pings it until user space takes over.
 *
 * Return: WDOG_HW_RUNNING.
 */
static inline bool watchdog_hw_running(struct watchdog_device *wdd)
{
	return test_bit(WDOG_HW_RUNNING, &wdd->status);
}

/**
 * watchdog_set_nowayout - once started, the watchdog may not be stopped
 * @wdd: the watchdog
 * @nowayout: set it (false leaves the bit as it is)
 */
static inline void watchdog_set_nowayout(struct watchdog_device *wdd, bool nowayout)
{
	if (nowayout)
		set_bit(WDOG_NO_WAY_OUT, &wdd->status);
}

/**
 * watchdog_stop_on_reboot - have the core stop the watchdog on reboot
 * @wdd: the watchdog, before it is registered
 */
static inline void watchdog_stop_on_reboot(struct watchdog_device *wdd)
{
	set_bit(WDOG_STOP_ON_REBOOT, &wdd->status);
}

/**
 * watchdog_stop_on_unregister - have the core stop an active watchdog at unregister
 * @wdd: the watchdog
 */
static inline void watchdog_stop_on_unregister(struct watchdog_device *wdd)
{
	set_bit(WDOG_STOP_ON_UNREGISTER, &wdd->status);
}

/**
 * watchdog_stop_ping_on_suspend - have the core's pings stop during system suspend
 * @wdd: the watchdog, before it is registered
 */
static inline void watchdog_stop_ping_on_suspend(struct watchdog_device *wdd)
{
	set_bit(WDOG_NO_PING_ON_SUSPEND, &wdd->status);
}

/**
 * watchdog_timeout_invalid - whether a timeout is out of the watchdog's range
 * @wdd: the watchdog
 * @t: the timeout in seconds
 *
 * Return: true above UINT_MAX / 1000 (the core computes in milliseconds), below
 * @min_timeout, or above a set @max_timeout when @max_hw_heartbeat_ms is not set.
 */
static inline bool watchdog_timeout_invalid(struct watchdog_device *wdd, unsigned int t)
{
	if (t > UINT_MAX / 1000 || t < wdd->min_timeout)
		return true;
	return !wdd->max_hw_heartbeat_ms && wdd->max_timeout && t > wdd->max_timeout;
}

/**
 * watchdog_pretimeout_invalid - whether a pretimeout does not fit the timeout
 * @wdd: the watchdog
 * @t: the pretimeout in seconds (0 disables it)
 *
 * Return: true when @t is set and not below a set timeout.
 */
static inline bool watchdog_pretimeout_invalid(struct watchdog_device *wdd,
					       unsigned int t)
{
	return t && wdd->timeout && t >= wdd->timeout;
}

/**
 * watchdog_set_drvdata - store the driver's data in a watchdog
 * @wdd: the watchdog
 * @data: the driver's pointer
 */
static inline void watchdog_set_drvdata(struct watchdog_device *wdd, void *data)
{
	wdd->driver_data = data;
}

/**
 * watchdog_get_drvdata - the driver's data of a watchdog
 * @wdd: the watchdog
 *
 * Return: what watchdog_set_drvdata() stored.
 */
static inline void *watchdog_get_drvdata(struct watchdog_device *wdd)
{
	return wdd->driver_data;
}

/**
 * watchdog_set_restart_priority - the priority of the watchdog's restart handler
 * @wdd: the watchdog, before it is registered
 * @priority: 0 (last resort) to 255 (before every other); 128 is the usual
 */
void watchdog_set_restart_priority(struct watchdog_device *wdd, int priority);

/**
 * watchdog_init_timeout - set the timeout from a module parameter (or device tree)
 * @wdd: the watchdog, with its limits and default timeout set
 * @timeout_parm: the parameter's value; 0 keeps the default
 * @dev: the device whose "timeout-sec" property is tried next, or NULL
 *
 * Return: 0, or -EINVAL when the value given is out of range (the timeout is then
 * left as it was).
 */
extern int watchdog_init_timeout(struct watchdog_device *wdd,
				  unsigned int timeout_parm, struct device *dev);

/**
 * watchdog_register_device - check a watchdog and make /dev/watchdogN for it
 * @wdd: the watchdog, with @info and @ops set
 *
 * Return: 0, -EINVAL for a missing info, ops, start, or stop without
 * max_hw_heartbeat_ms, -ENOSPC when all 32 ids are taken, or -errno.
 */
extern int watchdog_register_device(struct watchdog_device *);

/**
 * watchdog_unregister_device - remove a registered watchdog
 * @wdd: the watchdog
 *
 * An open file of it stays open and gets -ENODEV from then on. An active watchdog is
 * stopped only with WDOG_STOP_ON_UNREGISTER.
 */
extern void watchdog_unregister_device(struct watchdog_device *);

/**
 * devm_watchdog_register_device - watchdog_register_device(), undone when the driver
 *	unbinds from @dev
 * @dev: the device being probed
 * @wdd: the watchdog
 *
 * Return: 0 or -errno.
 */
int devm_watchdog_register_device(struct device *dev, struct watchdog_device *);

#endif  /* ifndef _LINUX_WATCHDOG_H */
