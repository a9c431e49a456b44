//! Generates the raw bindings and the C shim for the target being built, from the shipped
//! model headers, into OUT_DIR; compiles and links the shim. Nothing generated is committed.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let headers = manifest.join("../headers");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed={}", headers.display());
    println!("cargo:rerun-if-changed=build.rs");

    let result = bridge_gen::Builder::new(&headers)
        .target(&target)
        .ctypes_prefix("crate::ffi")
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
