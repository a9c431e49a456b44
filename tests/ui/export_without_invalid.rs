//! A function that takes pointers must say what the glue returns when it refuses them.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export]
pub fn checksum(data: Option<&[u8]>) -> u32 {
    data.map_or(0, |d| d.iter().map(|&b| u32::from(b)).sum())
}

fn main() {}
