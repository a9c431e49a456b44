// SPDX-License-Identifier: GPL-2.0
/*
 * Model of phylib's generic clause 22 routines (genphy_*) and register helpers, with the
 * register accesses Linux 6.12 makes for a 10/100 PHY in polling mode: the same reads
 * and writes in the same order, so a driver's MDIO traffic on the model is the traffic
 * it causes in a kernel.
 */
#include <linux/errno.h>
#include <linux/phy.h>

#include "model.h"
#include "phy_model.h"

/* phy_read_poll_timeout() at 50 ms per read for 600 ms: this many reads, then -ETIMEDOUT. */
#define RESET_POLL_READS 13
#define LOOPBACK_POLL_READS 101

int phy_modify_changed(struct phy_device *phydev, u32 regnum, u16 mask, u16 set)
{
	int ret;

	mutex_lock(&phydev->mdio.bus->mdio_lock);
	ret = __mdiobus_modify_changed(phydev->mdio.bus, phydev->mdio.addr, regnum, mask, set);
	mutex_unlock(&phydev->mdio.bus->mdio_lock);
	return ret;
}

/* Reads @regnum until (value & @bits) == @want, at most @reads times. */
static int poll_register(struct phy_device *phydev, u32 regnum, u16 bits, u16 want, int reads)
{
	int val;

	while (reads-- > 0) {
		val = phy_read(phydev, regnum);
		if (val < 0)
			return val;
		if ((val & bits) == want)
			return 0;
	}
	return -ETIMEDOUT;
}

static u16 bmcr_fixed(int speed, int duplex)
{
	u16 bmcr = duplex == DUPLEX_FULL ? BMCR_FULLDPLX : 0;

	if (speed == SPEED_1000)
		bmcr |= BMCR_SPEED1000;
	else if (speed == SPEED_100)
		bmcr |= BMCR_SPEED100;
	return bmcr;
}

int genphy_read_abilities(struct phy_device *phydev)
{
	struct model_phy *mp = to_model_phy(phydev);
	int val = phy_read(phydev, MII_BMSR);

	if (val < 0)
		return val;
	mp->autoneg_capable = !!(val & BMSR_ANEGCAPABLE);
	mp->supported = 0;
	if (val & BMSR_100FULL)
		mp->supported |= ADVERTISE_100FULL;
	if (val & BMSR_100HALF)
		mp->supported |= ADVERTISE_100HALF;
	if (val & BMSR_10FULL)
		mp->supported |= ADVERTISE_10FULL;
	if (val & BMSR_10HALF)
		mp->supported |= ADVERTISE_10HALF;
	return 0;
}

int genphy_setup_forced(struct phy_device *phydev)
{
	phydev->pause = 0;
	phydev->asym_pause = 0;
	return phy_modify(phydev, MII_BMCR, (u16)~(BMCR_LOOPBACK | BMCR_ISOLATE | BMCR_PDOWN),
			  bmcr_fixed(phydev->speed, phydev->duplex));
}

int genphy_restart_aneg(struct phy_device *phydev)
{
	return phy_modify(phydev, MII_BMCR, BMCR_ISOLATE, BMCR_ANENABLE | BMCR_ANRESTART);
}

int genphy_check_and_restart_aneg(struct phy_device *phydev, bool restart)
{
	int bmcr;

	if (!restart) {
		bmcr = phy_read(phydev, MII_BMCR);
		if (bmcr < 0)
			return bmcr;
		restart = !(bmcr & BMCR_ANENABLE) || (bmcr & BMCR_ISOLATE);
	}
	return restart ? genphy_restart_aneg(phydev) : 0;
}

int __genphy_config_aneg(struct phy_device *phydev, bool changed)
{
	struct model_phy *mp = to_model_phy(phydev);
	int err, bmsr;

	if (phydev->autoneg != AUTONEG_ENABLE)
		return genphy_setup_forced(phydev);
	err = phy_modify_changed(phydev, MII_ADVERTISE,
				 ADVERTISE_ALL | ADVERTISE_100BASE4 | ADVERTISE_PAUSE_CAP |
				 ADVERTISE_PAUSE_ASYM, mp->advertising);
	if (err < 0)
		return err;
	changed = changed || err > 0;
	/* A gigabit PHY would have MII_CTRL1000 written here; BMSR says whether. */
	bmsr = phy_read(phydev, MII_BMSR);
	if (bmsr < 0)
		return bmsr;
	return genphy_check_and_restart_aneg(phydev, changed);
}

int genphy_aneg_done(struct phy_device *phydev)
{
	int bmsr = phy_read(phydev, MII_BMSR);

	return bmsr < 0 ? bmsr : (bmsr & BMSR_ANEGCOMPLETE);
}

int genphy_update_link(struct phy_device *phydev)
{
	int bmcr, status = 0;

	bmcr = phy_read(phydev, MII_BMCR);
	if (bmcr < 0)
		return bmcr;
	if (!(bmcr & BMCR_ANRESTART)) {
		/* BMSR latches link-down: read twice unless polling a link that was up. */
		if (phydev->irq != PHY_POLL || !phydev->link) {
			status = phy_read(phydev, MII_BMSR);
			if (status < 0)
				return status;
		}
		if (!(status & BMSR_LSTATUS)) {
			status = phy_read(phydev, MII_BMSR);
			if (status < 0)
				return status;
		}
	}
	phydev->link = !!(status & BMSR_LSTATUS);
	phydev->autoneg_complete = !!(status & BMSR_ANEGCOMPLETE);
	if (phydev->autoneg == AUTONEG_ENABLE && !phydev->autoneg_complete)
		phydev->link = 0;
	return 0;
}

int genphy_read_lpa(struct phy_device *phydev)
{
	struct model_phy *mp = to_model_phy(phydev);
	int lpa;

	mp->lp_advertising = 0;
	if (phydev->autoneg != AUTONEG_ENABLE || !phydev->autoneg_complete)
		return 0;
	lpa = phy_read(phydev, MII_LPA);
	if (lpa < 0)
		return lpa;
	mp->lp_advertising = (u16)lpa;
	return 0;
}

void phy_resolve_aneg_linkmode(struct phy_device *phydev)
{
	static const struct { u16 mode; int speed, duplex; } best_first[] = {
		{ ADVERTISE_100FULL, SPEED_100, DUPLEX_FULL },
		{ ADVERTISE_100HALF, SPEED_100, DUPLEX_HALF },
		{ ADVERTISE_10FULL, SPEED_10, DUPLEX_FULL },
		{ ADVERTISE_10HALF, SPEED_10, DUPLEX_HALF },
	};
	struct model_phy *mp = to_model_phy(phydev);
	u16 common = mp->lp_advertising & mp->advertising;
	unsigned long i;

	for (i = 0; i < sizeof(best_first) / sizeof(best_first[0]); i++)
		if (common & best_first[i].mode) {
			phydev->speed = best_first[i].speed;
			phydev->duplex = best_first[i].duplex;
			break;
		}
	if (phydev->duplex == DUPLEX_FULL) {
		phydev->pause = !!(mp->lp_advertising & LPA_PAUSE_CAP);
		phydev->asym_pause = !!(mp->lp_advertising & LPA_PAUSE_ASYM);
	}
}

int genphy_read_status_fixed(struct phy_device *phydev)
{
	int bmcr = phy_read(phydev, MII_BMCR);

	if (bmcr < 0)
		return bmcr;
	phydev->duplex = (bmcr & BMCR_FULLDPLX) ? DUPLEX_FULL : DUPLEX_HALF;
	if (bmcr & BMCR_SPEED1000)
		phydev->speed = SPEED_1000;
	else if (bmcr & BMCR_SPEED100)
		phydev->speed = SPEED_100;
	else
		phydev->speed = SPEED_10;
	return 0;
}

int genphy_read_status(struct phy_device *phydev)
{
	int err, old_link = phydev->link;

	err = genphy_update_link(phydev);
	if (err)
		return err;
	if (phydev->autoneg == AUTONEG_ENABLE && old_link && phydev->link)
		return 0;
	phydev->speed = SPEED_UNKNOWN;
	phydev->duplex = DUPLEX_UNKNOWN;
	phydev->pause = 0;
	phydev->asym_pause = 0;
	err = genphy_read_lpa(phydev);
	if (err < 0)
		return err;
	if (phydev->autoneg == AUTONEG_ENABLE && phydev->autoneg_complete)
		phy_resolve_aneg_linkmode(phydev);
	else if (phydev->autoneg == AUTONEG_DISABLE)
		return genphy_read_status_fixed(phydev);
	return 0;
}

int genphy_suspend(struct phy_device *phydev)
{
	return phy_set_bits(phydev, MII_BMCR, BMCR_PDOWN);
}

int genphy_resume(struct phy_device *phydev)
{
	return phy_clear_bits(phydev, MII_BMCR, BMCR_PDOWN);
}

int genphy_loopback(struct phy_device *phydev, bool enable)
{
	if (!enable) {
		phy_modify(phydev, MII_BMCR, BMCR_LOOPBACK, 0);
		phy_config_aneg(phydev);
		return 0;
	}
	phy_modify(phydev, MII_BMCR, (u16)~0,
		   BMCR_LOOPBACK | bmcr_fixed(phydev->speed, phydev->duplex));
	return poll_register(phydev, MII_BMSR, BMSR_LSTATUS, BMSR_LSTATUS, LOOPBACK_POLL_READS);
}

int genphy_soft_reset(struct phy_device *phydev)
{
	u16 bits = BMCR_RESET;
	int err;

	if (phydev->autoneg == AUTONEG_ENABLE)
		bits |= BMCR_ANRESTART;
	err = phy_modify(phydev, MII_BMCR, BMCR_ISOLATE, bits);
	if (err < 0)
		return err;
	/* A reset clears BMCR_PDOWN. */
	phydev->suspended = 0;
	err = poll_register(phydev, MII_BMCR, BMCR_RESET, 0, RESET_POLL_READS);
	if (err)
		return err;
	if (phydev->autoneg == AUTONEG_DISABLE)
		return genphy_setup_forced(phydev);
	return 0;
}

int genphy_read_mmd_unsupported(struct phy_device *phdev, int devad, u16 regnum)
{
	return -EOPNOTSUPP;
}

int genphy_write_mmd_unsupported(struct phy_device *phdev, int devnum, u16 regnum, u16 val)
{
	return -EOPNOTSUPP;
}

/* --- clause 45 registers through clause 22, and register pages ----------------------- */

/* Clause 22 indirect access to an MMD register; the bus lock held. */
static int mmd_select(struct phy_device *phydev, int devad, u32 regnum)
{
	int err = __phy_write(phydev, MII_MMD_CTRL, (u16)devad);

	if (!err)
		err = __phy_write(phydev, MII_MMD_DATA, (u16)regnum);
	if (!err)
		err = __phy_write(phydev, MII_MMD_CTRL, (u16)devad | MII_MMD_CTRL_NOINCR);
	return err;
}

/* phy_read_mmd() (phy-core.c): the bus lock around __phy_read_mmd(), which calls the
 * driver's read_mmd with it held. */
int phy_read_mmd(struct phy_device *phydev, int devad, u32 regnum)
{
	int err;

	if (regnum > 0xffff || devad > 32)
		return -EINVAL;
	mutex_lock(&phydev->mdio.bus->mdio_lock);
	if (phydev->drv && phydev->drv->read_mmd)
		err = phydev->drv->read_mmd(phydev, devad, (u16)regnum);
	else if (!(err = mmd_select(phydev, devad, regnum)))
		err = __phy_read(phydev, MII_MMD_DATA);
	mutex_unlock(&phydev->mdio.bus->mdio_lock);
	return err;
}

int phy_write_mmd(struct phy_device *phydev, int devad, u32 regnum, u16 val)
{
	int err;

	if (regnum > 0xffff || devad > 32)
		return -EINVAL;
	mutex_lock(&phydev->mdio.bus->mdio_lock);
	if (phydev->drv && phydev->drv->write_mmd)
		err = phydev->drv->write_mmd(phydev, devad, (u16)regnum, val);
	else if (!(err = mmd_select(phydev, devad, regnum)))
		err = __phy_write(phydev, MII_MMD_DATA, val);
	mutex_unlock(&phydev->mdio.bus->mdio_lock);
	return err;
}

/*
 * phy_save_page(): the bus lock, then the driver's read_page/write_page under it
 * (WARN_ONCE and -EOPNOTSUPP when it has none); returns the page to restore, or -errno.
 */
static int select_page(struct phy_device *phydev, int page)
{
	int old, err;

	mutex_lock(&phydev->mdio.bus->mdio_lock);
	if (!phydev->drv || !phydev->drv->read_page || !phydev->drv->write_page)
		return -EOPNOTSUPP;
	old = phydev->drv->read_page(phydev);
	if (old < 0 || old == page)
		return old;
	err = phydev->drv->write_page(phydev, page);
	return err < 0 ? err : old;
}

/* phy_restore_page(): back to @old, then the bus lock is released. */
static int restore_page(struct phy_device *phydev, int old, int ret)
{
	int err = old;

	if (old >= 0) {
		err = phydev->drv->write_page(phydev, old);
		err = ret >= 0 && err < 0 ? err : ret;
	}
	mutex_unlock(&phydev->mdio.bus->mdio_lock);
	return err;
}

int phy_read_paged(struct phy_device *phydev, int page, u32 regnum)
{
	int old = select_page(phydev, page), ret = 0;

	if (old >= 0)
		ret = __phy_read(phydev, regnum);
	return restore_page(phydev, old, ret);
}

int phy_write_paged(struct phy_device *phydev, int page, u32 regnum, u16 val)
{
	int old = select_page(phydev, page), ret = 0;

	if (old >= 0)
		ret = __phy_write(phydev, regnum, val);
	return restore_page(phydev, old, ret);
}

void phy_print_status(struct phy_device *phydev)
{
	if (!phydev->link) {
		model_log("PHY %08x: Link is Down", phydev->phy_id);
		return;
	}
	model_log("PHY %08x: Link is Up - %dMbps/%s", phydev->phy_id, phydev->speed,
		  phydev->duplex == DUPLEX_FULL ? "Full" : "Half");
}
