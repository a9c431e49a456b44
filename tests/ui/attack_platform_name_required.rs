//! Attack on kernel::platform: a platform driver without a NAME does not compile
//! (__driver_register() dereferences driver.name), and neither does a module with one
//! whose NAME is empty (the table is built at compile time and refuses it).
#![forbid(unsafe_code)]

use kernel::platform::{Device, Driver};
use kernel::prelude::*;

struct Nameless;

#[vtable]
impl Driver for Nameless {
    type DeviceData = ();

    fn probe(_dev: &Device) -> Result {
        Ok(())
    }
}

struct Empty;

#[vtable]
impl Driver for Empty {
    type DeviceData = ();
    const NAME: &'static CStr = c"";

    fn probe(_dev: &Device) -> Result {
        Ok(())
    }
}

#[kernel_driver(name = "empty_platform_name", license = "GPL", drivers = [Empty])]
struct EmptyName(kernel::platform::Registration);

fn main() {}
