//! Rewrites BENCHMARKS.md from the last run of the benchmarks:
//! `report <criterion-dir> <BENCHMARKS.md>`.

use kbridge_bench::criterion::{Samples, duration};
use kbridge_bench::qr::PAYLOAD_SIZES;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

const ENCODERS: [&str; 3] = ["kernel_mode", "penalty_mask", "qrcode_crate"];

/// CPU model, core count and toolchain: what the figures depend on.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores; {}", rustc.trim())
}

fn qr_section(criterion_dir: &Path) -> Result<String, String> {
    let mut out = String::from(
        "## QR encoder against the `qrcode` crate\n\n\
         `bench/benches/qr.rs`: criterion, pseudo-random byte payloads (what a compressed \
         panic log looks like), ECC level L; every encoder chooses the same version (checked \
         before timing). *Kernel mode* is `drm_panic_qr_generate` with the kernel's fixed \
         mask 0; *penalty mask* is `kbridge_qr_generate` scoring all eight masks, the same \
         work the `qrcode` crate does, so the ratio to compare is penalty / `qrcode`. Times \
         per symbol: median (min - max of criterion's samples); ratios of medians.\n\n\
         | payload | kernel mode (mask 0) | penalty mask | `qrcode` crate | penalty / `qrcode` | kernel mode / `qrcode` |\n\
         |---:|---|---|---|---:|---:|\n",
    );
    for size in PAYLOAD_SIZES {
        let samples = ENCODERS
            .iter()
            .map(|e| Samples::read(criterion_dir, &format!("qr/{e}/{size}")))
            .collect::<Result<Vec<_>, _>>()?;
        let cell = |s: &Samples| {
            format!(
                "{} ({} - {})",
                duration(s.median()),
                duration(s.min()),
                duration(s.max())
            )
        };
        let reference = samples[2].median();
        let _ = writeln!(
            out,
            "| {size} B | {} | {} | {} | {:.2}x | {:.3}x |",
            cell(&samples[0]),
            cell(&samples[1]),
            cell(&samples[2]),
            samples[1].median() / reference,
            samples[0].median() / reference,
        );
    }
    Ok(out)
}

fn report(criterion_dir: &Path) -> Result<String, String> {
    Ok(format!(
        "# Benchmarks\n\n\
         Written by `scripts/bench.sh` (do not edit by hand). Every ratio is against a \
         baseline measured in the same run on the same machine.\n\n\
         Machine: {}.\n\n{}",
        machine(),
        qr_section(criterion_dir)?
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [criterion_dir, out] = args.as_slice() else {
        eprintln!("usage: report <criterion-dir> <BENCHMARKS.md>");
        return ExitCode::from(2);
    };
    match report(Path::new(criterion_dir))
        .and_then(|text| std::fs::write(out, text).map_err(|e| format!("{out}: {e}")))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::FAILURE
        }
    }
}
