#!/usr/bin/env bash
# Runs kbridge's benchmarks and rewrites BENCHMARKS.md:
#   scripts/bench.sh            measure (a few minutes) and rewrite BENCHMARKS.md
#   scripts/bench.sh --check    run every benchmark once, untimed (scripts/test.sh does
#                               this so the benchmarks keep building and their checks pass)
# Ratios come from baselines measured in the same run; nothing here is a timed assertion.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="$PWD/target/bench"
cd bench
if [ "${1:-}" = "--check" ]; then
    cargo clippy --locked --all-targets -- -D warnings
    cargo bench --locked --bench qr -- --test
    exit 0
fi
cargo bench --locked --bench qr -- --warm-up-time 1 --measurement-time 5
cargo run --locked --release --bin report -- "$CARGO_TARGET_DIR/criterion" ../BENCHMARKS.md
echo "bench: BENCHMARKS.md rewritten"
