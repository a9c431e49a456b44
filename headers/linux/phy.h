/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kbridge model of <linux/phy.h>: Ethernet PHYs managed by phylib.
 *
 * phylib owns each PHY's state machine and calls the driver's phy_driver callbacks with
 * phydev->lock held (probe and remove excepted: the device is not yet, or no longer,
 * published).
 */
#ifndef __PHY_H
#define __PHY_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/device.h>
#include <linux/irqreturn.h>
#include <linux/leds.h>
#include <linux/mdio.h>
#include <linux/mii.h>
#include <linux/mutex.h>
#include <linux/mod_devicetable.h>
#include <uapi/linux/ethtool.h>

struct device_link;
struct ethtool_eeprom;
struct ethtool_eth_phy_stats;
struct ethtool_link_ext_stats;
struct ethtool_modinfo;
struct ethtool_phy_stats;
struct ethtool_stats;
struct ethtool_tunable;
struct ethtool_wolinfo;
struct mii_timestamper;
struct module;
struct net_device;
struct phy_package_shared;
struct phy_plca_cfg;
struct phy_plca_status;
struct phy_tdr_config;
struct phylink;
struct sfp_bus;

/* phy_device.irq values that are not interrupt numbers. */
#define PHY_POLL		-1
#define PHY_MAC_INTERRUPT	-2

/* phy_driver.flags bits. */
#define PHY_IS_INTERNAL		0x00000001
#define PHY_RST_AFTER_CLK_EN	0x00000002
#define PHY_POLL_CABLE_TEST	0x00000004
#define PHY_ALWAYS_CALL_SUSPEND	0x00000008

#define PHY_MAX_ADDR	32
#define MII_BUS_ID_SIZE	61

/* The MAC-to-PHY interface (the first modes of the 6.12 list, in its order). */
typedef enum {
	PHY_INTERFACE_MODE_NA,
	PHY_INTERFACE_MODE_INTERNAL,
	PHY_INTERFACE_MODE_MII,
	PHY_INTERFACE_MODE_GMII,
	PHY_INTERFACE_MODE_SGMII,
	PHY_INTERFACE_MODE_TBI,
	PHY_INTERFACE_MODE_REVMII,
	PHY_INTERFACE_MODE_RMII,
	PHY_INTERFACE_MODE_REVRMII,
	PHY_INTERFACE_MODE_RGMII,
} phy_interface_t;

/**
 * struct mii_bus - an MDIO bus and its register accessors
 * @owner: the module providing the accessors
 * @name: a human-readable name
 * @id: the bus id, unique in the system
 * @priv: the bus driver's own data
 * @read: read a clause 22 register; value or -errno
 * @write: write a clause 22 register; 0 or -errno
 * @read_c45: read a clause 45 register; value or -errno
 * @write_c45: write a clause 45 register; 0 or -errno
 * @reset: reset the bus; 0 or -errno
 * @parent: the device providing the bus
 * @dev: the bus's own driver-core device
 * @mdio_map: the device at each address, or NULL
 * @phy_mask: addresses not to probe for PHYs
 * @phy_ignore_ta_mask: addresses whose turnaround errors are ignored
 * @irq: the interrupt of each address, or PHY_POLL
 * @mdio_lock: serialises register access on the bus (the mdiobus_*() and phy_*()
 *	       accessors take it; the __ forms expect it held)
 */
struct mii_bus {
	struct module *owner;
	const char *name;
	char id[MII_BUS_ID_SIZE];
	void *priv;
	int (*read)(struct mii_bus *bus, int addr, int regnum);
	int (*write)(struct mii_bus *bus, int addr, int regnum, u16 val);
	int (*read_c45)(struct mii_bus *bus, int addr, int devnum, int regnum);
	int (*write_c45)(struct mii_bus *bus, int addr, int devnum,
			 int regnum, u16 val);
	int (*reset)(struct mii_bus *bus);

	struct device *parent;

	struct device dev;

	struct mdio_device *mdio_map[PHY_MAX_ADDR];

	u32 phy_mask;

	u32 phy_ignore_ta_mask;

	int irq[PHY_MAX_ADDR];

	struct mutex mdio_lock;
};

/**
 * enum phy_state - where phylib's state machine is
 * @PHY_DOWN: not yet probed, or being removed
 * @PHY_READY: probed, not started
 * @PHY_HALTED: stopped by phy_stop()
 * @PHY_ERROR: an MDIO access failed; waiting to be stopped
 * @PHY_UP: started; negotiation about to begin
 * @PHY_RUNNING: link up
 * @PHY_NOLINK: link down
 * @PHY_CABLETEST: a cable test is running
 */
enum phy_state {
	PHY_DOWN = 0,
	PHY_READY,
	PHY_HALTED,
	PHY_ERROR,
	PHY_UP,
	PHY_RUNNING,
	PHY_NOLINK,
	PHY_CABLETEST,
};

#define MDIO_MMD_NUM 32

/**
 * struct phy_c45_device_ids - identifiers read from a clause 45 PHY
 * @devices_in_package: bit map of the MMDs in the package
 * @mmds_present: bit map of the MMDs that answered
 * @device_ids: the id of each MMD
 */
struct phy_c45_device_ids {
	u32 devices_in_package;
	u32 mmds_present;
	u32 device_ids[MDIO_MMD_NUM];
};

/**
 * struct phy_device - one PHY as phylib tracks it
 * @mdio: the MDIO device the PHY is
 * @drv: the bound driver, or NULL
 * @devlink: link to the consumer device
 * @phyindex: a unique index of the PHY
 * @phy_id: the 32-bit id read from MII_PHYSID1/MII_PHYSID2
 * @c45_ids: ids of a clause 45 PHY
 * @is_c45: the PHY is reached through clause 45
 * @is_internal: the PHY is built into the MAC
 * @is_pseudo_fixed_link: a software PHY for a fixed link
 * @is_gigabit_capable: the PHY supports 1000 Mb/s
 * @has_fixups: board fixups were applied
 * @suspended: the PHY is suspended
 * @suspended_by_mdio_bus: suspended by the bus's PM, not by the MAC
 * @sysfs_links: sysfs links to the net device exist
 * @loopback_enabled: loopback is on
 * @downshifted_rate: the link came up below the negotiated speed
 * @is_on_sfp_module: the PHY sits on an SFP module
 * @mac_managed_pm: the MAC suspends and resumes the PHY
 * @wol_enabled: wake-on-LAN is armed
 * @autoneg: auto-negotiation is enabled
 * @link: the link state last read by read_status
 * @autoneg_complete: auto-negotiation finished, as last read
 * @interrupts: interrupts are enabled
 * @irq_suspended: an interrupt arrived while suspended
 * @irq_rerun: that interrupt must be handled on resume
 * @default_timestamp: this PHY is the default timestamping source
 * @rate_matching: RATE_MATCH_* mode
 * @state: phylib's state machine
 * @dev_flags: flags the MAC driver passes to the PHY driver
 * @interface: the MAC-to-PHY interface
 * @speed: current speed, SPEED_*
 * @duplex: current duplex, DUPLEX_*
 * @port: the connector type, PORT_*
 * @pause: link partner supports symmetric pause
 * @asym_pause: link partner supports asymmetric pause
 * @master_slave_get: current master/slave preference
 * @master_slave_set: requested master/slave preference
 * @master_slave_state: resolved master/slave role
 * @irq: interrupt number, or PHY_POLL
 * @priv: the bound driver's per-device data; phylib never writes it
 * @lock: serialises the state machine, ethtool and the driver callbacks phylib makes
 *	  under it
 * @shared: state shared by the PHYs of one package
 * @sfp_bus_attached: an SFP bus is attached
 * @sfp_bus: that SFP bus
 * @phylink: the phylink instance using this PHY
 * @attached_dev: the net device the PHY is attached to
 * @mii_ts: the PHY's timestamper
 * @mdix: current crossover state
 * @mdix_ctrl: requested crossover setting
 * @pma_extable: the clause 45 PMA extended abilities
 * @link_down_events: how many times the link went down
 * @phy_link_change: phylib's hook for link changes
 * @adjust_link: the MAC driver's hook for link changes
 */
struct phy_device {
	struct mdio_device mdio;

	const struct phy_driver *drv;

	struct device_link *devlink;

	u32 phyindex;
	u32 phy_id;

	struct phy_c45_device_ids c45_ids;
	unsigned is_c45:1;
	unsigned is_internal:1;
	unsigned is_pseudo_fixed_link:1;
	unsigned is_gigabit_capable:1;
	unsigned has_fixups:1;
	unsigned suspended:1;
	unsigned suspended_by_mdio_bus:1;
	unsigned sysfs_links:1;
	unsigned loopback_enabled:1;
	unsigned downshifted_rate:1;
	unsigned is_on_sfp_module:1;
	unsigned mac_managed_pm:1;
	unsigned wol_enabled:1;

	unsigned autoneg:1;
	unsigned link:1;
	unsigned autoneg_complete:1;

	unsigned interrupts:1;
	unsigned irq_suspended:1;
	unsigned irq_rerun:1;

	unsigned default_timestamp:1;

	int rate_matching;

	enum phy_state state;

	u32 dev_flags;

	phy_interface_t interface;

	int speed;
	int duplex;
	int port;
	int pause;
	int asym_pause;
	u8 master_slave_get;
	u8 master_slave_set;
	u8 master_slave_state;

	int irq;

	void *priv;

	struct mutex lock;

	struct phy_package_shared *shared;

	bool sfp_bus_attached;
	struct sfp_bus *sfp_bus;
	struct phylink *phylink;
	struct net_device *attached_dev;
	struct mii_timestamper *mii_ts;

	u8 mdix;
	u8 mdix_ctrl;

	int pma_extable;

	unsigned int link_down_events;

	void (*phy_link_change)(struct phy_device *phydev, bool up);
	void (*adjust_link)(struct net_device *dev);
};

/**
 * struct phy_driver - a PHY driver: the ids it handles and its callbacks
 * @mdiodrv: the common MDIO driver part
 * @phy_id: the id this driver handles, compared under @phy_id_mask
 * @name: the driver's name
 * @phy_id_mask: which bits of @phy_id matter
 * @features: the link modes the PHY supports, or NULL to read them
 * @flags: PHY_* driver flags
 * @driver_data: static data for the driver's own use
 * @soft_reset: reset the PHY through its registers
 * @config_init: bring the PHY to a known configuration after reset
 * @probe: set up per-device state when the driver binds
 * @get_features: fill phydev->supported from the hardware
 * @get_rate_matching: the rate-matching mode for an interface
 * @suspend: put the PHY into low power
 * @resume: bring the PHY out of low power
 * @config_aneg: apply the advertisement or forced mode, restart negotiation
 * @aneg_done: whether auto-negotiation has completed; >0 done, 0 not, <0 error
 * @read_status: refresh link, speed, duplex and pause in the phy_device
 * @config_intr: enable or disable interrupts per phydev->interrupts
 * @handle_interrupt: service an interrupt from the PHY
 * @remove: release per-device state when the driver unbinds
 * @match_phy_device: decide whether the driver fits, instead of comparing ids
 * @set_wol: arm wake-on-LAN
 * @get_wol: report wake-on-LAN settings
 * @link_change_notify: told of every state machine change
 * @read_mmd: read a clause 45 MMD register for PHYs that need a special method
 * @write_mmd: write a clause 45 MMD register for PHYs that need a special method
 * @read_page: the currently selected register page
 * @write_page: select a register page
 * @module_info: the plug-in module type and EEPROM length
 * @module_eeprom: read the plug-in module's EEPROM
 * @cable_test_start: start a cable test
 * @cable_test_tdr_start: start a raw TDR cable test
 * @cable_test_get_status: poll a running cable test
 * @get_phy_stats: standard PHY statistics
 * @get_link_stats: extended link statistics
 * @get_sset_count: number of driver statistics
 * @get_strings: names of the driver statistics
 * @get_stats: values of the driver statistics
 * @get_tunable: read a tunable
 * @set_tunable: write a tunable
 * @set_loopback: switch loopback on or off
 * @get_sqi: signal quality indication
 * @get_sqi_max: the largest possible signal quality indication
 * @get_plca_cfg: read the PLCA configuration
 * @set_plca_cfg: write the PLCA configuration
 * @get_plca_status: read the PLCA status
 * @led_brightness_set: set an LED's brightness
 * @led_blink_set: make an LED blink in hardware
 * @led_hw_is_supported: whether the hardware can drive an LED by @rules
 * @led_hw_control_set: let the hardware drive an LED by @rules
 * @led_hw_control_get: the rules the hardware drives an LED by
 * @led_polarity_set: set an LED's polarity
 */
struct phy_driver {
	struct mdio_driver_common mdiodrv;
	u32 phy_id;
	char *name;
	u32 phy_id_mask;
	const unsigned long * const features;
	u32 flags;
	const void *driver_data;

	int (*soft_reset)(struct phy_device *phydev);
	int (*config_init)(struct phy_device *phydev);
	int (*probe)(struct phy_device *phydev);
	int (*get_features)(struct phy_device *phydev);
	int (*get_rate_matching)(struct phy_device *phydev,
				 phy_interface_t iface);
	int (*suspend)(struct phy_device *phydev);
	int (*resume)(struct phy_device *phydev);
	int (*config_aneg)(struct phy_device *phydev);
	int (*aneg_done)(struct phy_device *phydev);
	int (*read_status)(struct phy_device *phydev);
	int (*config_intr)(struct phy_device *phydev);
	irqreturn_t (*handle_interrupt)(struct phy_device *phydev);
	void (*remove)(struct phy_device *phydev);
	int (*match_phy_device)(struct phy_device *phydev);
	int (*set_wol)(struct phy_device *dev, struct ethtool_wolinfo *wol);
	void (*get_wol)(struct phy_device *dev, struct ethtool_wolinfo *wol);
	void (*link_change_notify)(struct phy_device *dev);
	int (*read_mmd)(struct phy_device *dev, int devnum, u16 regnum);
	int (*write_mmd)(struct phy_device *dev, int devnum, u16 regnum,
			 u16 val);
	int (*read_page)(struct phy_device *dev);
	int (*write_page)(struct phy_device *dev, int page);
	int (*module_info)(struct phy_device *dev,
			   struct ethtool_modinfo *modinfo);
	int (*module_eeprom)(struct phy_device *dev,
			     struct ethtool_eeprom *ee, u8 *data);
	int (*cable_test_start)(struct phy_device *dev);
	int (*cable_test_tdr_start)(struct phy_device *dev,
				    const struct phy_tdr_config *config);
	int (*cable_test_get_status)(struct phy_device *dev, bool *finished);
	void (*get_phy_stats)(struct phy_device *dev,
			      struct ethtool_eth_phy_stats *eth_stats,
			      struct ethtool_phy_stats *stats);
	void (*get_link_stats)(struct phy_device *dev,
			       struct ethtool_link_ext_stats *link_stats);
	int (*get_sset_count)(struct phy_device *dev);
	void (*get_strings)(struct phy_device *dev, u8 *data);
	void (*get_stats)(struct phy_device *dev,
			  struct ethtool_stats *stats, u64 *data);
	int (*get_tunable)(struct phy_device *dev,
			   struct ethtool_tunable *tuna, void *data);
	int (*set_tunable)(struct phy_device *dev,
			   struct ethtool_tunable *tuna,
			   const void *data);
	int (*set_loopback)(struct phy_device *dev, bool enable);
	int (*get_sqi)(struct phy_device *dev);
	int (*get_sqi_max)(struct phy_device *dev);
	int (*get_plca_cfg)(struct phy_device *dev,
			    struct phy_plca_cfg *plca_cfg);
	int (*set_plca_cfg)(struct phy_device *dev,
			    const struct phy_plca_cfg *plca_cfg);
	int (*get_plca_status)(struct phy_device *dev,
			       struct phy_plca_status *plca_st);
	int (*led_brightness_set)(struct phy_device *dev,
				  u8 index, enum led_brightness value);
	int (*led_blink_set)(struct phy_device *dev, u8 index,
			     unsigned long *delay_on,
			     unsigned long *delay_off);
	int (*led_hw_is_supported)(struct phy_device *dev, u8 index,
				   unsigned long rules);
	int (*led_hw_control_set)(struct phy_device *dev, u8 index,
				  unsigned long rules);
	int (*led_hw_control_get)(struct phy_device *dev, u8 index,
				  unsigned long *rules);
	int (*led_polarity_set)(struct phy_device *dev, int index,
				unsigned long modes);
};

#define PHY_ANY_ID "MATCH ANY PHY"
#define PHY_ANY_UID 0xffffffff

/* Designated-initializer fragments for a phy_driver's id and mask. */
#define PHY_ID_MATCH_EXACT(id) .phy_id = (id), .phy_id_mask = GENMASK(31, 0)
#define PHY_ID_MATCH_MODEL(id) .phy_id = (id), .phy_id_mask = GENMASK(31, 4)
#define PHY_ID_MATCH_VENDOR(id) .phy_id = (id), .phy_id_mask = GENMASK(31, 10)

/**
 * phy_id_compare - compare two PHY ids under a mask
 * @id1: one id
 * @id2: the other id
 * @mask: the bits that matter
 *
 * Return: true when the ids agree on every bit of @mask.
 */
static inline bool phy_id_compare(u32 id1, u32 id2, u32 mask)
{
	return !((id1 ^ id2) & mask);
}

/**
 * phy_is_started - whether phylib's state machine runs for a PHY
 * @phydev: the PHY
 *
 * Return: true once the PHY was started and not yet halted.
 */
static inline bool phy_is_started(struct phy_device *phydev)
{
	return phydev->state >= PHY_UP;
}

/**
 * phy_read - read a clause 22 register of a PHY, taking the bus lock
 * @phydev: the PHY
 * @regnum: register number
 *
 * May sleep. Return: the 16-bit value, or -errno.
 */
static inline int phy_read(struct phy_device *phydev, u32 regnum)
{
	return mdiobus_read(phydev->mdio.bus, phydev->mdio.addr, regnum);
}

/**
 * __phy_read - read a clause 22 register of a PHY, bus lock already held
 * @phydev: the PHY
 * @regnum: register number
 *
 * Return: the 16-bit value, or -errno.
 */
static inline int __phy_read(struct phy_device *phydev, u32 regnum)
{
	return __mdiobus_read(phydev->mdio.bus, phydev->mdio.addr, regnum);
}

/**
 * phy_write - write a clause 22 register of a PHY, taking the bus lock
 * @phydev: the PHY
 * @regnum: register number
 * @val: the value
 *
 * May sleep. Return: 0 or -errno.
 */
static inline int phy_write(struct phy_device *phydev, u32 regnum, u16 val)
{
	return mdiobus_write(phydev->mdio.bus, phydev->mdio.addr, regnum, val);
}

/**
 * __phy_write - write a clause 22 register of a PHY, bus lock already held
 * @phydev: the PHY
 * @regnum: register number
 * @val: the value
 *
 * Return: 0 or -errno.
 */
static inline int __phy_write(struct phy_device *phydev, u32 regnum, u16 val)
{
	return __mdiobus_write(phydev->mdio.bus, phydev->mdio.addr, regnum, val);
}

/**
 * phy_modify - read-modify-write a PHY register, taking the bus lock
 * @phydev: the PHY
 * @regnum: register number
 * @mask: bits to clear
 * @set: bits to set
 *
 * Return: 0 or -errno.
 */
int phy_modify(struct phy_device *phydev, u32 regnum, u16 mask, u16 set);

/**
 * phy_modify_changed - like phy_modify(), reporting whether anything changed
 * @phydev: the PHY
 * @regnum: register number
 * @mask: bits to clear
 * @set: bits to set
 *
 * Return: 1 if the register changed, 0 if not, or -errno.
 */
int phy_modify_changed(struct phy_device *phydev, u32 regnum, u16 mask,
		       u16 set);

/**
 * phy_set_bits - set bits in a PHY register
 * @phydev: the PHY
 * @regnum: register number
 * @val: bits to set
 *
 * Return: 0 or -errno.
 */
static inline int phy_set_bits(struct phy_device *phydev, u32 regnum, u16 val)
{
	return phy_modify(phydev, regnum, 0, val);
}

/**
 * phy_clear_bits - clear bits in a PHY register
 * @phydev: the PHY
 * @regnum: register number
 * @val: bits to clear
 *
 * Return: 0 or -errno.
 */
static inline int phy_clear_bits(struct phy_device *phydev, u32 regnum, u16 val)
{
	return phy_modify(phydev, regnum, val, 0);
}

/**
 * phy_read_mmd - read a clause 45 MMD register
 * @phydev: the PHY
 * @devad: the MMD
 * @regnum: register number
 *
 * Return: the 16-bit value, or -errno.
 */
int phy_read_mmd(struct phy_device *phydev, int devad, u32 regnum);

/**
 * phy_write_mmd - write a clause 45 MMD register
 * @phydev: the PHY
 * @devad: the MMD
 * @regnum: register number
 * @val: the value
 *
 * Return: 0 or -errno.
 */
int phy_write_mmd(struct phy_device *phydev, int devad, u32 regnum, u16 val);

/**
 * phy_read_paged - read a register of a given page
 * @phydev: the PHY
 * @page: the page to select for the access
 * @regnum: register number
 *
 * Return: the 16-bit value, or -errno.
 */
int phy_read_paged(struct phy_device *phydev, int page, u32 regnum);

/**
 * phy_write_paged - write a register of a given page
 * @phydev: the PHY
 * @page: the page to select for the access
 * @regnum: register number
 * @val: the value
 *
 * Return: 0 or -errno.
 */
int phy_write_paged(struct phy_device *phydev, int page, u32 regnum, u16 val);

/**
 * phy_init_hw - reset a PHY and run its config_init
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int phy_init_hw(struct phy_device *phydev);

/**
 * _phy_start_aneg - start auto-negotiation or apply the forced mode, lock held
 * @phydev: the PHY, whose phydev->lock the caller holds (as in every driver callback)
 *
 * Return: 0 or -errno.
 */
int _phy_start_aneg(struct phy_device *phydev);

/**
 * phy_start_aneg - start auto-negotiation or apply the forced mode
 * @phydev: the PHY; takes phydev->lock, so never call it from a driver callback
 *
 * Return: 0 or -errno.
 */
int phy_start_aneg(struct phy_device *phydev);

/**
 * phy_resolve_aneg_linkmode - derive speed, duplex and pause from the negotiated modes
 * @phydev: the PHY
 */
void phy_resolve_aneg_linkmode(struct phy_device *phydev);

/**
 * phy_print_status - log the PHY's link state
 * @phydev: the PHY
 */
void phy_print_status(struct phy_device *phydev);

/**
 * genphy_read_abilities - read the supported link modes from the standard registers
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_read_abilities(struct phy_device *phydev);

/**
 * genphy_setup_forced - program BMCR for the forced speed and duplex
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_setup_forced(struct phy_device *phydev);

/**
 * genphy_restart_aneg - enable and restart auto-negotiation
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_restart_aneg(struct phy_device *phydev);

/**
 * genphy_check_and_restart_aneg - restart auto-negotiation when needed
 * @phydev: the PHY
 * @restart: restart even if nothing requires it
 *
 * Return: 0 or -errno.
 */
int genphy_check_and_restart_aneg(struct phy_device *phydev, bool restart);

/**
 * __genphy_config_aneg - write the advertisement and restart negotiation if it changed
 * @phydev: the PHY
 * @changed: restart even when the advertisement did not change
 *
 * Return: 0 or -errno.
 */
int __genphy_config_aneg(struct phy_device *phydev, bool changed);

/**
 * genphy_aneg_done - whether auto-negotiation has completed
 * @phydev: the PHY
 *
 * Return: BMSR_ANEGCOMPLETE if done, 0 if not, or -errno.
 */
int genphy_aneg_done(struct phy_device *phydev);

/**
 * genphy_update_link - read the link state into phydev->link
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_update_link(struct phy_device *phydev);

/**
 * genphy_read_lpa - read the link partner's advertisement
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_read_lpa(struct phy_device *phydev);

/**
 * genphy_read_status_fixed - read forced speed and duplex from BMCR
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_read_status_fixed(struct phy_device *phydev);

/**
 * genphy_read_status - refresh link, speed, duplex and pause from the standard registers
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_read_status(struct phy_device *phydev);

/**
 * genphy_suspend - power the PHY down through BMCR
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_suspend(struct phy_device *phydev);

/**
 * genphy_resume - power the PHY up through BMCR
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_resume(struct phy_device *phydev);

/**
 * genphy_loopback - switch BMCR loopback on or off
 * @phydev: the PHY
 * @enable: the wanted state
 *
 * Return: 0 or -errno.
 */
int genphy_loopback(struct phy_device *phydev, bool enable);

/**
 * genphy_soft_reset - reset the PHY through BMCR and wait for the reset to finish
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
int genphy_soft_reset(struct phy_device *phydev);

/**
 * genphy_config_aneg - write the advertisement and restart negotiation if it changed
 * @phydev: the PHY
 *
 * Return: 0 or -errno.
 */
static inline int genphy_config_aneg(struct phy_device *phydev)
{
	return __genphy_config_aneg(phydev, false);
}

/**
 * genphy_no_config_intr - config_intr for PHYs without interrupt support
 * @phydev: the PHY
 *
 * Return: 0.
 */
static inline int genphy_no_config_intr(struct phy_device *phydev)
{
	return 0;
}

/**
 * genphy_read_mmd_unsupported - read_mmd for PHYs without MMD registers
 * @phdev: the PHY
 * @devad: the MMD
 * @regnum: register number
 *
 * Return: -EOPNOTSUPP.
 */
int genphy_read_mmd_unsupported(struct phy_device *phdev, int devad,
				u16 regnum);

/**
 * genphy_write_mmd_unsupported - write_mmd for PHYs without MMD registers
 * @phdev: the PHY
 * @devnum: the MMD
 * @regnum: register number
 * @val: the value
 *
 * Return: -EOPNOTSUPP.
 */
int genphy_write_mmd_unsupported(struct phy_device *phdev, int devnum,
				 u16 regnum, u16 val);

/**
 * phy_drivers_register - register an array of PHY drivers
 * @new_driver: the first driver
 * @n: how many drivers the array holds
 * @owner: the module containing them
 *
 * Either all drivers are registered or none is. Return: 0 or -errno.
 */
int phy_drivers_register(struct phy_driver *new_driver, int n,
			 struct module *owner);

/**
 * phy_drivers_unregister - unregister an array registered by phy_drivers_register()
 * @drv: the first driver
 * @n: how many drivers the array holds
 */
void phy_drivers_unregister(struct phy_driver *drv, int n);

#endif /* __PHY_H */
