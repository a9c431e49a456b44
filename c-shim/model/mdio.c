// SPDX-License-Identifier: GPL-2.0
/*
 * Model of the MDIO bus core: register access goes through the bus driver's callbacks
 * (struct mii_bus read/write), after the address checks the kernel makes.
 *
 * The model is single-threaded per bus for now, so the "locked" entry points take no
 * lock; they differ from the __ forms only in name, as the kernel's do in behaviour
 * visible to one thread.
 */
#include <linux/errno.h>
#include <linux/mdio.h>
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
	return __mdiobus_read(bus, addr, regnum);
}

int mdiobus_write(struct mii_bus *bus, int addr, u32 regnum, u16 val)
{
	return __mdiobus_write(bus, addr, regnum, val);
}

int phy_modify(struct phy_device *phydev, u32 regnum, u16 mask, u16 set)
{
	int ret = __mdiobus_modify_changed(phydev->mdio.bus, phydev->mdio.addr, regnum, mask, set);

	return ret < 0 ? ret : 0;
}
