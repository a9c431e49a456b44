//! Constructors: `create` (Rust allocates, C sets up in place -> `Managed`) and `alloc`
//! (C allocates and returns the object or an `ERR_PTR`, Rust configures it and makes
//! the setup calls -> `Built`, which keeps what the object points to alive).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, item_path, prim};
use crate::emit::format::safety;
use crate::infer::Object;
use crate::infer::alloc::{Alloc, AllocArg, FieldKind};

/// `create`: a config struct, a constructor that sets the object up in place, and the
/// teardown on drop.
pub(super) fn create(o: &Object, c: &crate::infer::object::Create, module: &str) -> TokenStream {
    let name = format_ident!("{}", o.name);
    let config = format_ident!("{}Config", o.name);
    let setup = format_ident!("{}", c.setup);
    let teardown = format_ident!("{}", c.teardown);
    let config_doc = format!(
        " What is set in a new [`{}`] before `{}` sets it up.",
        o.name, c.setup
    );
    let fields: Vec<_> = c.config.iter().map(|(f, _, _)| ident(f)).collect();
    let field_decls = c.config.iter().map(|(f, ty, doc)| {
        let f = ident(f);
        let t = prim(ty);
        let d = doc_attrs(doc.as_deref());
        quote!(#d pub #f: #t,)
    });
    let (generics, ops_set, ops_doc) = match &c.ops {
        Some((field, _, trait_path)) => {
            let f = ident(field);
            let tr = item_path(trait_path, module);
            let table = item_path(&format!("{trait_path}Table"), module);
            (
                quote!(<T: #tr>),
                quote!((*raw).#f = #table::of::<T>();),
                format!(" Its `{field}` points to the `'static` table of `T`."),
            )
        }
        None => (quote!(), quote!(), String::new()),
    };
    let new_doc = format!(
        " A new `struct {}`, zeroed, configured and set up by `{}`; `{}` tears it down when the value is dropped.",
        o.c_record, c.setup, c.teardown
    );
    let fill = safety("the object is fresh, zeroed and owned only by this function.");
    let set_up = safety(&format!(
        "the object is zeroed and configured as `{}` expects, at a heap address that stays fixed until teardown.",
        c.setup
    ));
    let managed = safety(&format!("`{}` succeeded.", c.setup));
    let impl_safety = safety(&format!(
        "`{}` undoes `{}`; the object is shared (spec: access = \"shared\"), so C synchronises its users.",
        c.teardown, c.setup
    ));
    let call = safety("the caller hands over a set-up object and never uses it again.");
    quote! {
        #[doc = #config_doc]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct #config {
            #(#field_decls)*
        }

        impl #name {
            #[doc = #new_doc]
            #[doc = #ops_doc]
            pub fn new #generics (config: #config) -> crate::error::Result<crate::types::Managed<Self>> {
                let object = crate::alloc::KBox::new(Self(crate::types::Opaque::zeroed()))?;
                let raw = object.as_raw();
                #fill
                unsafe {
                    #((*raw).#fields = config.#fields;)*
                    #ops_set
                }
                #set_up
                crate::error::to_result(unsafe { crate::bindings::#setup(raw) })?;
                #managed
                Ok(unsafe { crate::types::Managed::from_box(object) })
            }
        }

        #impl_safety
        unsafe impl crate::types::Teardown for #name {
            unsafe fn teardown(obj: ::core::ptr::NonNull<Self>) {
                #call
                unsafe { crate::bindings::#teardown(obj.as_ptr().cast()) }
            }
        }
    }
}

/// `alloc`: a config struct for every value the calls need, `new`, and `Destroy`.
pub(super) fn alloc(o: &Object, a: &Alloc, module: &str) -> TokenStream {
    let name = format_ident!("{}", o.name);
    let config = format_ident!("{}Config", o.name);
    let doc_of = |field: &str| {
        a.docs
            .iter()
            .find(|(n, _)| n == field)
            .and_then(|(_, d)| d.as_deref())
    };
    let mut config_fields = Vec::new();
    let mut kept_types = Vec::new();
    let mut kept_values = Vec::new();
    let mut generics = Vec::new();
    let mut params = Vec::new();
    let mut prepare = Vec::new();
    let mut alloc_args = Vec::new();
    for arg in &a.args {
        match arg {
            AllocArg::Keep { name, rust } => {
                let n = ident(name);
                let ty = item_path(rust, module);
                params.push(quote!(#n: crate::types::Managed<#ty>));
                kept_types.push(quote!(crate::types::Managed<#ty>));
                kept_values.push(quote!(#n));
                alloc_args.push(quote!(#n.as_raw()));
            }
            AllocArg::Config { name, rust } => {
                let n = ident(name);
                let ty = item_path(rust, module);
                let d = doc_attrs(doc_of(name));
                config_fields.push(quote!(#d pub #n: #ty,));
                prepare.push(quote!(let mut #n = config.#n.to_raw();));
                alloc_args.push(quote!(&mut #n));
            }
            AllocArg::Data { name } => {
                let n = ident(name);
                generics.push(quote!(D: Send + Sync + 'static));
                params.push(quote!(#n: D));
                prepare.push(quote!(let #n = crate::private::Parked::new(#n)?;));
                kept_types.push(quote!(crate::private::Parked));
                kept_values.push(quote!(#n));
                alloc_args.push(quote!(#n.as_ptr()));
            }
            AllocArg::Scalar { name, ty } => {
                let n = ident(name);
                let t = prim(ty);
                let d = doc_attrs(doc_of(name));
                config_fields.push(quote!(#d pub #n: #t,));
                alloc_args.push(quote!(config.#n));
            }
        }
    }
    let mut has_text = false;
    let mut fill = Vec::new();
    for (field, kind) in &a.fields {
        let f = ident(field);
        let d = doc_attrs(doc_of(field));
        match kind {
            FieldKind::Scalar(ty) => {
                let t = prim(ty);
                config_fields.push(quote!(#d pub #f: #t,));
                fill.push(quote!((*raw).#f = config.#f;));
            }
            FieldKind::Text(len) => {
                has_text = true;
                config_fields.push(quote!(#d pub #f: &'a str,));
                prepare.insert(
                    0,
                    quote!(let #f = crate::str::name_array::<#len>(config.#f)?;),
                );
                fill.push(quote!((*raw).#f = #f;));
            }
        }
    }
    for (i, (field, trait_path)) in a.ops.iter().enumerate() {
        let f = ident(field);
        let t = if a.ops.len() == 1 {
            format_ident!("T")
        } else {
            format_ident!("T{}", i + 1)
        };
        let tr = item_path(trait_path, module);
        let table = item_path(&format!("{trait_path}Table"), module);
        generics.insert(i, quote!(#t: #tr));
        fill.push(quote!((*raw).#f = #table::of::<#t>();));
    }
    let mut setup = Vec::new();
    let undo = a.teardown.last().map(|f| format_ident!("{f}"));
    for call in &a.setup {
        let f = format_ident!("{}", call.function);
        let args = call.args.iter().map(|(n, _)| {
            let n = ident(n);
            quote!(config.#n)
        });
        for (n, ty) in &call.args {
            let n = ident(n);
            let t = prim(ty);
            let d = doc_attrs(doc_of(&n.to_string()));
            config_fields.push(quote!(#d pub #n: #t,));
        }
        let s = safety(&format!(
            "`raw` is a live object from `{}` that only this function uses so far.",
            a.alloc
        ));
        if call.errno {
            let u = safety(&format!(
                "`{}` failed, so the object was never published; `{}` undoes `{}` and `raw` is not used again.",
                call.function,
                undo.as_ref().map(|u| u.to_string()).unwrap_or_default(),
                a.alloc
            ));
            setup.push(quote! {
                #s
                if let Err(error) = crate::error::to_result(unsafe { crate::bindings::#f(raw, #(#args),*) }) {
                    #u
                    unsafe { crate::bindings::#undo(raw) };
                    return Err(error);
                }
            });
        } else {
            setup.push(quote! {
                #s
                unsafe { crate::bindings::#f(raw, #(#args),*) };
            });
        }
    }
    let lifetime = has_text.then(|| quote!(<'a>));
    let config_use = has_text.then(|| quote!(<'_>));
    let alloc_fn = format_ident!("{}", a.alloc);
    let teardown: Vec<_> = a.teardown.iter().map(|f| format_ident!("{f}")).collect();
    let config_doc = format!(" What a new [`{}`] is made from.", o.name);
    let calls: Vec<&str> = a.setup.iter().map(|s| s.function.as_str()).collect();
    let new_doc = format!(
        " A new `struct {}` from `{}`, configured and set up with {}; on drop, {} end it, then what it points to is dropped.",
        o.c_record,
        a.alloc,
        if calls.is_empty() {
            "no calls".to_owned()
        } else {
            code_list(calls.iter().copied(), ", ")
        },
        code_list(a.teardown.iter().map(String::as_str), " and ")
    );
    let alloc_safety = safety(&format!(
        "`{}` takes live arguments for the length of the call; what the object keeps pointing to is moved into the returned value, which outlives it.",
        a.alloc
    ));
    let fill_safety = safety(&format!(
        "`raw` is a live object from `{}` that only this function uses so far.",
        a.alloc
    ));
    let fill_block = (!fill.is_empty()).then(|| quote!(#fill_safety unsafe { #(#fill)* }));
    let built = safety(
        "every setup call succeeded; the object points only to values moved into `Built` (or `'static` tables).",
    );
    let impl_safety = safety(&format!(
        "{} end an object whose setup completed; the object is shared (spec: access = \"shared\"), so C synchronises its users.",
        code_list(a.teardown.iter().map(String::as_str), " then ")
    ));
    let call = safety("the caller hands over a set-up object and never uses it again.");
    let generics = (!generics.is_empty()).then(|| quote!(<#(#generics),*>));
    quote! {
        #[doc = #config_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #config #lifetime {
            #(#config_fields)*
        }

        impl #name {
            #[doc = #new_doc]
            #[allow(clippy::type_complexity, reason = "the kept values are spelled out")]
            pub fn new #generics (#(#params,)* config: #config #config_use)
                -> crate::error::Result<crate::types::Built<Self, (#(#kept_types,)*)>>
            {
                #(#prepare)*
                #alloc_safety
                let object = crate::error::from_err_ptr(unsafe { crate::bindings::#alloc_fn(#(#alloc_args),*) })?;
                let raw = object.as_ptr();
                #fill_block
                #(#setup)*
                #built
                Ok(unsafe { crate::types::Built::from_raw(object.cast(), (#(#kept_values,)*)) })
            }
        }

        #impl_safety
        unsafe impl crate::types::Destroy for #name {
            unsafe fn destroy(obj: ::core::ptr::NonNull<Self>) {
                #call
                unsafe { #(crate::bindings::#teardown(obj.as_ptr().cast());)* }
            }
        }
    }
}

/// `` `a`, `b` `` for docs and SAFETY lines.
fn code_list<'a>(names: impl Iterator<Item = &'a str>, separator: &str) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(separator)
}
