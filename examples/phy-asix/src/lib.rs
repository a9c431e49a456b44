//! ASIX PHYs: the AX88772A and AX88772C (internal PHYs of the AX88772 USB Ethernet
//! chips) and the AX88796B, with the behaviour of Linux's C driver (ax88796b.c):
//!
//! - all three: a soft reset that writes BMCR = 0 first, since these chips only reset
//!   when the reset bit goes from 0 to 1, then resets and restarts negotiation as
//!   genphy_soft_reset() does, through MDIO only: phylib runs soft_reset without
//!   phydev->lock, where the configured autoneg is not ours to read, so a forced mode
//!   comes back with the config_aneg phylib runs after every reset;
//! - AX88772A: link status that takes speed and duplex from BMCR, because some old
//!   switches leave the partner's advertisement (LPA) at 0 after negotiation; a PHY reset
//!   and new negotiation when the link goes down, or LPA keeps stale data;
//! - AX88772A and AX88772C: suspend and resume through BMCR power-down;
//! - AX88796B: matched on its model, any revision.

#![no_std]
#![forbid(unsafe_code)]

use kernel::delay::msleep;
use kernel::net::phy::mii::{
    BMCR_ANRESTART, BMCR_FULLDPLX, BMCR_ISOLATE, BMCR_RESET, BMCR_SPEED100, MII_BMCR,
};
use kernel::net::phy::{self, DeviceId, DeviceState};
use kernel::net::phy::{Duplex, PHY_IS_INTERNAL, Speed};
use kernel::prelude::*;

#[kernel_driver(
    name = "asix_phy",
    license = "GPL",
    author = "kbridge",
    description = "ASIX AX88772A/AX88772C/AX88796B PHY driver",
    drivers = [Ax88772a, Ax88772c, Ax88796b],
    device_table = "mdio",
)]
pub struct AsixPhy(phy::Registration);

/// How often the reset bit is read and how many times: phy_poll_reset()'s 600 ms at
/// 50 ms per read, and the one more read read_poll_timeout() makes after its timeout.
const RESET_POLL_MS: u32 = 50;
const RESET_POLLS: u32 = 13;

fn soft_reset(dev: &phy::UnlockedDevice) -> Result {
    dev.write(MII_BMCR, 0)?;
    dev.modify(MII_BMCR, BMCR_ISOLATE, BMCR_RESET | BMCR_ANRESTART)?;
    for _ in 0..RESET_POLLS {
        msleep(RESET_POLL_MS);
        if dev.read(MII_BMCR)? & BMCR_RESET == 0 {
            // Some chips need up to another millisecond after the bit clears.
            msleep(1);
            return Ok(());
        }
    }
    Err(ETIMEDOUT)
}

pub struct Ax88772a;

#[vtable]
impl phy::Driver for Ax88772a {
    const NAME: &'static CStr = c"Asix Electronics AX88772A";
    const FLAGS: u32 = PHY_IS_INTERNAL;
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0x003b_1861);

    fn soft_reset(dev: &phy::UnlockedDevice) -> Result {
        soft_reset(dev)
    }

    fn read_status(dev: &mut phy::Device) -> Result {
        dev.genphy_update_link()?;
        if !dev.link() {
            return Ok(());
        }
        // With LPA at 0 the negotiated mode cannot be resolved: BMCR is the default.
        let bmcr = dev.read(MII_BMCR)?;
        dev.set_speed(if bmcr & BMCR_SPEED100 != 0 {
            Speed::SPEED_100
        } else {
            Speed::SPEED_10
        });
        dev.set_duplex(if bmcr & BMCR_FULLDPLX != 0 {
            Duplex::FULL
        } else {
            Duplex::HALF
        });
        dev.genphy_read_lpa()?;
        if dev.autoneg() && dev.autoneg_complete() {
            dev.resolve_aneg_linkmode();
        }
        Ok(())
    }

    fn suspend(dev: &mut phy::Device) -> Result {
        dev.genphy_suspend()
    }

    fn resume(dev: &mut phy::Device) -> Result {
        dev.genphy_resume()
    }

    fn link_change_notify(dev: &mut phy::Device) {
        if dev.state() == Some(DeviceState::NoLink) {
            // Nothing to report an error to here; the next poll reads the registers anew.
            let _ = dev.init_hw();
            let _ = dev.start_aneg();
        }
    }
}

pub struct Ax88772c;

#[vtable]
impl phy::Driver for Ax88772c {
    const NAME: &'static CStr = c"Asix Electronics AX88772C";
    const FLAGS: u32 = PHY_IS_INTERNAL;
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0x003b_1881);

    fn soft_reset(dev: &phy::UnlockedDevice) -> Result {
        soft_reset(dev)
    }

    fn suspend(dev: &mut phy::Device) -> Result {
        dev.genphy_suspend()
    }

    fn resume(dev: &mut phy::Device) -> Result {
        dev.genphy_resume()
    }
}

pub struct Ax88796b;

#[vtable]
impl phy::Driver for Ax88796b {
    const NAME: &'static CStr = c"Asix Electronics AX88796B";
    const DEVICE_ID: DeviceId = DeviceId::new_with_model_mask(0x003b_1841);

    fn soft_reset(dev: &phy::UnlockedDevice) -> Result {
        soft_reset(dev)
    }
}
