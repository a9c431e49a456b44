/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/device.h>: the reference-counted device object every bus
 * device embeds, and its driver-data slot.
 */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/types.h>
#include <linux/device/driver.h>

struct device_private;
struct device_type;
struct bus_type;

/**
 * struct device - the driver core's view of a device
 * @parent: the device this one hangs off (a bus controller, usually)
 * @p: driver-core private state
 * @init_name: the name before the device is added
 * @type: the kind of device
 * @bus: the bus it sits on
 * @driver: the driver bound to it, or NULL
 * @platform_data: board-specific data
 * @driver_data: the bound driver's own data; use dev_get_drvdata()/dev_set_drvdata()
 * @release: frees the device once the last reference is dropped
 * @devres_head: the actions to run when the driver binding ends (__devm_add_action())
 *
 * Lifetime is a reference count: get_device() takes one, put_device() drops one.
 */
struct device {
	struct device		*parent;
	struct device_private	*p;
	const char		*init_name;
	const struct device_type *type;
	const struct bus_type	*bus;
	struct device_driver	*driver;
	void			*platform_data;
	void			*driver_data;
	void	(*release)(struct device *dev);
	struct list_head	devres_head;
};

/**
 * dev_get_drvdata - the driver data of a device
 * @dev: the device
 *
 * Return: what the bound driver stored with dev_set_drvdata(), or NULL.
 */
static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

/**
 * dev_set_drvdata - store the bound driver's data in a device
 * @dev: the device
 * @data: the driver's pointer
 */
static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/**
 * device_initialize - prepare a device for use; it starts with one reference
 * @dev: the device, zeroed except for what its bus set
 *
 * The reference is dropped with put_device(), which runs @dev->release at zero.
 */
void device_initialize(struct device *dev);

/**
 * get_device - take a reference on a device
 * @dev: the device, or NULL
 *
 * Return: @dev.
 */
struct device *get_device(struct device *dev);

/**
 * put_device - drop a reference on a device; the last one releases it
 * @dev: the device, or NULL
 */
void put_device(struct device *dev);

/**
 * __devm_add_action - have a function run when the device's driver binding ends
 * @dev: the device, being probed or bound
 * @action: the function
 * @data: its argument
 * @name: what the action is, for debugging
 *
 * The driver core runs the device's actions, newest first, when probing it fails and
 * when its driver unbinds (after the driver's remove), from devres_release_all().
 *
 * Return: 0, or -ENOMEM (the action is then not registered and will not run).
 */
int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name);

#endif /* _DEVICE_H_ */
