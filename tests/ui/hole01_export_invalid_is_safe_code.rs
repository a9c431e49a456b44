//! Hole 1: `#[export(invalid = EXPR)]` pasted EXPR into the glue's `unsafe extern "C" fn`,
//! where an unsafe operation is only a warning, so safe code could forge references in
//! it. EXPR is now the body of a safe function of its own: the same operation is an
//! error, as anywhere else in safe code.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export(invalid = {
    let forged = 0x1000 as *mut u8;
    *forged
})]
pub fn drm_panic_qr_generate(
    url: Option<&CStr>,
    #[len(data_size, after = data_len)] data: Option<&mut [u8]>,
    data_len: usize,
    #[len(tmp_size)] tmp: Option<&mut [u8]>,
) -> u8 {
    let _ = (url, data, data_len, tmp);
    0
}

fn main() {}
