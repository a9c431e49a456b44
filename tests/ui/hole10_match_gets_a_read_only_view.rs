//! Hole 10: `match_phy_device` got `&mut Device`, but the driver core calls it with no
//! lock held, on PHYs bound to other drivers and running (__driver_attach() in
//! drivers/base/dd.c). It gets a `CandidateDevice` now: the id, and nothing that writes
//! the device or touches any driver's data.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, CandidateDevice, DeviceId};
use kernel::prelude::*;

struct Grabby;

#[vtable]
impl phy::Driver for Grabby {
    const NAME: &'static CStr = c"grabby";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);

    fn match_phy_device(dev: &CandidateDevice) -> bool {
        let _ = dev.set_data(1u8);
        let _ = dev.data::<u8>();
        let _ = dev.write(0, 0x8000);
        dev.set_speed(100);
        true
    }
}

fn main() {}
