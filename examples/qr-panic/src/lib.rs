//! A QR code encoder for the kernel's panic screen, exported to C.
//!
//! Written from ISO/IEC 18004; works only in the caller's buffers: no heap, no static
//! state, and no reachable panic (checked at link time, see `tests/panic-check`).
//!
//! - versions 1-40, error correction L, M, Q and H;
//! - numeric, alphanumeric and byte segments, and binary data packed as digits so a
//!   URL can carry it (13 bits -> 4 digits -> 40 bits in numeric mode);
//! - mask pattern 0, or the one with the lowest penalty score;
//! - [`drm_panic_qr_generate`] and [`drm_panic_qr_max_data_size`]: drop-in replacements
//!   for Linux 6.12's, with the same prototypes, buffer checks, capacity formula and,
//!   for the same input, the same symbol (ECC L, mask 0, the same version and padding);
//! - [`kbridge_qr_generate`]: the caller picks the error-correction level, the data
//!   gets the most compact mode, and the mask is chosen by penalty.
//!
//! The C prototypes come from these signatures: `#[export]` writes the `extern "C"`
//! glue and `bridge-gen` writes the header with cbindgen.

#![no_std]
#![forbid(unsafe_code)]

mod encode;
mod gf;
mod matrix;
mod penalty;
mod segment;
mod version;

use core::ffi::CStr;

use bridge_macros::export;

pub use encode::{Codewords, Error, MAX_IMAGE_LEN, MAX_SCRATCH_LEN, MaskChoice, Symbol, encode};
pub use matrix::image_len;
pub use segment::{Packing, Segment};
pub use version::{Ecc, Version};

/// Scores a drawn symbol the way mask selection does (see [`penalty`](mod@penalty)).
pub fn penalty_score(image: &mut [u8], version: Version) -> Option<u32> {
    matrix::Matrix::wrap(image, version).map(|m| penalty::penalty(&m))
}

/// Draws the QR code of `data[..data_len]` over `data` and returns its width in
/// modules (21-177), or 0 if it does not fit or a buffer is too small.
///
/// With `url`, the symbol holds `url` as bytes followed by the data packed as digits,
/// so scanning it opens the URL; without, the data as bytes. `data` must be at least
/// 4071 bytes (a version 40 image) and `tmp` 3706 (its codewords). The image is 1 bit
/// per module, rows padded to bytes, MSB first; a set bit is a light module.
#[export(invalid = 0)]
pub fn drm_panic_qr_generate(
    url: Option<&CStr>,
    #[len(data_size, after = data_len)] data: Option<&mut [u8]>,
    data_len: usize,
    #[len(tmp_size)] tmp: Option<&mut [u8]>,
) -> u8 {
    generate(url, data, data_len, tmp, Style::Kernel)
}

/// The most data bytes [`drm_panic_qr_generate`] fits in a symbol of `version` (1-40)
/// with a URL of `url_len` bytes (0 = no URL), or 0 for a version out of range or a
/// URL that leaves no room. Keeps Linux's margins: 3 bytes of segment header without a
/// URL, 5 with one, and 1/40 of the rest for the digit packing.
#[export]
pub fn drm_panic_qr_max_data_size(version: u8, url_len: usize) -> usize {
    let Some(version) = Version::new(version) else {
        return 0;
    };
    let max = version.data_codewords(Ecc::Low);
    if url_len == 0 {
        return max - 3;
    }
    match max.checked_sub(url_len) {
        Some(room) if room > 5 => (room - 5) * 39 / 40,
        _ => 0,
    }
}

/// As [`drm_panic_qr_generate`], at error-correction level `ecc` (0 = L, 1 = M, 2 = Q,
/// 3 = H; any other returns 0), with the mask of lowest penalty and the most compact
/// mode for the data (numeric, alphanumeric or bytes; with a URL, digits that carry
/// every value of the last chunk).
#[export(invalid = 0)]
pub fn kbridge_qr_generate(
    url: Option<&CStr>,
    #[len(data_size, after = data_len)] data: Option<&mut [u8]>,
    data_len: usize,
    #[len(tmp_size)] tmp: Option<&mut [u8]>,
    ecc: u8,
) -> u8 {
    match Ecc::from_index(ecc) {
        Some(ecc) => generate(url, data, data_len, tmp, Style::Chosen(ecc)),
        None => 0,
    }
}

/// Kernel-compatible output, or the caller's level with every refinement.
#[derive(Clone, Copy)]
enum Style {
    Kernel,
    Chosen(Ecc),
}

fn generate(
    url: Option<&CStr>,
    data: Option<&mut [u8]>,
    data_len: usize,
    tmp: Option<&mut [u8]>,
    style: Style,
) -> u8 {
    let (Some(data), Some(tmp)) = (data, tmp) else {
        return 0;
    };
    if data.len() < MAX_IMAGE_LEN || tmp.len() < MAX_SCRATCH_LEN {
        return 0;
    }
    let Some(input) = data.get(..data_len) else {
        return 0;
    };
    let (ecc, mask, packing) = match style {
        Style::Kernel => (Ecc::Low, MaskChoice::Fixed(0), Packing::Kernel),
        Style::Chosen(ecc) => (ecc, MaskChoice::Best, Packing::Exact),
    };
    let encoded = match (url, style) {
        (Some(url), _) => {
            let url = url.to_bytes();
            let url = match style {
                Style::Kernel => Segment::bytes(url),
                Style::Chosen(_) => Segment::compact(url),
            };
            encode(
                &[url, Segment::packed_digits(input, packing)],
                ecc,
                Version::MIN,
                tmp,
            )
        }
        (None, Style::Kernel) => encode(&[Segment::bytes(input)], ecc, Version::MIN, tmp),
        (None, Style::Chosen(_)) => encode(&[Segment::compact(input)], ecc, Version::MIN, tmp),
    };
    let Ok(codewords) = encoded else {
        return 0;
    };
    // As the kernel does: the whole buffer is cleared, so no input is left beside the
    // image.
    data.fill(0);
    match codewords.draw(data, mask) {
        Ok(symbol) => u8::try_from(symbol.width).unwrap_or(0),
        Err(_) => 0,
    }
}
