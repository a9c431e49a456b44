//! Hole 3: the module glue's `init()`/`exit()` were safe `pub fn`s, so a PHY callback
//! could run `exit()` and free the data it was borrowing. The entry points are now
//! `unsafe extern "C"` functions inside an anonymous `const`: nothing can name them.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

#[kernel_driver(name = "exit_from_callback", license = "GPL", drivers = [Quitter], device_table = "mdio")]
struct Quitting(phy::Registration);

struct Quitter;

#[vtable]
impl phy::Driver for Quitter {
    const NAME: &'static CStr = c"quitter";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);

    fn read_status(_dev: &mut phy::Device) -> Result {
        cleanup_module();
        Ok(())
    }
}

fn main() {}
