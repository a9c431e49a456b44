//! How a safe Rust function is exported to C.
//!
//! One lowering, two users: `#[export]` (bridge-macros) turns it into the `extern "C"`
//! glue, and bridge-gen turns it into a declaration cbindgen writes the C header from,
//! so the prototype C includes and the symbol Rust defines cannot drift apart.
//!
//! | Rust parameter              | C parameters                      | NULL          |
//! |-----------------------------|-----------------------------------|---------------|
//! | integer, `bool`             | the same type                     |               |
//! | `Option<&CStr>`             | `const char *`                    | `None`        |
//! | `Option<&[T]>`              | `const T *`, `size_t` length      | `None`        |
//! | `Option<&mut [T]>`          | `T *`, `size_t` length            | `None`        |
//! | `&CStr`, `&[T]`, `&mut [T]` | as above                          | `invalid`     |
//!
//! `T` is an integer type. A slice's length parameter is `<name>_len`, or as
//! `#[len(name)]` says; `#[len(name, after = other)]` places it after parameter
//! `other` instead of right after the pointer (C APIs such as `buf, used, size`).
//! What the glue cannot trust it checks, and returns `invalid = <expr>` without
//! touching any buffer: NULL where no `Option` allows it, a misaligned pointer, a length
//! over `isize::MAX` bytes, and buffers that overlap where one of them is written. What
//! it cannot check, which length bounds which buffer, the spec states
//! (`[exports.bounds]`) and the glue must agree with at compile time.
//!
//! The glue is an invocation of `kernel::__kbridge_export!`, which holds all its
//! `unsafe`; this crate writes no `unsafe` token into a driver.

mod glue;
mod parse;

pub use parse::{ExportFn, Param, ParamKind, Scalar};

/// The declaration cbindgen reads: an `extern "C"` function with the C parameters and
/// the caller's contract as its documentation, and no body worth reading.
pub fn declaration(export: &ExportFn) -> proc_macro2::TokenStream {
    glue::declaration(export)
}

/// The glue `#[export]` emits beside the safe function: a `kernel::__kbridge_export!`
/// invocation.
pub fn glue(export: &ExportFn) -> proc_macro2::TokenStream {
    glue::glue(export)
}

/// The name of the constant that says whether an implementer of an ops trait defines
/// the callback `callback`: `HAS_` and the callback's name in upper case.
///
/// `#[vtable]` (bridge-macros) defines it as `true` for every method an impl defines;
/// the traits bridge-gen writes declare it `false` by default and read it to leave the
/// C slot of a callback the driver lacks NULL, and to refuse at compile time a method
/// that makes C call a callback the driver lacks. Both name it with this function, so
/// the two cannot drift apart.
///
/// ```
/// assert_eq!(bridge_export::has_const("free_disk"), "HAS_FREE_DISK");
/// ```
pub fn has_const(callback: &str) -> String {
    format!("HAS_{}", callback.to_ascii_uppercase())
}
