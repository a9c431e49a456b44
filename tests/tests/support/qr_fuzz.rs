//! What must hold for any call of the QR encoder, whatever the input: the fuzz target
//! (fuzz/fuzz_targets/qr_generate.rs) runs this on the fuzzer's inputs, and
//! tests/qr_fuzz_seeds.rs on deterministic ones so it is exercised in every test run.
//!
//! An input is three header bytes and a body:
//! - byte 0, flags: bit 0 the extended call (`kbridge_qr_generate`), bits 1-2 its level,
//!   bit 3 a URL, bit 4 one buffer too short, bits 5-6 the body's alphabet (bytes, digits,
//!   alphanumeric), bit 7 an unknown level for the extended call;
//! - byte 1: the URL's length, taken from the start of the body (NULs replaced);
//! - byte 2: which buffer is short and by how much, or the unknown level;
//! - the rest: the data.

use crate::support::qr_read::{decode, kernel_packing_overflows, rqrr_level, unpack_digits};
use qr_panic::{MAX_IMAGE_LEN, MAX_SCRATCH_LEN};
use std::ffi::CString;

const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
/// Bytes written around each buffer; a call must leave them as they are.
const GUARD: usize = 64;

/// Makes one call described by `input` and panics if any property fails. The decoder
/// reads the symbol back only when `read_back` is true (see `qr_read::reads_back`).
pub fn check_reading_back(input: &[u8], read_back: bool) {
    let [flags, url_len, param, body @ ..] = input else {
        return;
    };
    let extended = flags & 1 != 0;
    let ecc = if flags & 0x80 != 0 {
        4 + param % 252
    } else {
        flags >> 1 & 3
    };
    let (url, body) = if flags & 8 != 0 {
        let (url, rest) = body.split_at(usize::from(*url_len).min(body.len()));
        let url: Vec<u8> = url.iter().map(|&b| b.max(1)).collect();
        (CString::new(url).ok(), rest)
    } else {
        (None, body)
    };
    let alphabet: Option<&[u8]> = match flags >> 5 & 3 {
        1 => Some(b"0123456789"),
        2 => Some(ALPHANUMERIC),
        _ => None,
    };
    let payload: Vec<u8> = match alphabet {
        Some(set) => body
            .iter()
            .map(|&b| set[usize::from(b) % set.len()])
            .collect(),
        None => body.to_vec(),
    };
    let short = if flags & 0x10 != 0 {
        1 + usize::from(param / 2)
    } else {
        0
    };
    let (data_short, tmp_short) = if param % 2 == 0 {
        (short, 0)
    } else {
        (0, short)
    };

    // Each buffer sits between guard bytes; the payload goes at the start of the data.
    let data_len = MAX_IMAGE_LEN.max(payload.len()) - data_short;
    let mut data = vec![0xa5u8; GUARD + data_len + GUARD];
    let mut tmp = vec![0x5au8; GUARD + MAX_SCRATCH_LEN - tmp_short + GUARD];
    let copied = payload.len().min(data_len);
    data[GUARD..GUARD + copied].copy_from_slice(&payload[..copied]);
    let data_before = data.clone();
    let tmp_len = tmp.len();
    let (data_region, tmp_region) = (
        &mut data[GUARD..GUARD + data_len],
        &mut tmp[GUARD..tmp_len - GUARD],
    );
    // The kernel's capacity formula is a promise: what it admits for a version fits in
    // it (0 means the URL leaves no room). Except with an empty URL, which the formula
    // takes for none although the data is still packed as digits (a kernel quirk, kept).
    let url_len = url.as_ref().map_or(0, |u| u.as_bytes().len());
    let promised_fit = |version: u8| {
        let max = qr_panic::drm_panic_qr_max_data_size(version, url_len);
        (url.is_none() || url_len > 0) && max != 0 && max >= payload.len()
    };
    let width = if extended {
        qr_panic::kbridge_qr_generate(
            url.as_deref(),
            Some(data_region),
            payload.len(),
            Some(tmp_region),
            ecc,
        )
    } else {
        qr_panic::drm_panic_qr_generate(
            url.as_deref(),
            Some(data_region),
            payload.len(),
            Some(tmp_region),
        )
    };

    assert!(
        data[..GUARD]
            .iter()
            .chain(&data[GUARD + data_len..])
            .all(|&b| b == 0xa5)
    );
    assert!(
        tmp[..GUARD]
            .iter()
            .chain(&tmp[tmp_len - GUARD..])
            .all(|&b| b == 0x5a)
    );
    if width == 0 {
        assert_eq!(data, data_before, "a refused call changed the data buffer");
        let refused = short != 0 || (extended && ecc > 3);
        assert!(
            refused || !promised_fit(40) || (extended && ecc != 0),
            "{} bytes fit a version 40 symbol but were refused",
            payload.len()
        );
        return;
    }
    assert!(
        short == 0 && (!extended || ecc <= 3),
        "an invalid call drew a symbol"
    );
    let w = usize::from(width);
    assert!((21..=177).contains(&w) && (w - 17) % 4 == 0, "width {w}");
    let version = (w - 17) / 4;
    if !extended {
        // The smallest version the formula admits the data for is never exceeded.
        if let Some(promised) = (1..=40u8).find(|&v| promised_fit(v)) {
            assert!(
                version <= usize::from(promised),
                "v{version} > promised v{promised}: url {url:?}, {} bytes {payload:x?}",
                payload.len()
            );
        }
    }
    // Rows padded to whole bytes with zero bits, and nothing after the image.
    let image = &data[GUARD..GUARD + data_len];
    let stride = w.div_ceil(8);
    for row in image[..w * stride].chunks(stride) {
        let pad_bits = stride * 8 - w;
        assert_eq!(
            row[stride - 1] & ((1u16 << pad_bits) - 1) as u8,
            0,
            "row padding"
        );
    }
    assert!(
        image[w * stride..].iter().all(|&b| b == 0),
        "bytes after the image"
    );

    if url.is_some() && !extended && kernel_packing_overflows(&payload) {
        // The kernel's packing left a digit group the standard forbids (see the QR
        // tests); decoders may refuse such a symbol.
        return;
    }
    if !read_back {
        return;
    }
    let (read_version, level, bytes) =
        decode(image, w).unwrap_or_else(|e| panic!("v{version} does not decode: {e}"));
    assert_eq!(read_version, version);
    assert_eq!(level, rqrr_level(if extended { ecc } else { 0 }));
    match &url {
        None => assert_eq!(bytes, payload),
        Some(url) => {
            let (read_url, digits) = bytes.split_at(url.as_bytes().len().min(bytes.len()));
            assert_eq!(read_url, url.as_bytes());
            let unpacked = unpack_digits(digits, payload.len(), extended);
            assert_eq!(unpacked.as_deref(), Some(&payload[..]), "URL data");
        }
    }
}
