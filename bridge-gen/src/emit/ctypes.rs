//! C type names -> Rust types, for the items bridge-gen emits itself (constants, layout
//! rows). bindgen maps everything else.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{CType, CTypeKind, Field, IntKind};

/// The Rust type of a C scalar type, or None when it has no constant form here.
/// Typedef and enum names map to the aliases bindgen emits for them.
pub fn rust_scalar(ty: &CType, ffi: &syn::Path) -> Option<TokenStream> {
    let builtin = match ty.kind {
        CTypeKind::Int(IntKind::Bool) => return Some(quote!(bool)),
        CTypeKind::Int(IntKind::Char) => "c_char",
        CTypeKind::Int(IntKind::SignedChar) => "c_schar",
        CTypeKind::Int(IntKind::UnsignedChar) => "c_uchar",
        CTypeKind::Int(IntKind::Short) => "c_short",
        CTypeKind::Int(IntKind::UnsignedShort) => "c_ushort",
        CTypeKind::Int(IntKind::Int) => "c_int",
        CTypeKind::Int(IntKind::UnsignedInt) => "c_uint",
        CTypeKind::Int(IntKind::Long) => "c_long",
        CTypeKind::Int(IntKind::UnsignedLong) => "c_ulong",
        CTypeKind::Int(IntKind::LongLong) => "c_longlong",
        CTypeKind::Int(IntKind::UnsignedLongLong) => "c_ulonglong",
        CTypeKind::Typedef { .. } | CTypeKind::Enum { .. } => {
            let alias = format_ident!("{}", ty.declared_name()?);
            return Some(quote!(#alias));
        }
        _ => return None,
    };
    let ident = format_ident!("{builtin}");
    Some(quote!(#ffi::#ident))
}

/// bindgen's spelling of a C identifier that is a Rust keyword: `type` -> `type_`.
pub fn rust_field_name(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "try", "type", "union", "unsafe", "use", "where", "while", "yield",
        "abstract", "become", "do", "final", "macro", "override", "priv", "typeof", "unsized",
        "virtual", "alignof", "offsetof", "proc", "pure", "sizeof",
        // Primitive type names, which bindgen escapes too (`kernel_param`'s `str`).
        "str", "bool", "char", "f32", "f64", "usize", "isize", "u8", "i8", "u16", "i16", "u32",
        "i32", "u64", "i64", "u128", "i128",
    ];
    if KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// The path bindgen's Rust takes to a field from its record: `flags`, or
/// `__bindgen_anon_1.remove` for a member of an anonymous union.
pub fn member_path(field: &Field) -> TokenStream {
    let parts = field
        .rust_path()
        .into_iter()
        .map(|part| format_ident!("{}", rust_field_name(part)));
    quote!(#(#parts).*)
}
