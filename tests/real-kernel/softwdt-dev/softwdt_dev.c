// SPDX-License-Identifier: GPL-2.0
/*
 * The device side of the real-kernel watchdog test: a platform device named
 * "kbridge-softwdt", registered at load and unregistered at unload, for kbridge's
 * software watchdog platform driver to bind to. It has no resources and no platform
 * data; its instance number is a module parameter (-1, the default, gives the plain
 * name /sys/bus/platform/devices/kbridge-softwdt).
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#define SOFTWDT_NAME "kbridge-softwdt"

static int instance = PLATFORM_DEVID_NONE;
module_param(instance, int, 0444);
MODULE_PARM_DESC(instance, "platform device id (-1: none, the name alone; -2: automatic)");

static struct platform_device *softwdt;

static int __init softwdt_dev_init(void)
{
	softwdt = platform_device_register_simple(SOFTWDT_NAME, instance, NULL, 0);
	if (IS_ERR(softwdt))
		return PTR_ERR(softwdt);
	pr_info("kbridge-softwdt-dev: registered platform device %s\n", dev_name(&softwdt->dev));
	return 0;
}

static void __exit softwdt_dev_exit(void)
{
	platform_device_unregister(softwdt);
}

module_init(softwdt_dev_init);
module_exit(softwdt_dev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbridge test: a platform device for the software watchdog driver");
