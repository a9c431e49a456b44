// SPDX-License-Identifier: GPL-2.0
/*
 * Model of phylib's core as a PHY driver observes it: PHY devices found on an MDIO bus
 * by their id registers, driver registration and binding by id under mask (or the
 * driver's match_phy_device), probe and remove, attach (reset and config_init), the
 * state machine steps (negotiation, link polling, link_change_notify on every state
 * change, halt and error), suspend and resume, all under the per-PHY lock the kernel
 * holds across driver callbacks. Taking that lock again from a callback (the locking
 * phy_start_aneg() instead of _phy_start_aneg()) is a deadlock in a kernel; here it is
 * reported and counted.
 *
 * Link modes are kept as clause 22 advertisement bits (ADVERTISE_*), which is all a
 * 10/100 PHY has. The generic register routines are in phy_genphy.c.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/phy.h>
#include <linux/slab.h>

#include "model.h"
#include "phy_model.h"

static struct model_phy *phys;
static struct phy_driver *drivers[64];
static int driver_count;
static int phylib_lock;

struct model_phy *to_model_phy(struct phy_device *phydev)
{
	return (struct model_phy *)phydev;
}

void model_phy_lock(struct phy_device *phydev)
{
	mutex_lock(&phydev->lock);
}

void model_phy_unlock(struct phy_device *phydev)
{
	mutex_unlock(&phydev->lock);
}

static void record_link_change(struct phy_device *phydev, bool up)
{
	struct model_phy *mp = to_model_phy(phydev);

	if (up)
		mp->link_ups++;
	else
		mp->link_downs++;
}

/* --- binding ------------------------------------------------------------------------ */

/*
 * phy_bus_match(): the driver's match_phy_device, or the id under the mask. The driver
 * core calls it with no lock held, for devices bound to other drivers too
 * (__driver_attach() in drivers/base/dd.c matches before it looks at dev->driver).
 */
static int matches(struct phy_driver *drv, struct phy_device *phydev)
{
	if (drv->match_phy_device)
		return drv->match_phy_device(phydev);
	return phy_id_compare(phydev->phy_id, drv->phy_id, drv->phy_id_mask);
}

static int bound(struct phy_device *phydev)
{
	return phydev->mdio.dev.driver != 0;
}

/*
 * really_probe() -> phy_probe(), with no phydev->lock held: dev->driver is set first,
 * phydev->drv next; on any failure devres is released and dev->driver and the driver
 * data cleared (device_unbind_cleanup()), but phy_probe() leaves phydev->drv set, and
 * nothing ever touches phydev->priv.
 */
static int probe(struct phy_driver *drv, struct phy_device *phydev)
{
	struct model_phy *mp = to_model_phy(phydev);
	int err = 0;

	phydev->mdio.dev.driver = &drv->mdiodrv.driver;
	phydev->drv = drv;
	if (drv->flags & PHY_IS_INTERNAL)
		phydev->is_internal = 1;
	if (drv->probe)
		err = drv->probe(phydev);
	if (!err && drv->get_features)
		err = drv->get_features(phydev);
	else if (!err)
		err = genphy_read_abilities(phydev);
	if (err) {
		devres_release_all(&phydev->mdio.dev);
		phydev->mdio.dev.driver = 0;
		dev_set_drvdata(&phydev->mdio.dev, 0);
		return err;
	}
	if (!mp->autoneg_capable)
		phydev->autoneg = AUTONEG_DISABLE;
	/* phylib advertises everything supported, pause included. */
	mp->advertising = mp->supported | ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM;
	phydev->state = PHY_READY;
	return 0;
}

/*
 * __device_release_driver(): phy_remove() (the driver's remove, then phydev->drv
 * cleared), then device_unbind_cleanup(): devres, dev->driver, the driver data.
 */
static void unbind(struct phy_device *phydev)
{
	/* device_release_driver_internal() (drivers/base/dd.c) holds the device lock. */
	device_lock(&phydev->mdio.dev);
	phydev->state = PHY_DOWN;
	if (phydev->drv && phydev->drv->remove)
		phydev->drv->remove(phydev);
	phydev->drv = 0;
	devres_release_all(&phydev->mdio.dev);
	phydev->mdio.dev.driver = 0;
	dev_set_drvdata(&phydev->mdio.dev, 0);
	device_unlock(&phydev->mdio.dev);
}

/*
 * __driver_attach(): match first (on any device, with no lock), then, under the device
 * lock (drivers/base/dd.c: __driver_attach() takes device_lock() around
 * driver_probe_device()), bind it unless it is bound.
 */
static void try_bind(struct phy_driver *drv, struct phy_device *phydev)
{
	int err = 0;

	if (!matches(drv, phydev))
		return;
	device_lock(&phydev->mdio.dev);
	if (!bound(phydev))
		err = probe(drv, phydev);
	device_unlock(&phydev->mdio.dev);
	if (err)
		model_log("%s: probe of PHY %08x failed", drv->name, phydev->phy_id);
}

static int same_name(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int register_one(struct phy_driver *drv, struct module *owner)
{
	struct model_phy *mp;
	int i;

	if (drv->features && drv->get_features) {
		model_log("%s: features and get_features both set", drv->name);
		return -EINVAL;
	}
	/* driver_register() -> driver_find() (drivers/base/driver.c): one name per bus. */
	for (i = 0; i < driver_count; i++)
		if (drivers[i] == drv || same_name(drivers[i]->name, drv->name)) {
			model_log("Error: Driver '%s' is already registered, aborting...", drv->name);
			return -EBUSY;
		}
	if (driver_count == (int)(sizeof(drivers) / sizeof(drivers[0])))
		return -ENOMEM;
	drv->mdiodrv.flags |= MDIO_DEVICE_IS_PHY;
	drv->mdiodrv.driver.name = drv->name;
	drv->mdiodrv.driver.owner = owner;
	drivers[driver_count++] = drv;
	for (mp = phys; mp; mp = mp->next)
		try_bind(drv, &mp->phydev);
	return 0;
}

static void unregister_one(struct phy_driver *drv)
{
	struct model_phy *mp;
	int i;

	for (i = 0; i < driver_count && drivers[i] != drv; i++)
		;
	if (i == driver_count) {
		model_error("phy_drivers_unregister of '%s', which is not registered", drv->name);
		return;
	}
	for (mp = phys; mp; mp = mp->next)
		if (mp->phydev.mdio.dev.driver == &drv->mdiodrv.driver)
			unbind(&mp->phydev);
	for (; i + 1 < driver_count; i++)
		drivers[i] = drivers[i + 1];
	driver_count--;
}

int phy_drivers_register(struct phy_driver *new_driver, int n, struct module *owner)
{
	int i, err = 0;

	model_lock(&phylib_lock);
	for (i = 0; i < n && !err; i++)
		err = register_one(&new_driver[i], owner);
	if (err)
		for (i -= 1; i-- > 0;)
			unregister_one(&new_driver[i]);
	model_unlock(&phylib_lock);
	return err;
}

void phy_drivers_unregister(struct phy_driver *drv, int n)
{
	int i;

	model_lock(&phylib_lock);
	for (i = 0; i < n; i++)
		unregister_one(&drv[i]);
	model_unlock(&phylib_lock);
}

/* --- the state machine ---------------------------------------------------------------- */

static void process_state_change(struct phy_device *phydev, enum phy_state old)
{
	struct model_phy *mp = to_model_phy(phydev);

	if (old == phydev->state)
		return;
	if (mp->transitions_seen < MODEL_TRANSITIONS)
		mp->transitions[mp->transitions_seen] = phydev->state;
	mp->transitions_seen++;
	if (phydev->drv && phydev->drv->link_change_notify)
		phydev->drv->link_change_notify(phydev);
}

/*
 * Every read_status call goes through here, never inlined: the benchmarks count the
 * instructions of one call with callgrind (--toggle-collect on this name).
 */
__attribute__((noinline)) int kbridge_model_read_status(struct phy_device *phydev);
__attribute__((noinline)) int kbridge_model_read_status(struct phy_device *phydev)
{
	if (phydev->drv->read_status)
		return phydev->drv->read_status(phydev);
	return genphy_read_status(phydev);
}

static int check_link_status(struct phy_device *phydev)
{
	int err = kbridge_model_read_status(phydev);

	if (err)
		return err;
	if (phydev->link && phydev->state != PHY_RUNNING) {
		phydev->state = PHY_RUNNING;
		phydev->phy_link_change(phydev, true);
	} else if (!phydev->link && phydev->state != PHY_NOLINK) {
		phydev->state = PHY_NOLINK;
		phydev->phy_link_change(phydev, false);
	}
	return 0;
}

int phy_config_aneg(struct phy_device *phydev)
{
	if (phydev->drv->config_aneg)
		return phydev->drv->config_aneg(phydev);
	return genphy_config_aneg(phydev);
}

int _phy_start_aneg(struct phy_device *phydev)
{
	int err;

	if (!kbridge_model_mutex_held(&phydev->lock))
		model_error("_phy_start_aneg without phydev->lock");
	if (!phydev->drv)
		return -EIO;
	err = phy_config_aneg(phydev);
	if (err < 0)
		return err;
	if (phy_is_started(phydev))
		err = check_link_status(phydev);
	return err;
}

int phy_start_aneg(struct phy_device *phydev)
{
	int err;

	model_phy_lock(phydev);
	err = _phy_start_aneg(phydev);
	model_phy_unlock(phydev);
	return err;
}

/* One run of phy_state_machine(): 1 when the PHY is to be suspended after it. */
static int state_machine_step(struct phy_device *phydev)
{
	enum phy_state old = phydev->state;
	int err = 0, suspend = 0;

	switch (phydev->state) {
	case PHY_DOWN:
	case PHY_READY:
	case PHY_CABLETEST:	/* no cable tests in the model */
		break;
	case PHY_UP:
		err = _phy_start_aneg(phydev);
		break;
	case PHY_NOLINK:
	case PHY_RUNNING:
		err = check_link_status(phydev);
		break;
	case PHY_HALTED:
	case PHY_ERROR:
		if (phydev->link) {
			phydev->link = 0;
			phydev->phy_link_change(phydev, false);
		}
		suspend = 1;
		break;
	}
	if (err < 0 && err != -ENODEV) {
		model_log("PHY %08x: error %d in the state machine", phydev->phy_id, err);
		phydev->state = PHY_ERROR;
	}
	process_state_change(phydev, old);
	return suspend;
}

static void run_state_machine(struct phy_device *phydev)
{
	int suspend;

	model_phy_lock(phydev);
	suspend = state_machine_step(phydev);
	model_phy_unlock(phydev);
	if (suspend)
		phy_suspend(phydev);
}

int phy_init_hw(struct phy_device *phydev)
{
	int err;

	if (!phydev->drv)
		return 0;
	if (phydev->drv->soft_reset) {
		err = phydev->drv->soft_reset(phydev);
		if (err < 0)
			return err;
		phydev->suspended = 0;
	}
	if (phydev->drv->config_init) {
		err = phydev->drv->config_init(phydev);
		if (err < 0)
			return err;
	}
	if (phydev->drv->config_intr)
		return phydev->drv->config_intr(phydev);
	return 0;
}

int phy_suspend(struct phy_device *phydev)
{
	int err;

	if (phydev->suspended || !phydev->drv || !phydev->drv->suspend)
		return 0;
	err = phydev->drv->suspend(phydev);
	if (!err)
		phydev->suspended = 1;
	return err;
}

/* __phy_resume(): phydev->lock held. */
static int resume_locked(struct phy_device *phydev)
{
	int err;

	if (!phydev->drv || !phydev->drv->resume)
		return 0;
	err = phydev->drv->resume(phydev);
	if (!err)
		phydev->suspended = 0;
	return err;
}

int phy_resume(struct phy_device *phydev)
{
	int err;

	model_phy_lock(phydev);
	err = resume_locked(phydev);
	model_phy_unlock(phydev);
	return err;
}

/* --- test API: what a bus driver and a MAC driver do -------------------------------- */

static void release_phy(struct device *dev)
{
	kfree(dev);	/* the device is the first member of the phy_device */
}

/*
 * get_phy_device() + phy_device_register(): reads the id at @addr, creates the PHY
 * device and binds it to a registered driver if one matches.
 */
int kbridge_model_phy_scan(struct mii_bus *bus, int addr, struct phy_device **out)
{
	struct model_phy *mp;
	int hi, lo, i;

	hi = mdiobus_read(bus, addr, MII_PHYSID1);
	if (hi < 0)
		return hi;
	lo = mdiobus_read(bus, addr, MII_PHYSID2);
	if (lo < 0)
		return lo;
	if ((hi == 0xffff && lo == 0xffff) || (!hi && !lo))
		return -ENODEV;
	mp = kzalloc(sizeof(*mp), GFP_KERNEL);
	if (!mp)
		return -ENOMEM;
	device_initialize(&mp->phydev.mdio.dev);
	mp->phydev.mdio.dev.release = release_phy;
	mp->phydev.mdio.bus = bus;
	mp->phydev.mdio.addr = addr;
	mp->phydev.phy_id = ((u32)hi << 16) | (u32)lo;
	mp->phydev.state = PHY_DOWN;
	mp->phydev.autoneg = AUTONEG_ENABLE;
	mp->phydev.irq = PHY_POLL;
	mp->phydev.interface = PHY_INTERFACE_MODE_MII;
	mp->phydev.speed = SPEED_UNKNOWN;
	mp->phydev.duplex = DUPLEX_UNKNOWN;
	mp->phydev.phy_link_change = record_link_change;
	bus->mdio_map[addr] = &mp->phydev.mdio;
	model_lock(&phylib_lock);
	mp->next = phys;
	phys = mp;
	/* __device_attach(): each driver, under the device lock, while it is unbound. */
	for (i = 0; i < driver_count && !bound(&mp->phydev); i++)
		if (matches(drivers[i], &mp->phydev) && probe(drivers[i], &mp->phydev))
			model_log("%s: probe of PHY %08x failed", drivers[i]->name,
				  mp->phydev.phy_id);
	model_unlock(&phylib_lock);
	*out = &mp->phydev;
	return 0;
}

/* phy_device_remove() + phy_device_free(). */
void kbridge_model_phy_remove(struct phy_device *phydev)
{
	struct model_phy **at;

	model_lock(&phylib_lock);
	if (bound(phydev))
		unbind(phydev);
	for (at = &phys; *at && &(*at)->phydev != phydev; at = &(*at)->next)
		;
	if (*at)
		*at = (*at)->next;
	model_unlock(&phylib_lock);
	phydev->mdio.bus->mdio_map[phydev->mdio.addr] = 0;
	put_device(&phydev->mdio.dev);
}

/*
 * phy_attach_direct(): a MAC takes the PHY (a device reference, and one on the PHY
 * driver's module, so the driver cannot be unloaded under it), resets and resumes it.
 */
int kbridge_model_phy_attach(struct phy_device *phydev)
{
	struct module *owner;
	int err;

	if (!bound(phydev))
		return -ENODEV;
	get_device(&phydev->mdio.dev);
	owner = phydev->mdio.dev.driver->owner;
	if (!try_module_get(owner)) {
		put_device(&phydev->mdio.dev);
		return -EIO;
	}
	err = phy_init_hw(phydev);
	if (!err)
		err = phy_resume(phydev);
	if (err) {
		module_put(owner);
		put_device(&phydev->mdio.dev);
	}
	return err;
}

/* phy_detach(): the PHY is suspended and the MAC's references dropped. */
void kbridge_model_phy_detach(struct phy_device *phydev)
{
	phy_suspend(phydev);
	if (phydev->mdio.dev.driver)
		module_put(phydev->mdio.dev.driver->owner);
	put_device(&phydev->mdio.dev);
}

/* phy_start(), then the state machine's first run. */
void kbridge_model_phy_start(struct phy_device *phydev)
{
	model_phy_lock(phydev);
	if (phydev->state != PHY_READY && phydev->state != PHY_HALTED) {
		model_phy_unlock(phydev);
		model_error("phy_start from state %d", phydev->state);
		return;
	}
	resume_locked(phydev);
	phydev->state = PHY_UP;
	model_phy_unlock(phydev);
	run_state_machine(phydev);
}

/* One poll of the state machine (PHY_STATE_TIME passed); returns the new state. */
int kbridge_model_phy_poll(struct phy_device *phydev)
{
	run_state_machine(phydev);
	return phydev->state;
}

/* phy_stop(): halted, link reported down, suspended. */
void kbridge_model_phy_stop(struct phy_device *phydev)
{
	enum phy_state old;
	int suspend;

	if (!phy_is_started(phydev) && phydev->state != PHY_DOWN &&
	    phydev->state != PHY_ERROR) {
		model_error("phy_stop from state %d", phydev->state);
		return;
	}
	model_phy_lock(phydev);
	old = phydev->state;
	phydev->state = PHY_HALTED;
	process_state_change(phydev, old);
	suspend = state_machine_step(phydev);
	model_phy_unlock(phydev);
	if (suspend)
		phy_suspend(phydev);
}

const char *kbridge_model_phy_driver_name(struct phy_device *phydev)
{
	return bound(phydev) ? phydev->drv->name : 0;
}

int kbridge_model_phy_drivers(void)
{
	return __atomic_load_n(&driver_count, __ATOMIC_SEQ_CST);
}

/* Copies up to @max states the PHY went through to @out; returns how many there were. */
int kbridge_model_phy_transitions(struct phy_device *phydev, int *out, int max)
{
	struct model_phy *mp = to_model_phy(phydev);
	int i;

	for (i = 0; i < mp->transitions_seen && i < max && i < MODEL_TRANSITIONS; i++)
		out[i] = mp->transitions[i];
	return mp->transitions_seen;
}

void kbridge_model_phy_link_events(struct phy_device *phydev, int *ups, int *downs)
{
	*ups = to_model_phy(phydev)->link_ups;
	*downs = to_model_phy(phydev)->link_downs;
}
