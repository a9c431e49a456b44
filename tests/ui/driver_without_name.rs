//! A PHY driver must name itself: phylib prints the name and sysfs shows it.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct Nameless;

#[vtable]
impl phy::Driver for Nameless {
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);
}

fn main() {}
