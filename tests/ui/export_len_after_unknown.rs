//! `after` must name a later parameter.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export(invalid = 0)]
pub fn fill(#[len(size, after = used)] buf: Option<&mut [u8]>, byte: u8) -> u8 {
    let _ = (buf, byte);
    0
}

fn main() {}
