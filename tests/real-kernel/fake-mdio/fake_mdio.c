// SPDX-License-Identifier: GPL-2.0
/*
 * A fake MDIO bus for the real-kernel tier: one PHY at address 1 whose registers behave
 * like an ASIX AX88772A with a 100 Mbit/s full-duplex link partner. Registering the bus
 * makes phylib read the PHY id and bind the driver that claims it (kbridge's asix_phy,
 * loaded before). The module then resets the PHY, starts autonegotiation and reads the
 * status through phylib, and prints what the driver reported and the register traffic
 * it caused, as "kbridge-phy:" lines the test script checks.
 */
#include <linux/module.h>
#include <linux/mii.h>
#include <linux/phy.h>

#define FAKE_ADDR 1

struct fake_phy {
	u16 regs[32];
	unsigned int reads[32];
	unsigned int writes[32];
};

static struct mii_bus *bus;

static int fake_read(struct mii_bus *mii, int addr, int reg)
{
	struct fake_phy *phy = mii->priv;

	if (addr != FAKE_ADDR)
		return 0xffff; /* no PHY answers: the bus reads all ones */
	if (reg < 0 || reg >= 32)
		return -EINVAL;
	phy->reads[reg]++;
	return phy->regs[reg];
}

static int fake_write(struct mii_bus *mii, int addr, int reg, u16 val)
{
	struct fake_phy *phy = mii->priv;

	if (addr != FAKE_ADDR || reg < 0 || reg >= 32)
		return -EINVAL;
	phy->writes[reg]++;
	if (reg == MII_BMCR) {
		/* Reset and restart complete at once; a restart leaves autoneg complete. */
		if (val & BMCR_ANRESTART)
			phy->regs[MII_BMSR] |= BMSR_ANEGCOMPLETE;
		val &= ~(BMCR_RESET | BMCR_ANRESTART);
	}
	if (reg != MII_BMSR && reg != MII_PHYSID1 && reg != MII_PHYSID2 && reg != MII_LPA)
		phy->regs[reg] = val;
	return 0;
}

static void fake_phy_init(struct fake_phy *phy)
{
	memset(phy, 0, sizeof(*phy));
	phy->regs[MII_BMCR] = BMCR_ANENABLE | BMCR_SPEED100 | BMCR_FULLDPLX;
	phy->regs[MII_BMSR] = BMSR_100FULL | BMSR_100HALF | BMSR_10FULL | BMSR_10HALF |
			      BMSR_ANEGCAPABLE | BMSR_LSTATUS | BMSR_ANEGCOMPLETE | BMSR_ERCAP;
	phy->regs[MII_PHYSID1] = 0x003b;
	phy->regs[MII_PHYSID2] = 0x1861;
	phy->regs[MII_ADVERTISE] = ADVERTISE_ALL | ADVERTISE_CSMA;
	phy->regs[MII_LPA] = LPA_100FULL | LPA_100HALF | LPA_10FULL | LPA_10HALF |
			     LPA_LPACK | ADVERTISE_CSMA;
}

static int __init fake_mdio_init(void)
{
	struct phy_device *phydev;
	struct fake_phy *phy;
	int ret, reg;

	bus = mdiobus_alloc_size(sizeof(struct fake_phy));
	if (!bus)
		return -ENOMEM;
	phy = bus->priv;
	fake_phy_init(phy);
	bus->name = "kbridge fake MDIO";
	snprintf(bus->id, MII_BUS_ID_SIZE, "kbridge-fake");
	bus->read = fake_read;
	bus->write = fake_write;
	bus->phy_mask = ~(u32)BIT(FAKE_ADDR);

	ret = mdiobus_register(bus);
	if (ret) {
		mdiobus_free(bus);
		return ret;
	}
	phydev = mdiobus_get_phy(bus, FAKE_ADDR);
	if (!phydev || !phydev->drv) {
		pr_err("kbridge-phy: no driver bound to PHY 0x%08x\n",
		       phydev ? phydev->phy_id : 0);
		ret = -ENODEV;
		goto unregister;
	}
	pr_info("kbridge-phy: bound id=0x%08x driver=\"%s\"\n", phydev->phy_id,
		phydev->drv->name);

	ret = phy_init_hw(phydev);
	if (!ret)
		ret = phy_start_aneg(phydev);
	if (!ret) {
		mutex_lock(&phydev->lock);
		ret = phy_read_status(phydev);
		mutex_unlock(&phydev->lock);
	}
	if (ret) {
		pr_err("kbridge-phy: phylib calls failed: %d\n", ret);
		goto unregister;
	}
	pr_info("kbridge-phy: link=%d speed=%d duplex=%d autoneg_complete=%d\n", phydev->link,
		phydev->speed, phydev->duplex, phydev->autoneg_complete);
	for (reg = 0; reg < 32; reg++)
		if (phy->reads[reg] || phy->writes[reg])
			pr_info("kbridge-phy: reg=%d reads=%u writes=%u value=0x%04x\n", reg,
				phy->reads[reg], phy->writes[reg], phy->regs[reg]);
	pr_info("kbridge-phy: done\n");
	return 0;

unregister:
	mdiobus_unregister(bus);
	mdiobus_free(bus);
	return ret;
}

static void __exit fake_mdio_exit(void)
{
	mdiobus_unregister(bus);
	mdiobus_free(bus);
}

module_init(fake_mdio_init);
module_exit(fake_mdio_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbridge test: a fake MDIO bus with an AX88772A");
