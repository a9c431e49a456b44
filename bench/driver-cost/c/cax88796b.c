// SPDX-License-Identifier: GPL-2.0
/*
 * cax88796b: examples/phy-asix written in plain C on the same model, the baseline of
 * the driver-cost benchmark: the same three PHYs with the same callbacks (soft reset
 * writing BMCR = 0 first, the AX88772A's link status taken from BMCR and its reset and
 * renegotiation when the link goes down, BMCR power-down suspend and resume).
 */
#include <linux/mii.h>
#include <linux/module.h>
#include <linux/phy.h>

static int cax_soft_reset(struct phy_device *phydev)
{
	int ret = phy_write(phydev, MII_BMCR, 0);

	if (ret < 0)
		return ret;
	return genphy_soft_reset(phydev);
}

static int cax88772a_read_status(struct phy_device *phydev)
{
	int ret, bmcr;

	ret = genphy_update_link(phydev);
	if (ret)
		return ret;
	if (!phydev->link)
		return 0;
	/* With LPA at 0 the negotiated mode cannot be resolved: BMCR is the default. */
	bmcr = phy_read(phydev, MII_BMCR);
	if (bmcr < 0)
		return bmcr;
	phydev->speed = (bmcr & BMCR_SPEED100) ? SPEED_100 : SPEED_10;
	phydev->duplex = (bmcr & BMCR_FULLDPLX) ? DUPLEX_FULL : DUPLEX_HALF;
	ret = genphy_read_lpa(phydev);
	if (ret < 0)
		return ret;
	if (phydev->autoneg && phydev->autoneg_complete)
		phy_resolve_aneg_linkmode(phydev);
	return 0;
}

static void cax88772a_link_change_notify(struct phy_device *phydev)
{
	if (phydev->state == PHY_NOLINK) {
		phy_init_hw(phydev);
		_phy_start_aneg(phydev);	/* the state machine holds the lock */
	}
}

static struct phy_driver cax_drivers[] = {
	{
		PHY_ID_MATCH_EXACT(0x003b1861),
		.name = "Asix Electronics AX88772A (C)",
		.flags = PHY_IS_INTERNAL,
		.read_status = cax88772a_read_status,
		.soft_reset = cax_soft_reset,
		.suspend = genphy_suspend,
		.resume = genphy_resume,
		.link_change_notify = cax88772a_link_change_notify,
	}, {
		PHY_ID_MATCH_EXACT(0x003b1881),
		.name = "Asix Electronics AX88772C (C)",
		.flags = PHY_IS_INTERNAL,
		.soft_reset = cax_soft_reset,
		.suspend = genphy_suspend,
		.resume = genphy_resume,
	}, {
		PHY_ID_MATCH_MODEL(0x003b1841),
		.name = "Asix Electronics AX88796B (C)",
		.soft_reset = cax_soft_reset,
	},
};

int cax88796b_init(void);
int cax88796b_init(void)
{
	return phy_drivers_register(cax_drivers, 3, THIS_MODULE);
}

void cax88796b_exit(void);
void cax88796b_exit(void)
{
	phy_drivers_unregister(cax_drivers, 3);
}
