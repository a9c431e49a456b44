//! `[constants.X]` -> typed `pub const` items, hexadecimal where they are bit patterns.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::infer::constants::{Newtype, TypedConstant};

pub fn tokens(c: &TypedConstant) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let ty = format_ident!("{}", c.ty);
    let doc = format!(" `{}` ({}).", c.name, c.location);
    let value = literal(c);
    quote! {
        #[doc = #doc]
        pub const #name: #ty = #value;
    }
}

/// A newtype over the C integer, with the constants it was given as associated constants.
/// `from_raw` takes any value: C may hold one the headers do not name, and a newtype (not
/// an enum) has no invalid values.
pub fn newtype_tokens(n: &Newtype, constants: &[TypedConstant]) -> TokenStream {
    let name = format_ident!("{}", n.name);
    let repr = format_ident!("{}", n.repr);
    let patterns = n
        .patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(" A {patterns} value (stored in C as `{}`).", n.repr);
    let members = constants
        .iter()
        .filter_map(|c| Some((c, c.of.as_ref().filter(|of| of.newtype == n.name)?)))
        .map(|(c, of)| {
            let k = format_ident!("{}", of.name);
            let d = format!(" `{}` ({}).", c.name, c.location);
            let value = literal(c);
            quote!(#[doc = #d] pub const #k: Self = Self(#value);)
        });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(transparent)]
        pub struct #name(#repr);

        impl #name {
            #(#members)*

            /// The value for a C integer; any is one, named by the headers or not.
            #[must_use]
            pub const fn from_raw(raw: #repr) -> Self {
                Self(raw)
            }

            /// The C integer.
            #[must_use]
            pub const fn to_raw(self) -> #repr {
                self.0
            }
        }
    }
}

/// The constant's value: hexadecimal for an unsigned bit pattern, else decimal.
fn literal(c: &TypedConstant) -> TokenStream {
    if c.ty.starts_with('u') && c.value > 9 {
        let digits = if c.value > 0xffff { 8 } else { 4 };
        format!("{:#0width$x}", c.value, width = digits + 2)
            .parse::<Literal>()
            .map(|l| quote!(#l))
            .unwrap_or_else(|_| decimal(c.value))
    } else {
        decimal(c.value)
    }
}

fn decimal(value: i128) -> TokenStream {
    let literal = Literal::i128_unsuffixed(value.abs());
    if value < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}
