//! The `extern "C"` entry point of one callback: C arguments in, the driver's method,
//! its result back in C's terms. Every `unsafe` step argues from what the spec says C
//! guarantees for this particular callback (a lock held or taken, a handover, a loan).
//!
//! The spec's `why` for a callback is the call's contract (who owns what, for how long).
//! It is quoted where an argument rests on that contract: the trampoline's `# Safety`
//! section, the token of an object handed over and the view of an object lent for the
//! call. It is not quoted for an object met through its access pattern (`shared`, or
//! `locked_mut` under a lock): that argument rests on the pattern and on where the lock
//! is held or taken, each quoted with its own reason (`locked`, `take_lock`); nor for a
//! struct unpacked or a scalar pointer, which rest on the conventions those patterns
//! state. Quoting it there would make one callback's statement about one object read as
//! the reason for another.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ident, item_path, prim};
use crate::emit::format::safety;
use crate::infer::ops::{Bind, CArg, CallContext, Source};
use crate::infer::{Callback, Ops, Ret, Ty};

/// The label of the block that calls the driver inside a held lock: leaving it early
/// still releases the lock.
const CALL: &str = "'call";

/// `HAS_<CALLBACK>`: the trait's constant that says whether an implementer has the
/// callback (`bridge_export::has_const`'s rule). The trait declares it; the table and the
/// binding trampoline read it.
pub(super) fn upper(name: &str) -> Ident {
    format_ident!("{}", bridge_export::has_const(name))
}

/// What a trampoline returns to C when an argument is outside what Rust can represent:
/// `return value`, or `break 'call value` inside a held lock.
fn invalid_return(cb: &Callback) -> TokenStream {
    let value = match &cb.ret {
        Ret::Unit => quote!(),
        Ret::Status { from_errno, .. } => {
            let f = format_ident!("{from_errno}");
            let s = safety(&format!(
                "`{from_errno}` converts any int and has no other precondition."
            ));
            quote!({ #s unsafe { crate::bindings::#f(crate::error::code::EINVAL.to_errno()) } })
        }
        _ => quote!(crate::error::code::EINVAL.to_errno()),
    };
    if matches!(cb.context, CallContext::TakeLock { .. }) {
        let label = syn::Lifetime::new(CALL, proc_macro2::Span::call_site());
        quote!(break #label #value)
    } else {
        quote!(return #value)
    }
}

/// The SAFETY argument for making a reference to a callback's object.
fn object_argument(cb: &Callback, c_record: &str, mutable: bool) -> String {
    match (&cb.context, mutable) {
        (CallContext::Locked(why), true) => format!(
            "C passes a live `struct {c_record}` and holds its lock for this call ({why}); every `&mut` to it is made under that lock, so this is the only one until the callback returns."
        ),
        (CallContext::TakeLock { lock, why }, true) => format!(
            "C passes a live `struct {c_record}`; C holds no lock for this call ({why}), so the trampoline took the object's `{lock}` above, under which every `&mut` to it is made: this is the only one until it is released."
        ),
        (CallContext::Locked(why), false) => {
            format!("C passes a live `struct {c_record}` and holds its lock for this call ({why}).")
        }
        _ => format!(
            "C passes a live `struct {c_record}` for the duration of the callback, and synchronises its own use of it (access = \"shared\")."
        ),
    }
}

/// A pointer to an object as its wrapper, with the SAFETY argument of the call context.
fn object_in(
    cb: &Callback,
    name: &Ident,
    ty: &Ty,
    value: TokenStream,
    module: &str,
) -> TokenStream {
    let Ty::Object {
        rust,
        c_record,
        mutable,
        c_const,
        typed,
    } = ty
    else {
        return quote!();
    };

    let w = item_path(rust, module);
    let w = if *typed { quote!(#w::<T>) } else { w };
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
    let mut why = object_argument(cb, c_record, *mutable);
    if *typed {
        why.push_str(&format!(
            " It is an object of `T`'s: C calls this table of `T`'s only with the \
                 `struct {c_record}`s Rust made to use it, each typed by `T` (type invariant)."
        ));
    }
    let s = safety(&why);
    quote!(#s let #name = unsafe { #w::#from(#value) };)
}

/// A handed-over object as its ownership token (NULL: the callback's invalid return).
fn owned_in(cb: &Callback, name: &Ident, ty: &Ty, value: TokenStream, module: &str) -> TokenStream {
    let Ty::Owned {
        rust,
        c_record,
        typed,
    } = ty
    else {
        return quote!();
    };
    let bail = invalid_return(cb);

    let w = item_path(rust, module);
    let w = if *typed { quote!(#w<T>) } else { w };
    let why = quoted(cb.why.as_deref());
    let s = safety(&format!(
        "this callback hands the driver the live `struct {c_record}`{why}: the token made here is its only owner until it ends the object{}.",
        if *typed {
            ", and `T` is the implementer whose table C called"
        } else {
            ""
        }
    ));
    quote! {
        let Some(#name) = ::core::ptr::NonNull::new(#value) else { #bail; };
        #s
        let #name = unsafe { crate::types::Owned::<#w>::from_raw(#name.cast()) };
    }
}

/// ` (why)`, the spec's reason in a sentence, or nothing.
fn quoted(why: Option<&str>) -> String {
    why.map_or_else(String::new, |w| format!(" ({w})"))
}

/// Statements that turn one Rust parameter's C value into its Rust value.
fn convert_in(
    cb: &Callback,
    name: &Ident,
    ty: &Ty,
    value: TokenStream,
    module: &str,
) -> TokenStream {
    let bail = invalid_return(cb);
    match ty {
        Ty::Scalar(_) | Ty::Status { .. } => quote!(let #name = #value;),
        Ty::Enum { rust, .. } => {
            let e = item_path(rust, module);
            quote!(let Some(#name) = #e::from_raw(#value) else { #bail; };)
        }
        Ty::Object { .. } => object_in(cb, name, ty, value, module),
        Ty::View {
            rust,
            c_record,
            c_const,
        } => {
            let w = item_path(rust, module);
            let value = if *c_const {
                quote!(#value.cast_mut())
            } else {
                value
            };
            let view = &rust.name;
            let s = safety(&format!(
                "C passes a live `struct {c_record}` for the duration of the callback{}; `{view}` only reads its fields that never change and calls functions that need no lock of the caller's, so it needs neither the object's lock nor ownership.",
                quoted(cb.why.as_deref())
            ));
            quote!(#s let #name = unsafe { #w::from_raw(#value) };)
        }
        Ty::Owned { .. } => owned_in(cb, name, ty, value, module),
        Ty::OutScalar(_) => {
            let s = safety(
                "C passes NULL or a pointer to a value it lets the callback read and write for the duration of the call.",
            );
            quote!(#s let Some(#name) = (unsafe { #value.as_mut() }) else { #bail; };)
        }
        Ty::CStr => unreachable!("inference never makes a callback take a C string"),
    }
}

/// Whether converting the C arguments can refuse one (and leave the trampoline early).
fn can_refuse(cb: &Callback) -> bool {
    cb.c_args
        .iter()
        .any(|a| matches!(a.arg, CArg::Unpacked { .. }))
        || cb
            .params
            .iter()
            .any(|p| matches!(p.ty, Ty::Enum { .. } | Ty::Owned { .. } | Ty::OutScalar(_)))
}

/// The trampoline's C parameter list.
fn c_params(cb: &Callback) -> Vec<TokenStream> {
    cb.c_args
        .iter()
        .map(|a| {
            let n = ident(&a.name);
            let t = match &a.arg {
                CArg::Direct(ty) => c_type(ty),
                CArg::Unpacked { record } => {
                    let r = format_ident!("{record}");
                    quote!(*const crate::bindings::#r)
                }
            };
            quote!(#n: #t)
        })
        .collect()
}

/// The conversions of every C argument, and the Rust arguments of the driver's method.
fn prologue(cb: &Callback, module: &str) -> (Vec<TokenStream>, Vec<Ident>) {
    let mut prologue = Vec::new();
    for c in &cb.c_args {
        if let CArg::Unpacked { record } = &c.arg {
            let a = ident(&c.name);
            let bail = invalid_return(cb);
            let s = safety(&format!(
                "C passes NULL or a `struct {record}` that is live and unchanged for the duration of the call."
            ));
            prologue.push(quote!(#s let Some(#a) = (unsafe { #a.as_ref() }) else { #bail; };));
        }
    }
    let mut args = Vec::new();
    for param in &cb.params {
        let (ty, source) = (&param.ty, &param.source);
        let p = ident(&param.name);
        let value = match source {
            Source::Arg(i) => {
                let a = ident(&cb.c_args[*i].name);
                quote!(#a)
            }
            Source::Field { arg, field } => {
                let a = ident(&cb.c_args[*arg].name);
                let f = ident(field);
                quote!(#a.#f)
            }
        };
        // A plain value passed straight through needs no conversion.
        if !(matches!(ty, Ty::Scalar(_)) && matches!(source, Source::Arg(_))) {
            prologue.push(convert_in(cb, &p, ty, value, module));
        }
        args.push(p);
    }
    (prologue, args)
}

fn c_return(ret: &Ret) -> TokenStream {
    match ret {
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
    }
}

/// The driver's method called with `args`, its result in C's terms.
fn call_and_convert(cb: &Callback, args: &[Ident], bind: bool) -> TokenStream {
    let method = ident(&cb.field);
    let call = quote!(T::#method(#(#args),*));
    let convert = match &cb.ret {
        _ if cb.hand_back.is_some() => {
            let hand_back = cb.hand_back.as_ref().expect("checked");
            let convert = super::hand_back::convert(hand_back, cb, &call);
            quote!({ #convert })
        }
        _ if cb.handoff => quote!({ #call; 0 }),
        Ret::Unit if !bind => quote!(#call;),
        Ret::Unit => quote!(#call),
        Ret::Errno => quote!(crate::error::from_result(#call)),
        Ret::Value(_) => quote!(crate::error::from_value(#call)),
        Ret::IntBool => quote!(crate::ffi::c_int::from(#call)),
        Ret::Scalar(_) => quote!(#call),
        Ret::Enum { .. } => quote!(#call.to_raw()),
        Ret::Status { from_errno, .. } => super::object::status_expr(call.clone(), from_errno),
    };
    if bind {
        // The binding trampoline always runs; the driver's method only when it has one.
        let has = upper(&cb.field);
        quote!(if T::#has { #convert } else { 0 })
    } else {
        convert
    }
}

/// For a callback whose trampoline takes the object's lock: taking it, before any
/// reference to the object exists, and the claim of the private data when the callback
/// binds the driver. Returns (before, after) the call.
fn lock_steps(cb: &Callback, bind: Option<&Bind>) -> Option<(TokenStream, TokenStream)> {
    let CallContext::TakeLock { lock, why } = &cb.context else {
        return None;
    };
    let object = format_ident!("{}", cb.c_args.first()?.name);
    let lock_field = ident(lock);
    let (lock_ptr, raw) = (format_ident!("lock"), format_ident!("raw_object"));
    let field =
        safety("C passes a live object; this takes the address of its field, no reference.");
    let take = safety(&format!(
        "`lock` is the live object's mutex, which C does not hold for this call ({why}) and which no code of this thread holds (C holds it around the callbacks that get `&mut`, and this is none of them); it is released below before returning."
    ));
    let release = safety(
        "this trampoline took `lock` above, and no reference made under it outlives the driver's method.",
    );
    let claim = bind.map(|b| {
        let private = ident(&b.private);
        let device = b.device.iter().map(|f| ident(f));
        let s = safety(&format!(
            "`{}` and `{}` are fields of the live object, whose `{lock}` this trampoline holds; `{}` binds the driver to that device, whose devres runs when the binding ends (a failed probe, or unbind after `remove`), while the object is still alive.",
            b.private,
            b.device.join("."),
            cb.field
        ));
        let unlock = safety("this trampoline took `lock` above.");
        quote! {
            #s
            let claimed = unsafe {
                crate::private::claim(&raw mut (*#raw).#private, #lock_ptr, &raw mut (*#raw) #(.#device)*)
            };
            if let Err(error) = claimed {
                #unlock
                unsafe { crate::bindings::mutex_unlock(#lock_ptr) };
                return error.to_errno();
            }
        }
    });
    let before = quote! {
        let #raw = #object;
        #field
        let #lock_ptr = unsafe { &raw mut (*#raw).#lock_field };
        #take
        unsafe { crate::bindings::mutex_lock(#lock_ptr) };
        #claim
    };
    let after = quote! {
        #release
        unsafe { crate::bindings::mutex_unlock(#lock_ptr) };
    };
    Some((before, after))
}

pub(super) fn trampoline(o: &Ops, cb: &Callback, trait_name: &Ident, module: &str) -> TokenStream {
    let name = format_ident!("{}", cb.field);
    let params = c_params(cb);
    let (prologue, args) = prologue(cb, module);
    let bind = o.bind.as_ref().filter(|b| b.callback == cb.field);
    let convert = call_and_convert(cb, &args, bind.is_some());
    let (prologue, convert) = match (cb.device_data, &o.device_data) {
        (Some(role), Some(data)) => {
            let (device, convert) = super::device_data::steps(cb, role, data, &args);
            (std::iter::once(device).chain(prologue).collect(), convert)
        }
        _ => (prologue, convert),
    };
    let c_ret = c_return(&cb.ret);
    let body = match lock_steps(cb, bind) {
        // A block, labelled when the conversions can leave it early: leaving it still
        // releases the lock.
        Some((before, after)) => {
            let label = can_refuse(cb).then(|| {
                let label = syn::Lifetime::new(CALL, proc_macro2::Span::call_site());
                quote!(#label:)
            });
            if matches!(cb.ret, Ret::Unit) && !cb.handoff {
                quote! {
                    #before
                    #label { #(#prologue)* #convert; }
                    #after
                }
            } else {
                quote! {
                    #before
                    let result = #label { #(#prologue)* #convert };
                    #after
                    result
                }
            }
        }
        None => quote!(#(#prologue)* #convert),
    };
    let doc = format!(
        " `{}.{}` for a [`{trait_name}`] implementer.",
        o.c_record, cb.field
    );
    let fn_safety = match &cb.why {
        Some(why) => format!(
            " Called by C only, with the arguments its contract for this callback guarantees: \
             {}.",
            super::rustdoc::code_spans(why.trim_end_matches('.'))
        ),
        None => " Called by C only, with the arguments its contract for this callback guarantees."
            .to_owned(),
    };
    quote! {
        #[doc = #doc]
        ///
        /// # Safety
        ///
        #[doc = #fn_safety]
        pub(crate) unsafe extern "C" fn #name<T: #trait_name>(#(#params),*) #c_ret {
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
            c_const: true,
            ..
        } => {
            let r = format_ident!("{c_record}");
            quote!(*const crate::bindings::#r)
        }
        Ty::View {
            c_record,
            c_const: true,
            ..
        } => {
            let r = format_ident!("{c_record}");
            quote!(*const crate::bindings::#r)
        }
        Ty::Object { c_record, .. } | Ty::Owned { c_record, .. } | Ty::View { c_record, .. } => {
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
