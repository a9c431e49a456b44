//! Builds what the QR tests link and compare against:
//!
//! - the C header of the qr-panic driver's exports, written by bridge-gen (cbindgen)
//!   from its Rust signatures, and the model's C panic screen compiled against it: the
//!   C caller declares nothing by hand;
//! - the kernel's own encoder (Linux 6.12's drivers/gpu/drm/drm_panic_qr.rs from
//!   Debian's linux-source-6.12, unpacked by scripts/setup.sh) as a test oracle, with
//!   its `kernel::` imports pointed at a tiny stand-in. Nothing of it is committed.

use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    export_header_and_panic_screen(&out);
    kernel_oracle(&out);
    test_drivers();
}

/// C as the kernel is built (bridge_gen::dialect: no host headers, unsigned `char`),
/// against the model's headers, every warning an error.
fn kernel_c() -> cc::Build {
    let mut build = cc::Build::new();
    build.include("../headers");
    for flag in bridge_gen::dialect::FLAGS {
        build.flag(flag);
    }
    build
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true);
    build
}

/// C drivers the tests load into the model beside Rust ones (tests/c/).
fn test_drivers() {
    println!("cargo:rerun-if-changed=c");
    kernel_c()
        .file("c/stale_priv.c")
        .file("c/platform_probe.c")
        .file("c/softdog.c")
        .file("c/timer_user.c")
        .flag_if_supported("-Wno-unused-parameter")
        .compile("kbridge_test_drivers");
}

fn export_header_and_panic_screen(out: &Path) {
    let qr = Path::new("../examples/qr-panic");
    println!("cargo:rerun-if-changed={}", qr.join("src").display());
    println!("cargo:rerun-if-changed={}", qr.join("Cargo.toml").display());
    println!("cargo:rerun-if-changed=../c-shim/model/drm_panic.c");
    let exports = bridge_gen::ExportHeader::new(qr)
        .generate()
        .unwrap_or_else(|e| panic!("bridge-gen could not write the qr-panic header:\n{e}"));
    let include = out.join("include");
    std::fs::create_dir_all(&include).expect("create OUT_DIR/include");
    std::fs::write(include.join("qr_panic.h"), &exports.header).expect("write qr_panic.h");
    kernel_c()
        .file("../c-shim/model/drm_panic.c")
        .include(&include)
        .include("../c-shim/model")
        .compile("kbridge_panic_screen");
}

fn kernel_oracle(out: &Path) {
    const FILE: &str = "drivers/gpu/drm/drm_panic_qr.rs";
    println!("cargo:rerun-if-env-changed=KBRIDGE_LINUX_SOURCE");
    let root = std::env::var_os("KBRIDGE_LINUX_SOURCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../target/linux-source-6.12"));
    let path = root.join(FILE);
    println!("cargo:rerun-if-changed={}", path.display());
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nThe QR tests compare against the kernel's encoder: run scripts/setup.sh \
             (it unpacks {FILE} from Debian's linux-source-6.12), or point KBRIDGE_LINUX_SOURCE \
             at a Linux 6.12 source tree.",
            path.display()
        )
    });
    let mut oracle = String::new();
    let mut replaced = [0usize; 3];
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//!") || trimmed.starts_with("// SPDX") {
            continue;
        }
        let line = if trimmed == "use kernel::str::CStr;" {
            replaced[0] += 1;
            "use self::stand_in::{CStr, CStrExt};".to_owned()
        } else if trimmed == "#[no_mangle]" {
            // The oracle must not take the symbols our driver exports.
            replaced[1] += 1;
            String::new()
        } else if line.contains("kernel::ffi::c_char") {
            replaced[2] += 1;
            line.replace("kernel::ffi::c_char", "core::ffi::c_char")
        } else {
            line.to_owned()
        };
        oracle.push_str(&line);
        oracle.push('\n');
    }
    assert!(
        replaced == [1, 2, 1],
        "{}: not the drm_panic_qr.rs of Linux 6.12 this oracle was written for ({replaced:?})",
        path.display()
    );
    std::fs::write(out.join("kernel_drm_panic_qr.rs"), oracle).expect("write the oracle");
}
