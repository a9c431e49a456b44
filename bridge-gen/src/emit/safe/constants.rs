//! `[constants.X]` -> typed `pub const` items, hexadecimal where they are bit patterns.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::infer::constants::TypedConstant;

pub fn tokens(c: &TypedConstant) -> TokenStream {
    let name = format_ident!("{}", c.name);
    let ty = format_ident!("{}", c.ty);
    let doc = format!(" `{}` ({}).", c.name, c.location);
    let value = if c.ty.starts_with('u') && c.value > 9 {
        let digits = if c.value > 0xffff { 8 } else { 4 };
        format!("{:#0width$x}", c.value, width = digits + 2)
            .parse::<Literal>()
            .map(|l| quote!(#l))
            .unwrap_or_else(|_| decimal(c.value))
    } else {
        decimal(c.value)
    };
    quote! {
        #[doc = #doc]
        pub const #name: #ty = #value;
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
