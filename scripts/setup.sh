#!/usr/bin/env bash
# Installs what kbridge needs on a fresh Debian 12 machine that has rustup:
# clang-19 (libclang for the generator), valgrind (the model tests' memory check), the pinned Rust toolchain with its targets,
# the kernel's QR encoder from linux-source-6.12 (the QR tests' oracle),
# rust-src, clippy and rustfmt. Safe to run again: it only installs what is missing.
# With --matrix, also what the architecture matrix needs (scripts/matrix.sh): Debian's
# cross gccs and libcs for aarch64, riscv64, armv7 and i686, and qemu-user.
# With --real-kernel, what building modules for Debian's kernel needs (scripts/
# real-kernel.sh): gcc-12 (the kernel's compiler), make, libelf, and the unpackers for
# the kernel image and initramfs. The kernel, Kbuild, pahole and QEMU themselves are
# unpacked into target/ by that script, never installed.
# With --bench, what scripts/bench.sh needs besides: clang-22 (C bitcode for cross-
# language LTO with rustc's LLVM 22) and GNU time (peak memory).
set -euo pipefail
cd "$(dirname "$0")/.."
matrix=false
real_kernel=false
bench=false
for flag in "$@"; do
    case $flag in
    --matrix) matrix=true ;;
    --real-kernel) real_kernel=true ;;
    --bench) bench=true ;;
    *) echo "setup: unknown option $flag" >&2; exit 2 ;;
    esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v clang-19 >/dev/null 2>&1 || need_apt+=(clang-19)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v dpkg-deb >/dev/null 2>&1 || need_apt+=(dpkg)
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
if $matrix; then
    # Not gcc-multilib: apt removes the cross gccs to install it.
    for pair in aarch64-linux-gnu:arm64 riscv64-linux-gnu:riscv64 arm-linux-gnueabihf:armhf i686-linux-gnu:i386; do
        triple=${pair%%:*} arch=${pair#*:}
        command -v "$triple-gcc" >/dev/null 2>&1 && [ -d "/usr/$triple/lib" ] \
            || need_apt+=("gcc-$triple" "libc6-dev-$arch-cross")
    done
    for qemu in qemu-aarch64 qemu-riscv64 qemu-arm qemu-i386; do
        command -v $qemu >/dev/null 2>&1 || { need_apt+=(qemu-user); break; }
    done
    command -v readelf >/dev/null 2>&1 || need_apt+=(binutils)
fi
if $real_kernel; then
    command -v gcc-12 >/dev/null 2>&1 || need_apt+=(gcc-12)
    command -v make >/dev/null 2>&1 || need_apt+=(make)
    command -v nm >/dev/null 2>&1 || need_apt+=(binutils)
    command -v zstd >/dev/null 2>&1 || need_apt+=(zstd)
    command -v xz >/dev/null 2>&1 || need_apt+=(xz-utils)
    command -v cpio >/dev/null 2>&1 || need_apt+=(cpio)
    command -v gzip >/dev/null 2>&1 || need_apt+=(gzip)
    ldconfig -p | grep -q 'libelf\.so\.1 ' || need_apt+=(libelf1)
    ldconfig -p | grep -q 'libbz2\.so\.1\.0 ' || need_apt+=(libbz2-1.0)
fi
if $bench; then
    command -v clang-22 >/dev/null 2>&1 || need_apt+=(clang-22)
    [ -x /usr/bin/time ] || need_apt+=(time)
fi
# The signature test fetches Debian's kernel headers with apt-get download: it needs
# current package lists even when nothing is installed.
# On CI the lists are refreshed once per run (the marker keeps a second call of this
# script within the hour from doing it again).
apt_marker=target/.apt-lists-updated
if [ ${#need_apt[@]} -gt 0 ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ] \
    || { [ "${CI:-}" = "true" ] && [ -z "$(find "$apt_marker" -mmin -60 2>/dev/null)" ]; }; then
    as_root apt-get update -qq
    mkdir -p target && touch "$apt_marker"
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
targets=$(sed -n '/^targets/,/]/p' rust-toolchain.toml | grep -o '"[^"]*"' | tr -d '"' | paste -sd, -)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1 \
    || [ "$(rustup +"$toolchain" target list --installed | sort | paste -sd, -)" != "$(echo "$targets" | tr , '\n' | sort | paste -sd, -)" ] \
    || ! rustup +"$toolchain" component list --installed | grep -q '^rust-src'; then
    echo "setup: installing Rust $toolchain with targets $targets"
    rustup toolchain install "$toolchain" --profile minimal \
        --component rust-src,clippy,rustfmt --target "$targets"
fi

# The QR tests compare the QR-panic driver against the kernel's own encoder: one file of
# Debian's linux-source-6.12, unpacked into target/ (nothing of it is committed).
oracle=target/linux-source-6.12/drivers/gpu/drm/drm_panic_qr.rs
if [ ! -f "$oracle" ]; then
    tarball=/usr/src/linux-source-6.12.tar.xz
    scratch=
    if [ ! -f "$tarball" ]; then
        echo "setup: fetching linux-source-6.12 for the QR encoder oracle"
        scratch=$(mktemp -d)
        (cd "$scratch" && apt-get download -qq linux-source-6.12)
        dpkg-deb --fsys-tarfile "$scratch"/linux-source-6.12_*.deb \
            | tar -x -C "$scratch" ./usr/src/linux-source-6.12.tar.xz
        tarball=$scratch/usr/src/linux-source-6.12.tar.xz
    fi
    mkdir -p target
    tar -xJf "$tarball" -C target linux-source-6.12/drivers/gpu/drm/drm_panic_qr.rs
    [ -z "$scratch" ] || rm -rf "$scratch"
    test -f "$oracle"
fi
