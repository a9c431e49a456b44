// SPDX-License-Identifier: GPL-2.0
/*
 * A C PHY driver as many are written: per-device data in phydev->priv, allocated in
 * probe and freed when the driver unbinds (devm-managed memory is freed after remove),
 * without clearing the pointer: phylib never touches priv, so the next driver to bind
 * the PHY finds a pointer to freed memory there. The memory is filled with 0x41 first,
 * so a driver that took the old value for its own would read (or jump to) 0x4141...
 */
#include <linux/errno.h>
#include <linux/phy.h>
#include <linux/slab.h>

void *memset(void *dst, int byte, __SIZE_TYPE__ len);

static int stale_probe(struct phy_device *phydev)
{
	void *data = kmalloc(64, GFP_KERNEL);

	if (!data)
		return -ENOMEM;
	memset(data, 0x41, 64);
	phydev->priv = data;
	return 0;
}

static void stale_remove(struct phy_device *phydev)
{
	memset(phydev->priv, 0x41, 64);
	kfree(phydev->priv);
}

static struct phy_driver stale_driver = {
	.name = "c driver leaving priv dangling",
	.phy_id_mask = 0xffffffff,
	.probe = stale_probe,
	.remove = stale_remove,
};

int kbridge_test_stale_priv_register(u32 phy_id)
{
	stale_driver.phy_id = phy_id;
	return phy_drivers_register(&stale_driver, 1, 0);
}

void kbridge_test_stale_priv_unregister(void)
{
	phy_drivers_unregister(&stale_driver, 1);
}
