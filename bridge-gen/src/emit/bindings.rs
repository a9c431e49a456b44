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

pub struct BindgenInput<'a> {
    pub set: &'a HeaderSet,
    pub ir: &'a Ir,
    pub clang_args: &'a [String],
    pub helpers_h: &'a str,
    pub ctypes_prefix: &'a str,
    /// Allow what the IR names, wherever the headers declare it (a real kernel's tree),
    /// instead of everything in the header set's files (the model).
    pub by_name: bool,
}

pub fn generate(input: &BindgenInput<'_>) -> Result<String> {
    let helpers_path = input.set.canonical_root.join("kbridge-helpers.h");
    let helpers_path = helpers_path.to_string_lossy().into_owned();
    let root = regex_escape(&input.set.canonical_root.to_string_lossy());
    let rust_target =
        bindgen::RustTarget::stable(85, 0).map_err(|e| Error::Bindgen(e.to_string()))?;

    let mut builder = bindgen::Builder::default()
        .header_contents(&helpers_path, input.helpers_h)
        .clang_args(input.clang_args.iter())
        .allowlist_function("kbridge_.*");
    if input.by_name {
        let ir = input.ir;
        // One alternation per kind: bindgen tests every item against its allowlist, and
        // one pattern of hundreds of names is far cheaper to match than hundreds of
        // patterns.
        let types = ir
            .records
            .iter()
            .map(|record| {
                record
                    .c_type
                    .0
                    .split(' ')
                    .next_back()
                    .unwrap_or(&record.name)
            })
            .chain(ir.enums.iter().map(|e| e.name.as_str()))
            .chain(ir.typedefs.iter().map(|t| t.name.as_str()));
        // Shim prototypes (`kbridge_.*`) are allowed above; the API names here are the
        // functions the kernel exports.
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
    } else {
        builder = builder.allowlist_file(format!("{root}/.*"));
    }
    let builder = builder
        .rust_target(rust_target)
        .rust_edition(bindgen::RustEdition::Edition2024)
        .use_core()
        .ctypes_prefix(input.ctypes_prefix)
        // A real tree's bindings carry no layout tests of their own: bindgen writes one
        // for every type the includes reach (20,000 lines for Debian's 6.12, a fifth of
        // the run). layout.rs asserts every record the API uses instead.
        .layout_tests(!input.by_name)
        .wrap_unsafe_ops(true)
        .generate_comments(true)
        .enable_function_attribute_detection()
        .derive_default(true)
        .generate_cstr(true)
        .formatter(bindgen::Formatter::Prettyplease)
        .parse_callbacks(Box::new(Callbacks));

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
