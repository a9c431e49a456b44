//! Third attack round: `kernel::__kbridge_export!`'s `@` arms (`@len`, `@check`, ...)
//! can be invoked on their own, and each used to expand to an `unsafe` block, so a crate
//! forged a slice of any length over any pointer. The only `unsafe` left is the entry
//! arm's `CArg::new` of its own parameters; the `@` arms take `CArg`s, which safe code
//! cannot make.
#![forbid(unsafe_code)]

pub fn forge_slice(data: &[u8; 4], len: usize) -> usize {
    let p: *const u8 = data.as_ptr();
    let n = kernel::__kbridge_export!(@len len len);
    let forged = kernel::__kbridge_export!(@check p slice(u8, n));
    let _ = forged;
    0
}

pub fn read_anywhere(addr: usize) -> usize {
    let p = addr as *const u8;
    let read = kernel::__kbridge_export!(@check p str_opt);
    let _ = read;
    0
}

fn main() {}
