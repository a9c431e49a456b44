#!/usr/bin/env bash
# Runs kbridge's benchmarks and rewrites BENCHMARKS.md (and docs/bench-qr-time.png):
#   scripts/bench.sh            measure everything (5 min 11 s warm) and rewrite them
#   scripts/bench.sh --check    build every benchmark and run each once, untimed and
#                               unrecorded (scripts/test.sh does this, so they keep
#                               building and their own checks keep passing)
# Every ratio is against a baseline measured in the same run; nothing here is a timed
# assertion. Raw results go to target/bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="$root/target/bench"
host=$(rustc -vV | sed -n 's/^host: //p')
bin=$CARGO_TARGET_DIR/release
log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

if [ "${1:-}" = "--check" ]; then
    (cd bench && cargo clippy --locked --workspace --all-targets -- -D warnings)
    (cd bench && cargo bench --locked --bench qr -- --test)
    (cd bench && cargo build --locked --workspace --bins)
    for driver in nullblk-rust nullblk-c phy-rust phy-c; do
        "$CARGO_TARGET_DIR/debug/kbridge-driver-cost" "$driver" 10 >/dev/null
    done
    "$CARGO_TARGET_DIR/debug/qr_memory" heap penalty 2953 1 >/dev/null
    "$CARGO_TARGET_DIR/debug/qr_memory" stack kernel 2953 >/dev/null
    exit 0
fi

scripts/setup.sh --real-kernel --bench
results=$CARGO_TARGET_DIR/results
rm -rf "$results" && mkdir -p "$results"

# --- builds ---------------------------------------------------------------------------
log "building bridge-gen, the benchmark tools and the modules"
cargo build --locked --release -p bridge-gen --target-dir "$root/target"
(cd bench && cargo build --locked --release --workspace --bins)
scripts/real-kernel.sh fetch
scripts/real-kernel.sh build
version=$(sed -n 's/^version=\${KBRIDGE_KERNEL_VERSION:-\(.*\)}$/\1/p' scripts/real-kernel.sh)
tree=$root/target/real-kernel/$version
kernel_headers=$tree/usr/src/linux-headers-$version-amd64

# --- 1. generation speed --------------------------------------------------------------
# bridge-gen and bindgen load the floor's own libclang (clang-22, installed for the LTO
# build below, would otherwise be picked as the newest, and parses at another speed).
log "generation speed (9 cold processes each)"
llvm=$(dirname "$(dirname "$(readlink -f "$(command -v clang-19)")")")
"$bin/gen_speed" --headers headers --kernel "$kernel_headers" \
    --bridge-gen "$root/target/release/bridge-gen" --raw-bindgen "$bin/raw_bindgen" \
    --clang clang-19 --libclang "$llvm/lib" --runs 9 \
    --scratch "$CARGO_TARGET_DIR/gen-scratch" --out "$results/gen.json"

# --- 2. the safe layer at run time ----------------------------------------------------
# Cross-language LTO: the C (model, shims, C twins) as clang-22 ThinLTO bitcode, the Rust
# as rustc's (LLVM 22), optimised together by the linker.
log "driver cost: cross-language LTO build"
(cd bench && CC=clang-22 CFLAGS="-flto=thin" RUSTFLAGS="-Clinker-plugin-lto" \
    CARGO_TARGET_DIR="$root/target/bench/lto" \
    cargo build --locked --release -p kbridge-driver-cost --target "$host")
cost_bin=$root/target/bench/lto/$host/release/kbridge-driver-cost
for f in kbridge_req_op kbridge_blk_rq_pos kbridge_spin_lock kbridge_phy_read kbridge_each_rq_for_each_segment; do
    nm "$cost_bin" | grep -q " [Tt] $f\$" && die "$f is still a function in the LTO build: the shim was not inlined"
done
# Instructions counted only inside the model's dispatch of the callback; two round
# counts, so what the set-up costs cancels out.
collected() { # driver rounds toggle
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \
        --toggle-collect="$3" "$cost_bin" "$1" "$2" 2>&1 >"$results/$1-$2.out" |
        sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p'
}
printf 'driver\tcalls_per_round\trounds_low\tinstructions_low\trounds_high\tinstructions_high\n' >"$results/driver-cost.tsv"
for driver in nullblk-rust nullblk-c phy-rust phy-c; do
    case $driver in
        nullblk-*) toggle=kbridge_model_queue_rq; per=2 ;;
        phy-*) toggle=kbridge_model_read_status; per=1 ;;
    esac
    low=$(collected "$driver" 100 "$toggle")
    high=$(collected "$driver" 1100 "$toggle")
    [ -n "$low" ] && [ -n "$high" ] || die "$driver: no callgrind count"
    printf '%s\t%s\t100\t%s\t1100\t%s\n' "$driver" "$per" "$low" "$high" >>"$results/driver-cost.tsv"
done
# The two PHY drivers must have done the same thing: same register traffic and state.
cmp -s "$results/phy-rust-1100.out" <(sed 's/ (C)//' "$results/phy-c-1100.out") ||
    die "the Rust and C PHY drivers behaved differently: $(cat "$results"/phy-*-1100.out)"

# .text of each module against the C twins Debian ships.
printf 'module\tsource\ttext\n' >"$results/ko-text.tsv"
text_of() { size -A "$1" | awk '$1 ~ /^\.(init\.|exit\.)?text/ {s += $2} END {print s}'; }
for ko in rnullb asix_phy qr_panic; do
    # The module as just built (out/initramfs/ holds copies from the last boot only).
    file=$root/target/real-kernel/out/$ko/$ko.ko
    [ -f "$file" ] || die "$file was not built"
    printf '%s\tkbridge\t%s\n' "$ko" "$(text_of "$file")" >>"$results/ko-text.tsv"
done
modules=$tree/lib/modules/$version-amd64/kernel
for ko in drivers/block/null_blk/null_blk drivers/net/phy/ax88796b; do
    xz -dc "$modules/$ko.ko.xz" >"$results/$(basename "$ko").ko"
    printf '%s\tdebian\t%s\n' "$(basename "$ko")" "$(text_of "$results/$(basename "$ko").ko")" >>"$results/ko-text.tsv"
done

# --- 3. QR encoder --------------------------------------------------------------------
log "QR: heap and stack"
sizes=$(sed -n 's/^pub const PAYLOAD_SIZES: &\[usize\] = &\[\(.*\)\];$/\1/p' bench/src/qr.rs | tr -d ',')
[ -n "$sizes" ] || die "cannot read PAYLOAD_SIZES from bench/src/qr.rs"
heap_bytes() { # mode size count
    valgrind --tool=memcheck "$bin/qr_memory" heap "$1" "$2" "$3" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs, [0-9,]* frees, \([0-9,]*\) bytes allocated.*/\1 \2/p' | tr -d ,
}
printf 'mode\tsize\theap_allocs\theap_bytes\tstack_bytes\n' >"$results/qr-memory.tsv"
for mode in kernel penalty; do
    for size in $sizes; do
        read -r allocs0 bytes0 <<<"$(heap_bytes "$mode" "$size" 0)"
        read -r allocs1 bytes1 <<<"$(heap_bytes "$mode" "$size" 1)"
        stack=$("$bin/qr_memory" stack "$mode" "$size" | sed -n 's/^stack_bytes //p')
        printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$size" "$((allocs1 - allocs0))" "$((bytes1 - bytes0))" "$stack" >>"$results/qr-memory.tsv"
    done
done
log "QR: time against the qrcode crate (criterion)"
(cd bench && cargo bench --locked --bench qr -- --warm-up-time 1 --measurement-time 5)

# --- 4. the report --------------------------------------------------------------------
"$bin/report" "$CARGO_TARGET_DIR/criterion" "$results" BENCHMARKS.md docs/bench-qr-time.png
log "BENCHMARKS.md and docs/bench-qr-time.png rewritten"
