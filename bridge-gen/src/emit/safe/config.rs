//! `[config.X]` -> a value type with one setter per field; checked fields refuse values
//! outside their check with `EINVAL`, so C only ever sees values it accepts.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, prim, type_doc};
use crate::emit::format::{int_literal, safety};
use crate::infer::config::{Check, ConfigRecord};

pub fn tokens(c: &ConfigRecord) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let raw = format_ident!("{}", c.c_record);
    let doc = type_doc(c.doc.as_ref());
    let fields: Vec<_> = c.fields.iter().map(|f| ident(&f.field)).collect();
    let types: Vec<_> = c.fields.iter().map(|f| prim(f.ty)).collect();
    let setters = c.fields.iter().map(|f| {
        let n = ident(&f.field);
        let t = prim(f.ty);
        let d = doc_attrs(f.doc.as_deref());
        match &f.check {
            None => quote! {
                #d
                #[must_use]
                pub fn #n(mut self, value: #t) -> Self {
                    self.#n = value;
                    self
                }
            },
            Some(check) => {
                let value = format_ident!("value");
                let (cond, text) = guard(&value, f.ty, check);
                let note = format!(" `EINVAL` unless the value is {text}.");
                quote! {
                    #d
                    ///
                    #[doc = #note]
                    pub fn #n(mut self, value: #t) -> crate::error::Result<Self> {
                        if !(#cond) {
                            return Err(crate::error::code::EINVAL);
                        }
                        self.#n = value;
                        Ok(self)
                    }
                }
            }
        }
    });
    let zero = safety(&format!(
        "an all-zero `struct {}` is valid: every field the C side reads as \"use the default\".",
        c.c_record
    ));
    let new_doc = " Nothing set: C applies its defaults to every field left 0.";
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #name {
            #(#fields: #types,)*
        }

        impl #name {
            #[doc = #new_doc]
            #[must_use]
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*

            /// The C struct: the fields set here, every other field 0.
            #[must_use]
            pub fn to_raw(&self) -> crate::bindings::#raw {
                #zero
                let mut raw: crate::bindings::#raw = unsafe { ::core::mem::zeroed() };
                #(raw.#fields = self.#fields;)*
                raw
            }
        }
    }
}

/// `test` (on `v: u64`) applied to `value` of Rust type `ty`: widened when it always
/// fits, refused when it does not.
fn on_u64(value: &proc_macro2::Ident, ty: &str, test: TokenStream) -> TokenStream {
    if matches!(ty, "u8" | "u16" | "u32" | "u64") {
        quote!({ let v = u64::from(#value); #test })
    } else {
        quote!(u64::try_from(#value).is_ok_and(|v| #test))
    }
}

/// Whether `value`, of Rust type `ty`, passes `check`, and what the check asks for, for
/// docs.
pub(crate) fn guard(value: &proc_macro2::Ident, ty: &str, check: &Check) -> (TokenStream, String) {
    match check {
        Check::PowerOfTwo { min, max, text } => {
            let (min, max) = (
                int_literal(*min, false, "u64"),
                int_literal(*max, false, "u64"),
            );
            (
                on_u64(
                    value,
                    ty,
                    quote!(v.is_power_of_two() && (#min..=#max).contains(&v)),
                ),
                text.clone(),
            )
        }
        Check::Range { min, max, text } => {
            let (min, max) = (
                int_literal(*min, false, "u64"),
                int_literal(*max, false, "u64"),
            );
            (
                on_u64(value, ty, quote!((#min..=#max).contains(&v))),
                text.clone(),
            )
        }
        Check::Bits { mask, text } => {
            let mask = int_literal(*mask, true, "");
            (on_u64(value, ty, quote!(v & !#mask == 0)), text.clone())
        }
        Check::NumaNode { no_node, max } => {
            let s = safety(
                "`node_online` reads bit `node` of the online-node bitmap, which has MAX_NUMNODES bits (the value of the kernel being built for), and `node` is below that.",
            );
            (
                quote! {
                    i64::from(#value) == i64::from(crate::bindings::NUMA_NO_NODE)
                        || crate::ffi::c_int::try_from(#value).is_ok_and(|node| {
                            (0..crate::bindings::MAX_NUMNODES).contains(&node) && {
                                #s
                                let online = unsafe { crate::bindings::node_online(node) };
                                online != 0
                            }
                        })
                },
                format!(
                    "`NUMA_NO_NODE` ({no_node}) or an online node below `MAX_NUMNODES` ({max})"
                ),
            )
        }
    }
}
