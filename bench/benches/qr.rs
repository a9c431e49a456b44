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

fn encoders(c: &mut Criterion) {
    let mut group = c.benchmark_group("qr");
    let mut data = vec![0u8; MAX_IMAGE_LEN];
    let mut tmp = vec![0u8; MAX_SCRATCH_LEN];
    for &size in PAYLOAD_SIZES {
        let input = payload(size);
        let width = same_symbol_size(&input, &mut data, &mut tmp);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("kernel_mode", size), &input, |b, input| {
            b.iter(|| {
                data[..input.len()].copy_from_slice(input);
                let w = qr_panic::drm_panic_qr_generate(
                    None,
                    Some(&mut data),
                    black_box(input.len()),
                    Some(&mut tmp),
                );
                assert_eq!(w, width);
            })
        });
        group.bench_with_input(
            BenchmarkId::new("penalty_mask", size),
            &input,
            |b, input| {
                b.iter(|| {
                    data[..input.len()].copy_from_slice(input);
                    let w = qr_panic::kbridge_qr_generate(
                        None,
                        Some(&mut data),
                        black_box(input.len()),
                        Some(&mut tmp),
                        0,
                    );
                    assert_eq!(w, width);
                })
            },
        );
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
    data[..input.len()].copy_from_slice(input);
    let kernel = qr_panic::drm_panic_qr_generate(None, Some(data), input.len(), Some(tmp));
    data[..input.len()].copy_from_slice(input);
    let penalty = qr_panic::kbridge_qr_generate(None, Some(data), input.len(), Some(tmp), 0);
    let reference = QrCode::with_error_correction_level(input, EcLevel::L)
        .map(|code| code.width())
        .unwrap_or(0);
    assert!(kernel != 0, "{} bytes did not encode", input.len());
    assert_eq!(
        (usize::from(kernel), usize::from(penalty)),
        (reference, reference),
        "{} bytes: the encoders chose different versions",
        input.len()
    );
    kernel
}

criterion_group!(benches, encoders);
criterion_main!(benches);
