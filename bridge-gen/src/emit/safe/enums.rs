//! `[enum.X]` -> a Rust enum with checked conversions from the C integer.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, type_doc};
use crate::infer::RustEnum;
use crate::infer::docs::member_doc;

pub fn tokens(e: &RustEnum) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let alias = format_ident!("{}", e.c_alias);
    let mut seen = Vec::new();
    let variants: Vec<_> = e
        .variants
        .iter()
        .filter(|v| {
            let first = !seen.contains(&v.value);
            seen.push(v.value);
            first
        })
        .collect();
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.rust))
        .collect();
    let consts: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}{}", e.const_prefix, v.constant))
        .collect();
    let docs: Vec<_> = variants
        .iter()
        .map(|v| {
            let c = &v.constant;
            let text = member_doc(e.doc.as_ref(), c)
                .map(|d| format!("{d} (`{c}`)"))
                .unwrap_or_else(|| format!("`{c}`"));
            doc_attrs(Some(&text))
        })
        .collect();
    let doc = type_doc(e.doc.as_ref());
    let first = &idents[0];
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#docs #idents,)*
        }

        impl #name {
            /// The variant for a C value, or `None` for a value the headers do not name.
            #[must_use]
            pub fn from_raw(raw: crate::bindings::#alias) -> Option<Self> {
                match raw {
                    #(crate::bindings::#consts => Some(Self::#idents),)*
                    _ => None,
                }
            }

            /// The C value.
            #[must_use]
            pub fn to_raw(self) -> crate::bindings::#alias {
                match self {
                    #(Self::#idents => crate::bindings::#consts,)*
                }
            }
        }

        impl Default for #name {
            /// The first constant the header declares.
            fn default() -> Self {
                Self::#first
            }
        }
    }
}
