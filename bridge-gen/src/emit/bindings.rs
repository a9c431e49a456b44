//! Raw bindings: bindgen over the header set plus helpers.h, restricted to the set's own
//! declarations. Shims keep their C names (`kbridge_phy_read`) and the C API's name is
//! an alias of them (`phy_read`), so Rust calls `phy_read`. (Renaming them in bindgen
//! would give them a `link_name` that LLVM takes as already mangled: the symbol links,
//! but cross-language LTO no longer matches it with the C definition and cannot inline
//! the shim.)

use bindgen::callbacks::{MacroParsingBehavior, ParseCallbacks};
use quote::{format_ident, quote};

use crate::error::{Error, Result};
use crate::ir::{Ir, shim_symbol};
use crate::parse::HeaderSet;

#[derive(Debug)]
struct Callbacks;

impl ParseCallbacks for Callbacks {
    fn will_parse_macro(&self, _name: &str) -> MacroParsingBehavior {
        // Constants come typed from the IR; bindgen's guesses would duplicate them.
        MacroParsingBehavior::Ignore
    }
}

/// `pub use` of each shim under the C API's name.
pub fn aliases(ir: &Ir) -> proc_macro2::TokenStream {
    let aliases = ir.shims().map(|f| {
        let api = format_ident!("{}", f.name);
        let shim = format_ident!("{}", shim_symbol(&f.name));
        quote!(pub use self::#shim as #api;)
    });
    quote!(#(#aliases)*)
}

/// The model: everything the header set's files declare, and the shim prototypes of
/// helpers.h (which includes them all).
pub fn model(
    set: &HeaderSet,
    clang_args: &[String],
    helpers_h: &str,
    ctypes_prefix: &str,
) -> Result<String> {
    let root = regex_escape(&set.canonical_root.to_string_lossy());
    let builder = bindgen::Builder::default()
        .header_contents(&helpers_path(set), helpers_h)
        .clang_args(clang_args.iter())
        .allowlist_function("kbridge_.*")
        .allowlist_file(format!("{root}/.*"))
        .layout_tests(true);
    run_locked(configured(builder, ctypes_prefix)?)
}

/// A real kernel's tree: the records, enums, typedefs, functions and variables the IR
/// names, wherever the tree declares them (a function that is `static inline` or a macro
/// there gets nothing here: its shim prototype comes from [`shim_prototypes`]). This
/// needs only the model's names, so the builder runs it beside the real tree's own parse,
/// on another thread and without [`crate::parse::LIBCLANG`]: bindgen loads libclang for
/// its thread and does not use the `clang` crate.
///
/// No layout tests: bindgen would write one for every type the includes reach (20,000
/// lines for Debian's 6.12, a fifth of the run); layout.rs asserts every record the API
/// uses instead.
pub fn kernel_items(
    set: &HeaderSet,
    ir: &Ir,
    clang_args: &[String],
    ctypes_prefix: &str,
) -> Result<String> {
    let umbrella = set.canonical_root.join("kbridge-bindings.h");
    let mut builder = bindgen::Builder::default()
        .header_contents(&umbrella.to_string_lossy(), &set.umbrella())
        .clang_args(clang_args.iter())
        .layout_tests(false);
    // One alternation per kind: bindgen tests every item against its allowlist, and one
    // pattern of hundreds of names is far cheaper to match than hundreds of patterns.
    let types = ir
        .records
        .iter()
        .map(|record| record.c_type.declared_name().unwrap_or(&record.name))
        .chain(ir.enums.iter().map(|e| e.name.as_str()))
        .chain(ir.typedefs.iter().map(|t| t.name.as_str()));
    let functions = ir.functions.iter().map(|f| f.name.as_str());
    let variables = ir.variables.iter().map(|v| v.name.as_str());
    if let Some(pattern) = any_of(types) {
        builder = builder.allowlist_type(pattern);
    }
    if let Some(pattern) = any_of(functions) {
        builder = builder.allowlist_function(pattern);
    }
    if let Some(pattern) = any_of(variables) {
        builder = builder.allowlist_var(pattern);
    }
    let bindings = configured(builder, ctypes_prefix)?
        .generate()
        .map_err(|e| Error::Bindgen(e.to_string()))?;
    Ok(bindings.to_string())
}

/// For a real tree: the shim prototypes of helpers.h alone, read against the model
/// headers (the same signatures: the signature test holds them to Linux 6.12's), so this
/// parses the small model, not the tree. The types they name are declared by
/// [`kernel_items`].
pub fn shim_prototypes(
    set: &HeaderSet,
    model_clang_args: &[String],
    helpers_h: &str,
    ctypes_prefix: &str,
) -> Result<String> {
    let builder = bindgen::Builder::default()
        .header_contents(&helpers_path(set), helpers_h)
        .clang_args(model_clang_args.iter())
        .allowlist_function("kbridge_.*")
        .allowlist_recursively(false)
        .layout_tests(false);
    run_locked(configured(builder, ctypes_prefix)?)
}

fn helpers_path(set: &HeaderSet) -> String {
    set.canonical_root
        .join("kbridge-helpers.h")
        .to_string_lossy()
        .into_owned()
}

/// The options every pass shares.
fn configured(builder: bindgen::Builder, ctypes_prefix: &str) -> Result<bindgen::Builder> {
    let rust_target =
        bindgen::RustTarget::stable(85, 0).map_err(|e| Error::Bindgen(e.to_string()))?;
    Ok(builder
        .rust_target(rust_target)
        .rust_edition(bindgen::RustEdition::Edition2024)
        .use_core()
        .ctypes_prefix(ctypes_prefix)
        .wrap_unsafe_ops(true)
        .generate_comments(true)
        .enable_function_attribute_detection()
        .derive_default(true)
        .generate_cstr(true)
        .formatter(bindgen::Formatter::Prettyplease)
        // Recording which allowlist patterns matched feeds bindgen's unused-pattern
        // warnings, which nothing here reads, and turns every allowlist test into an
        // overlapping search; without it a test stops at the first match.
        .record_matches(false)
        // The dialect has `-nostdinc` (crate::dialect::FLAGS): the host's include folders
        // have no part in kernel C. Asking the host's clang for them costs four process
        // spawns per pass.
        .detect_include_paths(false)
        .parse_callbacks(Box::new(Callbacks)))
}

fn run_locked(builder: bindgen::Builder) -> Result<String> {
    let _guard = crate::parse::LIBCLANG
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let bindings = builder
        .generate()
        .map_err(|e| Error::Bindgen(e.to_string()))?;
    Ok(bindings.to_string())
}

/// A pattern matching exactly the given names, or none for no names.
fn any_of<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let escaped: Vec<String> = names.map(regex_escape).collect();
    (!escaped.is_empty()).then(|| format!("^(?:{})$", escaped.join("|")))
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
