//! A module needs a name for modinfo and the loader.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[kernel_driver(license = "GPL")]
struct Anonymous;

impl Module for Anonymous {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Anonymous)
    }
}

fn main() {}
