//! The loader reads `.modinfo` as NUL-separated `key=value` strings: a NUL inside a
//! value would add an entry of the author's choosing (`intree=Y` drops the out-of-tree
//! taint), a line break garbles modinfo(8). Both are refused at the value.
#![forbid(unsafe_code)]

use kernel::prelude::*;

struct Plain;

impl kernel::Module for Plain {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Plain)
    }
}

#[kernel_driver(name = "sneaky_info", license = "GPL\0intree=Y")]
struct Injected(Plain);

#[kernel_driver(name = "two_lines", license = "GPL", description = "one\nmore=line")]
struct Broken(Plain);

fn main() {}
