//! The `extern "C"` entry point of one callback: C arguments in, the driver's method,
//! its result back in C's terms.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ops::upper;
use super::{ident, item_path, prim};
use crate::emit::format::safety;
use crate::infer::ops::{CArg, Source};
use crate::infer::{Callback, Ops, Ret, Ty};

/// What a trampoline returns to C when an argument is outside what Rust can represent.
fn invalid_return(ret: &Ret) -> TokenStream {
    match ret {
        Ret::Unit => quote!(return),
        Ret::Status { from_errno, .. } => {
            let f = format_ident!("{from_errno}");
            let s = safety(&format!(
                "`{from_errno}` converts any int and has no other precondition."
            ));
            quote!(return { #s unsafe { crate::bindings::#f(crate::error::code::EINVAL.to_errno()) } })
        }
        _ => quote!(return crate::error::code::EINVAL.to_errno()),
    }
}

/// Statements that turn one Rust parameter's C value into its Rust value.
fn convert_in(name: &Ident, ty: &Ty, value: TokenStream, ret: &Ret, module: &str) -> TokenStream {
    let bail = invalid_return(ret);
    match ty {
        Ty::Scalar(_) | Ty::Status { .. } => quote!(let #name = #value;),
        Ty::Enum { rust, .. } => {
            let e = item_path(rust, module);
            quote!(let Some(#name) = #e::from_raw(#value) else { #bail; };)
        }
        Ty::Object {
            rust,
            c_record,
            mutable,
            c_const,
        } => {
            let w = item_path(rust, module);
            let from = if *mutable {
                quote!(from_raw_mut)
            } else {
                quote!(from_raw)
            };
            let value = if *c_const {
                quote!(#value.cast_mut())
            } else {
                value
            };
            let s = safety(&format!(
                "C passes a live `struct {c_record}` for the duration of the callback, under the rule of its access pattern (see the type's invariant)."
            ));
            quote!(#s let #name = unsafe { #w::#from(#value) };)
        }
        Ty::Owned { rust, c_record } => {
            let w = item_path(rust, module);
            let s = safety(&format!(
                "this callback hands the driver ownership of the live `struct {c_record}` (spec: `owned`)."
            ));
            quote! {
                let Some(#name) = ::core::ptr::NonNull::new(#value) else { #bail; };
                #s
                let #name = unsafe { crate::types::Owned::<#w>::from_raw(#name.cast()) };
            }
        }
        Ty::OutScalar(_) => {
            let s = safety(
                "C passes NULL or a pointer to a value it lets the callback read and write for the duration of the call.",
            );
            quote!(#s let Some(#name) = (unsafe { #value.as_mut() }) else { #bail; };)
        }
        Ty::CStr => unreachable!("inference never makes a callback take a C string"),
    }
}

pub(super) fn trampoline(o: &Ops, cb: &Callback, trait_name: &Ident, module: &str) -> TokenStream {
    let name = format_ident!("{}", cb.field);
    let method = ident(&cb.field);
    let c_params = cb.c_args.iter().map(|(n, arg)| {
        let n = format_ident!("{n}");
        let t = match arg {
            CArg::Direct(ty) => c_type(ty),
            CArg::Unpacked { record } => {
                let r = format_ident!("{record}");
                quote!(*const crate::bindings::#r)
            }
        };
        quote!(#n: #t)
    });
    let mut prologue = Vec::new();
    for (i, (arg, c)) in cb.c_args.iter().enumerate() {
        if let CArg::Unpacked { record } = c {
            let a = format_ident!("{arg}");
            let bail = invalid_return(&cb.ret);
            let s = safety(&format!(
                "C passes NULL or a `struct {record}` that is live and unchanged for the duration of the call."
            ));
            prologue.push(quote!(#s let Some(#a) = (unsafe { #a.as_ref() }) else { #bail; };));
            let _ = i;
        }
    }
    let mut args = Vec::new();
    for (pname, ty, source) in &cb.params {
        let p = format_ident!("{pname}");
        let value = match source {
            Source::Arg(i) => {
                let a = format_ident!("{}", cb.c_args[*i].0);
                quote!(#a)
            }
            Source::Field { arg, field } => {
                let a = format_ident!("{}", cb.c_args[*arg].0);
                let f = ident(field);
                quote!(#a.#f)
            }
        };
        // A plain value passed straight through needs no conversion.
        if !(matches!(ty, Ty::Scalar(_)) && matches!(source, Source::Arg(_))) {
            prologue.push(convert_in(&p, ty, value, &cb.ret, module));
        }
        args.push(quote!(#p));
    }
    let c_ret = match &cb.ret {
        Ret::Unit => quote!(),
        Ret::Errno | Ret::Value(_) | Ret::IntBool => quote!(-> crate::ffi::c_int),
        Ret::Scalar(t) => {
            let t = prim(t);
            quote!(-> #t)
        }
        Ret::Enum { c_alias, .. } => {
            let a = format_ident!("{c_alias}");
            quote!(-> crate::bindings::#a)
        }
        Ret::Status { c_type, .. } => {
            let a = format_ident!("{c_type}");
            quote!(-> crate::bindings::#a)
        }
    };
    let call = quote!(T::#method(#(#args),*));
    let convert = match &cb.ret {
        _ if cb.handoff => quote!({ #call; 0 }),
        Ret::Unit => quote!(#call),
        Ret::Errno => quote!(crate::error::from_result(#call)),
        Ret::Value(_) => quote!(crate::error::from_value(#call)),
        Ret::IntBool => quote!(crate::ffi::c_int::from(#call)),
        Ret::Scalar(_) => quote!(#call),
        Ret::Enum { .. } => quote!(#call.to_raw()),
        Ret::Status { from_errno, .. } => super::object::status_expr(call.clone(), from_errno),
    };
    let cleanup = o.cleanup.as_ref().filter(|(n, _)| n == &cb.field).map(|(_, private)| {
        let p = format_ident!("{}", cb.params[0].0);
        let h = upper(&cb.field);
        let field = ident(private);
        let s = safety("the object is live for the callback; its private field holds NULL or data parked by `set_data`, and no borrow of it outlives the driver's method, which has returned.");
        quote! {
            if T::#h { #convert; }
            let raw = #p.as_raw();
            #s
            unsafe { crate::private::release(::core::mem::replace(&mut (*raw).#field, ::core::ptr::null_mut())) };
        }
    });
    let doc = format!(
        " `{}.{}` for a [`{trait_name}`] implementer.",
        o.c_record, cb.field
    );
    let fn_safety =
        " Called by C only, with the arguments its contract for this callback guarantees.";
    let body = match cleanup {
        Some(c) => quote!(#(#prologue)* #c),
        None => quote!(#(#prologue)* #convert),
    };
    quote! {
        #[doc = #doc]
        ///
        /// # Safety
        ///
        #[doc = #fn_safety]
        pub(crate) unsafe extern "C" fn #name<T: #trait_name>(#(#c_params),*) #c_ret {
            #body
        }
    }
}

/// The C type of a trampoline parameter.
fn c_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Scalar(s) => prim(s),
        Ty::Enum { c_alias, .. } => {
            let a = format_ident!("{c_alias}");
            quote!(crate::bindings::#a)
        }
        Ty::Object {
            c_record,
            c_const: false,
            ..
        } => {
            let r = format_ident!("{c_record}");
            quote!(*mut crate::bindings::#r)
        }
        Ty::Object {
            c_record,
            c_const: true,
            ..
        } => {
            let r = format_ident!("{c_record}");
            quote!(*const crate::bindings::#r)
        }
        Ty::Owned { c_record, .. } => {
            let r = format_ident!("{c_record}");
            quote!(*mut crate::bindings::#r)
        }
        Ty::Status { c_type, .. } => {
            let a = format_ident!("{c_type}");
            quote!(crate::bindings::#a)
        }
        Ty::CStr => quote!(*const crate::ffi::c_char),
        Ty::OutScalar(s) => {
            let p = prim(s);
            quote!(*mut #p)
        }
    }
}
