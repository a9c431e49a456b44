//! Hole 3: the cell behind the entry points offers `init`/`exit` only as `unsafe fn`s,
//! whose contract is "called by the loader through the module's entry point": a driver
//! cannot run a module's exit (its own or a copy's) from safe code.
#![forbid(unsafe_code)]

use kernel::module::ModuleCell;
use kernel::prelude::*;

struct Mine;

impl kernel::Module for Mine {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Mine)
    }
}

static CELL: ModuleCell<Mine> = ModuleCell::new();

fn from_a_callback() {
    CELL.exit();
}

fn main() {
    from_a_callback();
}
