#!/usr/bin/env bash
# The real-kernel tier: the example drivers built as .ko modules against Debian's stock
# 6.12 kernel and loaded into that kernel booted in QEMU (TCG).
#
#   scripts/real-kernel.sh fetch   download and unpack the kernel, its headers, Kbuild,
#                                  QEMU and busybox into target/real-kernel/ (reused)
#   scripts/real-kernel.sh build   build nullblk.ko, phy_asix.ko, qr_panic.ko, the C
#                                  test modules and wdt-test (fails on any objtool/modpost
#                                  warning and on any GOTPCREL relocation)
#   scripts/real-kernel.sh test    boot the kernel with the modules and check them
#   scripts/real-kernel.sh         all three
#   scripts/real-kernel.sh watchdog  only the watchdog step: build its parts (no cargo),
#                                  boot a VM that runs nothing else, check it (~30 s);
#                                  the VM is a q35 machine, whose ICH9 TCO watchdog
#                                  (Debian's iTCO_wdt, which has get_timeleft) is
#                                  checked too
#
# The watchdog step (part of `test`) is, for now, the check of the test tools on Debian's
# own watchdog drivers: wdt-test (tests/real-kernel/wdt-test), a static program that
# drives /dev/watchdogN through the watchdog ioctls, runs against softdog.ko (loaded
# with soft_noboot=1, so its expiry logs instead of rebooting) including an expiry, next
# to kbridge_softwdt_dev.ko (tests/real-kernel/softwdt-dev), which registers the platform
# device "kbridge-softwdt". Once kbridge's software watchdog driver exists, it binds to
# that device and wdt-test is pointed at it (init.sh, watchdog_step).
#
# Nothing is installed on the machine: packages are unpacked into the cache, QEMU runs
# from there. KBRIDGE_KERNEL_VERSION overrides the pinned kernel.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${KBRIDGE_KERNEL_VERSION:-6.12.117+deb12}
cache=$PWD/target/real-kernel/$version
src=$cache/usr/src
flavor=amd64
headers=$src/linux-headers-$version-$flavor
out=$PWD/target/real-kernel/out
log() { echo "real-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

# --- fetch --------------------------------------------------------------------------
# QEMU's own libraries are unpacked with it: installing qemu-system-x86 would replace
# the machine's newer qemu-utils.
PACKAGES=(
    "linux-image-$version-$flavor-unsigned" "linux-headers-$version-$flavor"
    "linux-headers-$version-common" "linux-kbuild-$version"
    qemu-system-x86 qemu-system-common qemu-system-data seabios busybox-static pahole
    libfdt1 libpmem1 librdmacm1 libibverbs1 libslirp0 libvdeplug2 libndctl6 libdaxctl1
    libnl-3-200 libnl-route-3-200 libdw1 libbpf1
)

fetch() {
    local debs=$cache/debs stamp=$cache/.unpacked
    if ! [ -f "$stamp" ] || [ "$(cat "$stamp")" != "${PACKAGES[*]}" ]; then
        unpack
    fi
    # The flavor's Makefile includes the common one by its installed path (rewritten each
    # time: the header test may unpack the package again).
    sed -i "s|^include .*/linux-headers-$version-common/Makefile|include $src/linux-headers-$version-common/Makefile|" \
        "$headers/Makefile"
}

unpack() {
    local debs=$cache/debs stamp=$cache/.unpacked
    mkdir -p "$debs"
    local missing=()
    for p in "${PACKAGES[@]}"; do
        compgen -G "$debs/${p}_*.deb" >/dev/null || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "downloading ${missing[*]}"
        (cd "$debs" && apt-get download "${missing[@]}") >&2 ||
            die "apt-get download failed (run apt-get update; is $version still in the archive?)"
    fi
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$cache"; done
    echo "${PACKAGES[*]}" >"$stamp"
}

# --- build --------------------------------------------------------------------------
# The Debian kernel's code generation, for Rust: IBT landing pads, retpolines and return
# thunks, call padding, no red zone, kernel code model, PLT calls (no GOTPCREL). core is
# rebuilt with the same flags (-Zbuild-std); without that objtool rejects it.
RUSTFLAGS_KERNEL="-Crelocation-model=static -Ccode-model=kernel -Cforce-frame-pointers=yes \
-Cforce-unwind-tables=no -Cno-redzone=yes -Cjump-tables=no -Zplt=yes \
-Zfunction-return=thunk-extern -Zcf-protection=branch -Zpatchable-function-entry=16,16 \
-Zretpoline-external-thunk -Zindirect-branch-cs-prefix"
RUST_TARGET=x86_64-unknown-none
CARGO_DIR=$PWD/target/real-kernel/cargo

# Builds crate $1 as one object for a module: $2/rust.o. Prints the kernel crate's
# OUT_DIR (the generated C shim).
rust_object() {
    local crate=$1 dir=$2 json
    json=$(env KBRIDGE_KERNEL_HEADERS="$headers" RUSTC_BOOTSTRAP=1 RUSTFLAGS="$RUSTFLAGS_KERNEL" \
        CARGO_TARGET_DIR="$CARGO_DIR" cargo rustc --locked --release -p "$crate" \
        --target $RUST_TARGET -Zbuild-std=core,compiler_builtins \
        --config 'profile.release.lto="fat"' --config 'profile.release.codegen-units=1' \
        --config 'profile.release.panic="abort"' --message-format=json-render-diagnostics \
        --crate-type staticlib) || die "cargo could not build $crate for the kernel"
    local lib=$CARGO_DIR/$RUST_TARGET/release/lib${crate//-/_}.a member
    member=$(ar t "$lib" 2>/dev/null | grep "^${crate//-/_}-") || die "$lib has no object of $crate"
    # compiler_builtins stays out: the kernel has its own memcpy/memset.
    ar p "$lib" "$member" >"$dir/rust.o"
    echo "$json" | grep '"reason":"build-script-executed"' | grep '/kernel#' |
        sed 's/.*"out_dir":"\([^"]*\)".*/\1/' | tail -1
}

# Runs Kbuild in module folder $1 and fails on any warning.
kbuild() {
    local dir=$1 output
    output=$(PATH="$cache/usr/bin:$PATH" LD_LIBRARY_PATH="$cache/usr/lib/x86_64-linux-gnu:$cache/lib/x86_64-linux-gnu" \
        make -C "$headers" M="$dir" CC=gcc-12 HOSTCC=gcc-12 modules 2>&1) ||
        { echo "$output" >&2; die "Kbuild failed in $dir"; }
    echo "$output" >"$dir/build.log"
    if grep -qi "warning" <<<"$output"; then
        grep -i "warning" <<<"$output" >&2
        die "Kbuild warned in $dir (log: $dir/build.log)"
    fi
}

# A module from Rust crate $1, named $2, with the C files of tests/real-kernel/$3 and
# the header $4 (if given) and the generated shim (if the crate uses the kernel crate).
rust_module() {
    local crate=$1 name=$2 extra=${3:-} header=${4:-} dir=$out/$2 gen objs="rust.o"
    rm -rf "$dir" && mkdir -p "$dir"
    gen=$(rust_object "$crate" "$dir")
    if [ -n "$gen" ]; then
        cp "$gen/helpers.c" "$gen/helpers.h" "$dir/"
        objs+=" helpers.o"
    fi
    if [ -n "$extra" ]; then
        cp tests/real-kernel/"$extra"/*.c "$dir/"
        for c in tests/real-kernel/"$extra"/*.c; do objs+=" $(basename "${c%.c}").o"; done
    fi
    [ -z "$header" ] || cp "$header" "$dir/"
    # Only the shims the Rust object calls: any other would add needless dependencies.
    local used
    used=$(nm -u "$dir/rust.o" 2>/dev/null | awk '$2 ~ /^kbridge_/ { printf " -DKBRIDGE_USE_%s", $2 }')
    # rust.o is a prebuilt object: copied by a rule, so Kbuild records a .cmd for it
    # (modpost needs one) and objtool checks it inside the module.
    cat >"$dir/Kbuild" <<KBUILD
obj-m := $name.o
ccflags-y := -DKBRIDGE_SELECT$used
$name-y := ${objs/rust.o/rust_copy.o}
\$(obj)/rust_copy.o: \$(src)/rust.o FORCE
	\$(call if_changed,copy)
targets += rust_copy.o
KBUILD
    kbuild "$dir"
    check_relocations "$dir/$name.ko"
}

# A C-only test module from tests/real-kernel/$1, named $2.
c_module() {
    local dir=$out/$2
    rm -rf "$dir" && mkdir -p "$dir"
    cp tests/real-kernel/"$1"/*.c "$dir/"
    local objs=""
    for c in tests/real-kernel/"$1"/*.c; do objs+=" $(basename "${c%.c}").o"; done
    printf 'obj-m := %s.o\n%s-y :=%s\n' "$2" "$2" "$objs" >"$dir/Kbuild"
    kbuild "$dir"
}

# A GOTPCREL relocation makes the loader refuse the module ("invalid module format").
check_relocations() {
    if readelf -rW "$1" | grep -q GOTPCREL; then
        readelf -rW "$1" | grep GOTPCREL | head >&2
        die "$1 has GOTPCREL relocations"
    fi
}

# The watchdog step's parts: the platform device module and wdt-test, static so the
# initramfs needs no C library.
build_watchdog() {
    command -v gcc-12 >/dev/null || die "gcc-12 missing (the kernel was built with it)"
    mkdir -p "$out/wdt-test"
    c_module softwdt-dev kbridge_softwdt_dev
    gcc-12 -static -O2 -std=gnu11 -Wall -Wextra -Werror -o "$out/wdt-test/wdt-test" \
        tests/real-kernel/wdt-test/wdt_test.c || die "wdt-test did not build (is libc6-dev there?)"
}

build() {
    command -v gcc-12 >/dev/null || die "gcc-12 missing (the kernel was built with it)"
    mkdir -p "$out"
    rust_module nullblk rnullb
    rust_module phy-asix asix_phy
    # The QR module's C includes the header bridge-gen writes for the crate's exports.
    cargo run --locked -q -p bridge-gen -- headers/ --exports examples/qr-panic \
        --out "$out/qr-header" >/dev/null
    rust_module qr-panic-kmod qr_panic qr "$out/qr-header/qr_panic.h"
    c_module fake-mdio kbridge_fake_mdio
    build_watchdog
    log "built: $(cd "$out" && ls ./*/*.ko | grep -v initramfs | tr "\n" " ")"
}

# --- test ---------------------------------------------------------------------------
kernel_release=$version-$flavor

# The kernel image without its self-decompressor (boots faster): the zstd payload.
vmlinux() {
    local image=$cache/boot/vmlinuz-$kernel_release elf=$out/vmlinux offset
    [ -s "$elf" ] && [ "$elf" -nt "$image" ] && return
    offset=$(grep -abo $'\x28\xb5\x2f\xfd' "$image" | head -1 | cut -d: -f1)
    [ -n "$offset" ] || die "no zstd payload in $image"
    # zstd stops at the end of the frame and complains about what follows it.
    tail -c +$((offset + 1)) "$image" | zstd -dcq >"$elf" 2>/dev/null || true
    [ "$(head -c 4 "$elf" | od -An -c | tr -d ' ')" = '177ELF' ] || die "could not unpack $image"
}

# $out/$1.cpio.gz: busybox, init.sh and the files of the steps named after $1: `kbridge`
# (the example drivers and their C test modules) and `watchdog` (Debian's watchdog core
# and softdog, the platform device module, wdt-test).
initramfs() {
    local name=$1 root=$out/$1 step modules=$cache/lib/modules/$kernel_release/kernel/drivers
    shift
    rm -rf "$root" && mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
    cp "$cache/bin/busybox" "$root/bin/busybox"
    cp tests/real-kernel/init.sh "$root/init" && chmod +x "$root/init"
    for step in "$@"; do
        case $step in
        kbridge)
            cp "$out"/{rnullb,asix_phy,qr_panic,kbridge_fake_mdio}/*.ko "$root/"
            xz -dc "$modules/net/phy/libphy.ko.xz" >"$root/libphy.ko" ;;
        watchdog)
            [ -x "$out/wdt-test/wdt-test" ] || die "no wdt-test: run \`$0 build\` (or \`$0 watchdog\`)"
            cp "$out/kbridge_softwdt_dev/kbridge_softwdt_dev.ko" "$out/wdt-test/wdt-test" "$root/"
            xz -dc "$modules/watchdog/watchdog.ko.xz" >"$root/watchdog.ko"
            xz -dc "$modules/watchdog/softdog.ko.xz" >"$root/softdog.ko" ;;
        itco) # the ICH9 TCO watchdog's driver and what it needs (after `watchdog`)
            for ko in mfd/lpc_ich watchdog/iTCO_vendor_support mfd/intel_pmc_bxt watchdog/iTCO_wdt; do
                xz -dc "$modules/$ko.ko.xz" >"$root/${ko#*/}.ko"
            done ;;
        esac
    done
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/$name.cpio.gz"
}

# Fails unless the console log $1 has line pattern $2 (grep -E).
expect() { grep -qE "$2" "$1" || { tail -25 "$1" >&2; die "console: no line matching '$2' (log: $1)"; }; }

# Boots the kernel with initramfs $out/$1.cpio.gz, console to $2, kernel arguments $3
# added (init.sh gets kbridge_steps=... in its environment), on QEMU machine $4 (pc,
# i440FX, unless given), and fails on any kernel warning or failed check.
boot() {
    local initrd=$out/$1.cpio.gz console=$2 start
    start=$(date +%s.%N)
    log "booting $kernel_release in QEMU (TCG)"
    # Two vCPUs (the block test runs readers and writers at once), emulated by one host
    # thread: with multi-threaded TCG, the kernel's live code patching (int3 + IPI) can
    # leave another vCPU running a stale translation of the int3, an Oops at boot that
    # one CI run hit before any module was loaded.
    timeout 600 env LD_LIBRARY_PATH="$cache/usr/lib/x86_64-linux-gnu:$cache/lib/x86_64-linux-gnu" \
        "$cache/usr/bin/qemu-system-x86_64" -L "$cache/usr/share/qemu" -L "$cache/usr/share/seabios" \
        -machine "${4:-pc}" -accel tcg,thread=single -smp 2 -m 768 -nic none -nographic -no-reboot \
        -kernel "$out/vmlinux" -initrd "$initrd" \
        -append "console=ttyS0 panic=-1 oops=panic panic_on_warn=1 loglevel=7${3:+ $3}" \
        </dev/null >"$console" 2>&1 || true
    log "VM ran $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s (console: $console)"
    tr -d '\r' <"$console" >"$console.tmp" && mv "$console.tmp" "$console"
    if grep -E "kbridge-FAIL|kbridge-wdt: FAIL|WARNING:|BUG:|Oops|Kernel panic|Call Trace" "$console" >&2; then
        die "the kernel or a check failed (console: $console)"
    fi
    expect "$console" "kbridge-ok: all"
}

# The watchdog step's console lines: wdt-test passed, and the watchdog's expiry reached
# the kernel log (today softdog's; kbridge's driver logs its own).
expect_watchdog() {
    expect "$1" "kbridge-wdt: PASS"
    expect "$1" "kbridge-wdt: ok +expiry: .*Triggered - Reboot ignored"
    expect "$1" "softdog: Triggered - Reboot ignored"
    expect "$1" "kbridge-ok: watchdog"
    expect "$1" "kbridge-ok: 20 cycles of each module"
}

test_vm() {
    vmlinux
    initramfs initramfs kbridge watchdog
    local console=$out/console.log
    boot initramfs "$console"
    # The module loaded and bound by phylib itself, and reported the link up.
    expect "$console" 'kbridge-phy: bound id=0x003b1861 driver="Asix Electronics AX88772A"'
    expect "$console" "kbridge-phy: link=1 speed=100 duplex=1 autoneg_complete=1"
    # The driver's soft reset (BMCR written with 0, then the reset bit) and status
    # reads reached the bus.
    expect "$console" "kbridge-phy: reg=0 reads=[1-9][0-9]* writes=[2-9]"
    expect "$console" "kbridge-phy: reg=1 reads=[1-9]"
    expect_watchdog "$console"
    cargo run --locked -q -p kbridge-tests --example console_qr -- "$console" >&2
    grep -E "kbridge-ok|kbridge-mem|kbridge-phy: (bound|link)|kbridge-wdt: PASS" "$console" |
        sed 's/^\[[^]]*\] //' >&2
}

# Only the watchdog step, in a VM of its own (its own initramfs and console log), a q35
# machine: wdt-test also runs against iTCO_wdt, whose get_timeleft softdog lacks.
test_watchdog() {
    vmlinux
    initramfs initramfs-watchdog watchdog itco
    local console=$out/console-watchdog.log
    boot initramfs-watchdog "$console" kbridge_steps=watchdog,itco q35
    expect_watchdog "$console"
    expect "$console" "kbridge-wdt: ok +timeleft falls"
    expect "$console" "kbridge-ok: itco"
    grep -E "kbridge-ok|kbridge-mem|kbridge-wdt|kbridge-softwdt|softdog: Triggered" "$console" |
        sed 's/^\[[^]]*\] //' >&2
}

started=$(date +%s.%N)
case "${1:-all}" in
    fetch) fetch ;;
    build) fetch; build ;;
    test) fetch; test_vm ;;
    all) fetch; build; test_vm ;;
    watchdog) fetch; build_watchdog; test_watchdog ;;
    *) die "unknown step \`$1\` (fetch, build, test, watchdog or nothing for all)" ;;
esac
log "${1:-all} finished in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
