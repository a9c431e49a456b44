#!/usr/bin/env bash
# Runs every check kbridge has: formatting, clippy with warnings as errors (generated
# code included), and the whole test suite (unit, CLI, snapshot, shim, layout and
# real-header signature tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
INSTA_UPDATE=no cargo test --workspace --locked
