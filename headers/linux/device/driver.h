/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/device/driver.h>: the driver half of the driver core. */
#ifndef _DEVICE_DRIVER_H_
#define _DEVICE_DRIVER_H_

#include <linux/types.h>

struct module;
struct bus_type;
struct device;

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
 * @probe: bind to @dev; 0 or -errno
 * @remove: unbind from @dev
 */
struct device_driver {
	const char		*name;
	const struct bus_type	*bus;

	struct module		*owner;
	const char		*mod_name;

	bool suppress_bind_attrs;
	enum probe_type probe_type;

	int (*probe) (struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove) (struct device *dev);
	void (*shutdown) (struct device *dev);
};

#endif /* _DEVICE_DRIVER_H_ */
