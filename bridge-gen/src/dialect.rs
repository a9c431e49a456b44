//! The kernel's C dialect: the flags with which every compiler here reads kernel
//! headers, whether libclang parses them (the IR, bindgen), `cc` compiles the C shim and
//! layout table against them, or the tests parse and compile them themselves.
//!
//! Each user adds what its own job needs after these, at its call site, with the reason:
//! a libclang parse adds `-x c`, `-fno-builtin` and `-ferror-limit=0` ([`crate::parse`]),
//! a compile adds `-fno-strict-aliasing` and warnings ([`crate::Builder::build`]), a
//! real kernel tree its include folders, forced includes and module flags
//! ([`crate::KernelTree::clang_args`]), every user its target's flags.

/// The flags of the kernel's C dialect, in the order they are passed:
///
/// - `-nostdinc`: the kernel has no C library: a header resolves only in the folders the
///   caller gives with `-I`, never in the host's `/usr/include` or the compiler's own.
/// - `-std=gnu11`: the C the kernel is written in (Linux's Makefile since 5.18): C11
///   with the GNU extensions its headers use (statement expressions, `typeof`, ...).
/// - `-funsigned-char`: plain `char` is unsigned on every architecture, as the kernel
///   builds it since Linux 6.2 (the kernel crate's `c_char` is `u8` to match).
/// - `-D__KERNEL__`: the headers' kernel side; without it they show what user space
///   sees of them.
pub const FLAGS: [&str; 4] = ["-nostdinc", "-std=gnu11", "-funsigned-char", "-D__KERNEL__"];

/// [`FLAGS`], owned, to start or extend an argument list.
pub fn args() -> impl Iterator<Item = String> {
    FLAGS.iter().map(|flag| flag.to_string())
}
