//! `[config.X]` -> a value type with one setter per field; checked fields refuse values
//! outside their check with `EINVAL`, so C only ever sees values it accepts.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, prim, type_doc};
use crate::emit::format::safety;
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
                pub fn #n(mut self, value: #t) -> Self {
                    self.#n = value;
                    self
                }
            },
            Some(check) => {
                let (cond, text) = match check {
                    Check::PowerOfTwo { min, max, text } => (
                        quote!(value.is_power_of_two() && (#min..=#max).contains(&value)),
                        text,
                    ),
                    Check::Range { min, max, text } => {
                        (quote!((#min..=#max).contains(&value)), text)
                    }
                };
                let note = format!(" `EINVAL` unless the value is {text}.");
                quote! {
                    #d
                    ///
                    #[doc = #note]
                    pub fn #n(mut self, value: #t) -> crate::error::Result<Self> {
                        let value = u64::from(value);
                        if !(#cond) {
                            return Err(crate::error::code::EINVAL);
                        }
                        self.#n = value.try_into().map_err(|_| crate::error::code::EINVAL)?;
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
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*

            /// The C struct: the fields set here, every other field 0.
            pub fn to_raw(&self) -> crate::bindings::#raw {
                #zero
                let mut raw: crate::bindings::#raw = unsafe { ::core::mem::zeroed() };
                #(raw.#fields = self.#fields;)*
                raw
            }
        }
    }
}
