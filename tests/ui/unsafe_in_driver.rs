//! The macros' own unsafe passes #![forbid(unsafe_code)]; the driver's would not.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct Sneaky;

#[vtable]
impl phy::Driver for Sneaky {
    const NAME: &'static CStr = c"sneaky";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);

    fn soft_reset(dev: &mut phy::Device) -> Result {
        let raw = dev.as_raw();
        let _id = unsafe { (*raw).phy_id };
        Ok(())
    }
}

fn main() {}
