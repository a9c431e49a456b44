//! A `&mut Device` is only valid during the callback: keeping it is a compile error.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct Keeper;

#[vtable]
impl phy::Driver for Keeper {
    const NAME: &'static CStr = c"keeper";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);

    fn soft_reset(dev: &mut phy::Device) -> Result {
        let kept: &'static mut phy::Device = dev;
        let _ = kept;
        Ok(())
    }
}

fn main() {}
