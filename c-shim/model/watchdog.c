// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the watchdog core (drivers/watchdog/watchdog_core.c and watchdog_dev.c,
 * 6.12, with Debian's configuration: CONFIG_WATCHDOG_HANDLE_BOOT_ENABLED=y,
 * CONFIG_WATCHDOG_OPEN_TIMEOUT=0, CONFIG_WATCHDOG_HRTIMER_PRETIMEOUT=y, no
 * CONFIG_WATCHDOG_NOWAYOUT). Tests stand for user space: they open /dev/watchdogN (or
 * /dev/watchdog, the first watchdog), write, ioctl and close through kbridge_model_*
 * calls that run the core's file operations. What a driver can observe:
 *
 * - registration (__watchdog_register_device()): -EINVAL without info, ops, start, or
 *   stop when max_hw_heartbeat_ms is 0; min/max timeouts reset to 0 when min > max
 *   (watchdog_check_min_max_timeout()); the lowest free id of 32 (-ENOSPC beyond);
 *   the character device (watchdog_cdev_register()); a reboot notifier with
 *   WDOG_STOP_ON_REBOOT and a stop op (only a warning without stop); a restart handler
 *   with a restart op, at restart_nb.priority. A watchdog whose hardware runs at
 *   registration pins its driver's module and its core data, and the core pings it from
 *   its worker until user space opens it;
 * - watchdog_open(): single open (-EBUSY), a module reference unless the hardware runs,
 *   start through watchdog_start() WITHOUT wd_data->lock (6.12 does not take it there);
 *   /dev/watchdogN's character device holds its own reference on the driver's module
 *   while open (chrdev_open() -> cdev_get());
 * - watchdog_write(): any 'V' arms magic close, after which a keepalive ping, under
 *   the lock;
 * - watchdog_ioctl(), all under wd_data->lock: the driver's ioctl first (-ENOIOCTLCMD
 *   falls through), GETSUPPORT, GETSTATUS (ops->status or the boot status bits, then
 *   MAGICCLOSE, KEEPALIVEPING since the last GETSTATUS, PRETIMEOUT), GETBOOTSTATUS,
 *   SETOPTIONS, KEEPALIVE (-EOPNOTSUPP without WDIOF_KEEPALIVEPING), SETTIMEOUT
 *   (-EOPNOTSUPP without WDIOF_SETTIMEOUT, -EINVAL out of range, ops->set_timeout or
 *   the core stores it, then a ping, then GETTIMEOUT's answer), GETTIMEOUT (-EOPNOTSUPP
 *   for 0), GETTIMELEFT (-EOPNOTSUPP without get_timeleft), SET/GETPRETIMEOUT, -ENOTTY;
 *   -ENODEV once the watchdog is unregistered;
 * - ping: only when the hardware runs; ops->ping, or ops->start without it; not before
 *   min_hw_heartbeat_ms since the last one (the worker pings later instead);
 * - stop (watchdog_stop()): -EBUSY with nowayout; without ops->stop the core marks the
 *   hardware running and keeps pinging it;
 * - watchdog_release(): stops on magic close (or without WDIOF_MAGICCLOSE), else
 *   "watchdog did not stop!" and a ping; drops the module reference unless the hardware
 *   still runs;
 * - the worker (hrtimer + kthread work, watchdog_ping_work()): pings under the lock when
 *   the timeout exceeds max_hw_heartbeat_ms while open, or while the hardware runs and
 *   nobody has it open; at half the hardware heartbeat;
 * - the reboot notifier (watchdog_reboot_notifier()) calls ops->stop for SYS_DOWN,
 *   SYS_HALT and SYS_POWER_OFF when the hardware runs, and the restart handler
 *   (watchdog_restart_notifier()) ops->restart, both WITHOUT wd_data->lock, possibly
 *   while another thread is inside an op under it;
 * - unregistration (__watchdog_unregister_device(), watchdog_cdev_unregister()): restart
 *   handler and reboot notifier off, no more opens, stop of an active watchdog with
 *   WDOG_STOP_ON_UNREGISTER (again WITHOUT the lock), then under the lock the core
 *   forgets the device, the worker is cancelled; an open file gets -ENODEV.
 *
 * Left out: the pretimeout timer and governors (WDIOF_PRETIMEOUT is reported, the
 * pretimeout is stored, no pretimeout event fires), suspend/resume (the pm notifier of
 * WDOG_NO_PING_ON_SUSPEND), sysfs, the stop_on_reboot and open_timeout parameters,
 * device-tree "timeout-sec" and watchdog aliases, deferred (early) registration.
 * Times are the model clock's: jiffies, 4 ms each.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/reboot.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/watchdog.h>

#include "model.h"

#define MAX_DOGS	32
#define KTIME_MAX	((long long)(~0ULL >> 1))
#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))

/* watchdog_core.h's struct watchdog_core_data, times in milliseconds. */
struct watchdog_core_data {
	struct device dev;
	struct module *cdev_owner;	/* cdev.owner: the driver's module */
	struct watchdog_device *wdd;
	struct mutex lock;
	long long last_keepalive;
	long long last_hw_keepalive;
	long long open_deadline;
	struct timer_list timer;	/* the hrtimer */
	struct model_work work;		/* its kthread work */
	unsigned long status;
#define _WDOG_DEV_OPEN		0
#define _WDOG_ALLOW_RELEASE	1
#define _WDOG_KEEPALIVE		2
};

static struct watchdog_core_data *dogs[MAX_DOGS];	/* the character devices, by id */
static struct watchdog_core_data *old_wd_data;		/* /dev/watchdog */
static int dogs_lock;
static const bool handle_boot_enabled = true;
static const unsigned int open_timeout;

/* ktime_get() on the model clock. */
static long long ktime_now(void)
{
	return (long long)jiffies_to_msecs(jiffies - INITIAL_JIFFIES);
}

/* __module_get(): a reference taken whatever the module's state. */
static void module_get_always(struct module *mod)
{
	if (mod)
		__atomic_add_fetch(&mod->refcnt.counter, 1, __ATOMIC_ACQUIRE);
}

/* hrtimer_start(timer, ms, HRTIMER_MODE_REL_HARD), on the tick clock (rounded up). */
static void hrtimer_start_ms(struct watchdog_core_data *wd_data, long long ms)
{
	mod_timer(&wd_data->timer, jiffies + msecs_to_jiffies(ms < 0 ? 0 : (unsigned int)ms));
}

/* --- watchdog_dev.c: the wrappers around the ops ----------------------------------- */

static void set_open_deadline(struct watchdog_core_data *data)
{
	data->open_deadline = open_timeout ? ktime_now() + open_timeout * 1000LL : KTIME_MAX;
}

static bool past_open_deadline(struct watchdog_core_data *data)
{
	return ktime_now() > data->open_deadline;
}

/* watchdog_need_worker() */
static bool need_worker(struct watchdog_device *wdd)
{
	unsigned int hm = wdd->max_hw_heartbeat_ms;
	unsigned int t = wdd->timeout * 1000;

	return (hm && watchdog_active(wdd) && t > hm) ||
	       (t && !watchdog_active(wdd) && watchdog_hw_running(wdd));
}

/* watchdog_next_keepalive() */
static long long next_keepalive(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;
	unsigned int timeout_ms = wdd->timeout * 1000;
	long long virt_timeout, last_heartbeat, latest_heartbeat, interval;
	unsigned int hw_heartbeat_ms;

	if (watchdog_active(wdd))
		virt_timeout = wd_data->last_keepalive + timeout_ms;
	else
		virt_timeout = wd_data->open_deadline;
	hw_heartbeat_ms = !timeout_ms ? wdd->max_hw_heartbeat_ms :
			  !wdd->max_hw_heartbeat_ms ? timeout_ms :
			  min(timeout_ms, wdd->max_hw_heartbeat_ms);
	interval = hw_heartbeat_ms / 2;
	if (virt_timeout == KTIME_MAX)
		return interval;
	last_heartbeat = virt_timeout - hw_heartbeat_ms;
	latest_heartbeat = last_heartbeat - ktime_now();
	return latest_heartbeat < interval ? latest_heartbeat : interval;
}

/* watchdog_update_worker() */
static void update_worker(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;

	if (need_worker(wdd)) {
		long long t = next_keepalive(wdd);

		if (t > 0)
			hrtimer_start_ms(wd_data, t);
	} else {
		/* hrtimer_cancel(): waits for a run of the timer, which only queues work */
		timer_delete_sync(&wd_data->timer);
	}
}

/* __watchdog_ping() */
static int __watchdog_ping(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;
	long long earliest = wd_data->last_hw_keepalive + wdd->min_hw_heartbeat_ms;
	long long now = ktime_now();
	int err;

	if (earliest > now) {
		hrtimer_start_ms(wd_data, earliest - now);
		return 0;
	}
	wd_data->last_hw_keepalive = now;
	if (wdd->ops->ping)
		err = wdd->ops->ping(wdd);
	else
		err = wdd->ops->start(wdd);
	update_worker(wdd);
	return err;
}

/* watchdog_ping(): wd_data->lock held */
static int watchdog_ping(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;

	if (!watchdog_hw_running(wdd))
		return 0;
	set_bit(_WDOG_KEEPALIVE, &wd_data->status);
	wd_data->last_keepalive = ktime_now();
	return __watchdog_ping(wdd);
}

/* watchdog_worker_should_ping() */
static bool worker_should_ping(struct watchdog_core_data *wd_data)
{
	struct watchdog_device *wdd = wd_data->wdd;

	if (!wdd)
		return false;
	if (watchdog_active(wdd))
		return true;
	return watchdog_hw_running(wdd) && !past_open_deadline(wd_data);
}

/* watchdog_ping_work(), on the watchdogd worker */
static void ping_work(struct model_work *work)
{
	struct watchdog_core_data *wd_data = container_of(work, struct watchdog_core_data, work);

	mutex_lock(&wd_data->lock);
	if (worker_should_ping(wd_data))
		__watchdog_ping(wd_data->wdd);
	mutex_unlock(&wd_data->lock);
}

/* watchdog_timer_expired(): the hrtimer queues the work */
static void timer_expired(struct timer_list *timer)
{
	struct watchdog_core_data *wd_data = from_timer(wd_data, timer, timer);

	model_queue_work(&wd_data->work);
}

/* watchdog_start(): "the caller must hold wd_data->lock" (watchdog_open() does not) */
static int watchdog_start(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;
	long long started_at;
	int err;

	if (watchdog_active(wdd))
		return 0;
	set_bit(_WDOG_KEEPALIVE, &wd_data->status);
	started_at = ktime_now();
	if (watchdog_hw_running(wdd) && wdd->ops->ping) {
		err = __watchdog_ping(wdd);
		if (err == 0)
			set_bit(WDOG_ACTIVE, &wdd->status);
	} else {
		err = wdd->ops->start(wdd);
		if (err == 0) {
			set_bit(WDOG_ACTIVE, &wdd->status);
			set_bit(WDOG_HW_RUNNING, &wdd->status);
			wd_data->last_keepalive = started_at;
			wd_data->last_hw_keepalive = started_at;
			update_worker(wdd);
		}
	}
	return err;
}

/* watchdog_stop() */
static int watchdog_stop(struct watchdog_device *wdd)
{
	int err = 0;

	if (!watchdog_active(wdd))
		return 0;
	if (test_bit(WDOG_NO_WAY_OUT, &wdd->status)) {
		_printk(KERN_INFO "watchdog: watchdog%d: nowayout prevents watchdog being stopped!\n",
			wdd->id);
		return -EBUSY;
	}
	if (wdd->ops->stop) {
		clear_bit(WDOG_HW_RUNNING, &wdd->status);
		err = wdd->ops->stop(wdd);
	} else {
		set_bit(WDOG_HW_RUNNING, &wdd->status);
	}
	if (err == 0) {
		clear_bit(WDOG_ACTIVE, &wdd->status);
		update_worker(wdd);
	}
	return err;
}

/* watchdog_get_status() */
static unsigned int get_status(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;
	unsigned int status;

	if (wdd->ops->status)
		status = wdd->ops->status(wdd);
	else
		status = wdd->bootstatus & (WDIOF_CARDRESET | WDIOF_OVERHEAT | WDIOF_FANFAULT |
					    WDIOF_EXTERN1 | WDIOF_EXTERN2 | WDIOF_POWERUNDER |
					    WDIOF_POWEROVER);
	if (test_bit(_WDOG_ALLOW_RELEASE, &wd_data->status))
		status |= WDIOF_MAGICCLOSE;
	if (test_and_clear_bit(_WDOG_KEEPALIVE, &wd_data->status))
		status |= WDIOF_KEEPALIVEPING;
	/* CONFIG_WATCHDOG_HRTIMER_PRETIMEOUT */
	status |= WDIOF_PRETIMEOUT;
	return status;
}

/* watchdog_set_timeout() */
static int set_timeout(struct watchdog_device *wdd, unsigned int timeout)
{
	int err = 0;

	if (!(wdd->info->options & WDIOF_SETTIMEOUT))
		return -EOPNOTSUPP;
	if (watchdog_timeout_invalid(wdd, timeout))
		return -EINVAL;
	if (wdd->ops->set_timeout) {
		err = wdd->ops->set_timeout(wdd, timeout);
	} else {
		wdd->timeout = timeout;
		if (wdd->pretimeout >= wdd->timeout)
			wdd->pretimeout = 0;
	}
	update_worker(wdd);
	return err;
}

/* watchdog_set_pretimeout(): watchdog_have_pretimeout() holds with the hrtimer one */
static int set_pretimeout(struct watchdog_device *wdd, unsigned int timeout)
{
	if (watchdog_pretimeout_invalid(wdd, timeout))
		return -EINVAL;
	if (wdd->ops->set_pretimeout && (wdd->info->options & WDIOF_PRETIMEOUT))
		return wdd->ops->set_pretimeout(wdd, timeout);
	wdd->pretimeout = timeout;
	return 0;
}

/* --- the character device ---------------------------------------------------------- */

/* An open file of /dev/watchdog or /dev/watchdogN. */
struct model_wd_file {
	struct watchdog_core_data *wd_data;
	int cdev;		/* /dev/watchdogN: the character device's module reference */
};

/* watchdog_open(); @id -1 is /dev/watchdog (the misc device of watchdog 0). */
static int watchdog_open(struct watchdog_core_data *wd_data)
{
	struct watchdog_device *wdd;
	bool hw_running;
	int err;

	if (test_and_set_bit(_WDOG_DEV_OPEN, &wd_data->status))
		return -EBUSY;
	wdd = wd_data->wdd;
	hw_running = watchdog_hw_running(wdd);
	if (!hw_running && !try_module_get(wdd->ops->owner)) {
		err = -EBUSY;
		goto out_clear;
	}
	err = watchdog_start(wdd);
	if (err < 0)
		goto out_mod;
	if (!hw_running)
		get_device(&wd_data->dev);
	wd_data->open_deadline = KTIME_MAX;
	return 0;

out_mod:
	module_put(wd_data->wdd->ops->owner);
out_clear:
	clear_bit(_WDOG_DEV_OPEN, &wd_data->status);
	return err;
}

/* watchdog_release() */
static void watchdog_release(struct watchdog_core_data *wd_data)
{
	struct watchdog_device *wdd;
	int err = -EBUSY;
	bool running;

	mutex_lock(&wd_data->lock);
	wdd = wd_data->wdd;
	if (!wdd)
		goto done;
	if (!watchdog_active(wdd))
		err = 0;
	else if (test_and_clear_bit(_WDOG_ALLOW_RELEASE, &wd_data->status) ||
		 !(wdd->info->options & WDIOF_MAGICCLOSE))
		err = watchdog_stop(wdd);
	if (err < 0) {
		_printk(KERN_CRIT "watchdog: watchdog%d: watchdog did not stop!\n", wdd->id);
		watchdog_ping(wdd);
	}
	update_worker(wdd);
	clear_bit(_WDOG_DEV_OPEN, &wd_data->status);
done:
	running = wdd && watchdog_hw_running(wdd);
	mutex_unlock(&wd_data->lock);
	if (!running) {
		module_put(wd_data->cdev_owner);
		put_device(&wd_data->dev);
	}
}

/*
 * open("/dev/watchdogN") (@id >= 0) or open("/dev/watchdog") (@id < 0). Returns the
 * file, or NULL with *@err: -ENODEV for no such device, -ENXIO when the driver's module
 * is going away (chrdev_open()), or watchdog_open()'s error.
 */
struct model_wd_file *kbridge_model_watchdog_open(int id, int *err)
{
	struct watchdog_core_data *wd_data;
	struct model_wd_file *file;
	int cdev = id >= 0;

	model_lock(&dogs_lock);
	wd_data = cdev ? (id < MAX_DOGS ? dogs[id] : 0) : old_wd_data;
	/* the node's open holds the device (cdev_get() -> kobject_get()) */
	if (wd_data)
		get_device(&wd_data->dev);
	model_unlock(&dogs_lock);
	if (!wd_data) {
		*err = -ENODEV;
		return 0;
	}
	file = kmalloc(sizeof(*file), GFP_KERNEL);
	*err = file ? 0 : -ENOMEM;
	if (!*err && cdev && !try_module_get(wd_data->cdev_owner))
		*err = -ENXIO;
	if (!*err) {
		*err = watchdog_open(wd_data);
		if (*err && cdev)
			module_put(wd_data->cdev_owner);
	}
	if (*err) {
		kfree(file);
		put_device(&wd_data->dev);
		return 0;
	}
	file->wd_data = wd_data;
	file->cdev = cdev;
	return file;
}

/* close(): watchdog_release(), then the node's references (cdev_put()). */
void kbridge_model_watchdog_close(struct model_wd_file *file)
{
	struct watchdog_core_data *wd_data = file->wd_data;

	watchdog_release(wd_data);
	if (file->cdev)
		module_put(wd_data->cdev_owner);
	put_device(&wd_data->dev);
	kfree(file);
}

/* write(): watchdog_write(). Returns @len or -errno. */
long kbridge_model_watchdog_write(struct model_wd_file *file, const char *data,
				  unsigned long len)
{
	struct watchdog_core_data *wd_data = file->wd_data;
	struct watchdog_device *wdd;
	unsigned long i;
	int err;

	if (len == 0)
		return 0;
	clear_bit(_WDOG_ALLOW_RELEASE, &wd_data->status);
	for (i = 0; i != len; i++)
		if (data[i] == 'V')
			set_bit(_WDOG_ALLOW_RELEASE, &wd_data->status);
	err = -ENODEV;
	mutex_lock(&wd_data->lock);
	wdd = wd_data->wdd;
	if (wdd)
		err = watchdog_ping(wdd);
	mutex_unlock(&wd_data->lock);
	if (err < 0)
		return err;
	return len;
}

/* ioctl(): watchdog_ioctl(); @arg is the user's pointer (int or struct watchdog_info). */
long kbridge_model_watchdog_ioctl(struct model_wd_file *file, unsigned int cmd, void *arg)
{
	struct watchdog_core_data *wd_data = file->wd_data;
	struct watchdog_device *wdd;
	unsigned int *p = arg;
	unsigned int val;
	long err;

	mutex_lock(&wd_data->lock);
	wdd = wd_data->wdd;
	if (!wdd) {
		err = -ENODEV;
		goto out;
	}
	err = wdd->ops->ioctl ? wdd->ops->ioctl(wdd, cmd, (unsigned long)arg) : -ENOIOCTLCMD;
	if (err != -ENOIOCTLCMD)
		goto out;
	switch (cmd) {
	case WDIOC_GETSUPPORT:
		memcpy(arg, wdd->info, sizeof(struct watchdog_info));
		err = 0;
		break;
	case WDIOC_GETSTATUS:
		*p = get_status(wdd);
		err = 0;
		break;
	case WDIOC_GETBOOTSTATUS:
		*p = wdd->bootstatus;
		err = 0;
		break;
	case WDIOC_SETOPTIONS:
		val = *p;
		err = 0;
		if (val & WDIOS_DISABLECARD) {
			err = watchdog_stop(wdd);
			if (err < 0)
				break;
		}
		if (val & WDIOS_ENABLECARD)
			err = watchdog_start(wdd);
		break;
	case WDIOC_KEEPALIVE:
		if (!(wdd->info->options & WDIOF_KEEPALIVEPING)) {
			err = -EOPNOTSUPP;
			break;
		}
		err = watchdog_ping(wdd);
		break;
	case WDIOC_SETTIMEOUT:
		err = set_timeout(wdd, *p);
		if (err < 0)
			break;
		err = watchdog_ping(wdd);
		if (err < 0)
			break;
		/* fallthrough: answer with the timeout now in force */
		__attribute__((fallthrough));
	case WDIOC_GETTIMEOUT:
		if (wdd->timeout == 0) {
			err = -EOPNOTSUPP;
			break;
		}
		*p = wdd->timeout;
		err = 0;
		break;
	case WDIOC_GETTIMELEFT:
		/* watchdog_get_timeleft() */
		*p = 0;
		if (!wdd->ops->get_timeleft) {
			err = -EOPNOTSUPP;
			break;
		}
		*p = wdd->ops->get_timeleft(wdd);
		err = 0;
		break;
	case WDIOC_SETPRETIMEOUT:
		err = set_pretimeout(wdd, *p);
		break;
	case WDIOC_GETPRETIMEOUT:
		*p = wdd->pretimeout;
		err = 0;
		break;
	default:
		err = -ENOTTY;
		break;
	}
out:
	mutex_unlock(&wd_data->lock);
	return err;
}

static void core_data_release(struct device *dev)
{
	kfree(container_of(dev, struct watchdog_core_data, dev));
}

/* watchdog_cdev_register() */
static int cdev_register(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = kmalloc(sizeof(*wd_data), GFP_KERNEL);
	int err;

	if (!wd_data)
		return -ENOMEM;
	memset(wd_data, 0, sizeof(*wd_data));
	wd_data->wdd = wdd;
	wdd->wd_data = wd_data;
	device_initialize(&wd_data->dev);
	wd_data->dev.parent = wdd->parent;
	wd_data->dev.release = core_data_release;
	dev_set_drvdata(&wd_data->dev, wdd);
	err = dev_set_name(&wd_data->dev, "watchdog%d", wdd->id);
	if (err) {
		put_device(&wd_data->dev);
		return err;
	}
	wd_data->work.fn = ping_work;
	timer_setup(&wd_data->timer, timer_expired, 0);
	wd_data->cdev_owner = wdd->ops->owner;
	model_lock(&dogs_lock);
	if (wdd->id == 0)
		old_wd_data = wd_data;
	dogs[wdd->id] = wd_data;
	model_unlock(&dogs_lock);

	wd_data->last_hw_keepalive = ktime_now() - 1;
	set_open_deadline(wd_data);
	if (watchdog_hw_running(wdd)) {
		module_get_always(wdd->ops->owner);
		get_device(&wd_data->dev);
		if (handle_boot_enabled)
			hrtimer_start_ms(wd_data, 0);
	}
	return 0;
}

/* watchdog_cdev_unregister() */
static void cdev_unregister(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;

	/* cdev_device_del(), misc_deregister(): no new opens */
	model_lock(&dogs_lock);
	dogs[wdd->id] = 0;
	if (wdd->id == 0)
		old_wd_data = 0;
	model_unlock(&dogs_lock);
	/* unlocked, as in 6.12 */
	if (watchdog_active(wdd) && test_bit(WDOG_STOP_ON_UNREGISTER, &wdd->status))
		watchdog_stop(wdd);
	mutex_lock(&wd_data->lock);
	wd_data->wdd = 0;
	wdd->wd_data = 0;
	mutex_unlock(&wd_data->lock);
	timer_delete_sync(&wd_data->timer);
	model_cancel_work_sync(&wd_data->work);
	put_device(&wd_data->dev);
}

/* --- watchdog_core.c --------------------------------------------------------------- */

static unsigned long ids;	/* watchdog_ida */

/* watchdog_check_min_max_timeout() */
static void check_min_max_timeout(struct watchdog_device *wdd)
{
	if (!wdd->max_hw_heartbeat_ms && wdd->min_timeout > wdd->max_timeout) {
		_printk(KERN_INFO "watchdog: Invalid min and max timeout values, resetting to 0!\n");
		wdd->min_timeout = 0;
		wdd->max_timeout = 0;
	}
}

static const char *dev_str(struct watchdog_device *wdd)
{
	if (wdd->parent)
		return dev_name(wdd->parent);
	return wdd->info ? (const char *)wdd->info->identity : "(efault)";
}

int watchdog_init_timeout(struct watchdog_device *wdd, unsigned int timeout_parm,
			  struct device *dev)
{
	int ret = 0;

	(void)dev;	/* no device-tree "timeout-sec" in the model */
	check_min_max_timeout(wdd);
	if (timeout_parm) {
		if (!watchdog_timeout_invalid(wdd, timeout_parm)) {
			wdd->timeout = timeout_parm;
			return 0;
		}
		_printk(KERN_ERR "watchdog: %s: driver supplied timeout (%u) out of range\n",
			dev_str(wdd), timeout_parm);
		ret = -EINVAL;
	}
	if (ret < 0 && wdd->timeout)
		_printk(KERN_WARNING "watchdog: %s: falling back to default timeout (%u)\n",
			dev_str(wdd), wdd->timeout);
	return ret;
}

/* watchdog_reboot_notifier(): no wd_data->lock */
static int reboot_notifier(struct notifier_block *nb, unsigned long code, void *data)
{
	struct watchdog_device *wdd = container_of(nb, struct watchdog_device, reboot_nb);

	(void)data;
	if (code == SYS_DOWN || code == SYS_HALT || code == SYS_POWER_OFF) {
		if (watchdog_hw_running(wdd)) {
			if (wdd->ops->stop(wdd))
				return NOTIFY_BAD;
		}
	}
	return NOTIFY_DONE;
}

/* watchdog_restart_notifier(): no wd_data->lock */
static int restart_notifier(struct notifier_block *nb, unsigned long action, void *data)
{
	struct watchdog_device *wdd = container_of(nb, struct watchdog_device, restart_nb);

	if (wdd->ops->restart(wdd, action, data))
		return NOTIFY_BAD;
	return NOTIFY_DONE;
}

void watchdog_set_restart_priority(struct watchdog_device *wdd, int priority)
{
	wdd->restart_nb.priority = priority;
}

/* __watchdog_register_device() */
static int register_device(struct watchdog_device *wdd)
{
	int ret, id;

	if (!wdd || !wdd->info || !wdd->ops)
		return -EINVAL;
	if (!wdd->ops->start || (!wdd->ops->stop && !wdd->max_hw_heartbeat_ms))
		return -EINVAL;
	check_min_max_timeout(wdd);
	/* ida_alloc_max(&watchdog_ida, MAX_DOGS - 1) */
	model_lock(&dogs_lock);
	for (id = 0; id < MAX_DOGS && (ids & BIT(id)); id++)
		;
	if (id < MAX_DOGS)
		ids |= BIT(id);
	model_unlock(&dogs_lock);
	if (id == MAX_DOGS)
		return -ENOSPC;
	wdd->id = id;
	ret = cdev_register(wdd);
	if (ret) {
		model_lock(&dogs_lock);
		ids &= ~BIT(id);
		model_unlock(&dogs_lock);
		return ret;
	}
	if (test_bit(WDOG_STOP_ON_REBOOT, &wdd->status)) {
		if (!wdd->ops->stop) {
			_printk(KERN_WARNING "watchdog: watchdog%d: stop_on_reboot not supported\n",
				wdd->id);
		} else {
			wdd->reboot_nb.notifier_call = reboot_notifier;
			ret = register_reboot_notifier(&wdd->reboot_nb);
			if (ret) {
				cdev_unregister(wdd);
				model_lock(&dogs_lock);
				ids &= ~BIT(id);
				model_unlock(&dogs_lock);
				return ret;
			}
		}
	}
	if (wdd->ops->restart) {
		wdd->restart_nb.notifier_call = restart_notifier;
		ret = register_restart_handler(&wdd->restart_nb);
		if (ret)
			_printk(KERN_WARNING "watchdog: watchdog%d: Cannot register restart handler (%d)\n",
				wdd->id, ret);
	}
	return 0;
}

int watchdog_register_device(struct watchdog_device *wdd)
{
	int ret = register_device(wdd);

	if (ret)
		_printk(KERN_ERR "watchdog: %s: failed to register watchdog device (err = %d)\n",
			wdd ? dev_str(wdd) : "(null)", ret);
	return ret;
}

/* __watchdog_unregister_device() */
void watchdog_unregister_device(struct watchdog_device *wdd)
{
	int id;

	if (!wdd)
		return;
	if (wdd->ops->restart)
		unregister_restart_handler(&wdd->restart_nb);
	if (test_bit(WDOG_STOP_ON_REBOOT, &wdd->status))
		unregister_reboot_notifier(&wdd->reboot_nb);
	id = wdd->id;
	cdev_unregister(wdd);
	model_lock(&dogs_lock);
	ids &= ~BIT(id);
	model_unlock(&dogs_lock);
}

static void devm_unregister(void *wdd)
{
	watchdog_unregister_device(wdd);
}

int devm_watchdog_register_device(struct device *dev, struct watchdog_device *wdd)
{
	int ret = watchdog_register_device(wdd);

	if (ret)
		return ret;
	ret = __devm_add_action(dev, devm_unregister, wdd, "watchdog");
	if (ret)
		watchdog_unregister_device(wdd);
	return ret;
}

/* --- what tests look at ------------------------------------------------------------ */

/* Whether the calling thread holds @wdd's wd_data->lock (a driver's op asks). */
int kbridge_model_watchdog_lock_held(struct watchdog_device *wdd)
{
	struct watchdog_core_data *wd_data = wdd->wd_data;

	return wd_data && kbridge_model_mutex_held(&wd_data->lock);
}

/* The status bits of watchdog @id, or -1 when there is none. */
long kbridge_model_watchdog_status(int id)
{
	long status = -1;

	model_lock(&dogs_lock);
	if (id >= 0 && id < MAX_DOGS && dogs[id] && dogs[id]->wdd)
		status = (long)__atomic_load_n(&dogs[id]->wdd->status, __ATOMIC_RELAXED);
	model_unlock(&dogs_lock);
	return status;
}

/* Watchdogs registered. */
int kbridge_model_watchdogs(void)
{
	int n = 0, i;

	model_lock(&dogs_lock);
	for (i = 0; i < MAX_DOGS; i++)
		n += !!dogs[i];
	model_unlock(&dogs_lock);
	return n;
}
