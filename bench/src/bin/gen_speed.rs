//! Generation speed on a real kernel's headers: bridge-gen's whole run against plain
//! bindgen over the same includes and against `clang -fsyntax-only` with the same flags
//! (the parse floor), each a new process every time; then bridge-gen's no-op run (output
//! up to date). Peak memory of each from `/usr/bin/time`. Writes one JSON object.
//!
//! `gen_speed --headers DIR --kernel DIR --bridge-gen BIN --raw-bindgen BIN --clang BIN
//!            --libclang DIR --runs N --scratch DIR --out FILE`
//!
//! bridge-gen and bindgen load libclang at run time, by default the newest installed;
//! `--libclang` names the folder of the one they use (`LIBCLANG_PATH`), which should be
//! the floor's clang's own: another LLVM parses at another speed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use bridge_gen::parse::{HeaderSet, kernel_clang_args};
use bridge_gen::{KernelTree, Target};
use serde_json::json;

struct Options {
    headers: PathBuf,
    kernel: PathBuf,
    bridge_gen: PathBuf,
    raw_bindgen: PathBuf,
    clang: PathBuf,
    libclang: PathBuf,
    runs: usize,
    scratch: PathBuf,
    out: PathBuf,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| -> Result<String, String> {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .ok_or_else(|| format!("missing {flag} VALUE"))
    };
    Ok(Options {
        headers: value("--headers")?.into(),
        kernel: value("--kernel")?.into(),
        bridge_gen: value("--bridge-gen")?.into(),
        raw_bindgen: value("--raw-bindgen")?.into(),
        clang: value("--clang")?.into(),
        libclang: value("--libclang")?.into(),
        runs: value("--runs")?
            .parse()
            .map_err(|e| format!("--runs: {e}"))?,
        scratch: value("--scratch")?.into(),
        out: value("--out")?.into(),
    })
}

/// One measured process: wall time in ms, and peak resident memory in KiB when it ran
/// under `/usr/bin/time`.
struct Sample {
    wall_ms: f64,
    peak_kib: Option<u64>,
}

/// Runs `command`, under `/usr/bin/time` when `memory`, with `--libclang`'s libclang;
/// fails unless it exits 0.
fn run(name: &str, command: &[String], memory: bool, o: &Options) -> Result<Sample, String> {
    let time_file = o.scratch.join("time.txt");
    let mut cmd = if memory {
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-f").arg("%M").arg("-o").arg(&time_file);
        cmd.args(command);
        cmd
    } else {
        let mut cmd = Command::new(&command[0]);
        cmd.args(&command[1..]);
        cmd
    };
    cmd.env("LIBCLANG_PATH", &o.libclang);
    let started = Instant::now();
    let output = cmd
        .output()
        .map_err(|e| format!("{name}: cannot run {}: {e}", command[0]))?;
    let wall_ms = started.elapsed().as_secs_f64() * 1e3;
    if !output.status.success() {
        return Err(format!(
            "{name} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let peak_kib = match memory {
        true => Some(
            std::fs::read_to_string(&time_file)
                .ok()
                .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
                .ok_or_else(|| format!("{name}: no peak memory from /usr/bin/time"))?,
        ),
        false => None,
    };
    Ok(Sample { wall_ms, peak_kib })
}

fn lines_of(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

fn measure(o: &Options) -> Result<serde_json::Value, String> {
    std::fs::create_dir_all(&o.scratch).map_err(|e| format!("{}: {e}", o.scratch.display()))?;
    let target = Target::host();
    let set = HeaderSet::open(&o.headers).map_err(|e| e.to_string())?;
    let tree = KernelTree::open(&o.kernel, &target).map_err(|e| e.to_string())?;
    let umbrella = o.scratch.join("umbrella.h");
    std::fs::write(&umbrella, set.umbrella()).map_err(|e| format!("umbrella: {e}"))?;

    let s = |p: &Path| p.display().to_string();
    let gen_out = o.scratch.join("bridge-gen-out");
    let raw_out = o.scratch.join("raw-bindings.rs");
    let bridge_gen: Vec<String> = vec![
        s(&o.bridge_gen),
        s(&o.headers),
        "--kernel-headers".into(),
        s(&o.kernel),
        "--out".into(),
        s(&gen_out),
    ];
    let mut forced = bridge_gen.clone();
    forced.push("--force".into());
    let raw = vec![s(&o.raw_bindgen), s(&o.headers), s(&o.kernel), s(&raw_out)];
    let mut clang = vec![s(&o.clang), "-fsyntax-only".into()];
    clang.extend(kernel_clang_args(&tree, &target, &[]));
    clang.push(s(&umbrella));

    let tools: [(&str, &Vec<String>); 3] = [
        ("bridge_gen", &forced),
        ("raw_bindgen", &raw),
        ("parse_floor", &clang),
    ];
    let mut results = serde_json::Map::new();
    let mut samples: Vec<Vec<Sample>> = tools.iter().map(|_| Vec::new()).collect();
    // Interleaved, so drift on the machine affects every tool alike.
    for round in 0..o.runs {
        for ((name, command), out) in tools.iter().zip(&mut samples) {
            eprintln!("gen_speed: {name}, run {} of {}", round + 1, o.runs);
            out.push(run(name, command, true, o)?);
        }
    }
    for ((name, _), taken) in tools.iter().zip(&samples) {
        results.insert(
            name.to_string(),
            json!({
                "wall_ms": taken.iter().map(|s| s.wall_ms).collect::<Vec<_>>(),
                "peak_kib": taken.iter().filter_map(|s| s.peak_kib).collect::<Vec<_>>(),
            }),
        );
    }
    // The no-op: the output above is up to date, so nothing is parsed. Timed without
    // /usr/bin/time in between; its memory from one run under it.
    run("bridge-gen (write)", &bridge_gen, false, o)?;
    let mut noop = Vec::new();
    for _ in 0..o.runs * 4 {
        noop.push(run("bridge-gen (no-op)", &bridge_gen, false, o)?.wall_ms);
    }
    let noop_memory = run("bridge-gen (no-op)", &bridge_gen, true, o)?;
    results.insert(
        "no_op".into(),
        json!({ "wall_ms": noop, "peak_kib": [noop_memory.peak_kib] }),
    );
    results.insert(
        "output_lines".into(),
        json!({
            "bridge_gen_bindings": lines_of(&gen_out.join("bindings.rs")),
            "raw_bindgen": lines_of(&raw_out),
        }),
    );
    results.insert(
        "headers".into(),
        json!({ "model": set.headers.len(), "kernel": s(&tree.flavor), "libclang": s(&o.libclang) }),
    );
    Ok(serde_json::Value::Object(results))
}

fn main() -> ExitCode {
    let result = options().and_then(|o| {
        let value = measure(&o)?;
        let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
        std::fs::write(&o.out, text).map_err(|e| format!("{}: {e}", o.out.display()))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_speed: {e}");
            ExitCode::FAILURE
        }
    }
}
