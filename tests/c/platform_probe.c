// SPDX-License-Identifier: GPL-2.0
/*
 * Two C platform drivers as they are written for 6.12, which record what the driver
 * core did to them: how each probe matched (the id-table entry, if any), whether the
 * device lock was held, what probe found in the device, whether devres ran, and remove
 * and shutdown likewise.
 *
 * "kbtest-a" binds by id table ("kbtest-id" with data 7, "kbtest-id2" with 8) and by
 * OF compatible ("kbridge,test-a"); "kbtest-b" has
 * neither, so it binds by name (or by driver_override). A probe of either can be made
 * to fail after it registered a devres action, which must then run.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

int kbridge_model_mutex_held(struct mutex *lock);

enum kbtest_stat {
	KBTEST_PROBES,
	KBTEST_PROBE_LOCKED,		/* probes that found the device lock held */
	KBTEST_PROBE_SAW_DRIVER,	/* probes that found dev->driver already set to them */
	KBTEST_PROBE_SAW_DRVDATA,	/* probes that found driver data left behind */
	KBTEST_LAST_ID_DATA,		/* driver_data of the id entry, -1 without one */
	KBTEST_REMOVES,
	KBTEST_REMOVE_LOCKED,
	KBTEST_REMOVE_DRVDATA_OK,	/* removes that found the data their probe stored */
	KBTEST_DEVRES_RUNS,		/* devres actions run (each probe adds one) */
	KBTEST_SHUTDOWNS,
	KBTEST_SHUTDOWN_LOCKED,
	KBTEST_STATS
};

struct kbtest_driver {
	struct platform_driver pdrv;
	long stats[KBTEST_STATS];
	int fail_with;			/* a probe's error, 0 to succeed */
};

/* What probe stores: the device, so remove can check it got its own data back. */
struct kbtest_data {
	struct platform_device *pdev;
	struct kbtest_driver *drv;
};

static void bump(struct kbtest_driver *drv, enum kbtest_stat stat)
{
	__atomic_add_fetch(&drv->stats[stat], 1, __ATOMIC_SEQ_CST);
}

static struct kbtest_driver *driver_of(struct platform_device *pdev)
{
	return container_of(to_platform_driver(pdev->dev.driver), struct kbtest_driver, pdrv);
}

static void release_data(void *p)
{
	struct kbtest_data *data = p;

	bump(data->drv, KBTEST_DEVRES_RUNS);
	kfree(data);
}

static int kbtest_probe(struct platform_device *pdev)
{
	struct kbtest_driver *drv = driver_of(pdev);
	const struct platform_device_id *id = platform_get_device_id(pdev);
	struct kbtest_data *data;
	int err;

	bump(drv, KBTEST_PROBES);
	if (kbridge_model_mutex_held(&pdev->dev.mutex))
		bump(drv, KBTEST_PROBE_LOCKED);
	if (pdev->dev.driver == &drv->pdrv.driver)
		bump(drv, KBTEST_PROBE_SAW_DRIVER);
	if (platform_get_drvdata(pdev))
		bump(drv, KBTEST_PROBE_SAW_DRVDATA);
	__atomic_store_n(&drv->stats[KBTEST_LAST_ID_DATA], id ? (long)id->driver_data : -1,
			 __ATOMIC_SEQ_CST);

	data = kmalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	data->pdev = pdev;
	data->drv = drv;
	err = __devm_add_action(&pdev->dev, release_data, data, "kbtest data");
	if (err) {
		kfree(data);
		return err;
	}
	platform_set_drvdata(pdev, data);
	return drv->fail_with;
}

static void kbtest_remove(struct platform_device *pdev)
{
	struct kbtest_driver *drv = driver_of(pdev);
	struct kbtest_data *data = platform_get_drvdata(pdev);

	bump(drv, KBTEST_REMOVES);
	if (kbridge_model_mutex_held(&pdev->dev.mutex))
		bump(drv, KBTEST_REMOVE_LOCKED);
	if (data && data->pdev == pdev && data->drv == drv)
		bump(drv, KBTEST_REMOVE_DRVDATA_OK);
}

static void kbtest_shutdown(struct platform_device *pdev)
{
	struct kbtest_driver *drv = driver_of(pdev);

	bump(drv, KBTEST_SHUTDOWNS);
	if (kbridge_model_mutex_held(&pdev->dev.mutex))
		bump(drv, KBTEST_SHUTDOWN_LOCKED);
}

static const struct platform_device_id kbtest_a_ids[] = {
	{ .name = "kbtest-id", .driver_data = 7 },
	{ .name = "kbtest-id2", .driver_data = 8 },
	{ }
};

static const struct of_device_id kbtest_a_of[] = {
	{ .compatible = "kbridge,test-a", .data = "of-a" },
	{ }
};

static struct kbtest_driver drivers[2] = {
	{
		.pdrv = {
			.probe = kbtest_probe,
			.remove = kbtest_remove,
			.shutdown = kbtest_shutdown,
			.id_table = kbtest_a_ids,
			.driver = {
				.name = "kbtest-a",
				.of_match_table = kbtest_a_of,
			},
		},
	},
	{
		.pdrv = {
			.probe = kbtest_probe,
			.remove_new = kbtest_remove,
			.shutdown = kbtest_shutdown,
			.driver = {
				.name = "kbtest-b",
			},
		},
	},
};

int kbridge_test_plat_register(int which)
{
	return platform_driver_register(&drivers[which].pdrv);
}

void kbridge_test_plat_unregister(int which)
{
	platform_driver_unregister(&drivers[which].pdrv);
}

long kbridge_test_plat_stat(int which, int stat)
{
	return __atomic_load_n(&drivers[which].stats[stat], __ATOMIC_SEQ_CST);
}

void kbridge_test_plat_reset(int which, int fail_with)
{
	int i;

	for (i = 0; i < KBTEST_STATS; i++)
		__atomic_store_n(&drivers[which].stats[i], 0, __ATOMIC_SEQ_CST);
	drivers[which].fail_with = fail_with;
}

/* The owner __platform_driver_register() recorded (THIS_MODULE: NULL, built in). */
const struct module *kbridge_test_plat_owner(int which)
{
	return drivers[which].pdrv.driver.owner;
}
