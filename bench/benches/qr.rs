//! The QR encoder against the `qrcode` crate on the same payloads at ECC level L.
//!
//! Payloads are pseudo-random bytes, what a panic screen encodes (compressed kernel log),
//! so every encoder picks byte mode and the same version; a check before timing makes sure
//! of that. Three encoders per size:
//! - `kernel_mode`: `drm_panic_qr_generate`, the kernel's fixed mask 0;
//! - `penalty_mask`: `kbridge_qr_generate` at level L, all eight masks scored;
//! - `qrcode_crate`: `qrcode::QrCode::with_error_correction_level(.., L)` and its modules,
//!   which also scores all eight masks (so compare it with `penalty_mask`).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kbridge_bench::qr::{PAYLOAD_SIZES, payload};
use qr_panic::{MAX_IMAGE_LEN, MAX_SCRATCH_LEN};
use qrcode::{EcLevel, QrCode};
use std::hint::black_box;

/// One of our two entry points: copies the payload into the data buffer (the call
/// overwrites it) and encodes it, returning the width.
type Ours = fn(&[u8], &mut [u8], &mut [u8]) -> u8;

const OURS: [(&str, Ours); 2] = [
    ("kernel_mode", |input, data, tmp| {
        data[..input.len()].copy_from_slice(input);
        qr_panic::drm_panic_qr_generate(None, Some(data), black_box(input.len()), Some(tmp))
    }),
    ("penalty_mask", |input, data, tmp| {
        data[..input.len()].copy_from_slice(input);
        qr_panic::kbridge_qr_generate(None, Some(data), black_box(input.len()), Some(tmp), 0)
    }),
];

fn encoders(c: &mut Criterion) {
    let mut group = c.benchmark_group("qr");
    let mut data = vec![0u8; MAX_IMAGE_LEN];
    let mut tmp = vec![0u8; MAX_SCRATCH_LEN];
    for &size in PAYLOAD_SIZES {
        let input = payload(size);
        let width = same_symbol_size(&input, &mut data, &mut tmp);
        group.throughput(Throughput::Bytes(size as u64));
        for (name, encode) in OURS {
            group.bench_with_input(BenchmarkId::new(name, size), &input, |b, input| {
                b.iter(|| assert_eq!(encode(input, &mut data, &mut tmp), width))
            });
        }
        group.bench_with_input(
            BenchmarkId::new("qrcode_crate", size),
            &input,
            |b, input| {
                b.iter(|| {
                    let code = QrCode::with_error_correction_level(black_box(input), EcLevel::L);
                    let modules = code.map(QrCode::into_colors);
                    assert_eq!(
                        modules.map(|m| m.len()).ok(),
                        Some(usize::from(width).pow(2))
                    );
                })
            },
        );
    }
    group.finish();
}

/// Encodes `input` with all three and returns the common width; panics (before any
/// timing) if they disagree, since the comparison would then be between different jobs.
fn same_symbol_size(input: &[u8], data: &mut [u8], tmp: &mut [u8]) -> u8 {
    let reference = QrCode::with_error_correction_level(input, EcLevel::L)
        .map(|code| code.width())
        .unwrap_or(0);
    assert!(reference != 0, "{} bytes did not encode", input.len());
    for (name, encode) in OURS {
        assert_eq!(
            usize::from(encode(input, data, tmp)),
            reference,
            "{} bytes: {name} chose another version than the qrcode crate",
            input.len()
        );
    }
    reference as u8
}

criterion_group!(benches, encoders);
criterion_main!(benches);
