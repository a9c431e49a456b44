/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/mod_devicetable.h>: the device-id table entries of the modeled
 * buses (MDIO, platform, device tree), which modpost also reads for module autoloading.
 */
#ifndef LINUX_MOD_DEVICETABLE_H
#define LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

/* The width of kernel_ulong_t is the kernel's unsigned long (modpost reads the tables). */
typedef unsigned long kernel_ulong_t;

#define MDIO_NAME_SIZE		32
#define MDIO_MODULE_PREFIX	"mdio:"

/**
 * struct mdio_device_id - one PHY id a module handles, for module autoloading
 * @phy_id: the id, compared under @phy_id_mask
 * @phy_id_mask: which bits of @phy_id matter; an all-zero entry ends the table
 */
struct mdio_device_id {
	__u32 phy_id;
	__u32 phy_id_mask;
};

/**
 * struct of_device_id - one device-tree node a driver binds to
 * @name: the node's name, or empty for any
 * @type: the node's device_type, or empty for any
 * @compatible: a string of the node's "compatible" property, or empty for any
 * @data: the driver's data for such a node
 *
 * A table of them ends with an all-zero entry.
 */
struct of_device_id {
	char	name[32];
	char	type[32];
	char	compatible[128];
	const void *data;
};

#define PLATFORM_NAME_SIZE	20
#define PLATFORM_MODULE_PREFIX	"platform:"

/**
 * struct platform_device_id - one platform device name a driver binds to
 * @name: the name, compared whole with the device's
 * @driver_data: the driver's data for such a device
 *
 * A table of them ends with an entry whose name is empty.
 */
struct platform_device_id {
	char name[PLATFORM_NAME_SIZE];
	kernel_ulong_t driver_data;
};

#endif /* LINUX_MOD_DEVICETABLE_H */
