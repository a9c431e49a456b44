//! Attack on kernel::platform: one module listing the same platform driver twice, or two
//! platform drivers of one name, would have its second registration refused with -EBUSY
//! at load (driver_register()); the module glue refuses both at compile time.
#![forbid(unsafe_code)]

use kernel::platform::{Device, Driver};
use kernel::prelude::*;

struct First;

#[vtable]
impl Driver for First {
    type DeviceData = u32;
    const NAME: &'static CStr = c"twin";

    fn probe(_dev: &Device) -> Result<u32> {
        Ok(1)
    }
}

struct Second;

#[vtable]
impl Driver for Second {
    type DeviceData = u64;
    const NAME: &'static CStr = c"twin";

    fn probe(_dev: &Device) -> Result<u64> {
        Ok(2)
    }
}

#[kernel_driver(name = "twice", license = "GPL", drivers = [First, First])]
struct Twice(kernel::platform::Registration);

#[kernel_driver(name = "twins", license = "GPL", drivers = [First, Second])]
struct Twins(kernel::platform::Registration);

fn main() {}
