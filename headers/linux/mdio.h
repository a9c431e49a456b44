/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbridge model of <linux/mdio.h>: devices on an MDIO bus and register access to them.
 */
#ifndef __LINUX_MDIO_H__
#define __LINUX_MDIO_H__

#include <linux/types.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <uapi/linux/mii.h>

struct gpio_desc;
struct mii_bus;
struct reset_control;

/* mdio_driver_common.flags: the driver drives a PHY, not some other MDIO device. */
#define MDIO_DEVICE_IS_PHY	0x80000000

/**
 * struct mdio_device - a device at one address of an MDIO bus
 * @dev: the embedded driver-core device
 * @bus: the bus it sits on
 * @modalias: name used for module autoloading
 * @bus_match: decides whether a driver fits this device
 * @device_free: frees the device when it was never registered
 * @device_remove: unregisters the device
 * @addr: the device's address on @bus, 0..31
 * @flags: MDIO_DEVICE_FLAG_* bits
 * @reset_state: whether the reset line is asserted
 * @reset_gpio: optional reset GPIO
 * @reset_ctrl: optional reset controller
 * @reset_assert_delay: microseconds to hold reset
 * @reset_deassert_delay: microseconds to wait after reset
 */
struct mdio_device {
	struct device dev;

	struct mii_bus *bus;
	char modalias[MDIO_NAME_SIZE];

	int (*bus_match)(struct device *dev, const struct device_driver *drv);
	void (*device_free)(struct mdio_device *mdiodev);
	void (*device_remove)(struct mdio_device *mdiodev);

	int addr;
	int flags;
	int reset_state;
	struct gpio_desc *reset_gpio;
	struct reset_control *reset_ctrl;
	unsigned int reset_assert_delay;
	unsigned int reset_deassert_delay;
};

/**
 * struct mdio_driver_common - what every MDIO driver shares
 * @driver: the embedded driver-core driver
 * @flags: MDIO_DEVICE_IS_PHY for PHY drivers
 */
struct mdio_driver_common {
	struct device_driver driver;
	int flags;
};

/**
 * __mdiobus_read - read a clause 22 register, bus lock already held
 * @bus: the bus
 * @addr: device address on the bus
 * @regnum: register number
 *
 * Return: the 16-bit value, or -errno.
 */
int __mdiobus_read(struct mii_bus *bus, int addr, u32 regnum);

/**
 * __mdiobus_write - write a clause 22 register, bus lock already held
 * @bus: the bus
 * @addr: device address on the bus
 * @regnum: register number
 * @val: the value
 *
 * Return: 0 or -errno.
 */
int __mdiobus_write(struct mii_bus *bus, int addr, u32 regnum, u16 val);

/**
 * __mdiobus_modify_changed - read-modify-write a register, bus lock already held
 * @bus: the bus
 * @addr: device address on the bus
 * @regnum: register number
 * @mask: bits to clear
 * @set: bits to set
 *
 * Return: 1 if the register changed, 0 if not, or -errno.
 */
int __mdiobus_modify_changed(struct mii_bus *bus, int addr, u32 regnum,
			     u16 mask, u16 set);

/**
 * mdiobus_read - read a clause 22 register, taking the bus lock
 * @bus: the bus
 * @addr: device address on the bus
 * @regnum: register number
 *
 * May sleep. Return: the 16-bit value, or -errno.
 */
int mdiobus_read(struct mii_bus *bus, int addr, u32 regnum);

/**
 * mdiobus_write - write a clause 22 register, taking the bus lock
 * @bus: the bus
 * @addr: device address on the bus
 * @regnum: register number
 * @val: the value
 *
 * May sleep. Return: 0 or -errno.
 */
int mdiobus_write(struct mii_bus *bus, int addr, u32 regnum, u16 val);

#endif /* __LINUX_MDIO_H__ */
