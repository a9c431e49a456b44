//! C type names -> Rust types, for the items bridge-gen emits itself (constants, layout
//! rows). bindgen maps everything else.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::CType;

/// The Rust type of a C scalar type, or None when it has no constant form here.
/// Typedef and enum names map to the aliases bindgen emits for them.
pub fn rust_scalar(ty: &CType, ffi: &syn::Path) -> Option<TokenStream> {
    let name = ty.0.trim().trim_start_matches("const ").trim();
    let builtin = match name {
        "char" => Some("c_char"),
        "signed char" => Some("c_schar"),
        "unsigned char" => Some("c_uchar"),
        "short" => Some("c_short"),
        "unsigned short" => Some("c_ushort"),
        "int" => Some("c_int"),
        "unsigned int" => Some("c_uint"),
        "long" => Some("c_long"),
        "unsigned long" => Some("c_ulong"),
        "long long" => Some("c_longlong"),
        "unsigned long long" => Some("c_ulonglong"),
        _ => None,
    };
    if let Some(builtin) = builtin {
        let ident = format_ident!("{builtin}");
        return Some(quote!(#ffi::#ident));
    }
    if name == "_Bool" || name == "bool" {
        return Some(quote!(bool));
    }
    let alias = name.strip_prefix("enum ").unwrap_or(name);
    let is_identifier = !alias.is_empty()
        && alias.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !alias.starts_with(|c: char| c.is_ascii_digit());
    is_identifier.then(|| {
        let ident = format_ident!("{alias}");
        quote!(#ident)
    })
}

/// bindgen's spelling of a C identifier that is a Rust keyword: `type` -> `type_`.
pub fn rust_field_name(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "try", "type", "union", "unsafe", "use", "where", "while", "yield",
        "abstract", "become", "do", "final", "macro", "override", "priv", "typeof", "unsized",
        "virtual",
    ];
    if KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}
