//! `kernel::exports`: each `[exports]` prototype as a function pointer type, which
//! `#[export]` makes a crate's glue coerce to.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::prim;
use crate::infer::exports::{Bound, Export, ExportParam, ExportType};

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

/// The C caller's contract for one parameter, or `None` for a value.
fn contract_line(param: &ExportParam) -> Option<String> {
    let name = &param.name;
    let ExportType::Pointer { to, mutable } = &param.ty else {
        return None;
    };
    match &param.bound {
        Bound::Value => None,
        Bound::String => Some(format!(
            "- `{name}`: NULL or a NUL-terminated string, readable up to its NUL and not \
             written by anyone."
        )),
        Bound::Buffer(len) => {
            let what = match *to {
                "u8" => "bytes".to_owned(),
                other => format!("elements of `{other}`"),
            };
            Some(if *mutable {
                format!(
                    "- `{name}`: NULL or valid for reads and writes of `{len}` {what}, and \
                     accessed by nothing else."
                )
            } else {
                format!(
                    "- `{name}`: NULL or valid for reads of `{len}` {what}, and not written \
                     by anyone."
                )
            })
        }
    }
}

fn prototype(e: &Export) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let params = e.params.iter().map(|p| {
        let n = super::ident(&p.name);
        let t = c_type(&p.ty);
        quote!(#n: #t)
    });
    let ret = e.ret.as_ref().map(|r| {
        let r = c_type(r);
        quote!(-> #r)
    });
    let mut doc = vec![format!(" `{}` as {} declares it.", e.name, e.location)];
    let contract: Vec<String> = e.params.iter().filter_map(contract_line).collect();
    if !contract.is_empty() {
        doc.push(String::new());
        doc.push(" # Safety".to_owned());
        doc.push(String::new());
        doc.push(" The C caller's contract, for the duration of the call:".to_owned());
        for line in contract {
            doc.extend(wrap(&line, 90));
        }
    }
    quote! {
        #(#[doc = #doc])*
        pub type #name = unsafe extern "C" fn(#(#params),*) #ret;
    }
}

/// A list item as doc lines of at most `width` characters, continuation lines indented
/// under the item's text.
fn wrap(item: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in item.split(' ') {
        if line.is_empty() {
            line = format!(" {word}");
        } else if line.len() + 1 + word.len() > width {
            lines.push(std::mem::replace(&mut line, format!("   {word}")));
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    lines.push(line);
    lines
}

/// The parameters as the spec bounds them, which `#[export]`'s glue compares its own
/// with at compile time.
fn description(e: &Export) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let params = e.params.iter().map(|p| {
        let n = &p.name;
        match &p.bound {
            Bound::Value => quote!(crate::export::CParam::Value(#n)),
            Bound::String => quote!(crate::export::CParam::String(#n)),
            Bound::Buffer(len) => quote!(crate::export::CParam::Buffer(#n, #len)),
        }
    });
    quote! {
        pub const #name: &[crate::export::CParam] = &[#(#params),*];
    }
}

/// The `exports` module of the safe tree.
pub fn tokens(exports: &[Export]) -> TokenStream {
    let items = exports.iter().map(prototype);
    let descriptions = exports.iter().map(description);
    quote! {
        /// The C prototypes of the functions a crate may export with `#[export]` (the
        /// spec's `[exports]`), as function pointer types. A name that is not here (one the
        /// kernel, the C library or the compiler defines) cannot be exported.
        #[allow(non_camel_case_types, reason = "named after the C functions")]
        pub mod exports {
            #(#items)*

            /// Each prototype's parameters, with what bounds each pointer.
            #[doc(hidden)]
            #[allow(non_upper_case_globals, reason = "named after the C functions")]
            pub mod __params {
                #(#descriptions)*
            }
        }
    }
}
