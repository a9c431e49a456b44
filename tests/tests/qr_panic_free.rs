//! The QR encoder has no reachable panic: tests/panic-check links a
//! freestanding program that calls every entry point and whose panic handler calls an
//! undefined function. It must link; and with one reachable panic added (feature
//! `reachable-panic`), it must fail to link, naming that function.

use std::path::Path;
use std::process::Command;

fn build(features: &[&str]) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(&root)
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            "x86_64-unknown-none",
        ])
        .args(["--manifest-path", "tests/panic-check/Cargo.toml"])
        .args(["--target-dir", "target/panic-check"])
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR");
    for feature in features {
        cargo.args(["--features", feature]);
    }
    cargo.output().expect("cargo runs")
}

#[test]
fn no_panic_is_reachable_and_the_check_catches_one_that_is() {
    let clean = build(&[]);
    assert!(
        clean.status.success(),
        "a panic is reachable in qr-panic (or the check failed to build):\n{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let elf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/panic-check/x86_64-unknown-none/release/qr-panic-check");
    let bytes = std::fs::read(&elf).expect("the linked program");
    // The encoder is in it, not optimised away: its exported symbols are there.
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(has("drm_panic_qr_generate") && has("kbridge_qr_generate"));

    let planted = build(&["reachable-panic"]);
    let stderr = String::from_utf8_lossy(&planted.stderr);
    assert!(!planted.status.success(), "a planted panic linked");
    assert!(
        stderr.contains("undefined symbol: qr_panic_reachable"),
        "failed for another reason:\n{stderr}"
    );
}
