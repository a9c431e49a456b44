//! `#[vtable]`: `const HAS_<NAME>: bool = true;` for every method an impl defines.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{ImplItem, ItemImpl};

pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !args.is_empty() {
        return Err(syn::Error::new_spanned(
            args,
            "#[vtable] takes no arguments",
        ));
    }
    let mut imp: ItemImpl = syn::parse2(item).map_err(|e| {
        syn::Error::new(e.span(), "#[vtable] goes on an `impl Trait for Type` block")
    })?;
    if imp.trait_.is_none() {
        return Err(syn::Error::new_spanned(
            &imp.self_ty,
            "#[vtable] goes on a trait impl (`impl Trait for Type`), not an inherent impl",
        ));
    }
    let mut has = Vec::new();
    for item in &imp.items {
        if let ImplItem::Fn(f) = item {
            let name = format_ident!("{}", bridge_export::has_const(&f.sig.ident.to_string()));
            let defined = imp
                .items
                .iter()
                .any(|i| matches!(i, ImplItem::Const(c) if c.ident == name));
            if !defined {
                has.push(name);
            }
        }
    }
    for name in has {
        imp.items.push(syn::parse2(
            quote!(#[doc(hidden)] const #name: ::kernel::__private::core::primitive::bool = true;),
        )?);
    }
    Ok(quote!(#imp))
}
