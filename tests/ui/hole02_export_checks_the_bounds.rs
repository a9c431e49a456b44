//! Hole 2, second attack round: the prototype fixes the C types, not which length bounds
//! which buffer. `drm_panic_qr_generate(url, data, data_len, data_size, tmp, tmp_size)`
//! has two `size_t`s after `data`; reading `data` by the wrong one matches the prototype.
//! The spec says which (`[exports.bounds]`: `data[data_size]`), and the glue's
//! description of its parameters must be the spec's.
#![forbid(unsafe_code)]

use kernel::prelude::*;

#[export(invalid = 0)]
pub fn drm_panic_qr_generate(
    url: Option<&CStr>,
    #[len(data_len)] data: Option<&mut [u8]>,
    data_size: usize,
    #[len(tmp_size)] tmp: Option<&mut [u8]>,
) -> u8 {
    let _ = (url, data, data_size, tmp);
    0
}

fn main() {}
