//! Hole 2: an exported function must have its `[exports]` prototype, as Rust-for-Linux's
//! `#[export]` checks against the C header: `u8 version` declared as `u16` does not
//! compile.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export]
pub fn drm_panic_qr_max_data_size(version: u16, url_len: usize) -> usize {
    usize::from(version) + url_len
}

fn main() {}
