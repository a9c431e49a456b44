//! Hole 2: `#[export]` took any symbol name, so a crate could replace libc's `memset`
//! (and in a `.ko`, `memcpy`, `kfree`, `__kmalloc_noprof`). Only the functions of the
//! spec's `[exports]` header can be exported now: `kernel::exports` has a prototype for
//! each, and no other name.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export(invalid = 0)]
pub fn memset(s: Option<&mut [u8]>, c: i32) -> usize {
    let _ = (s, c);
    0
}

#[export]
pub fn kfree(object: usize) {
    let _ = object;
}

#[export]
pub fn __kmalloc_noprof(size: usize, flags: u32) -> usize {
    size + flags as usize
}

fn main() {}
