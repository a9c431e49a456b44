//! Rewrites BENCHMARKS.md and the QR time plot from the last run of `scripts/bench.sh`:
//! `report <criterion-dir> <results-dir> <BENCHMARKS.md> <plot.png>`.

use kbridge_bench::criterion::{Samples, duration, thousands};
use kbridge_bench::plot::{self, Axes, Series};
use kbridge_bench::qr::PAYLOAD_SIZES;
use kbridge_bench::tsv;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

const ENCODERS: [&str; 3] = ["kernel_mode", "penalty_mask", "qrcode_crate"];
const COLOURS: [[u8; 3]; 3] = [[31, 119, 180], [255, 127, 14], [120, 120, 120]];

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
    let version = |tool: &str, arg: &str| {
        Command::new(tool)
            .arg(arg)
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.lines().next().map(str::to_owned))
            .unwrap_or_else(|| format!("{tool}: not found"))
    };
    format!(
        "{cpu}, {cores} cores; {}; {}; {}",
        version("rustc", "-V"),
        version("clang-22", "--version"),
        version("valgrind", "--version")
    )
}

fn ms(value: f64) -> String {
    duration(value * 1e6)
}

fn mib(kib: f64) -> String {
    format!("{:.0} MiB", kib / 1024.0)
}

fn verdict(ratio: f64, target: f64) -> &'static str {
    if ratio <= target { "met" } else { "**missed**" }
}

fn generation_section(results: &Path) -> Result<String, String> {
    let path = results.join("gen.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let samples = |tool: &str, key: &str| -> Result<Samples, String> {
        let values = json[tool][key]
            .as_array()
            .ok_or_else(|| format!("{}: no {tool}.{key}", path.display()))?
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect();
        Samples::new(values).map_err(|e| format!("{tool}.{key}: {e}"))
    };
    let rows = [
        (
            "bridge_gen",
            "bridge-gen, whole run (raw + safe + shims + report)",
        ),
        (
            "raw_bindgen",
            "bindgen, everything the same includes declare",
        ),
        (
            "parse_floor",
            "`clang-19 -fsyntax-only`, same flags (parse floor)",
        ),
        ("no_op", "bridge-gen again, nothing changed (no-op)"),
    ];
    let headers = &json["headers"];
    let tree = headers["kernel"]
        .as_str()
        .and_then(|path| path.rsplit('/').next())
        .unwrap_or("?");
    let libclang = headers["libclang"].as_str().unwrap_or("?");
    let runs = samples("bridge_gen", "wall_ms")?.count();
    let no_op_runs = samples("no_op", "wall_ms")?.count();
    let mut out = format!(
        "## 1. Generation speed on Debian's kernel headers\n\n\
         The includes the three drivers need (the model's {} header names, resolved in \
         `{tree}` and its common tree, with the module build's flags: forced includes, \
         `-O2 -DMODULE`, `__KERNEL__`). Each figure is a new process \
         (`bench/src/bin/gen_speed.rs`), the runs of the three tools interleaved; the page \
         cache is warm. bridge-gen and bindgen load libclang from `{libclang}`, the \
         floor's own LLVM. Wall time median (min - max) of {runs} runs (no-op: \
         {no_op_runs}); peak resident memory from GNU time.\n\n\
         | run | wall time | peak memory |\n|---|---|---:|\n",
        headers["model"],
    );
    for (tool, label) in rows {
        let wall = samples(tool, "wall_ms")?;
        let memory = samples(tool, "peak_kib")?;
        let _ = writeln!(
            out,
            "| {label} | {} ({} - {}) | {} |",
            ms(wall.median()),
            ms(wall.min()),
            ms(wall.max()),
            mib(memory.median())
        );
    }
    let ours = samples("bridge_gen", "wall_ms")?.median();
    let bindgen = samples("raw_bindgen", "wall_ms")?.median();
    let floor = samples("parse_floor", "wall_ms")?.median();
    let no_op = samples("no_op", "wall_ms")?.median();
    let lines = &json["output_lines"];
    let _ = write!(
        out,
        "\n| ratio (medians) | value | target | |\n|---|---:|---:|---|\n\
         | bridge-gen / raw bindgen | {:.2}x | <= 0.60x | {} |\n\
         | bridge-gen / parse floor | {:.2}x | <= 2.50x | {} |\n\
         | no-op | {} | <= 50 ms | {} |\n\n\
         Output: bridge-gen's bindings.rs has {} lines (what the IR names, the shim \
         prototypes, the typed constants; the safe layer and shims are other files); \
         bindgen's has {}. The no-op run only `stat`s the \
         files the last run read (`.bridge-gen-inputs`: every header clang opened, the \
         spec, the outputs) and parses nothing.\n\n",
        ours / bindgen,
        verdict(ours / bindgen, 0.6),
        ours / floor,
        verdict(ours / floor, 2.5),
        ms(no_op),
        verdict(no_op, 50.0),
        thousands(lines["bridge_gen_bindings"].as_u64().unwrap_or(0)),
        thousands(lines["raw_bindgen"].as_u64().unwrap_or(0)),
    );
    Ok(out)
}

fn driver_section(results: &Path) -> Result<String, String> {
    let rows = tsv::read(&results.join("driver-cost.tsv"))?;
    let mut per_call = std::collections::HashMap::new();
    for row in &rows {
        let rounds = tsv::number(row, "rounds_high")? - tsv::number(row, "rounds_low")?;
        let instructions =
            tsv::number(row, "instructions_high")? - tsv::number(row, "instructions_low")?;
        let calls = rounds * tsv::number(row, "calls_per_round")?;
        per_call.insert(row["driver"].clone(), instructions / calls);
    }
    let get = |name: &str| {
        per_call
            .get(name)
            .copied()
            .ok_or_else(|| format!("driver-cost.tsv: no row for {name}"))
    };
    let mut out = String::from(
        "## 2. The safe layer at run time\n\n\
         Instructions per callback, counted by callgrind (deterministic) only inside the \
         model's dispatch of the callback (`--toggle-collect=kbridge_model_queue_rq` / \
         `kbridge_model_read_status`), so they are the callback's and everything it calls: \
         trampoline, safe wrappers, shims, the model's C. The baseline is a C twin of each \
         driver on the same model with the same features and settings \
         (`bench/driver-cost/c/`). Both are built the same way, with cross-language LTO: \
         the C as clang-22 ThinLTO bitcode, the Rust as rustc's (LLVM 22), optimised \
         together by the linker, so the shims are inlined into the Rust (the run fails if \
         a shim symbol is left in the binary). Each driver runs 100 and 1,100 rounds; the \
         difference divided by the calls made is the cost per call, set-up excluded.\n\n\
         | hot path | Rust (generated layer) | plain C | Rust / C | target |\n\
         |---|---:|---:|---:|---|\n",
    );
    for (label, rust, c) in [
        (
            "nullblk `queue_rq`, 4 KiB write or read, memory-backed (incl. the 4 KiB copy)",
            "nullblk-rust",
            "nullblk-c",
        ),
        (
            "PHY `read_status` dispatch, AX88772A, link up (same MDIO traffic checked)",
            "phy-rust",
            "phy-c",
        ),
    ] {
        let (r, c) = (get(rust)?, get(c)?);
        let _ = writeln!(
            out,
            "| {label} | {r:.1} | {c:.1} | {:.3}x | <= 1.00x {} |",
            r / c,
            verdict(r / c, 1.0)
        );
    }
    out.push_str(
        "\nShims on the hot path: cross-language LTO (shims keep their C symbol, aliased to \
         the API name, so ThinLTO matches and inlines them; loop shims are `always_inline` \
         under clang). In a real kernel built by GCC, as Debian's is, they stay calls.\n\n\
         `.text` of the modules (all executable sections: `.text*`, `.init.text`, \
         `.exit.text`; `size -A`), ours built against Debian's 6.12 headers, the C twins \
         as Debian ships them (these do more: null_blk has zoned devices, configfs, fault \
         injection and more; ax88796b is the same three PHYs):\n\n\
         | module | .text bytes |\n|---|---:|\n",
    );
    for row in tsv::read(&results.join("ko-text.tsv"))? {
        let text = tsv::number(&row, "text")? as u64;
        let _ = writeln!(
            out,
            "| {}.ko ({}) | {} |",
            row["module"],
            row["source"],
            thousands(text)
        );
    }
    out.push('\n');
    Ok(out)
}

fn qr_section(criterion_dir: &Path, results: &Path, plot_path: &Path) -> Result<String, String> {
    let mut out = String::from(
        "## 3. QR encoder against the `qrcode` crate\n\n\
         `bench/benches/qr.rs`: criterion, pseudo-random byte payloads (what a compressed \
         panic log looks like), ECC level L; every encoder chooses the same version (checked \
         before timing). *Kernel mode* is `drm_panic_qr_generate` with the kernel's fixed \
         mask 0; *penalty mask* is `kbridge_qr_generate` scoring all eight masks, the same \
         work the `qrcode` crate does, so the ratio to compare is penalty / `qrcode`. Times \
         per symbol: median (min - max of criterion's samples); ratios of medians.\n\n\
         | payload | kernel mode (mask 0) | penalty mask | `qrcode` crate | penalty / `qrcode` | kernel mode / `qrcode` |\n\
         |---:|---|---|---|---:|---:|\n",
    );
    let mut series: Vec<Series> = COLOURS
        .iter()
        .map(|&rgb| Series {
            rgb,
            points: Vec::new(),
        })
        .collect();
    for &size in PAYLOAD_SIZES {
        let samples = ENCODERS
            .iter()
            .map(|e| Samples::read(criterion_dir, &format!("qr/{e}/{size}")))
            .collect::<Result<Vec<_>, _>>()?;
        for (line, s) in series.iter_mut().zip(&samples) {
            line.points.push((size as f64, s.median()));
        }
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
    plot::write(
        plot_path,
        &Axes {
            x_max: 3000.0,
            x_step: 500.0,
            x_unit: "B",
            y_decades: (3, 8),
            y_labels: ["1us", "10us", "100us", "1ms", "10ms", "100ms"]
                .map(String::from)
                .to_vec(),
        },
        &series,
    )?;
    let name = plot_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = write!(
        out,
        "\n![QR encode time per symbol against payload size](docs/{name})\n\n\
         *Time per symbol (log scale) against payload bytes: blue kernel mode, orange \
         penalty mask, grey the `qrcode` crate.*\n\n\
         Memory per encode, over every payload size above: heap from valgrind's memcheck \
         totals (a run that encodes once less a run that allocates the same buffers and \
         does not encode); peak stack by painting 256 KiB below the caller and finding the \
         deepest byte the encode changed (`bench/c/stack_probe.c`; includes the frame of \
         the probe's callback, an upper bound).\n\n\
         | mode | heap allocations | heap bytes | peak stack |\n|---|---:|---:|---:|\n"
    );
    let rows = tsv::read(&results.join("qr-memory.tsv"))?;
    for (mode, label) in [("kernel", "kernel mode"), ("penalty", "penalty mask")] {
        let mine: Vec<_> = rows.iter().filter(|r| r["mode"] == mode).collect();
        let max = |column: &str| -> Result<f64, String> {
            mine.iter()
                .map(|r| tsv::number(r, column))
                .try_fold(0f64, |m, v| Ok(m.max(v?)))
        };
        let _ = writeln!(
            out,
            "| {label} ({} sizes) | {} | {} | {} bytes |",
            mine.len(),
            max("heap_allocs")?,
            max("heap_bytes")?,
            thousands(max("stack_bytes")? as u64)
        );
    }
    Ok(out)
}

fn report(criterion_dir: &Path, results: &Path, plot_path: &Path) -> Result<String, String> {
    Ok(format!(
        "# Benchmarks\n\n\
         Written by `scripts/bench.sh` (do not edit by hand). Every ratio is against a \
         baseline measured in the same run on the same machine; raw results are in \
         `target/bench/results/`.\n\n\
         Machine: {}.\n\n{}{}{}",
        machine(),
        generation_section(results)?,
        driver_section(results)?,
        qr_section(criterion_dir, results, plot_path)?
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [criterion_dir, results, out, plot_path] = args.as_slice() else {
        eprintln!("usage: report <criterion-dir> <results-dir> <BENCHMARKS.md> <plot.png>");
        return ExitCode::from(2);
    };
    match report(
        Path::new(criterion_dir),
        Path::new(results),
        Path::new(plot_path),
    )
    .and_then(|text| std::fs::write(out, text).map_err(|e| format!("{out}: {e}")))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::FAILURE
        }
    }
}
