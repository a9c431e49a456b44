/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/platform_device.h>: devices that are no bus's discovery (a
 * SoC block, a software device) and the drivers that bind to them by name, by id table
 * or by device-tree compatible.
 */
#ifndef _PLATFORM_DEVICE_H_
#define _PLATFORM_DEVICE_H_

#include <linux/types.h>
#include <linux/container_of.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/pm.h>

/* platform_device.id: a device of its name that has no number, or one given a free one. */
#define PLATFORM_DEVID_NONE	(-1)
#define PLATFORM_DEVID_AUTO	(-2)

struct mfd_cell;
struct resource;

/**
 * struct platform_device - a device on the platform bus
 * @name: matched against drivers' names and id tables
 * @id: the instance number, or PLATFORM_DEVID_NONE / PLATFORM_DEVID_AUTO
 * @id_auto: @id was allocated by platform_device_add()
 * @dev: the driver-core device
 * @platform_dma_mask: the DMA mask @dev.dma_mask may point to
 * @dma_parms: DMA limits
 * @num_resources: entries of @resource
 * @resource: its memory, I/O and interrupt resources
 * @id_entry: the entry of the bound driver's id table that matched it, if any
 * @mfd_cell: the multi-function device cell it was made for, if any
 */
struct platform_device {
	const char	*name;
	int		id;
	bool		id_auto;
	struct device	dev;
	u64		platform_dma_mask;
	struct device_dma_parameters dma_parms;
	u32		num_resources;
	struct resource	*resource;

	const struct platform_device_id	*id_entry;

	struct mfd_cell *mfd_cell;
};

/* The id-table entry the device matched, or NULL (it matched by name or compatible). */
#define platform_get_device_id(pdev)	((pdev)->id_entry)

/* The platform device whose struct device is @x. */
#define to_platform_device(x) container_of((x), struct platform_device, dev)

/**
 * platform_device_register - initialize a device and add it to the platform bus
 * @pdev: the device, zeroed except for @name, @id and what the caller sets
 *
 * Whatever the result, the caller drops the reference it got with
 * platform_device_put() (platform_device_unregister() after a good add), never frees
 * @pdev itself.
 *
 * Return: 0, or -errno (-EEXIST for a name taken already).
 */
extern int platform_device_register(struct platform_device *);

/**
 * platform_device_unregister - remove a device from the bus and drop its reference
 * @pdev: a registered device; its driver, if any, is unbound first
 */
extern void platform_device_unregister(struct platform_device *);

/**
 * platform_device_alloc - allocate a platform device, with one reference
 * @name: its name, copied
 * @id: its instance number, or PLATFORM_DEVID_NONE / PLATFORM_DEVID_AUTO
 *
 * The device is freed when its last reference is dropped.
 *
 * Return: the device, or NULL when out of memory.
 */
extern struct platform_device *platform_device_alloc(const char *name, int id);

/**
 * platform_device_add - name a device and add it to the bus, which may bind a driver
 * @pdev: a device from platform_device_alloc() or initialized by the caller
 *
 * Return: 0, or -errno (-EEXIST for a name taken already).
 */
extern int platform_device_add(struct platform_device *pdev);

/**
 * platform_device_del - remove a device from the bus, unbinding its driver
 * @pdev: an added device; the reference stays the caller's
 */
extern void platform_device_del(struct platform_device *pdev);

/**
 * platform_device_put - drop a reference on a platform device
 * @pdev: the device, NULL or an ERR_PTR
 */
extern void platform_device_put(struct platform_device *pdev);

/**
 * struct platform_driver - a driver for platform devices
 * @probe: bind to a device; 0 or -errno. Called with the device lock held.
 * @remove: unbind from a device. Called with the device lock held.
 * @remove_new: the same slot under its transitional name
 * @shutdown: quiesce the device at reboot or power-off, device lock held
 * @suspend: legacy system suspend
 * @resume: legacy system resume
 * @driver: the driver-core driver; @driver.name is matched when there is no id table
 * @id_table: the device names it binds to, ended by an entry with an empty name
 * @prevent_deferred_probe: turn -EPROBE_DEFER from @probe into -ENXIO
 * @driver_managed_dma: the driver manages DMA itself (VFIO)
 */
struct platform_driver {
	int (*probe)(struct platform_device *);

	union {
		void (*remove)(struct platform_device *);
		void (*remove_new)(struct platform_device *);
	};

	void (*shutdown)(struct platform_device *);
	int (*suspend)(struct platform_device *, pm_message_t state);
	int (*resume)(struct platform_device *);
	struct device_driver driver;
	const struct platform_device_id *id_table;
	bool prevent_deferred_probe;
	bool driver_managed_dma;
};

/* The platform driver whose device_driver is @drv. */
#define to_platform_driver(drv)	(container_of((drv), struct platform_driver, \
				 driver))

/* Registers @drv with the calling module as its owner. */
#define platform_driver_register(drv) \
	__platform_driver_register(drv, THIS_MODULE)

/**
 * __platform_driver_register - register a platform driver, owned by @owner
 * @drv: the driver; its bus and owner are set here
 * @owner: the module the driver's code is in
 *
 * Every device it matches that has no driver is probed before this returns.
 *
 * Return: 0, -EBUSY when a platform driver of its name is registered, or -errno.
 */
extern int __platform_driver_register(struct platform_driver *,
					struct module *);

/**
 * platform_driver_unregister - unbind a platform driver from its devices, unregister it
 * @drv: a registered driver
 */
extern void platform_driver_unregister(struct platform_driver *);

/**
 * platform_get_drvdata - the bound driver's data of a platform device
 * @pdev: the device
 *
 * Return: what platform_set_drvdata() stored, or NULL.
 */
static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

/**
 * platform_set_drvdata - store the bound driver's data in a platform device
 * @pdev: the device
 * @data: the driver's pointer; the driver core clears it after remove
 */
static inline void platform_set_drvdata(struct platform_device *pdev,
					void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

#endif /* _PLATFORM_DEVICE_H_ */
