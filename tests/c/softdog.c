// SPDX-License-Identifier: GPL-2.0
/*
 * A software watchdog as a platform driver, written for 6.12 the way softdog.c and the
 * platform watchdog drivers are: probe allocates per-device data, sets up a kernel timer
 * that stands for the hardware countdown and a watchdog_device, and registers it; the
 * timer firing is the "reset". Remove unregisters the watchdog and then waits for the
 * timer with timer_delete_sync() before devres frees the data.
 *
 * Three variants, chosen by the id table's driver_data (an OF match gets the first):
 * "full" (ping, set_timeout, get_timeleft, restart, stop on reboot and on unregister),
 * "minimal" (start and stop only: the core pings through start and stores timeouts),
 * and "boot" (full, with the countdown already running when probe finds the device, as
 * firmware leaves some watchdogs: WDOG_HW_RUNNING before registration).
 *
 * It is a module of its own (kbtest_softdog_module), which the tests load and unload
 * with the model's loader: its ops and platform driver name it as their owner.
 *
 * For the tests, every op records whether the caller held the core's lock, how many ops
 * were in flight at once, and can be held at a gate until the test opens it.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/watchdog.h>

int kbridge_model_watchdog_lock_held(struct watchdog_device *wdd);
int sched_yield(void);

enum kbsd_stat {
	KBSD_PROBES,
	KBSD_REMOVES,
	KBSD_STARTS,
	KBSD_STARTS_LOCKED,
	KBSD_STOPS,
	KBSD_STOPS_LOCKED,
	KBSD_PINGS,
	KBSD_PINGS_LOCKED,
	KBSD_SET_TIMEOUTS,
	KBSD_GET_TIMELEFTS,
	KBSD_RESTARTS,
	KBSD_RESTARTS_LOCKED,
	KBSD_EXPIRIES,			/* the timer fired: the machine would reset */
	KBSD_MAX_IN_FLIGHT,		/* the most ops that ran at the same time */
	KBSD_EXPIRY_THREAD,		/* a token of the thread the timer ran on */
	KBSD_REMOVE_DONE,		/* remove returned */
	KBSD_FREED,			/* the per-device data was freed (devres) */
	KBSD_OTHERS_LOCKED,		/* set_timeout and get_timeleft under the lock */
	KBSD_STATS
};

enum kbsd_gate {
	KBSD_GATE_PING,
	KBSD_GATE_STOP,
	KBSD_GATE_TIMER,
	KBSD_GATES
};

static long stats[KBSD_STATS];
static int gates[KBSD_GATES];		/* 1: held shut */
static int at_gate[KBSD_GATES];		/* someone waits at it */
static int in_flight;
static struct kbsd *bound;		/* the device bound last, for the tests' hooks */
static unsigned int nowayout;
static unsigned int timeout_param;

static _Thread_local char thread_token;

long kbridge_test_thread_token(void)
{
	return (long)&thread_token;
}

static void bump(enum kbsd_stat stat)
{
	__atomic_add_fetch(&stats[stat], 1, __ATOMIC_SEQ_CST);
}

static void wait_at(enum kbsd_gate gate)
{
	if (!__atomic_load_n(&gates[gate], __ATOMIC_SEQ_CST))
		return;
	__atomic_store_n(&at_gate[gate], 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&gates[gate], __ATOMIC_SEQ_CST))
		sched_yield();
	__atomic_store_n(&at_gate[gate], 0, __ATOMIC_SEQ_CST);
}

/* Counts an op in; records the most at once and whether the core's lock is held. */
static void op_enter(struct watchdog_device *wdd, enum kbsd_stat count, enum kbsd_stat locked)
{
	long now = __atomic_add_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
	long max = __atomic_load_n(&stats[KBSD_MAX_IN_FLIGHT], __ATOMIC_SEQ_CST);

	while (now > max && !__atomic_compare_exchange_n(&stats[KBSD_MAX_IN_FLIGHT], &max, now, 0,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	bump(count);
	if (kbridge_model_watchdog_lock_held(wdd))
		bump(locked);
}

static void op_exit(void)
{
	__atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
}

struct kbsd {
	struct watchdog_device wdd;
	struct watchdog_info info;
	struct timer_list timer;
	struct platform_device *pdev;
};

/* The countdown ran out: softdog would call emergency_restart(). */
static void kbsd_fire(struct timer_list *t)
{
	struct kbsd *sd = from_timer(sd, t, timer);

	__atomic_store_n(&stats[KBSD_EXPIRY_THREAD], kbridge_test_thread_token(), __ATOMIC_SEQ_CST);
	wait_at(KBSD_GATE_TIMER);
	/* Touches the data after the gate: freed data would be a use after free. */
	if (sd->pdev && sd->wdd.info == &sd->info)
		bump(KBSD_EXPIRIES);
}

static int kbsd_start(struct watchdog_device *wdd)
{
	struct kbsd *sd = watchdog_get_drvdata(wdd);

	op_enter(wdd, KBSD_STARTS, KBSD_STARTS_LOCKED);
	mod_timer(&sd->timer, jiffies + wdd->timeout * HZ);
	op_exit();
	return 0;
}

static int kbsd_stop(struct watchdog_device *wdd)
{
	struct kbsd *sd = watchdog_get_drvdata(wdd);

	op_enter(wdd, KBSD_STOPS, KBSD_STOPS_LOCKED);
	wait_at(KBSD_GATE_STOP);
	timer_delete(&sd->timer);
	op_exit();
	return 0;
}

static int kbsd_ping(struct watchdog_device *wdd)
{
	struct kbsd *sd = watchdog_get_drvdata(wdd);

	op_enter(wdd, KBSD_PINGS, KBSD_PINGS_LOCKED);
	wait_at(KBSD_GATE_PING);
	mod_timer(&sd->timer, jiffies + wdd->timeout * HZ);
	op_exit();
	return 0;
}

static int kbsd_set_timeout(struct watchdog_device *wdd, unsigned int t)
{
	op_enter(wdd, KBSD_SET_TIMEOUTS, KBSD_OTHERS_LOCKED);
	wdd->timeout = t;
	op_exit();
	return 0;
}

static unsigned int kbsd_get_timeleft(struct watchdog_device *wdd)
{
	struct kbsd *sd = watchdog_get_drvdata(wdd);
	unsigned int left = 0;

	op_enter(wdd, KBSD_GET_TIMELEFTS, KBSD_OTHERS_LOCKED);
	if (timer_pending(&sd->timer) && time_after(sd->timer.expires, jiffies))
		left = (sd->timer.expires - jiffies) / HZ;
	op_exit();
	return left;
}

static int kbsd_restart(struct watchdog_device *wdd, unsigned long action, void *data)
{
	op_enter(wdd, KBSD_RESTARTS, KBSD_RESTARTS_LOCKED);
	op_exit();
	return 0;
}

static struct module kbtest_softdog_module;

static const struct watchdog_ops kbsd_full_ops = {
	.owner = &kbtest_softdog_module,
	.start = kbsd_start,
	.stop = kbsd_stop,
	.ping = kbsd_ping,
	.set_timeout = kbsd_set_timeout,
	.get_timeleft = kbsd_get_timeleft,
	.restart = kbsd_restart,
};

static const struct watchdog_ops kbsd_min_ops = {
	.owner = &kbtest_softdog_module,
	.start = kbsd_start,
	.stop = kbsd_stop,
};

#define KBSD_FULL	1
#define KBSD_MINIMAL	2
#define KBSD_BOOT	3

static void kbsd_free(void *p)
{
	kfree(p);
	bump(KBSD_FREED);
}

static int kbsd_probe(struct platform_device *pdev)
{
	const struct platform_device_id *id = platform_get_device_id(pdev);
	int variant = id ? (int)id->driver_data : KBSD_FULL;
	struct kbsd *sd;
	int err;

	bump(KBSD_PROBES);
	sd = kmalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	*sd = (struct kbsd){ .pdev = pdev };
	err = __devm_add_action(&pdev->dev, kbsd_free, sd, "kbsd");
	if (err) {
		kfree(sd);
		return err;
	}
	timer_setup(&sd->timer, kbsd_fire, 0);

	sd->info.options = WDIOF_SETTIMEOUT | WDIOF_MAGICCLOSE | WDIOF_KEEPALIVEPING;
	__builtin_memcpy(sd->info.identity, "kbtest softdog", sizeof("kbtest softdog"));
	sd->wdd.info = &sd->info;
	sd->wdd.ops = variant == KBSD_MINIMAL ? &kbsd_min_ops : &kbsd_full_ops;
	sd->wdd.parent = &pdev->dev;
	sd->wdd.timeout = 60;
	sd->wdd.min_timeout = 1;
	sd->wdd.max_timeout = 65535;
	watchdog_set_drvdata(&sd->wdd, sd);
	watchdog_init_timeout(&sd->wdd, timeout_param, &pdev->dev);
	watchdog_set_nowayout(&sd->wdd, nowayout);
	if (variant != KBSD_MINIMAL) {
		watchdog_stop_on_reboot(&sd->wdd);
		watchdog_stop_on_unregister(&sd->wdd);
		watchdog_set_restart_priority(&sd->wdd, 128);
	}
	if (variant == KBSD_BOOT) {
		mod_timer(&sd->timer, jiffies + sd->wdd.timeout * HZ);
		set_bit(WDOG_HW_RUNNING, &sd->wdd.status);
	}
	platform_set_drvdata(pdev, sd);
	err = watchdog_register_device(&sd->wdd);
	if (!err)
		__atomic_store_n(&bound, sd, __ATOMIC_SEQ_CST);
	return err;
}

static void kbsd_remove(struct platform_device *pdev)
{
	struct kbsd *sd = platform_get_drvdata(pdev);

	bump(KBSD_REMOVES);
	__atomic_store_n(&bound, 0, __ATOMIC_SEQ_CST);
	watchdog_unregister_device(&sd->wdd);
	/* The timer may be running on another CPU: wait for it before devres frees sd. */
	timer_delete_sync(&sd->timer);
	bump(KBSD_REMOVE_DONE);
}

static const struct platform_device_id kbsd_ids[] = {
	{ .name = "kbtest-softdog", .driver_data = KBSD_FULL },
	{ .name = "kbtest-softdog-min", .driver_data = KBSD_MINIMAL },
	{ .name = "kbtest-softdog-boot", .driver_data = KBSD_BOOT },
	{ }
};

static const struct of_device_id kbsd_of[] = {
	{ .compatible = "kbridge,softdog" },
	{ }
};

static struct platform_driver kbsd_driver = {
	.probe = kbsd_probe,
	.remove = kbsd_remove,
	.id_table = kbsd_ids,
	.driver = {
		.name = "kbtest-softdog",
		.of_match_table = kbsd_of,
	},
};

static int kbsd_init(void)
{
	return __platform_driver_register(&kbsd_driver, &kbtest_softdog_module);
}

static void kbsd_exit(void)
{
	platform_driver_unregister(&kbsd_driver);
}

static struct module kbtest_softdog_module = {
	.state = MODULE_STATE_UNFORMED,
	.name = "kbtest_softdog",
	.init = kbsd_init,
	.exit = kbsd_exit,
};

struct module *kbridge_test_softdog_module(void)
{
	return &kbtest_softdog_module;
}

/* The module parameters, as `insmod kbtest_softdog.ko nowayout=.. timeout=..` sets. */
void kbridge_test_softdog_params(unsigned int nowayout_param, unsigned int timeout)
{
	nowayout = nowayout_param;
	timeout_param = timeout;
}

long kbridge_test_softdog_stat(int stat)
{
	return __atomic_load_n(&stats[stat], __ATOMIC_SEQ_CST);
}

void kbridge_test_softdog_reset(void)
{
	int i;

	for (i = 0; i < KBSD_STATS; i++)
		__atomic_store_n(&stats[i], 0, __ATOMIC_SEQ_CST);
}

/* Shuts (1) or opens (0) a gate; an op arriving at a shut gate waits there. */
void kbridge_test_softdog_gate(int gate, int shut)
{
	__atomic_store_n(&gates[gate], shut, __ATOMIC_SEQ_CST);
}

/* Whether an op waits at @gate now. */
int kbridge_test_softdog_at_gate(int gate)
{
	return __atomic_load_n(&at_gate[gate], __ATOMIC_SEQ_CST);
}

/*
 * What a driver may do to its own watchdog_device and sysfs never does: clear
 * nowayout (a test's way out of a watchdog that may not be stopped).
 */
void kbridge_test_softdog_clear_nowayout(void)
{
	struct kbsd *sd = __atomic_load_n(&bound, __ATOMIC_SEQ_CST);

	if (sd)
		clear_bit(WDOG_NO_WAY_OUT, &sd->wdd.status);
}

static int nop_start(struct watchdog_device *wdd)
{
	return 0;
}

static int nop_stop(struct watchdog_device *wdd)
{
	return 0;
}

static const struct watchdog_info nop_info = { .identity = "kbtest nop" };
static const struct watchdog_ops nop_ops = { .start = nop_start, .stop = nop_stop };
static const struct watchdog_ops no_start_ops = { .stop = nop_stop };
static const struct watchdog_ops no_stop_ops = { .start = nop_start };

/*
 * Registers a watchdog device that is wrong in one way and returns what
 * watchdog_register_device() said (unregistering it again when it was accepted):
 * 0 no info, 1 no ops, 2 no start, 3 no stop and no max_hw_heartbeat_ms, 4 no stop with
 * max_hw_heartbeat_ms (accepted), 5 min_timeout above max_timeout (accepted; returns
 * min * 1000 + max as registration left them), 6 a 33rd watchdog (the result of the
 * 33rd; the first 32 are accepted and unregistered after).
 */
int kbridge_test_watchdog_register_bad(int what)
{
	static struct watchdog_device many[33];
	struct watchdog_device wdd = { .info = &nop_info, .ops = &nop_ops };
	int ret, i;

	switch (what) {
	case 0:
		wdd.info = 0;
		break;
	case 1:
		wdd.ops = 0;
		break;
	case 2:
		wdd.ops = &no_start_ops;
		break;
	case 3:
		wdd.ops = &no_stop_ops;
		break;
	case 4:
		wdd.ops = &no_stop_ops;
		wdd.max_hw_heartbeat_ms = 1000;
		break;
	case 5:
		wdd.min_timeout = 10;
		wdd.max_timeout = 5;
		break;
	default:
		for (i = 0; i < 33; i++) {
			many[i] = (struct watchdog_device){ .info = &nop_info, .ops = &nop_ops };
			ret = watchdog_register_device(&many[i]);
			if (ret)
				break;
		}
		while (i-- > 0)
			watchdog_unregister_device(&many[i]);
		return ret;
	}
	ret = watchdog_register_device(&wdd);
	if (ret)
		return ret;
	watchdog_unregister_device(&wdd);
	return what == 5 ? (int)(wdd.min_timeout * 1000 + wdd.max_timeout) : 0;
}
