// A platform driver's id table must end with `DeviceId::END`: C reads it up to its first
// empty entry, past the end of a table without one.
#![forbid(unsafe_code)]

use kernel::platform::{self, Device, Driver};
use kernel::prelude::*;

struct NoEnd;

#[vtable]
impl Driver for NoEnd {
    type DeviceData = ();
    const NAME: &'static CStr = c"no-end";
    const ID_TABLE: &'static [platform::DeviceId] = &[platform::DeviceId::new(c"no-end")];

    fn probe(_dev: &Device) -> Result {
        Ok(())
    }
}

#[kernel_driver(name = "no_end", license = "GPL", drivers = [NoEnd])]
struct Module(platform::Registration);

fn main() {}
