//! A misspelt argument is reported at the user's token.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[kernel_driver(name = "m", licence = "GPL")]
struct Misspelt;

impl Module for Misspelt {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Misspelt)
    }
}

fn main() {}
