/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/device/driver.h>: the driver half of the driver core. */
#ifndef _DEVICE_DRIVER_H_
#define _DEVICE_DRIVER_H_

#include <linux/types.h>
#include <linux/pm.h>

struct module;
struct bus_type;
struct device;
struct of_device_id;
struct acpi_device_id;
struct attribute_group;
struct dev_pm_ops;
struct driver_private;

/**
 * enum probe_type - whether a driver's probe may run asynchronously
 * @PROBE_DEFAULT_STRATEGY: let the driver core decide
 * @PROBE_PREFER_ASYNCHRONOUS: probe from a worker where possible
 * @PROBE_FORCE_SYNCHRONOUS: always probe in the registering thread
 */
enum probe_type {
	PROBE_DEFAULT_STRATEGY,
	PROBE_PREFER_ASYNCHRONOUS,
	PROBE_FORCE_SYNCHRONOUS,
};

/**
 * struct device_driver - what the driver core knows of a driver
 * @name: the driver's name, shown in sysfs
 * @bus: the bus whose devices it binds to
 * @owner: the module that contains the driver
 * @mod_name: the module's name, for built-in drivers
 * @suppress_bind_attrs: hide the bind/unbind files in sysfs
 * @probe_type: synchronous or asynchronous probing
 * @of_match_table: the device-tree compatibles it binds to, ended by an empty entry
 * @acpi_match_table: the ACPI ids it binds to
 * @probe: bind to @dev; 0 or -errno
 * @sync_state: all consumers of @dev have probed
 * @remove: unbind from @dev
 * @shutdown: quiesce @dev at reboot or power-off
 * @suspend: legacy system suspend
 * @resume: legacy system resume
 * @groups: sysfs attributes of the driver
 * @dev_groups: sysfs attributes each bound device gets
 * @pm: power-management callbacks
 * @coredump: write a device coredump (sysfs)
 * @p: driver-core private state
 *
 * A bus's own driver type embeds this and registers it through the bus (platform
 * drivers through __platform_driver_register()), which fills in @bus and @owner.
 */
struct device_driver {
	const char		*name;
	const struct bus_type	*bus;

	struct module		*owner;
	const char		*mod_name;

	bool suppress_bind_attrs;
	enum probe_type probe_type;

	const struct of_device_id	*of_match_table;
	const struct acpi_device_id	*acpi_match_table;

	int (*probe) (struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove) (struct device *dev);
	void (*shutdown) (struct device *dev);
	int (*suspend) (struct device *dev, pm_message_t state);
	int (*resume) (struct device *dev);
	const struct attribute_group **groups;
	const struct attribute_group **dev_groups;

	const struct dev_pm_ops *pm;
	void (*coredump) (struct device *dev);

	struct driver_private *p;
};

#endif /* _DEVICE_DRIVER_H_ */
