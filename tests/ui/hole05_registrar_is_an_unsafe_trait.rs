//! Hole 5: `Registrar` was a safe trait handed `&'static mut` tables of a static the
//! module reuses on every load, so a safe impl could keep them and the next load made a
//! second `&'static mut`. It is an `unsafe trait` now: a driver under
//! `forbid(unsafe_code)` cannot implement it.
#![forbid(unsafe_code)]

use kernel::driver::Registrar;
use kernel::net::phy;
use kernel::prelude::*;

struct Keeper;

impl Registrar for Keeper {
    type Entry = phy::DriverTable;
    type Id = ();
    const ID_END: () = ();
    const TABLE_KIND: Option<&'static str> = None;

    fn register(_module: &'static ThisModule, _entries: &'static mut [phy::DriverTable]) -> Result<Self> {
        Ok(Keeper)
    }
}

fn main() {}
