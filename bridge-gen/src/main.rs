//! `bridge-gen HEADER_DIR [--out DIR] [--target TRIPLE] [--kernel-headers DIR]
//! [--exports CRATE_DIR]... [--check] [--force]`
//!
//! Generates the artifacts for a header folder into an output folder, replaced whole.
//! With --check, writes nothing and fails if the output folder is not what a fresh
//! generation would write. A run whose output folder is up to date (same options, no
//! input changed since it was written) returns at once; --force regenerates anyway.

#![warn(clippy::too_many_lines)]

use std::path::PathBuf;
use std::process::ExitCode;

use bridge_gen::emit::Artifact;
use bridge_gen::{Builder, ExportHeader, Generated, Target, Totals, freshness};

const USAGE: &str =
    "usage: bridge-gen HEADER_DIR [--out DIR] [--target TRIPLE] [--kernel-headers DIR]
                  [--exports CRATE_DIR]... [--check] [--force]

  HEADER_DIR       folder holding linux/*.h (e.g. headers/)
  --out DIR        output folder (default: target/kbridge/<target>)
  --target TRIPLE  Rust target triple to lay types out for (default: the host)
  --kernel-headers DIR
                   lay the API out for a real kernel: DIR is a configured kernel's
                   headers (e.g. /usr/src/linux-headers-6.12.X+deb12-amd64);
                   world.txt lists where they differ from HEADER_DIR's
  --exports DIR    also write <crate>.h: the C header of that crate's #[export] functions
  --check          write nothing; fail if DIR differs from a fresh generation
  --force          regenerate even if no input changed since DIR was written";

struct Options {
    header_dir: PathBuf,
    out: Option<PathBuf>,
    target: Option<String>,
    exports: Vec<PathBuf>,
    kernel_headers: Option<PathBuf>,
    check: bool,
    force: bool,
    /// What asked for this output: the arguments, less --force.
    key: String,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let args: Vec<String> = args.collect();
    let key = bridge_gen::freshness::key(
        &args
            .iter()
            .filter(|a| *a != "--force")
            .cloned()
            .collect::<Vec<_>>(),
    );
    let mut force = false;
    let mut header_dir = None;
    let mut out = None;
    let mut target = None;
    let mut check = false;
    let mut exports = Vec::new();
    let mut kernel_headers = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--target" => target = Some(value("--target")?),
            "--check" => check = true,
            "--force" => force = true,
            "--kernel-headers" => kernel_headers = Some(PathBuf::from(value("--kernel-headers")?)),
            "--exports" => exports.push(PathBuf::from(value("--exports")?)),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            path if header_dir.is_none() => header_dir = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let header_dir = header_dir.ok_or("missing HEADER_DIR")?;
    Ok(Options {
        header_dir,
        out,
        target,
        exports,
        kernel_headers,
        check,
        force,
        key,
    })
}

fn summary(generated: &Generated, out: &std::path::Path, verb: &str) -> String {
    let t = Totals::of(&generated.ir);
    let bridge_gen::infer::Counts {
        safe,
        unsafe_,
        skipped,
    } = generated.api.counts();
    let mut safe_lines = format!(
        "\n  safe API     {safe:>4} safe, {unsafe_} unsafe, {skipped} skipped (see safety.txt), {} spec lines",
        generated.api.spec_lines
    );
    for c in generated.api.callbacks() {
        safe_lines.push_str(&format!(
            "\n    {}: {} of {} callbacks safe",
            c.table, c.safe, c.slots
        ));
    }
    let raw = format!(
        "bridge-gen: {} headers for {} in {:.2} s\n\
         \x20 functions    {:>4} extern, {} static inline -> C shim\n\
         \x20 macros       {:>4} -> C shim, {} without shim (see report.txt)\n\
         \x20 constants    {:>4} typed, {} object-like macros that are not constants\n\
         \x20 records      {:>4} ({} callback slots), layout checked at compile and run time",
        generated.ir.headers.len(),
        generated.target.rust,
        generated.elapsed.as_secs_f64(),
        t.extern_functions,
        t.inline_shims,
        t.macro_shims,
        t.skipped_macros,
        t.constants,
        t.skipped_constants,
        t.records,
        t.callbacks,
    );
    format!("{raw}{safe_lines}\n  {verb} {}", out.display())
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Builder::new(&options.header_dir);
    if let Some(triple) = &options.target {
        builder = builder.target(triple);
    }
    if let Some(tree) = &options.kernel_headers {
        builder = builder.kernel_headers(tree);
    }
    let triple = options
        .target
        .clone()
        .unwrap_or_else(|| Target::host().rust);
    let out = options
        .out
        .unwrap_or_else(|| PathBuf::from("target/kbridge").join(&triple));

    if !options.check && !options.force && freshness::is_fresh(&out, &options.key) {
        println!(
            "bridge-gen: {} is up to date (no input changed; --force regenerates)",
            out.display()
        );
        return ExitCode::SUCCESS;
    }
    let result = builder.generate().and_then(|mut generated| {
        for dir in &options.exports {
            generated
                .inputs
                .extend(freshness::inputs_under(&dir.join("src")));
            generated.inputs.push(dir.join("Cargo.toml"));
            let exports = ExportHeader::new(dir).generate()?;
            generated.artifacts.push(Artifact {
                name: format!("{}.h", exports.crate_name),
                contents: exports.header,
            });
        }
        if options.check {
            generated
                .check(&out)
                .map(|()| summary(&generated, &out, "up to date:"))
        } else {
            let names: Vec<String> = generated.artifacts.iter().map(|a| a.name.clone()).collect();
            generated
                .write_to(&out)
                .and_then(|()| {
                    freshness::write_record(&options.key, &generated.inputs, &out, &names)
                })
                .map(|()| summary(&generated, &out, "wrote"))
        }
    });
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
