//! A raw pointer cannot cross into a safe function: the glue would have nothing to check.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export(invalid = 0)]
pub fn first(data: *const u8) -> u8 {
    let _ = data;
    0
}

fn main() {}
