// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the MDIO bus core: register access goes through the bus driver's callbacks
 * (struct mii_bus read/write), after the address checks the kernel makes.
 *
 * The locked entry points take the bus's mdio_lock around the access, as
 * drivers/net/phy/mdio_bus.c and phy-core.c do; the __ forms expect it held. Taking it
 * twice on one thread (a callback the bus lock is held around calling a locked
 * accessor) is reported as the deadlock it is in a kernel.
 */
#include <linux/errno.h>
#include <linux/mdio.h>
#include <linux/mutex.h>
#include <linux/phy.h>

static int check_access(struct mii_bus *bus, int addr, u32 regnum)
{
	if (!bus)
		return -ENODEV;
	if (addr < 0 || addr >= PHY_MAX_ADDR)
		return -ENXIO;
	if (regnum > 0x1f)
		return -EINVAL;
	return 0;
}

int __mdiobus_read(struct mii_bus *bus, int addr, u32 regnum)
{
	int err = check_access(bus, addr, regnum);

	if (err)
		return err;
	if (!bus->read)
		return -EOPNOTSUPP;
	return bus->read(bus, addr, (int)regnum);
}

int __mdiobus_write(struct mii_bus *bus, int addr, u32 regnum, u16 val)
{
	int err = check_access(bus, addr, regnum);

	if (err)
		return err;
	if (!bus->write)
		return -EOPNOTSUPP;
	return bus->write(bus, addr, (int)regnum, val);
}

int __mdiobus_modify_changed(struct mii_bus *bus, int addr, u32 regnum,
			     u16 mask, u16 set)
{
	int old = __mdiobus_read(bus, addr, regnum);
	int new_value, err;

	if (old < 0)
		return old;
	new_value = (old & ~mask) | set;
	if (new_value == old)
		return 0;
	err = __mdiobus_write(bus, addr, regnum, (u16)new_value);
	return err < 0 ? err : 1;
}

int mdiobus_read(struct mii_bus *bus, int addr, u32 regnum)
{
	int ret;

	if (!bus)
		return -ENODEV;
	mutex_lock(&bus->mdio_lock);
	ret = __mdiobus_read(bus, addr, regnum);
	mutex_unlock(&bus->mdio_lock);
	return ret;
}

int mdiobus_write(struct mii_bus *bus, int addr, u32 regnum, u16 val)
{
	int ret;

	if (!bus)
		return -ENODEV;
	mutex_lock(&bus->mdio_lock);
	ret = __mdiobus_write(bus, addr, regnum, val);
	mutex_unlock(&bus->mdio_lock);
	return ret;
}

int phy_modify(struct phy_device *phydev, u32 regnum, u16 mask, u16 set)
{
	int ret;

	mutex_lock(&phydev->mdio.bus->mdio_lock);
	ret = __mdiobus_modify_changed(phydev->mdio.bus, phydev->mdio.addr, regnum, mask, set);
	mutex_unlock(&phydev->mdio.bus->mdio_lock);
	return ret < 0 ? ret : 0;
}
