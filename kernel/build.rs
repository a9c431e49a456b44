//! Generates the raw bindings and the C shim for the target being built, from the shipped
//! model headers, into OUT_DIR; compiles and links the shim. Nothing generated is committed.
//!
//! `KBRIDGE_KERNEL_HEADERS=<dir>` builds for a real kernel instead: `<dir>` is a configured
//! kernel's headers (Debian's `linux-headers-<version>-<flavor>`), which supply layouts and
//! values; the API stays the model's. The C shim is then left in OUT_DIR for the module
//! build (Kbuild) to compile with the kernel's compiler and flags.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let headers = manifest.join("../headers");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed={}", headers.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KBRIDGE_KERNEL_HEADERS");

    let mut builder = bridge_gen::Builder::new(&headers)
        .target(&target)
        .ctypes_prefix("crate::ffi");
    if let Some(tree) = std::env::var_os("KBRIDGE_KERNEL_HEADERS") {
        println!(
            "cargo:rerun-if-changed={}",
            PathBuf::from(&tree).join("include/generated").display()
        );
        builder = builder.kernel_headers(tree);
    }
    let result = builder
        .generate()
        .and_then(|generated| generated.build(&out_dir));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
