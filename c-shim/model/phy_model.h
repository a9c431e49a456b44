/* SPDX-License-Identifier: GPL-2.0 */
/* What the phylib model keeps beside each phy_device. */
#ifndef KBRIDGE_PHY_MODEL_H
#define KBRIDGE_PHY_MODEL_H

#include <linux/phy.h>

#define MODEL_TRANSITIONS 64

struct model_phy {
	struct phy_device phydev;	/* first: phylib hands drivers this pointer */
	int autoneg_capable;
	u16 supported;			/* ADVERTISE_* bits the PHY can do */
	u16 advertising;		/* ADVERTISE_* bits phylib advertises */
	u16 lp_advertising;		/* LPA_* bits last read from the partner */
	int link_ups;
	int link_downs;
	int transitions[MODEL_TRANSITIONS];
	int transitions_seen;
	struct model_phy *next;
};

struct model_phy *to_model_phy(struct phy_device *phydev);
void model_phy_lock(struct phy_device *phydev);
void model_phy_unlock(struct phy_device *phydev);
int phy_suspend(struct phy_device *phydev);
int phy_resume(struct phy_device *phydev);
int phy_config_aneg(struct phy_device *phydev);

#endif /* KBRIDGE_PHY_MODEL_H */
