// The device table is exported under the registration's own kind, so modpost reads it;
// naming another kind does not compile.
use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct Phy;

#[vtable]
impl phy::Driver for Phy {
    const NAME: &'static CStr = c"phy";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(1);
}

#[kernel_driver(name = "wrong_table", license = "GPL", drivers = [Phy], device_table = "pci")]
struct Wrong(phy::Registration);

fn main() {}
