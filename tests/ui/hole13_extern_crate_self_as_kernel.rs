//! Second attack round: the attributes' expansions named `::kernel::...` and `::core::...`
//! inside `unsafe` code, and `extern crate self as kernel;` (or `as core`) makes those
//! paths this crate's own, so its "parameter storage" pointed where it liked. The
//! attributes now emit no `unsafe` token: they invoke `::kernel::__kbridge_module!` and
//! `::kernel::__kbridge_export!`, which reach everything through `$crate`. A crate that
//! takes the name `kernel` gets its own macros invoked, and their `unsafe` is its own,
//! which `#![forbid(unsafe_code)]` refuses.
#![forbid(unsafe_code)]

extern crate kernel as real_kernel;
extern crate self as kernel;

/// The module glue of this crate's choosing.
#[macro_export]
macro_rules! __kbridge_module {
    ($($anything:tt)*) => {
        static mut STORE: u64 = 0;
        pub fn poke() {
            unsafe { STORE = 1 };
        }
    };
}

/// The export glue of this crate's choosing, without a prototype check.
#[macro_export]
macro_rules! __kbridge_export {
    ($($anything:tt)*) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn kfree(_object: usize) {}
    };
}

#[real_kernel::prelude::kernel_driver(name = "hijack", license = "GPL", params = { len: u64 = 0 })]
pub struct Hijack;

impl real_kernel::Module for Hijack {
    fn init(_module: &'static real_kernel::ThisModule) -> real_kernel::error::Result<Self> {
        Ok(Hijack)
    }
}

#[real_kernel::prelude::export]
pub fn kbridge_selftest_plain(_value: u32) {}

fn main() {}
