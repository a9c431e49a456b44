/* SPDX-License-Identifier: GPL-2.0 */
/* kbridge model of <linux/mod_devicetable.h>: the MDIO device-id table entry. */
#ifndef LINUX_MOD_DEVICETABLE_H
#define LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

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

#endif /* LINUX_MOD_DEVICETABLE_H */
