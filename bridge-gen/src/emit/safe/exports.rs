//! `kernel::exports`: each `[exports]` prototype as a function pointer type, which
//! `#[export]` makes a crate's glue coerce to.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::prim;
use crate::infer::exports::{Export, ExportType};

fn c_type(ty: &ExportType) -> TokenStream {
    match ty {
        ExportType::Scalar(s) => prim(s),
        ExportType::Pointer { to, mutable: true } => {
            let t = prim(to);
            quote!(*mut #t)
        }
        ExportType::Pointer { to, mutable: false } => {
            let t = prim(to);
            quote!(*const #t)
        }
    }
}

fn prototype(e: &Export) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let params = e.params.iter().map(|(n, t)| {
        let n = super::ident(n);
        let t = c_type(t);
        quote!(#n: #t)
    });
    let ret = e.ret.as_ref().map(|r| {
        let r = c_type(r);
        quote!(-> #r)
    });
    let doc = format!(" `{}` as {} declares it.", e.name, e.location);
    quote! {
        #[doc = #doc]
        pub type #name = unsafe extern "C" fn(#(#params),*) #ret;
    }
}

/// The `exports` module of the safe tree.
pub fn tokens(exports: &[Export]) -> TokenStream {
    let items = exports.iter().map(prototype);
    quote! {
        /// The C prototypes of the functions a crate may export with `#[export]` (the
        /// spec's `[exports]`), as function pointer types. A name that is not here (one the
        /// kernel, the C library or the compiler defines) cannot be exported.
        #[allow(non_camel_case_types, reason = "named after the C functions")]
        pub mod exports {
            #(#items)*
        }
    }
}
