//! The type a callback hands an object back to C in (`[ops.X] hand_back`), the trait
//! method's return that carries it and the trampoline's conversion to C's status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::item_path;
use crate::infer::hand_back::HandBack;

/// `pub enum Busy<T: Operations> { Resource(Owned<Request<T>>), ... }`.
pub fn type_tokens(h: &HandBack, callback: &str, trait_name: &Ident, module: &str) -> TokenStream {
    let name = format_ident!("{}", h.type_name);
    let object = item_path(&h.object, module);
    let held = if h.typed {
        quote!(crate::types::Owned<#object<T>>)
    } else {
        quote!(crate::types::Owned<#object>)
    };
    let doc = format!(
        " What [`{trait_name}::{callback}`] gives back to C instead of ending the object: C \
         keeps it and tries again later. A variant holds the object, so one that was ended, \
         completed or kept cannot be given back as well."
    );
    let variants = h.variants.iter().map(|(variant, constant)| {
        let v = format_ident!("{variant}");
        let d = format!(" C is told `{constant}`.");
        quote!(#[doc = #d] #v(#held),)
    });
    quote! {
        #[doc = #doc]
        pub enum #name<T: #trait_name> {
            #(#variants)*
        }
    }
}

/// The trait method's return type.
pub fn ret_type(h: &HandBack) -> TokenStream {
    let name = format_ident!("{}", h.type_name);
    quote!(-> ::core::result::Result<(), #name<Self>>)
}

/// The trampoline's conversion of the driver's answer: success, or the status of the
/// variant after the object is let go without being ended (C owns it again).
pub fn convert(h: &HandBack, call: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", h.type_name);
    let arms = h.variants.iter().map(|(variant, constant)| {
        let v = format_ident!("{variant}");
        let c = format_ident!("{constant}");
        quote! {
            ::core::result::Result::Err(#name::#v(object)) => {
                let _ = crate::types::Owned::into_raw(object);
                crate::bindings::#c
            }
        }
    });
    quote! {
        match #call {
            ::core::result::Result::Ok(()) => 0,
            #(#arms)*
        }
    }
}
