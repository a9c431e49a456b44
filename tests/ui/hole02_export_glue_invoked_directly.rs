//! The glue macro is public (the attribute's expansion names it), so a crate can invoke it
//! with tokens the attribute would never write. Here a buffer's length is a constant of
//! the crate's instead of a C parameter, and a pointer the spec calls a string is read
//! as a buffer. Lengths are `kernel::export::Len`s, which only the glue's own length
//! parameters are, and the parameters must be the spec's.
#![forbid(unsafe_code)]

const HUGE: usize = 1 << 40;

pub fn drm_panic_qr_generate(
    url: Option<&[u8]>,
    data: Option<&mut [u8]>,
    data_len: usize,
    tmp: Option<&mut [u8]>,
) -> u8 {
    let _ = (url, data, data_len, tmp);
    0
}

kernel::__kbridge_export! {
    checked symbol: drm_panic_qr_generate, function: drm_panic_qr_generate, returns: [u8],
    invalid: [0],
    params: [
        url: slice_opt(u8, data_size),
        data: slice_mut_opt(u8, HUGE),
        data_len: scalar(usize),
        data_size: len,
        tmp: slice_mut_opt(u8, tmp_size),
        tmp_size: len,
    ],
}

fn main() {}
