//! Hole 5: registering tables is an `unsafe fn` whose contract only the module glue can
//! keep (the module's own tables, the registration dropped by its exit): a driver
//! cannot register a table it leaked, or register the same one twice.
#![forbid(unsafe_code)]

use kernel::driver::Registrar;
use kernel::net::phy;
use kernel::prelude::*;

pub fn register_again(
    module: &'static ThisModule,
    tables: &'static mut [phy::DriverTable],
) -> Result<phy::Registration> {
    phy::Registration::register(module, tables)
}

fn main() {}
