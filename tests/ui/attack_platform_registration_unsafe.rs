//! Attack on kernel::platform: registering tables is `Registrar::register`, an
//! `unsafe fn`, so safe code cannot register a table of its own (or the same one twice)
//! outside the module glue.
#![forbid(unsafe_code)]

use kernel::driver::Registrar;
use kernel::platform::{Device, Driver, DriverTable, Registration};
use kernel::prelude::*;

struct Victim;

#[vtable]
impl Driver for Victim {
    type DeviceData = ();
    const NAME: &'static CStr = c"victim";

    fn probe(_dev: &Device) -> Result {
        Ok(())
    }
}

fn register_again(module: &'static ThisModule) -> Result<Registration> {
    let tables: &'static mut [DriverTable] = Box::leak(Box::new([DriverTable::new::<Victim>()]));
    <Registration as Registrar>::register(module, tables)
}

fn main() {
    let _ = register_again;
}
