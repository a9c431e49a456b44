// SPDX-License-Identifier: GPL-2.0
/*
 * Model hardware: an MDIO bus controller with register-file PHYs on it, emulating the
 * ASIX AX88772A, AX88772C and AX88796B closely enough to show what their driver works
 * around. Every access is logged, so tests compare the register traffic a driver caused
 * with what the C driver would cause, and any access can be made to fail.
 *
 * What the chips do, as seen over MDIO (clause 22):
 * - BMCR_RESET only acts when the written value toggles it from a written 0: a reset
 *   written while the last write already had the bit set leaves it stuck at 1 (the ASIX
 *   quirk asix_soft_reset() writes BMCR = 0 for). A real reset reads back as in
 *   progress once, then clears and puts BMCR/ADVERTISE to their defaults.
 * - BMSR_LSTATUS latches low: a link drop shows in the next read even if the link is
 *   back, the read after shows the present state.
 * - Negotiation runs when restarted (ANRESTART, a reset, power-up, a cable plugged in)
 *   and completes when the test lets time pass (kbridge_model_emu_settle()) with a link
 *   partner present; LPA then holds the partner's abilities, or 0 on an AX88772A facing
 *   an old switch (kbridge_model_emu_lpa_zero(), the reason for its read_status).
 * - BMCR_PDOWN takes the link down until cleared.
 * - Registers 0x10-0x1f are vendor registers: plain storage.
 */
#include <linux/errno.h>
#include <linux/phy.h>

#include "model.h"

#define BMCR_DEFAULT	(BMCR_ANENABLE | BMCR_SPEED100 | BMCR_FULLDPLX)
#define ADVERTISE_DEFAULT	(ADVERTISE_ALL | ADVERTISE_CSMA)
#define BMSR_ABILITIES	(BMSR_100FULL | BMSR_100HALF | BMSR_10FULL | BMSR_10HALF | \
			 BMSR_ANEGCAPABLE)
#define LOG_SIZE	4096

struct emu_phy {
	u32 id;
	u16 regs[32];
	u16 last_bmcr_write;
	int reset_pending;	/* BMCR reads still showing a reset in progress */
	int cable;		/* a link partner is connected */
	u16 partner;		/* the partner's advertisement */
	int lpa_zero;		/* the AX88772A/old switch quirk */
	int negotiating;
	int aneg_complete;
	int latched_down;
};

/* One MDIO access, as tests read it back. */
struct kbridge_mdio_access {
	int write;
	int addr;
	int reg;
	int value;		/* the value written, or the result of the read */
};

struct model_bus {
	struct mii_bus bus;	/* first: the bus callbacks get this pointer */
	struct emu_phy *phys[PHY_MAX_ADDR];
	struct kbridge_mdio_access log[LOG_SIZE];
	int logged;
	long fail_countdown;
	int fail_errno;
	int lock;
};

static struct model_bus *to_model_bus(struct mii_bus *bus)
{
	return (struct model_bus *)bus;
}

static int link_up(const struct emu_phy *phy)
{
	u16 bmcr = phy->regs[MII_BMCR];

	if (!phy->cable || (bmcr & (BMCR_PDOWN | BMCR_ISOLATE)))
		return 0;
	return (bmcr & BMCR_ANENABLE) ? phy->aneg_complete : 1;
}

static void take_link_down(struct emu_phy *phy)
{
	if (link_up(phy))
		phy->latched_down = 1;
	phy->aneg_complete = 0;
	phy->regs[MII_LPA] = 0;
}

static void restart_negotiation(struct emu_phy *phy)
{
	take_link_down(phy);
	phy->negotiating = 1;
}

static void reset(struct emu_phy *phy)
{
	restart_negotiation(phy);
	phy->regs[MII_BMCR] = BMCR_DEFAULT;
	phy->regs[MII_ADVERTISE] = ADVERTISE_DEFAULT;
}

static u16 read_register(struct emu_phy *phy, int reg)
{
	u16 value;

	switch (reg) {
	case MII_BMCR:
		if (phy->reset_pending) {
			phy->reset_pending--;
			return phy->regs[MII_BMCR] | BMCR_RESET;
		}
		return phy->regs[MII_BMCR];
	case MII_BMSR:
		value = BMSR_ABILITIES;
		if (phy->aneg_complete)
			value |= BMSR_ANEGCOMPLETE;
		if (link_up(phy) && !phy->latched_down)
			value |= BMSR_LSTATUS;
		phy->latched_down = 0;
		return value;
	case MII_PHYSID1:
		return (u16)(phy->id >> 16);
	case MII_PHYSID2:
		return (u16)phy->id;
	default:
		return phy->regs[reg];
	}
}

static void write_register(struct emu_phy *phy, int reg, u16 value)
{
	u16 old, toggled_reset;

	switch (reg) {
	case MII_BMCR:
		old = phy->regs[MII_BMCR];
		toggled_reset = (value & BMCR_RESET) && !(phy->last_bmcr_write & BMCR_RESET);
		phy->last_bmcr_write = value;
		if (toggled_reset) {
			reset(phy);
			phy->reset_pending = 1;
			return;
		}
		/* Without the toggle the reset bit is stored and never clears. */
		phy->regs[MII_BMCR] = value & ~BMCR_ANRESTART;
		if ((value & BMCR_PDOWN) && !(old & BMCR_PDOWN))
			take_link_down(phy);
		else if (!(value & BMCR_PDOWN) && (old & BMCR_PDOWN))
			phy->negotiating = 1;
		if ((value & (BMCR_ANENABLE | BMCR_ANRESTART)) ==
		    (BMCR_ANENABLE | BMCR_ANRESTART))
			restart_negotiation(phy);
		return;
	case MII_BMSR:
	case MII_PHYSID1:
	case MII_PHYSID2:
	case MII_LPA:
		return;		/* read-only */
	default:
		phy->regs[reg] = value;
	}
}

static void log_access(struct model_bus *mb, int write, int addr, int reg, int value)
{
	if (mb->logged < LOG_SIZE)
		mb->log[mb->logged++] = (struct kbridge_mdio_access){ write, addr, reg, value };
}

/* The injected error for this access, or 0. */
static int injected_failure(struct model_bus *mb)
{
	if (mb->fail_countdown < 0)
		return 0;
	if (mb->fail_countdown-- > 0)
		return 0;
	return mb->fail_errno;
}

static int bus_read(struct mii_bus *bus, int addr, int regnum)
{
	struct model_bus *mb = to_model_bus(bus);
	int ret;

	model_lock(&mb->lock);
	ret = injected_failure(mb);
	if (!ret)
		ret = mb->phys[addr] ? read_register(mb->phys[addr], regnum) : 0xffff;
	log_access(mb, 0, addr, regnum, ret);
	model_unlock(&mb->lock);
	return ret;
}

static int bus_write(struct mii_bus *bus, int addr, int regnum, u16 val)
{
	struct model_bus *mb = to_model_bus(bus);
	int ret;

	model_lock(&mb->lock);
	ret = injected_failure(mb);
	if (!ret && mb->phys[addr])
		write_register(mb->phys[addr], regnum, val);
	log_access(mb, 1, addr, regnum, val);
	model_unlock(&mb->lock);
	return ret;
}

/* --- test API ------------------------------------------------------------------- */

struct mii_bus *kbridge_model_mdio_bus_new(void)
{
	struct model_bus *mb = calloc(1, sizeof(*mb));

	if (!mb)
		return 0;
	mb->bus.name = "kbridge-model-mdio";
	mb->bus.read = bus_read;
	mb->bus.write = bus_write;
	mb->fail_countdown = -1;
	return &mb->bus;
}

void kbridge_model_mdio_bus_free(struct mii_bus *bus)
{
	struct model_bus *mb = to_model_bus(bus);
	int addr;

	for (addr = 0; addr < PHY_MAX_ADDR; addr++) {
		if (bus->mdio_map[addr])
			model_error("MDIO bus freed with a device still at address %d", addr);
		free(mb->phys[addr]);
	}
	free(mb);
}

/* Solders a PHY with @id at @addr: out of reset, no cable. */
int kbridge_model_emu_phy_add(struct mii_bus *bus, int addr, u32 id)
{
	struct model_bus *mb = to_model_bus(bus);
	struct emu_phy *phy;

	if (addr < 0 || addr >= PHY_MAX_ADDR || mb->phys[addr])
		return -EINVAL;
	phy = calloc(1, sizeof(*phy));
	if (!phy)
		return -ENOMEM;
	phy->id = id;
	reset(phy);
	mb->phys[addr] = phy;
	return 0;
}

/* Plugs a cable to a partner advertising @partner (LPA_* bits) in, or pulls it out. */
void kbridge_model_emu_cable(struct mii_bus *bus, int addr, int connected, u16 partner)
{
	struct model_bus *mb = to_model_bus(bus);
	struct emu_phy *phy = mb->phys[addr];

	model_lock(&mb->lock);
	if (connected && !phy->cable) {
		phy->cable = 1;
		phy->partner = partner;
		phy->negotiating = 1;
	} else if (!connected && phy->cable) {
		take_link_down(phy);
		phy->cable = 0;
	}
	model_unlock(&mb->lock);
}

void kbridge_model_emu_lpa_zero(struct mii_bus *bus, int addr, int quirk)
{
	to_model_bus(bus)->phys[addr]->lpa_zero = quirk;
}

/* Time passes: a negotiation with a partner present completes. */
void kbridge_model_emu_settle(struct mii_bus *bus, int addr)
{
	struct model_bus *mb = to_model_bus(bus);
	struct emu_phy *phy = mb->phys[addr];
	u16 bmcr;

	model_lock(&mb->lock);
	bmcr = phy->regs[MII_BMCR];
	if (phy->negotiating && phy->cable && (bmcr & BMCR_ANENABLE) &&
	    !(bmcr & (BMCR_PDOWN | BMCR_RESET))) {
		phy->negotiating = 0;
		phy->aneg_complete = 1;
		phy->regs[MII_LPA] = phy->lpa_zero ? 0 : (phy->partner | LPA_LPACK);
	}
	model_unlock(&mb->lock);
}

/* A register as the chip holds it, without the side effects of a bus read. */
int kbridge_model_emu_register(struct mii_bus *bus, int addr, int reg)
{
	struct emu_phy *phy = to_model_bus(bus)->phys[addr];

	return phy->regs[reg & 31];
}

/* Copies up to @max logged accesses to @out; returns how many there are. */
int kbridge_model_mdio_log(struct mii_bus *bus, struct kbridge_mdio_access *out, int max)
{
	struct model_bus *mb = to_model_bus(bus);
	int i;

	model_lock(&mb->lock);
	for (i = 0; i < mb->logged && i < max; i++)
		out[i] = mb->log[i];
	i = mb->logged;
	model_unlock(&mb->lock);
	return i;
}

void kbridge_model_mdio_log_clear(struct mii_bus *bus)
{
	struct model_bus *mb = to_model_bus(bus);

	model_lock(&mb->lock);
	mb->logged = 0;
	model_unlock(&mb->lock);
}

/* Makes the access @after accesses from now fail with @err (once); negative: none. */
void kbridge_model_mdio_fail(struct mii_bus *bus, long after, int err)
{
	struct model_bus *mb = to_model_bus(bus);

	model_lock(&mb->lock);
	mb->fail_countdown = after;
	mb->fail_errno = err;
	model_unlock(&mb->lock);
}
