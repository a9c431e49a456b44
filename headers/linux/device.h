/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/device.h>: the reference-counted device object every bus
 * device embeds, and its driver-data slot.
 */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/types.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/device/driver.h>

struct device_private;
struct device_type;
struct bus_type;

/**
 * struct device_dma_parameters - DMA limits a driver teaches the IOMMU code
 * @max_segment_size: the longest segment the device takes
 * @min_align_mask: low address bits a bounce buffer must keep
 *
 * 6.12 has segment_boundary_mask next, which the model leaves out: nothing here reads
 * it, and its name with the record's is too long for the generated layout checks' lines.
 */
struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
};

/**
 * struct device - the driver core's view of a device
 * @kobj: its sysfs object, which carries its name (dev_name())
 * @parent: the device this one hangs off (a bus controller, usually)
 * @p: driver-core private state
 * @init_name: the name before the device is added
 * @type: the kind of device
 * @bus: the bus it sits on
 * @driver: the driver bound to it, or NULL
 * @platform_data: board-specific data
 * @driver_data: the bound driver's own data; use dev_get_drvdata()/dev_set_drvdata()
 * @driver_override: the name of the only driver that may bind it, when set (by user
 *	space through sysfs, or by __device_set_driver_override()), under its @lock
 * @mutex: the device lock (device_lock()); the driver core holds it around a driver's
 *	probe, remove and shutdown
 * @release: frees the device once the last reference is dropped
 * @devres_head: the actions to run when the driver binding ends (__devm_add_action())
 *
 * Lifetime is a reference count: get_device() takes one, put_device() drops one.
 */
struct device {
	struct kobject		kobj;
	struct device		*parent;
	struct device_private	*p;
	const char		*init_name;
	const struct device_type *type;
	const struct bus_type	*bus;
	struct device_driver	*driver;
	void			*platform_data;
	void			*driver_data;
	struct {
		const char	*name;
		spinlock_t	lock;
	} driver_override;
	struct mutex		mutex;
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
 * dev_name - the name of a device
 * @dev: the device
 *
 * Return: @dev->init_name while it is set, else the name its kobject has (NULL before
 * one was given).
 */
static inline const char *dev_name(const struct device *dev)
{
	if (dev->init_name)
		return dev->init_name;
	return kobject_name(&dev->kobj);
}

/**
 * dev_set_name - name a device
 * @dev: the device
 * @name: a printf format for the name, and its arguments
 *
 * The name is freed with the device.
 *
 * Return: 0, or -ENOMEM.
 */
__printf(2, 3) int dev_set_name(struct device *dev, const char *name, ...);

/**
 * device_lock - take the device lock, sleeping until it is free
 * @dev: the device
 *
 * The driver core takes it around probe, remove and shutdown; a callback it holds it
 * around must not take it again.
 */
static inline void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

/**
 * device_unlock - release the device lock
 * @dev: the device, locked by the caller
 */
static inline void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

/**
 * device_lock_assert - document (and, with lockdep, check) that the device lock is held
 * @dev: the device
 *
 * A no-op without CONFIG_LOCKDEP, as in Debian's kernels.
 */
static inline void device_lock_assert(struct device *dev)
{
	(void)dev;
}

/**
 * __device_set_driver_override - set or clear the driver a device may bind to only
 * @dev: the device
 * @s: the driver's name, not necessarily NUL-terminated; "" (or "\n") clears it
 * @len: the length of @s
 *
 * What a write to the device's driver_override file in sysfs does. Binding is not
 * changed: the override applies to the next match.
 *
 * Return: 0, -EINVAL for a name of a page or longer, or -ENOMEM.
 */
int __device_set_driver_override(struct device *dev, const char *s, size_t len);

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
