//! The type a callback hands an object back to C in (`[ops.X] hand_back`), the trait
//! method's return that carries it and the trampoline's conversion to C's status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::item_path;
use crate::infer::model::HandBack;
use crate::infer::{Callback, Ty};

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
        " What [`{trait_name}::{callback}`] gives back to C instead of ending the object it \
         was handed: C keeps it and tries again later. A variant holds the object, so one \
         that was ended, completed or kept cannot be given back as well; an object other \
         than the one this call handed over is ended with its release status instead (C \
         cannot take it back)."
    );
    let variants = h.variants.iter().map(|hv| {
        let v = format_ident!("{}", hv.variant);
        let d = format!(" C is told `{}`.", hv.constant);
        quote!(#[doc = #d] #v(#held),)
    });
    let generics = h.typed.then(|| quote!(<T: #trait_name>));
    quote! {
        #[doc = #doc]
        pub enum #name #generics {
            #(#variants)*
        }
    }
}

/// The trait method's return type.
pub fn ret_type(h: &HandBack) -> TokenStream {
    let name = format_ident!("{}", h.type_name);
    let generics = h.typed.then(|| quote!(<Self>));
    quote!(-> ::core::result::Result<(), #name #generics>)
}

/// The trampoline's conversion of the driver's answer: success, or the status of the
/// variant after the object is let go without being ended (C owns it again). Only the
/// object this call handed over can go back to C this way: C applies the status to it
/// (blk_mq_dispatch_rq_list() in block/blk-mq.c requeues the request it dispatched). Any
/// other object the driver gives back was the driver's already; it is dropped (which ends
/// it with its release status), and C is told the call took its object.
pub fn convert(h: &HandBack, cb: &Callback, call: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", h.type_name);
    let handed = cb
        .params
        .iter()
        .find(|p| matches!(p.ty, Ty::Owned { .. }))
        .map(|p| super::ident(&p.name));
    let arms = h.variants.iter().map(|hv| {
        let v = format_ident!("{}", hv.variant);
        let c = format_ident!("{}", hv.constant);
        quote! {
            ::core::result::Result::Err(#name::#v(object)) => {
                if ::core::ptr::eq(&raw const *object, handed) {
                    let _ = crate::types::Owned::into_raw(object);
                    crate::bindings::#c
                } else {
                    drop(object);
                    0
                }
            }
        }
    });
    quote! {
        let handed = &raw const *#handed;
        match #call {
            ::core::result::Result::Ok(()) => 0,
            #(#arms)*
        }
    }
}
