#!/usr/bin/env bash
# Bounded fuzzing of the QR encoder's two entry points with cargo-fuzz (libFuzzer):
#   scripts/fuzz.sh [SECONDS]     (default 300)
# Not part of scripts/test.sh: it needs a nightly toolchain and runs as long as asked.
# The properties it checks (tests/tests/support/qr_fuzz.rs) run on fixed inputs in every
# test run. Installs nightly and cargo-fuzz when they are missing; the corpus grows in
# fuzz/corpus/, crashes land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd fuzz
# The encoder is safe Rust, so no sanitizer (ASan has nothing to find there and slows
# every run); debug assertions (overflow checks) stay on. 3,200 bytes covers the largest symbol
# (2,953) plus the header bytes and a URL; long inputs are tried from the start.
cargo +nightly fuzz run --sanitizer none qr_generate -- \
    -max_total_time="$seconds" -max_len=3200 -len_control=0
