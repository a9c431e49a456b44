//! `[ops.X]` -> a trait with one optional method per safe callback, the `extern "C"`
//! trampolines, a const-built C table per implementer (NULL where not implemented), the
//! registration, and `[id.X]` device-id types.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::object::ret_tokens;
use super::{doc_attrs, ident, item_path, prim, rust_type};
use crate::emit::format::safety;
use crate::infer::ops::{CArg, Source};
use crate::infer::{Callback, ConstSlot, IdType, Ops, RegistrationKind, Ret, Ty};

fn upper(name: &str) -> Ident {
    format_ident!("HAS_{}", name.to_ascii_uppercase())
}

pub fn id_tokens(id: &IdType) -> TokenStream {
    let name = format_ident!("{}", id.name);
    let c = format_ident!("{}", id.c_record);
    let doc = doc_attrs(
        id.doc
            .as_ref()
            .map(|d| d.0.split("\n@").next().unwrap_or(&d.0)),
    );
    let (value_field, value_ty) = (&id.fields[0].0, prim(id.fields[0].1));
    let (mask_field, _) = (&id.fields[1].0, ());
    let value = format_ident!("{value_field}");
    let mask = format_ident!("{mask_field}");
    let ctors = id.masks.iter().map(|(mask_name, bits)| {
        let f = format_ident!("new_with_{mask_name}_mask");
        let doc = format!(" An id matched under the {mask_name} mask ({bits:#x}).");
        let lit = syn::LitInt::new(&format!("{bits:#x}"), proc_macro2::Span::call_site());
        quote! {
            #[doc = #doc]
            pub const fn #f(id: #value_ty) -> Self {
                Self::new_with_custom_mask(id, #lit)
            }
        }
    });
    quote! {
        #doc
        #[repr(transparent)]
        #[derive(Clone, Copy)]
        pub struct #name(crate::bindings::#c);

        impl #name {
            /// An id compared under `mask`: only the set bits of `mask` must match.
            pub const fn new_with_custom_mask(id: #value_ty, mask: #value_ty) -> Self {
                Self(crate::bindings::#c { #value: id, #mask: mask })
            }

            #(#ctors)*

            /// The all-zero entry that ends a device-id table.
            pub const fn end() -> Self {
                Self::new_with_custom_mask(0, 0)
            }

            pub const fn id(&self) -> #value_ty {
                self.0.#value
            }

            pub const fn mask(&self) -> #value_ty {
                self.0.#mask
            }

            /// Whether a device reporting `id` is one of this entry's.
            pub const fn matches(&self, id: #value_ty) -> bool {
                id & self.0.#mask == self.0.#value & self.0.#mask
            }

            /// The C entry.
            pub const fn to_raw(self) -> crate::bindings::#c {
                self.0
            }
        }
    }
}

/// The fallback body of an unimplemented method. It never runs from C (the slot is
/// NULL); it only answers a driver that calls its own unimplemented method.
fn default_body(ret: &Ret) -> TokenStream {
    match ret {
        Ret::Unit => quote!(),
        Ret::Errno | Ret::Value(_) | Ret::Status { .. } => {
            quote!(Err(crate::error::code::EOPNOTSUPP))
        }
        Ret::IntBool | Ret::Scalar("bool") => quote!(false),
        Ret::Scalar(_) => quote!(0),
        Ret::Enum { .. } => quote!(Default::default()),
    }
}

pub fn tokens(o: &Ops, module: &str) -> TokenStream {
    let trait_name = format_ident!("{}", o.name);
    let c = format_ident!("{}", o.c_record);
    let table = format_ident!("{}Table", o.name);
    let callbacks_mod = format_ident!("{}_callbacks", o.c_record);
    let doc = doc_attrs(
        o.doc
            .as_ref()
            .map(|d| d.0.split("\n@").next().unwrap_or(&d.0)),
    );
    let mut skipped_doc = String::new();
    if !o.skipped.is_empty() {
        skipped_doc.push_str(" # Callbacks left NULL\n\n");
        for (name, reason) in &o.skipped {
            skipped_doc.push_str(&format!(" - `{name}`: {reason}\n"));
        }
    }
    let skipped_doc = (!skipped_doc.is_empty()).then(|| {
        let lines = skipped_doc.lines();
        quote!(#[doc = ""] #(#[doc = #lines])*)
    });

    let consts = o.consts.iter().map(|c| match c {
        ConstSlot::Name { rust, doc, .. } => {
            let n = format_ident!("{rust}");
            let d = doc_attrs(doc.as_deref());
            quote!(#d const #n: &'static ::core::ffi::CStr;)
        }
        ConstSlot::Integer { rust, ty, doc, .. } => {
            let n = format_ident!("{rust}");
            let t = prim(ty);
            let d = doc_attrs(doc.as_deref());
            quote!(#d const #n: #t = 0;)
        }
    });
    let id_const = o.id.as_ref().map(|(path, _)| {
        let p = item_path(path, module);
        quote! {
            /// The devices this driver handles.
            const DEVICE_ID: #p;
        }
    });
    let methods = o.callbacks.iter().map(|cb| trait_method(cb, module));
    let has = o.callbacks.iter().map(|cb| {
        let h = upper(&cb.field);
        quote!(#[doc(hidden)] const #h: bool = false;)
    });
    let trampolines = o
        .callbacks
        .iter()
        .map(|cb| trampoline(o, cb, &trait_name, module));
    let slots = o.callbacks.iter().map(|cb| {
        let f = format_ident!("{}", cb.field);
        let h = upper(&cb.field);
        let always = o
            .cleanup
            .as_ref()
            .is_some_and(|(name, _)| name == &cb.field);
        if always {
            quote!(table.#f = Some(#callbacks_mod::#f::<T>);)
        } else {
            quote!(if T::#h { table.#f = Some(#callbacks_mod::#f::<T>); })
        }
    });
    let const_slots = o.consts.iter().map(|c| match c {
        ConstSlot::Name { field, rust, .. } => {
            let f = format_ident!("{field}");
            let n = format_ident!("{rust}");
            quote!(table.#f = T::#n.as_ptr().cast_mut().cast();)
        }
        ConstSlot::Integer { field, rust, .. } => {
            let f = format_ident!("{field}");
            let n = format_ident!("{rust}");
            quote!(table.#f = T::#n;)
        }
    });
    let id_slots =
        o.id.iter()
            .flat_map(|(_, fields)| fields.iter())
            .map(|field| {
                let f = format_ident!("{field}");
                quote!(table.#f = T::DEVICE_ID.to_raw().#f;)
            });
    let table_doc = format!(
        " The C `struct {}` of one [`{}`] implementer, built at compile time.",
        o.c_record, o.name
    );
    let zeroed = safety(&format!(
        "an all-zero `struct {}` is valid: NULL pointers, `None` callbacks, zero integers.",
        o.c_record
    ));
    let table_sync = safety(
        "the table is only written while it is built (in a `const fn`); afterwards only C reads it, and `&Table` gives Rust no access to its contents.",
    );
    let registration = registration(o, module, &table, &trait_name);
    quote! {
        #doc
        #skipped_doc
        pub trait #trait_name: Sized + Send + Sync + 'static {
            #(#consts)*
            #id_const
            #(#methods)*
            #(#has)*
        }

        #[doc = #table_doc]
        #[repr(transparent)]
        pub struct #table(crate::types::Opaque<crate::bindings::#c>);

        #table_sync
        unsafe impl Sync for #table {}

        #table_sync
        unsafe impl Send for #table {}

        impl #table {
            /// The table for `T`: its constants, and a trampoline in every slot `T`
            /// implements (NULL in the others).
            pub const fn new<T: #trait_name>() -> Self {
                #zeroed
                let mut table: crate::bindings::#c = unsafe { ::core::mem::zeroed() };
                #(#const_slots)*
                #(#id_slots)*
                #(#slots)*
                Self(crate::types::Opaque::new(table))
            }
        }

        /// The `extern "C"` entry points C calls, one per safe callback.
        mod #callbacks_mod {
            use super::*;
            #(#trampolines)*
        }

        #registration
    }
}

fn trait_method(cb: &Callback, module: &str) -> TokenStream {
    let name = ident(&cb.field);
    let doc = doc_attrs(cb.doc.as_deref());
    let params = cb.params.iter().map(|(n, t, _)| {
        let n = format_ident!("_{}", n);
        let t = rust_type(t, module);
        quote!(#n: #t)
    });
    let ret = cb.rust_ret();
    let (ret_ty, _) = ret_tokens(&ret, module);
    let ret_ty = match &ret {
        Ret::Enum { rust, .. } => item_path(rust, module),
        _ => ret_ty,
    };
    let body = default_body(&ret);
    let ret_decl = if matches!(ret, Ret::Unit) {
        quote!()
    } else {
        quote!(-> #ret_ty)
    };
    let doc = if cb.handoff {
        let note = " The driver owns the handed-over object from here and reports the outcome when it ends it; C is told the call succeeded (an error there would make C end the object a second time).";
        quote!(#doc #[doc = ""] #[doc = #note])
    } else {
        doc
    };
    quote! {
        #doc
        fn #name(#(#params),*) #ret_decl {
            #body
        }
    }
}

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

fn trampoline(o: &Ops, cb: &Callback, trait_name: &Ident, module: &str) -> TokenStream {
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
        pub(super) unsafe extern "C" fn #name<T: #trait_name>(#(#c_params),*) #c_ret {
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

fn registration(o: &Ops, module: &str, table: &Ident, trait_name: &Ident) -> TokenStream {
    let Some(r) = &o.registration else {
        return quote!();
    };
    let name = format_ident!("Registration");
    let register = format_ident!("{}", r.register);
    let unregister = format_ident!("{}", r.unregister);
    let (id_ty, id_end, id_of) = match &o.id {
        Some((path, _)) => {
            let p = item_path(path, module);
            (quote!(#p), quote!(#p::end()), quote!(T::DEVICE_ID))
        }
        None => (quote!(()), quote!(()), quote!(())),
    };
    let module_arg = r.takes_module.then(|| quote!(, module.as_ptr()));
    let reg_safety = safety(
        "the tables are `'static` and lent to C exclusively until `drop` unregisters them; each was built by `new`, so every non-NULL slot is a trampoline of a matching signature.",
    );
    let unreg_safety =
        safety("the tables were registered by `register` and are unregistered exactly once, here.");
    let (register_body, drop_body) = match r.kind {
        RegistrationKind::Array => (
            quote! {
                let count = crate::ffi::c_int::try_from(entries.len())?;
                #reg_safety
                crate::error::to_result(unsafe { crate::bindings::#register(entries.as_mut_ptr().cast(), count #module_arg) })?;
            },
            quote! {
                // The count fitted a c_int when it was registered.
                let count = self.tables.len() as crate::ffi::c_int;
                #unreg_safety
                unsafe { crate::bindings::#unregister(self.tables.as_mut_ptr().cast(), count) };
            },
        ),
        RegistrationKind::Single => (
            quote! {
                for (done, entry) in entries.iter_mut().enumerate() {
                    #reg_safety
                    let ret = unsafe { crate::bindings::#register(entry.0.get() #module_arg) };
                    if let Err(error) = crate::error::to_result(ret) {
                        for registered in entries[..done].iter_mut() {
                            #unreg_safety
                            unsafe { crate::bindings::#unregister(registered.0.get()) };
                        }
                        return Err(error);
                    }
                }
            },
            quote! {
                for entry in self.tables.iter_mut() {
                    #unreg_safety
                    unsafe { crate::bindings::#unregister(entry.0.get()) };
                }
            },
        ),
    };
    let doc = format!(
        " Tables registered with `{}`, unregistered with `{}` on drop.",
        r.register, r.unregister
    );
    quote! {
        #[doc = #doc]
        pub struct #name {
            tables: &'static mut [#table],
        }

        impl crate::driver::Registrar for #name {
            type Entry = #table;
            type Id = #id_ty;
            const ID_END: #id_ty = #id_end;

            fn register(module: &'static crate::module::ThisModule, entries: &'static mut [#table]) -> crate::error::Result<Self> {
                #register_body
                Ok(Self { tables: entries })
            }
        }

        impl Drop for #name {
            fn drop(&mut self) {
                #drop_body
            }
        }

        impl<T: #trait_name> crate::driver::DriverOf<#name> for T {
            const ENTRY: #table = #table::new::<T>();
            const ID: #id_ty = #id_of;
        }
    }
}
