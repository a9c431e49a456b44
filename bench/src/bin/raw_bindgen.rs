//! Plain bindgen over the same includes bridge-gen reads in a real kernel tree, with the
//! same flags: the baseline of the generation benchmark.
//! `raw_bindgen HEADER_DIR KERNEL_FLAVOR_DIR OUT_FILE`
//!
//! Everything the includes declare is generated (no allowlist), with the options
//! bridge-gen also gives bindgen where they change the amount of work: layout tests,
//! comments, `core`, prettyplease.

use std::path::Path;
use std::process::ExitCode;

use bridge_gen::parse::{HeaderSet, kernel_clang_args};
use bridge_gen::{KernelTree, Target};

fn run(header_dir: &Path, flavor: &Path, out: &Path) -> Result<(), String> {
    let target = Target::host();
    let set = HeaderSet::open(header_dir).map_err(|e| e.to_string())?;
    let tree = KernelTree::open(flavor, &target).map_err(|e| e.to_string())?;
    let args = kernel_clang_args(&tree, &target, &[]);
    let umbrella = set.canonical_root.join("raw-bindgen-umbrella.h");
    let bindings = bindgen::Builder::default()
        .header_contents(&umbrella.to_string_lossy(), &set.umbrella())
        .clang_args(args)
        .use_core()
        .layout_tests(true)
        .generate_comments(true)
        .formatter(bindgen::Formatter::Prettyplease)
        .generate()
        .map_err(|e| format!("bindgen: {e}"))?;
    std::fs::write(out, bindings.to_string()).map_err(|e| format!("{}: {e}", out.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [header_dir, flavor, out] = args.as_slice() else {
        eprintln!("usage: raw_bindgen HEADER_DIR KERNEL_FLAVOR_DIR OUT_FILE");
        return ExitCode::from(2);
    };
    match run(Path::new(header_dir), Path::new(flavor), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("raw_bindgen: {e}");
            ExitCode::FAILURE
        }
    }
}
