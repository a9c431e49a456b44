#!/usr/bin/env bash
# The architecture matrix:
#   scripts/matrix.sh                  every target below (run by scripts/test.sh)
#   scripts/matrix.sh TARGET...        only these
#   scripts/matrix.sh --loongarch-linux   the optional loongarch64 Linux tier (musl, zig;
#                                         installs cargo-zigbuild and ziglang if missing)
#
# Linux targets: the generator runs for the target (kernel/build.rs), and the model test
# suite of the three drivers runs, natively on x86_64 and under qemu-user elsewhere; each
# target must report the host's test count. Bare-metal targets: the kernel crate and the
# three drivers build, each driver becomes one relocatable ELF (as a .ko is made), and
# that ELF and every object in it are checked for the target's machine and float ABI.
# A missing tool is an error, never a skipped target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --matrix

LINUX=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu riscv64gc-unknown-linux-gnu
    armv7-unknown-linux-gnueabihf i686-unknown-linux-gnu)
# Optional tier (--loongarch-linux), not in the default run.
LOONGARCH_LINUX=loongarch64-unknown-linux-musl
LOONGARCH_ENV=LOONGARCH64_UNKNOWN_LINUX_MUSL
BARE=(x86_64-unknown-none aarch64-unknown-none riscv64gc-unknown-none-elf loongarch64-unknown-none)
DRIVERS=(nullblk phy-asix qr-panic)
# The model test suite: the drivers' and the encoder's unit tests, and every test of
# kbridge-tests that runs the drivers or checks the target (layout, shims). Host-only
# tests (snapshots, trybuild, real headers, the panic-freedom link) are not in it.
MODEL_TESTS=(--test nullblk --test phy_asix --test blk_model --test shims --test layout
    --test safe_api --test qr_panic --test qr_fuzz_seeds)

out=target/matrix
# Where cargo puts the main workspace's artifacts (the panic-check workspace always
# builds into target/panic-check, as its test does).
build=${CARGO_TARGET_DIR:-target}
mkdir -p "$out"
summary=$out/summary.txt
: >"$summary"

# Machine and float-ABI flags (readelf's words) of a correct object for each bare target.
expected_elf() {
    case $1 in
    x86_64-unknown-none) echo "Advanced Micro Devices X86-64|0x0" ;;
    aarch64-unknown-none) echo "AArch64|0x0" ;;
    riscv64gc-unknown-none-elf) echo "RISC-V|0x5, RVC, double-float ABI" ;;
    loongarch64-unknown-none) echo "LoongArch|0x43, DOUBLE-FLOAT, OBJ-v1" ;;
    *) echo "no ELF expectation for $1" >&2; return 1 ;;
    esac
}

# Prints "member<TAB>machine<TAB>flags" for every object in an archive or ELF file.
elf_headers() {
    readelf -h "$1" | awk -v file="$1" '
        /^File: / { name = $2; sub(/^.*\(/, "", name); sub(/\)$/, "", name) }
        /^ *Machine:/ { sub(/^ *Machine: */, ""); machine = $0 }
        /^ *Flags:/ { sub(/^ *Flags: */, ""); print (name == "" ? file : name) "\t" machine "\t" $0 }'
}

# check_driver_elf TARGET ARCHIVE TOOLCHAIN_MEMBERS OUT.o
# Every member must be built for TARGET's machine; every member that is not the
# toolchain's (core, compiler_builtins) must have its float ABI; linking our members into
# one relocatable object, pulling toolchain members only as needed, must succeed and
# give an object of the same machine and ABI.
check_driver_elf() {
    local target=$1 archive=$2 toolchain_members=$3 object=$4
    local expected machine flags
    expected=$(expected_elf "$target")
    machine=${expected%%|*} flags=${expected#*|}
    local bad
    bad=$(elf_headers "$archive" | awk -F'\t' -v m="$machine" '$2 != m { print "  " $1 ": " $2 }')
    if [ -n "$bad" ]; then
        echo "matrix: $archive holds objects for another machine than $machine:" >&2
        echo "$bad" >&2
        return 1
    fi
    local scratch
    scratch=$(mktemp -d)
    local archive_path
    archive_path=$(realpath "$archive")
    (cd "$scratch" && ar x "$archive_path" 2>/dev/null)
    local ours=()
    for member in $(ar t "$archive" 2>/dev/null); do
        grep -qxF "$member" "$toolchain_members" || ours+=("$scratch/$member")
    done
    bad=$(for o in "${ours[@]}"; do elf_headers "$o"; done | awk -F'\t' -v f="$flags" '$3 != f { print "  " $1 ": " $3 }')
    if [ -n "$bad" ]; then
        echo "matrix: $archive holds objects without the float ABI '$flags':" >&2
        echo "$bad" >&2
        rm -rf "$scratch"
        return 1
    fi
    "$lld" -flavor gnu -r -o "$object" "${ours[@]}" "$archive"
    rm -rf "$scratch"
    local got
    got=$(elf_headers "$object" | cut -f2,3)
    if [ "$got" != "$machine	$flags" ]; then
        echo "matrix: $object is '$got', expected '$machine	$flags'" >&2
        return 1
    fi
    echo "${#ours[@]}"
}

host=$(rustc -vV | sed -n 's/^host: //p')
lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
[ -x "$lld" ] || { echo "matrix: rust-lld missing ($lld)" >&2; exit 1; }

# Seconds since $1 (from date +%s.%N), one decimal.
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# Runs the model test suite for a Linux target; prints the number of tests passed.
run_linux() {
    local target=$1 log=$out/$1.log
    local cargo=(cargo test)
    # Under qemu-user the QR decoder would take most of the run: every 8th symbol is
    # read back there (all are compared byte for byte with the kernel's encoder, and
    # the host reads every one).
    [ "$target" = "$host" ] || cargo=(env KBRIDGE_QR_READ_EVERY=8 cargo test)
    if [ "$target" = "$LOONGARCH_LINUX" ]; then
        # No rust-std and no Debian cross libc for loongarch64: zig's musl and clang
        # compile and link (through cargo-zigbuild's wrapper, which drops the arguments
        # zig does not take), std is built from rust-src, and neither Rust nor C nor
        # zig's musl startup code may use LSX vectors, which qemu 7.2 lacks. The CPU goes
        # in RUSTFLAGS and CFLAGS, not the wrapper, so cargo relinks when it changes.
        local zig=$out/zig
        mkdir -p "$zig"
        printf '#!/bin/sh\nexec cargo-zigbuild zig cc -- -target loongarch64-linux-musl "$@"\n' >"$zig/cc"
        printf '#!/bin/sh\nexec cargo-zigbuild zig ar -- "$@"\n' >"$zig/ar"
        chmod +x "$zig/cc" "$zig/ar"
        cargo=(env KBRIDGE_QR_READ_EVERY=8 RUSTC_BOOTSTRAP=1 "CARGO_TARGET_${LOONGARCH_ENV}_RUNNER=qemu-loongarch64"
            "CARGO_TARGET_${LOONGARCH_ENV}_LINKER=$PWD/$zig/cc"
            "CARGO_TARGET_${LOONGARCH_ENV}_RUSTFLAGS=-Ctarget-feature=-lsx -Clink-arg=-mcpu=generic_la64+f+d"
            "CFLAGS_${LOONGARCH_LINUX//-/_}=-mcpu=generic_la64+f+d"
            "CC_${LOONGARCH_LINUX//-/_}=$PWD/$zig/cc" "AR_${LOONGARCH_LINUX//-/_}=$PWD/$zig/ar"
            cargo test -Zbuild-std=std,panic_abort)
    fi
    if ! "${cargo[@]}" --locked --target "$target" -p nullblk -p phy-asix -p qr-panic \
        -p kbridge-tests --lib "${MODEL_TESTS[@]}" >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "matrix: tests failed on $target (log: $log)" >&2
        return 1
    fi
    awk '/^test result: ok\./ { n += $4 } END { print n + 0 }' "$log"
}

# Builds the crates for a bare-metal target and checks each driver's linked ELF.
run_bare() {
    local target=$1 log=$out/$1.log
    local build_std=() cargo=(cargo) dir=$build panic_dir=target/panic-check
    # No rust-std is published for loongarch64-unknown-none: core is built from rust-src.
    # RUSTC_BOOTSTRAP changes what proc-macro2's build script sees, so these builds get
    # their own target folders; shared ones would rebuild every host crate twice a run.
    if [ "$target" = loongarch64-unknown-none ]; then
        build_std=(-Zbuild-std=core)
        dir=$build/bootstrap panic_dir=target/panic-check-bootstrap
        cargo=(env RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$dir" cargo)
    fi
    {
        "${cargo[@]}" build --locked --target "$target" "${build_std[@]}" \
            -p kernel -p nullblk -p phy-asix -p qr-panic
        for driver in nullblk phy-asix; do
            "${cargo[@]}" rustc --locked --target "$target" "${build_std[@]}" -p "$driver" \
                --crate-type staticlib
        done
        # qr-panic has no kernel crate (it is called from C): its linked ELF is the
        # panic-freedom program, which must link with no reachable panic on every target.
        (cd tests/panic-check && "${cargo[@]}" build --locked --release --target "$target" \
            --target-dir "../../$panic_dir" "${build_std[@]}")
    } >"$log" 2>&1 || { tail -40 "$log" >&2; echo "matrix: build failed for $target (log: $log)" >&2; return 1; }

    local members=$out/$target.toolchain-members
    local libdir
    libdir=$(rustc --print target-libdir --target "$target")
    for rlib in "$libdir"/lib{core,compiler_builtins}-*.rlib \
        "$dir/$target"/debug/deps/lib{core,compiler_builtins}-*.rlib; do
        # (binutils' LTO plugin complains about the bitcode in rlibs; the listing is fine.)
        [ -f "$rlib" ] && ar t "$rlib" 2>/dev/null
    done | sort -u >"$members"
    [ -s "$members" ] || { echo "matrix: no core/compiler_builtins rlib found for $target" >&2; return 1; }
    local checked=()
    for driver in nullblk phy_asix; do
        local ours
        ours=$(check_driver_elf "$target" "$dir/$target/debug/lib$driver.a" "$members" \
            "$out/$target-$driver.o") || return 1
        checked+=("$driver.o: $ours objects")
    done
    local qr=$panic_dir/$target/release/qr-panic-check
    local expected got
    expected=$(expected_elf "$target")
    got=$(elf_headers "$qr" | cut -f2,3 | tr '\t' '|')
    [ "$got" = "$expected" ] || { echo "matrix: $qr is '$got', expected '$expected'" >&2; return 1; }
    checked+=("qr-panic-check: linked")
    echo "${expected%%|*}, ${expected#*|}; ${checked[*]}"
}

# The check above must reject a C object of the wrong architecture: an archive of the
# aarch64 build with one host object added has to fail it.
self_test() {
    local scratch archive members
    scratch=$(mktemp -d)
    archive=$scratch/libwrong.a
    cp "$build/aarch64-unknown-none/debug/libnullblk.a" "$archive"
    echo 'int kbridge_wrong_arch(void) { return 1; }' >"$scratch/wrong.c"
    cc -c -o "$scratch/wrong.o" "$scratch/wrong.c"
    ar q "$archive" "$scratch/wrong.o" 2>/dev/null  # (the LTO plugin's noise about rlib bitcode)
    members=$out/aarch64-unknown-none.toolchain-members
    if check_driver_elf aarch64-unknown-none "$archive" "$members" "$scratch/out.o" 2>"$scratch/err"; then
        echo "matrix: the ELF check accepted an x86-64 object in an aarch64 driver" >&2
        rm -rf "$scratch"
        return 1
    fi
    grep -q "wrong.o: Advanced Micro Devices X86-64" "$scratch/err" || {
        cat "$scratch/err" >&2
        echo "matrix: the ELF check failed without naming the wrong object" >&2
        rm -rf "$scratch"
        return 1
    }
    rm -rf "$scratch"
}

targets=("$@")
if [ "${1:-}" = "--loongarch-linux" ]; then
    command -v cargo-zigbuild >/dev/null || cargo install --locked cargo-zigbuild
    # cargo-zigbuild finds zig as the ziglang Python package.
    python3 -m ziglang version >/dev/null 2>&1 || python3 -m pip install --quiet ziglang
    command -v qemu-loongarch64 >/dev/null || { echo "matrix: qemu-loongarch64 missing" >&2; exit 1; }
    targets=("$LOONGARCH_LINUX")
    LINUX+=("$LOONGARCH_LINUX")
fi
[ ${#targets[@]} -gt 0 ] || targets=("${LINUX[@]}" "${BARE[@]}")

host_count=
printf '%-32s %8s  %s\n' target seconds result | tee -a "$summary"
for target in "${targets[@]}"; do
    start=$(date +%s.%N)
    case " ${LINUX[*]} " in
    *" $target "*)
        count=$(run_linux "$target")
        if [ "$target" = "$host" ]; then
            host_count=$count
        elif [ -z "$host_count" ]; then
            host_count=$(run_linux "$host")
        fi
        [ "$count" = "$host_count" ] || {
            echo "matrix: $target ran $count tests, the host $host_count" >&2
            exit 1
        }
        result="$count tests passed (host: $host_count)"
        ;;
    *)
        case " ${BARE[*]} " in
        *" $target "*) result=$(run_bare "$target") ;;
        *) echo "matrix: unknown target $target (known: ${LINUX[*]} ${BARE[*]})" >&2; exit 2 ;;
        esac
        ;;
    esac
    printf '%-32s %8s  %s\n' "$target" "$(elapsed "$start")" "$result" | tee -a "$summary"
done
case " ${targets[*]} " in
*" aarch64-unknown-none "*)
    self_test
    echo "ELF check self-test: an x86-64 object in the aarch64 archive is rejected" | tee -a "$summary"
    ;;
esac
echo "matrix: all targets passed (summary: $summary)"
