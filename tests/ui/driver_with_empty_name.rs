//! Nor may the name be empty: the driver core WARNs on a driver named "" and refuses it
//! (kobject_add_internal()), and a WARN is a panic where panic_on_warn is set. The table
//! is built at compile time, so the module does not build.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

#[kernel_driver(name = "empty_name", license = "GPL", drivers = [Blank], device_table = "mdio")]
struct EmptyName(phy::Registration);

struct Blank;

#[vtable]
impl phy::Driver for Blank {
    const NAME: &'static CStr = c"";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);
}

fn main() {}
