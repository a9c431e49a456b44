//! The QR-panic driver: kernel compatibility against the kernel's own encoder, every
//! symbol read back by an independent decoder (rqrr), module-for-module agreement with
//! an independent encoder (qrcodegen) including its penalty-based mask choice, the
//! output format, capacity at every version's edge, refused calls, and the model's C
//! panic screen.

use std::ffi::CStr;

mod support {
    pub mod qr_read;
}

use kbridge_tests::qr::{self, qr_panic};
use qr_panic::{Ecc, MaskChoice, Segment, Version};
use support::qr_read::{
    decode, kernel_packing_overflows, read_back_every, reads_back, rqrr_level, unpack_digits,
};

/// The kernel's encoder, built from Debian's linux-source-6.12 by build.rs.
#[allow(clippy::all, dead_code, unused)]
mod kernel {
    mod stand_in {
        pub use core::ffi::CStr;
        pub trait CStrExt {
            /// # Safety
            /// `ptr` is a NUL-terminated string that outlives `'a`.
            unsafe fn from_char_ptr<'a>(ptr: *const core::ffi::c_char) -> &'a CStr;
            fn as_bytes(&self) -> &[u8];
        }
        impl CStrExt for CStr {
            unsafe fn from_char_ptr<'a>(ptr: *const core::ffi::c_char) -> &'a CStr {
                // SAFETY: the caller's promise.
                unsafe { CStr::from_ptr(ptr) }
            }
            fn as_bytes(&self) -> &[u8] {
                self.to_bytes()
            }
        }
    }
    include!(concat!(env!("OUT_DIR"), "/kernel_drm_panic_qr.rs"));
}

const DATA: usize = qr_panic::MAX_IMAGE_LEN;
const TMP: usize = qr_panic::MAX_SCRATCH_LEN;

/// Deterministic pseudo-random bytes (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
    fn pick_from(&mut self, set: &[u8], len: usize) -> Vec<u8> {
        (0..len).map(|_| set[self.below(set.len())]).collect()
    }
}

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Ours (kernel-compatible): (width, whole data buffer).
fn ours(url: Option<&CStr>, input: &[u8]) -> (u8, Vec<u8>) {
    let mut data = vec![0u8; DATA];
    data[..input.len()].copy_from_slice(input);
    let mut tmp = vec![0u8; TMP];
    let w = qr_panic::drm_panic_qr_generate(url, Some(&mut data), input.len(), Some(&mut tmp));
    (w, data)
}

/// The kernel's: (width, whole data buffer).
fn kernels(url: Option<&CStr>, input: &[u8]) -> (u8, Vec<u8>) {
    let mut data = vec![0u8; DATA];
    data[..input.len()].copy_from_slice(input);
    let mut tmp = vec![0u8; TMP];
    // SAFETY: both buffers are valid for their lengths; `url` is NULL or NUL-terminated.
    let w = unsafe {
        kernel::drm_panic_qr_generate(
            url.map_or(std::ptr::null(), |u| u.as_ptr()),
            data.as_mut_ptr(),
            input.len(),
            DATA,
            tmp.as_mut_ptr(),
            TMP,
        )
    };
    (w, data)
}

fn lengths() -> Vec<usize> {
    let mut lengths: Vec<usize> = (0..=120).collect();
    lengths.extend((121..2953).step_by(37));
    for v in 1..=40u8 {
        let n = qr_panic::drm_panic_qr_max_data_size(v, 0);
        lengths.extend([n.saturating_sub(1), n, n + 1, n + 2, n + 3]);
    }
    lengths.retain(|&n| n <= 2956);
    lengths.sort_unstable();
    lengths.dedup();
    lengths
}

#[test]
fn kernel_mode_draws_the_kernels_symbol_and_it_decodes_to_the_input() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut compared = 0;
    let lengths = lengths();
    for (n, len) in lengths.into_iter().enumerate() {
        let input = rng.bytes(len);
        let (w, image) = ours(None, &input);
        let (kw, kimage) = kernels(None, &input);
        assert_eq!(w, kw, "{len} bytes");
        assert!(image == kimage, "{len} bytes: images differ");
        compared += 1;
        if w == 0 {
            assert!(len > 2953, "{len} bytes refused");
            continue;
        }
        if !reads_back(n) {
            continue;
        }
        let (version, ecc, bytes) = decode(&image, usize::from(w)).expect("decodes");
        assert_eq!(
            (17 + 4 * version, ecc),
            (usize::from(w), 1),
            "{len}: version, ECC L"
        );
        assert_eq!(bytes, input, "{len} bytes");
    }
    assert!(compared > 300);
}

#[test]
fn kernel_url_mode_matches_the_kernel_and_opens_the_url() {
    let mut rng = Rng(7);
    let mut decoded = 0;
    let mut overflowing = 0;
    // The empty URL is URL mode too (a non-NULL pointer), with the no-URL capacity.
    for url in [
        c"https://kbridge.example/panic?a=1&d=",
        c"http://x/?z=",
        c"https://a.very.long.host.name.example.org/path/to/the/panic/report/form?version=6.12&data=",
        c"",
    ] {
        let url_len = url.to_bytes().len();
        let mut lens: Vec<usize> = (0..60).collect();
        for v in [1u8, 2, 5, 9, 10, 11, 20, 26, 27, 40] {
            let n = qr_panic::drm_panic_qr_max_data_size(v, url_len);
            lens.extend([n.saturating_sub(1), n, n + 1]);
        }
        lens.extend((60..2900).step_by(97));
        for (n, len) in lens.into_iter().enumerate() {
            let input = rng.bytes(len);
            let (w, image) = ours(Some(url), &input);
            let (kw, kimage) = kernels(Some(url), &input);
            assert_eq!(w, kw, "{url:?} + {len} bytes");
            assert!(image == kimage, "{url:?} + {len} bytes: images differ");
            if w == 0 {
                continue;
            }
            if kernel_packing_overflows(&input) {
                overflowing += 1;
                continue;
            }
            if !reads_back(n) {
                continue;
            }
            let (_, _, bytes) = decode(&image, usize::from(w)).expect("decodes");
            let (head, digits) = bytes.split_at(url_len);
            assert_eq!(head, url.to_bytes());
            assert_eq!(unpack_digits(digits, len, false).as_deref(), Some(&input[..]), "{len}");
            decoded += 1;
        }
    }
    assert!(
        decoded * read_back_every() > 100 && overflowing > 0,
        "decoded {decoded}, overflowing {overflowing}"
    );
    // A second kernel quirk, kept: `max_data_size(v, 0)` is the no-URL budget, but an
    // empty URL still packs the data as digits, which takes more room, so what the
    // formula admits for version 1 needs version 2 (in the kernel's encoder as in ours).
    let input = rng.bytes(qr_panic::drm_panic_qr_max_data_size(1, 0));
    assert_eq!(ours(Some(c""), &input).0, 25);
    assert_eq!(kernels(Some(c""), &input).0, 25);
}

#[test]
fn kernel_packing_overflow_is_reproduced_and_the_exact_packing_reads_back() {
    // 7 bytes: a 4-bit tail; 0xff makes its value 15, which one digit cannot hold.
    let input = [0xffu8; 7];
    assert!(kernel_packing_overflows(&input));
    let url = c"http://x/?d=";
    let (w, image) = ours(Some(url), &input);
    let (kw, kimage) = kernels(Some(url), &input);
    assert_eq!(w, kw);
    assert!(image == kimage);
    // The extended call carries every digit the tail needs.
    let mut data = vec![0u8; DATA];
    data[..7].copy_from_slice(&input);
    let mut tmp = vec![0u8; TMP];
    let w = qr_panic::kbridge_qr_generate(Some(url), Some(&mut data), 7, Some(&mut tmp), 0);
    let (_, _, bytes) = decode(&data, usize::from(w)).expect("decodes");
    let (head, digits) = bytes.split_at(url.to_bytes().len());
    assert_eq!(head, url.to_bytes());
    assert_eq!(unpack_digits(digits, 7, true).as_deref(), Some(&input[..]));
}

#[test]
fn every_level_and_mode_decodes_to_the_input() {
    let mut rng = Rng(42);
    for ecc in 0..4u8 {
        for (mode, len) in [
            (0, 1),
            (0, 500),
            (0, 7089),
            (1, 3),
            (1, 300),
            (1, 4296),
            (2, 0),
            (2, 100),
            (2, 2953),
        ] {
            let input = match mode {
                0 => rng.pick_from(b"0123456789", len),
                1 => rng.pick_from(ALNUM, len),
                _ => rng.bytes(len),
            };
            let mut data = vec![0u8; DATA.max(input.len())];
            data[..input.len()].copy_from_slice(&input);
            let mut tmp = vec![0u8; TMP];
            let w = qr_panic::kbridge_qr_generate(
                None,
                Some(&mut data),
                input.len(),
                Some(&mut tmp),
                ecc,
            );
            // The largest inputs fit only at level L.
            if w == 0 {
                assert!(
                    ecc > 0 && len > 2000,
                    "ecc {ecc} mode {mode} len {len} refused"
                );
                continue;
            }
            let (_, level, bytes) = decode(&data, usize::from(w)).expect("decodes");
            assert_eq!(level, rqrr_level(ecc), "ecc {ecc}");
            assert_eq!(bytes, input, "ecc {ecc} mode {mode} len {len}");
        }
    }
}

/// Our symbol and qrcodegen's for the same segments, version, level and mask (or both
/// choosing by penalty), module for module.
fn compare_with_qrcodegen(
    segments: &[Segment<'_>],
    reference: &[qrcodegen::QrSegment],
    ecc: Ecc,
    mask: Option<u8>,
) {
    let mut scratch = vec![0u8; TMP];
    let mut image = vec![0u8; DATA];
    let codewords = qr_panic::encode(segments, ecc, Version::MIN, &mut scratch).expect("fits");
    let version = codewords.version();
    let symbol = codewords
        .draw(&mut image, mask.map_or(MaskChoice::Best, MaskChoice::Fixed))
        .expect("draws");
    let level = match ecc {
        Ecc::Low => qrcodegen::QrCodeEcc::Low,
        Ecc::Medium => qrcodegen::QrCodeEcc::Medium,
        Ecc::Quartile => qrcodegen::QrCodeEcc::Quartile,
        Ecc::High => qrcodegen::QrCodeEcc::High,
    };
    let v = qrcodegen::Version::new(version.number());
    let theirs = qrcodegen::QrCode::encode_segments_advanced(
        reference,
        level,
        v,
        v,
        mask.map(qrcodegen::Mask::new),
        false,
    )
    .expect("qrcodegen fits it too");
    assert_eq!(
        theirs.mask().value(),
        symbol.mask,
        "mask chosen, v{} {ecc:?}",
        version.number()
    );
    let w = symbol.width;
    let stride = w.div_ceil(8);
    for y in 0..w {
        for x in 0..w {
            let dark = image[y * stride + x / 8] & (0x80 >> (x % 8)) == 0;
            assert_eq!(
                dark,
                theirs.get_module(x as i32, y as i32),
                "v{} {ecc:?} mask {} ({x},{y})",
                version.number(),
                symbol.mask
            );
        }
    }
    if mask.is_none() {
        // The chosen mask has the lowest score of the eight, the lowest number on a tie.
        let scores: Vec<u32> = (0..8)
            .map(|m| {
                let mut other = vec![0u8; DATA];
                codewords
                    .draw(&mut other, MaskChoice::Fixed(m))
                    .expect("draws");
                qr_panic::penalty_score(&mut other, version).expect("scores")
            })
            .collect();
        let lowest = scores.iter().min().copied();
        let first_lowest = scores.iter().position(|&s| Some(s) == lowest);
        assert_eq!(
            first_lowest,
            Some(usize::from(symbol.mask)),
            "scores {scores:?}"
        );
    }
}

#[test]
fn symbols_equal_qrcodegen_s_for_every_version_level_and_mask() {
    let mut rng = Rng(99);
    for v in 1..=40u8 {
        for ecc in Ecc::ALL {
            // Fill most of this version: bytes sized to its capacity at this level.
            let capacity = Version::new(v).unwrap().data_codewords(ecc);
            let len =
                capacity.saturating_sub(if v < 10 { 2 } else { 3 }) - rng.below(capacity / 8 + 1);
            let input = rng.bytes(len);
            let seg = [Segment::bytes(&input)];
            let reference = [qrcodegen::QrSegment::make_bytes(&input)];
            let mask = if (usize::from(v) + ecc as usize).is_multiple_of(3) {
                None
            } else {
                Some((v + ecc as u8) % 8)
            };
            compare_with_qrcodegen(&seg, &reference, ecc, mask);
        }
    }
}

#[test]
fn penalty_choice_equals_qrcodegen_s_over_mixed_segments() {
    let mut rng = Rng(5);
    for round in 0..120 {
        let ecc = Ecc::ALL[round % 4];
        let (d, a, b) = (rng.below(200), rng.below(150), rng.below(120));
        let digits = rng.pick_from(b"0123456789", d);
        let alnum = rng.pick_from(ALNUM, a);
        let bytes = rng.bytes(b);
        let seg = [
            Segment::numeric(&digits).unwrap(),
            Segment::alphanumeric(&alnum).unwrap(),
            Segment::bytes(&bytes),
        ];
        let reference = [
            qrcodegen::QrSegment::make_numeric(std::str::from_utf8(&digits).unwrap()),
            qrcodegen::QrSegment::make_alphanumeric(std::str::from_utf8(&alnum).unwrap()),
            qrcodegen::QrSegment::make_bytes(&bytes),
        ];
        compare_with_qrcodegen(&seg, &reference, ecc, None);
    }
}

#[test]
fn output_format_is_the_kernels() {
    let (w, image) = ours(None, b"kbridge");
    assert_eq!(w, 21);
    let bit = |x: usize, y: usize| image[y * 3 + x / 8] & (0x80 >> (x % 8)) != 0;
    for y in 0..7 {
        for x in 0..7 {
            // Finder: dark ring (clear bits), light ring, dark 3 x 3 core.
            let ring = x.min(y).min(6 - x).min(6 - y);
            assert_eq!(bit(x, y), ring == 1, "finder module ({x},{y})");
            assert_eq!(bit(20 - x, y), ring == 1);
            assert_eq!(bit(x, 20 - y), ring == 1);
        }
        assert!(bit(7, y) && bit(13, y), "separators are light");
    }
    // Rows are 3 bytes; the 3 padding bits of every row and everything after the image
    // are zero.
    for y in 0..21 {
        assert_eq!(image[y * 3 + 2] & 0x07, 0, "row {y} padding");
    }
    assert!(image[63..].iter().all(|&b| b == 0));
    // The dark module and mask 0 with level L in the format bits (0x77c4, 1 = dark).
    assert!(!bit(8, 13));
    let format: u16 = [
        (0, 8),
        (1, 8),
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 8),
        (7, 8),
        (8, 8),
        (8, 7),
        (8, 5),
        (8, 4),
        (8, 3),
        (8, 2),
        (8, 1),
        (8, 0),
    ]
    .iter()
    .fold(0, |acc, &(x, y)| acc << 1 | u16::from(!bit(x, y)));
    assert_eq!(format, 0x77c4);
}

#[test]
fn capacity_at_every_version_boundary() {
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(1, 0), 16);
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(40, 0), 2953);
    let mut rng = Rng(3);
    for v in 1..=40u8 {
        for url_len in [0usize, 1, 20, 100] {
            let ours_max = qr_panic::drm_panic_qr_max_data_size(v, url_len);
            // The kernel's formula, evaluated by the kernel's code.
            assert_eq!(
                ours_max,
                kernel::drm_panic_qr_max_data_size(v, url_len),
                "v{v} url {url_len}"
            );
            if ours_max == 0 {
                continue;
            }
            // What the formula promises fits in version v.
            let url: Vec<u8> = std::iter::repeat_n(b'u', url_len).chain([0]).collect();
            let url = CStr::from_bytes_with_nul(&url).unwrap();
            let input = rng.bytes(ours_max);
            let (w, _) = ours((url_len > 0).then_some(url), &input);
            assert!(
                w != 0 && usize::from(w) <= 17 + 4 * usize::from(v),
                "v{v} url {url_len}: width {w}"
            );
        }
        // Without a URL, the exact edge: the longest input of version v, and one more byte
        // moves to v + 1, where qrcodegen's byte-mode choice agrees.
        let standard =
            Version::new(v).unwrap().data_codewords(Ecc::Low) - if v < 10 { 2 } else { 3 };
        let (w, _) = ours(None, &rng.bytes(standard));
        assert_eq!(
            usize::from(w),
            17 + 4 * usize::from(v),
            "v{v} holds {standard} bytes"
        );
        let (w1, _) = ours(None, &rng.bytes(standard + 1));
        let qr =
            qrcodegen::QrCode::encode_binary(&vec![0u8; standard + 1], qrcodegen::QrCodeEcc::Low)
                .ok();
        assert_eq!(
            usize::from(w1),
            qr.map_or(0, |q| q.size() as usize),
            "v{v} + 1 byte"
        );
    }
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(0, 0), 0);
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(41, 0), 0);
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(1, 15), 0);
    assert_eq!(qr_panic::drm_panic_qr_max_data_size(40, usize::MAX), 0);
}

#[test]
fn bad_calls_return_zero_and_touch_nothing() {
    assert_eq!(qr::bad_calls_from_c(), 0, "the C caller's refused calls");
    // From Rust: short buffers, data_len past the buffer, an unknown level.
    let mut data = vec![0x5au8; DATA + 1];
    let mut tmp = vec![0xa5u8; TMP];
    let before = (data.clone(), tmp.clone());
    let generate = qr_panic::drm_panic_qr_generate;
    assert_eq!(generate(None, None, 0, Some(&mut tmp)), 0);
    assert_eq!(
        generate(None, Some(&mut data[..DATA - 1]), 0, Some(&mut tmp)),
        0
    );
    assert_eq!(
        generate(None, Some(&mut data), 0, Some(&mut tmp[..TMP - 1])),
        0
    );
    assert_eq!(
        generate(None, Some(&mut data[..DATA]), DATA + 1, Some(&mut tmp)),
        0
    );
    assert_eq!(
        qr_panic::kbridge_qr_generate(None, Some(&mut data), 1, Some(&mut tmp), 4),
        0
    );
    assert_eq!((data, tmp), before);
}

#[test]
fn panic_screen_in_c_draws_a_readable_code_and_the_readme_picture_is_current() {
    let url = c"https://kbridge.example/panic?v=6.12&z=";
    let message = b"Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)";
    let screen = qr::panic_screen(Some(url), message, 480, 320);
    assert!(
        screen.result >= 21,
        "panic screen returned {}",
        screen.result
    );
    let png = screen.png();
    // Read the PNG back with an independent decoder, then the QR code in it.
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut rgb = vec![0u8; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut rgb).expect("one frame");
    assert_eq!((info.width, info.height), (480, 320));
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(480, 320, |x, y| rgb[(y * 480 + x) * 3]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let mut bytes = Vec::new();
    grids[0].decode_to(&mut bytes).expect("decodes");
    let (head, digits) = bytes.split_at(url.to_bytes().len());
    assert_eq!(head, url.to_bytes());
    if !kernel_packing_overflows(message) {
        assert_eq!(
            unpack_digits(digits, message.len(), false).as_deref(),
            Some(&message[..])
        );
    }
    let committed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/panic-screen.png");
    if std::env::var_os("KBRIDGE_UPDATE_DOCS").is_some() {
        std::fs::write(&committed, &png).expect("write docs/panic-screen.png");
    }
    let current = std::fs::read(&committed).unwrap_or_default();
    assert!(
        current == png,
        "docs/panic-screen.png is stale: rerun with KBRIDGE_UPDATE_DOCS=1"
    );
    // Too small a screen for one pixel per module.
    assert_eq!(qr::panic_screen(Some(url), message, 20, 20).result, -22);
}
