//! A PHY driver must say which devices it handles, or phylib never binds it.
#![forbid(unsafe_code)]

use kernel::net::phy;
use kernel::prelude::*;

struct Idless;

#[vtable]
impl phy::Driver for Idless {
    const NAME: &'static CStr = c"idless";
}

fn main() {}
