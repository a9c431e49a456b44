#!/usr/bin/env bash
# Runs every check kbridge has: formatting, clippy with warnings as errors (generated
# code included), and the whole test suite (unit, CLI, snapshot, shim, layout and
# real-header signature tests), then the model tests under valgrind, the architecture
# matrix and the real-kernel tier.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --matrix --real-kernel
cargo fmt --all -- --check
# The side workspaces: benchmarks, fuzz target, panic-freedom check.
for side in bench fuzz tests/panic-check; do cargo fmt --manifest-path "$side/Cargo.toml" -- --check; done
cargo clippy --workspace --all-targets --locked -- -D warnings
INSTA_UPDATE=no cargo test --workspace --locked
# Every benchmark once, untimed: they keep building and their same-version checks pass.
scripts/bench.sh --check
# The model tests again under valgrind: an invalid access or a definite leak anywhere in
# the model, the generated layer or the drivers fails the run.
host=$(rustc -vV | sed -n 's/^host: //p')
runner="CARGO_TARGET_$(echo "$host" | tr 'a-z-' 'A-Z_')_RUNNER"
env "$runner=valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite" \
    cargo test --locked -p kbridge-tests --test nullblk --test phy_asix --test blk_model --test shims --test module_loader --test phy_private --test platform_driver --test attack_platform \
    --test platform_model --test timer_model --test watchdog_model
env "$runner=valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite" \
    cargo test --locked -p kbridge-hygiene --test model
# Every target of the architecture matrix: the model suite under qemu-user, the
# bare-metal builds and their ELF checks.
scripts/matrix.sh
# The drivers as .ko modules in Debian's 6.12 kernel, booted in QEMU.
scripts/real-kernel.sh
