//! `[id.X] string`: a device-id entry matched by name, made in constants, and the
//! `END` entry that ends a table as C's `{ }` does.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, item_path, type_doc};
use crate::emit::format::safety;
use crate::infer::string_id::{IdTableSlot, StringId};

pub fn tokens(id: &StringId) -> TokenStream {
    let name = format_ident!("{}", id.path.name);
    let c = format_ident!("{}", id.c_record);
    let field = ident(&id.field);
    let max = usize::try_from(id.len - 1).unwrap_or(usize::MAX);
    let doc = type_doc(id.doc.as_ref());
    let too_long = format!(
        "a `{}` of at most {max} bytes fits `struct {}`",
        id.field, id.c_record
    );
    let names = id.names.iter().map(|n| ident(n));
    let zeroed = safety(&format!(
        "an all-zero `struct {}` is valid: empty strings, NULL pointers, zero integers.",
        id.c_record
    ));
    let new_doc = format!(" An entry matching `{}`.", id.field);
    quote! {
        #doc
        #[repr(transparent)]
        #[derive(Clone, Copy)]
        pub struct #name(crate::bindings::#c);

        impl #name {
            /// The empty entry that ends a table, as C's `{ }`.
            pub const END: Self = {
                #zeroed
                Self(unsafe { ::core::mem::zeroed() })
            };

            #[doc = #new_doc]
            ///
            /// # Panics
            ///
            /// When it does not fit the C field with its NUL; in a constant, that is a
            /// compile-time error.
            #[must_use]
            pub const fn new(name: &::core::ffi::CStr) -> Self {
                let bytes = name.to_bytes();
                ::core::assert!(bytes.len() <= #max, #too_long);
                let mut entry = Self::END;
                let mut i = 0;
                // Kernel C's `char` is unsigned (`-funsigned-char`): `crate::ffi::c_char`
                // is `u8` on every architecture.
                while i < bytes.len() {
                    entry.0.#field[i] = bytes[i];
                    i += 1;
                }
                entry
            }

            /// Whether C's match loop stops at this entry: all its names are empty.
            #[must_use]
            pub const fn is_end(&self) -> bool {
                #(self.0.#names[0] == 0)&&*
            }

            /// Whether `table` has an entry, ends with [`Self::END`] and has no other end.
            #[must_use]
            pub const fn terminated(table: &[Self]) -> bool {
                let Some((last, entries)) = table.split_last() else {
                    return false;
                };
                if entries.is_empty() || !last.is_end() {
                    return false;
                }
                let mut i = 0;
                while i < entries.len() {
                    if entries[i].is_end() {
                        return false;
                    }
                    i += 1;
                }
                true
            }
        }
    }
}

/// The trait constant of one id-table field.
pub fn trait_const(slot: &IdTableSlot, module: &str) -> TokenStream {
    let n = format_ident!("{}", slot.rust);
    let id = item_path(&slot.id, module);
    let link = if slot.id.module == module {
        slot.id.name.clone()
    } else {
        format!("crate::{}", slot.id)
    };
    let doc = format!(
        " The devices the driver matches by [`{link}`], ending with its `END`; empty for none."
    );
    quote!(#[doc = #doc] const #n: &'static [#id] = &[];)
}

/// The statement of `raw` that points the field at the driver's table, checked.
pub fn fill(slot: &IdTableSlot, module: &str) -> TokenStream {
    let n = format_ident!("{}", slot.rust);
    let id = item_path(&slot.id, module);
    let member = slot.member.iter().map(|m| ident(m));
    let must_end = format!("`{}` must end with `{}::END`, ", slot.rust, slot.id.name);
    quote! {
        if !T::#n.is_empty() {
            let terminated = #id::terminated(T::#n);
            ::core::assert!(
                terminated,
                ::core::concat!(#must_end, "and only there, after an entry"),
            );
            table.#(#member).* = T::#n.as_ptr().cast();
        }
    }
}
