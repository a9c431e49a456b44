//! Linux refuses a second driver of the same name on a bus (-EBUSY from
//! driver_register()): two drivers of one module with equal `NAME` do not compile.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct First;

#[vtable]
impl phy::Driver for First {
    const NAME: &'static CStr = c"twin";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);
}

struct Second;

#[vtable]
impl phy::Driver for Second {
    const NAME: &'static CStr = c"twin";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(2);
}

#[kernel_driver(name = "twins", license = "GPL", drivers = [First, Second], device_table = "mdio")]
struct Twins(phy::Registration);

fn main() {}
