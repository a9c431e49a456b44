//! The kbridge runtime crate.
//!
//! It holds the API generated from the kernel headers for the target being built (see
//! build.rs): the safe subsystem modules ([`net::phy`], [`device`], ...) generated from
//! `headers/bridge.toml`, [`bindings`], the raw layer, and [`layout`], the layout tables
//! that tests compare against the C compiler's. The hand-written, subsystem-agnostic
//! runtime beside them is the pattern vocabulary the generated code is built from:
//! [`error`], [`types`], [`alloc`], [`private`], [`mem`], [`str`], [`sync`], [`driver`],
//! [`module`], [`print`], [`delay`], [`export`].

#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod alloc;
pub mod delay;
pub mod device_data;
pub mod driver;
pub mod error;
pub mod export;
mod glue;
pub mod mem;
pub mod module;
pub mod prelude;
pub mod print;
pub mod private;
pub mod str;
pub mod sync;
pub mod types;

pub use module::{Module, ThisModule};

/// What the glue macros name through `$crate`, so a crate's own `core` cannot stand in.
#[doc(hidden)]
pub mod __private {
    pub use ::core;
}

include!(concat!(env!("OUT_DIR"), "/safe.rs"));

/// C scalar types as the kernel sees them: `char` is unsigned (the kernel builds with
/// -funsigned-char on every architecture) and `long` is pointer-sized.
#[allow(non_camel_case_types, reason = "the C names, as in core::ffi")]
pub mod ffi {
    pub use core::ffi::c_void;

    pub type c_char = u8;
    pub type c_schar = i8;
    pub type c_uchar = u8;
    pub type c_short = i16;
    pub type c_ushort = u16;
    pub type c_int = i32;
    pub type c_uint = u32;
    pub type c_long = isize;
    pub type c_ulong = usize;
    pub type c_longlong = i64;
    pub type c_ulonglong = u64;
}

/// The raw C API: types, functions (static inline functions and function-like macros
/// through generated C shims, under their C names) and typed macro constants.
#[allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code,
    unnecessary_transmutes,
    improper_ctypes,
    clippy::all,
    clippy::pedantic,
    clippy::undocumented_unsafe_blocks,
    rustdoc::all,
    reason = "bindgen's output keeps C naming and C idioms"
)]
pub mod bindings {
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}

/// Record layouts as rustc computed them for [`bindings`], as the C compiler did, and as
/// libclang did when the generator ran.
pub mod layout {
    #[allow(
        clippy::wildcard_imports,
        reason = "the rows name every record of the bindings"
    )]
    use crate::bindings::*;
    include!(concat!(env!("OUT_DIR"), "/layout.rs"));

    /// The generator's `layout.txt`: the same rows, one `record<TAB>field<TAB>bytes` line
    /// each, with the values libclang computed for this target.
    pub const CLANG_LAYOUT: &str = include_str!(concat!(env!("OUT_DIR"), "/layout.txt"));
}

/// A panic in a kernel module: the message at `KERN_EMERG`, then `BUG()`, which oopses
/// with a backtrace and kills the task (the kernel lives on unless `panic_on_oops`).
/// Rust code never unwinds in the kernel.
#[cfg(all(target_os = "none", feature = "panic-handler"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    pr_emerg!("{}\n", info);
    // SAFETY: `BUG()` has no precondition. It traps; the kernel's oops handler kills the
    // task, so control never comes back here (which the unreachable hint tells the
    // compiler, as objtool rejects code after a call it knows does not return).
    unsafe {
        bindings::BUG();
        core::hint::unreachable_unchecked()
    }
}
