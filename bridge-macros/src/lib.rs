//! Procedural macros for kbridge drivers.
//!
//! - [`macro@vtable`] on an `impl` of a generated ops trait records which callbacks the
//!   driver implements, so the C table gets NULL in every other slot at compile time.
//! - [`macro@export`] on a safe function writes the `extern "C"` glue that lets C call it.
//! - [`macro@kernel_driver`] on the module type writes what a loadable module needs:
//!   `.modinfo`, init/exit entry points, `THIS_MODULE`, and, for `drivers = [...]`, the
//!   registration of every driver's table and the device-id table derived from them.
//!
//! None knows any subsystem: they speak only to the runtime traits
//! `kernel::Module`, `kernel::driver::Registrar` and `kernel::driver::DriverOf`.
//! They parse what the driver wrote and report its mistakes at its tokens; what they
//! emit holds no `unsafe` token. `#[kernel_driver]` and `#[export]` emit an invocation
//! of `kernel::__kbridge_module!` / `kernel::__kbridge_export!`, which write the
//! `unsafe` half with every path through `$crate` (kernel/src/glue.rs). A driver with
//! `#![forbid(unsafe_code)]` compiles, and one that calls itself `kernel` or `core`
//! (`extern crate self as kernel;`) gets its own macros invoked, whose `unsafe` that
//! lint refuses.

mod module;
mod vtable;

use proc_macro::TokenStream;

/// Marks an `impl` of a generated ops trait: every `fn` in it sets the trait's hidden
/// `HAS_<NAME>` constant, which decides whether the C slot gets a trampoline or NULL.
#[proc_macro_attribute]
pub fn vtable(args: TokenStream, item: TokenStream) -> TokenStream {
    vtable::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes the annotated type the crate's kernel module.
///
/// ```ignore
/// #[kernel_driver(
///     name = "rust_asix_phy",
///     license = "GPL",
///     author = "...",
///     description = "Rust Asix PHYs driver",
///     drivers = [PhyAX88772A, PhyAX88772C, PhyAX88796B],
/// )]
/// struct AsixPhys(phy::Registration);
/// ```
///
/// With `drivers`, the type is a one-field tuple struct holding the registration type of
/// the drivers' ops trait, and init registers them all. Without it, the type implements
/// `kernel::Module` itself.
#[proc_macro_attribute]
pub fn kernel_driver(args: TokenStream, item: TokenStream) -> TokenStream {
    module::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Exports a safe function to C under its own name.
///
/// ```ignore
/// #[export(invalid = 0)]
/// pub fn checksum(#[len(size)] data: Option<&[u8]>) -> u32 { ... }
/// ```
///
/// writes `uint32_t checksum(const uint8_t *data, size_t size)`: `unsafe extern "C"`
/// glue that checks what it can (NULL, alignment, size, overlapping buffers; a failed
/// check returns `invalid`), makes the references and calls the function, which stays
/// callable from Rust. The name must be one of the spec's `[exports]`, and the glue must
/// have its prototype and its `[exports.bounds]` (which parameter bounds which buffer),
/// checked at compile time; the caller's contract is documented on
/// `kernel::exports::<name>`, and bridge-gen writes it into the C header it makes from
/// the same signature. See the `bridge-export` crate for the parameter types.
#[proc_macro_attribute]
pub fn export(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut function = syn::parse_macro_input!(item as syn::ItemFn);
    match bridge_export::ExportFn::parse(args.into(), &mut function) {
        Ok(export) => {
            let glue = bridge_export::glue(&export);
            quote::quote!(#function #glue).into()
        }
        Err(error) => {
            let error = error.into_compile_error();
            quote::quote!(#function #error).into()
        }
    }
}
