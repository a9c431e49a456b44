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
    let fields: Vec<_> = c.config.iter().map(|f| ident(&f.field)).collect();
    let field_decls = c.config.iter().map(|f| {
        let name = ident(&f.field);
        let t = prim(f.ty);
        let d = doc_attrs(f.doc.as_deref());
        let note = f.check.as_ref().map(|check| {
            let (_, text) = super::config::guard(&name, f.ty, check);
            let note = format!(" `new` refuses it with `EINVAL` unless it is {text}.");
            quote!(#[doc = ""] #[doc = #note])
        });
        quote!(#d #note pub #name: #t,)
    });
    let checks = c.config.iter().filter_map(|f| {
        let check = f.check.as_ref()?;
        let name = ident(&f.field);
        let (cond, _) = super::config::guard(&format_ident!("value"), f.ty, check);
        Some(quote! {
            let value = config.#name;
            if !(#cond) {
                return Err(crate::error::code::EINVAL);
            }
        })
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
                #(#checks)*
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
    let mut owned = OwnedTables::default();
    for (i, ops) in a.ops.iter().enumerate() {
        let f = ident(&ops.field);
        let t = if a.ops.len() == 1 {
            format_ident!("T")
        } else {
            format_ident!("T{}", i + 1)
        };
        let tr = item_path(&ops.trait_path, module);
        let table = item_path(&format!("{}Table", ops.trait_path), module);
        generics.insert(i, quote!(#t: #tr));
        match &ops.owned {
            None => fill.push(quote!((*raw).#f = #table::of::<#t>();)),
            Some(_) => owned.add(o, ops, (&t, &tr), &table, module, &mut fill),
        }
    }
    if !owned.prepare.is_empty() {
        params.insert(0, quote!(module: &'static crate::module::ThisModule));
    }
    prepare.extend(owned.prepare.iter().cloned());
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
            let free_tables = &owned.free;
            setup.push(quote! {
                #s
                if let Err(error) = crate::error::to_result(unsafe { crate::bindings::#f(raw, #(#args),*) }) {
                    #u
                    unsafe { crate::bindings::#undo(raw) };
                    #(#free_tables)*
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
    let owned_handover = &owned.handover;
    let release_fns = &owned.release;
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
                #(#owned_handover)*
                #fill_block
                #(#setup)*
                #built
                Ok(unsafe { crate::types::Built::from_raw(object.cast(), (#(#kept_values,)*)) })
            }

            #(#release_fns)*
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

/// What the ops tables with an `owner` add to `new`: each is made for the object, with
/// the creating module as owner (so an opener pins the module), handed to the object once
/// it exists, and freed by the callback C calls last on it (or by `new` when setup
/// fails before C could call it).
#[derive(Default)]
struct OwnedTables {
    prepare: Vec<TokenStream>,
    handover: Vec<TokenStream>,
    free: Vec<TokenStream>,
    release: Vec<TokenStream>,
}

impl OwnedTables {
    fn add(
        &mut self,
        o: &Object,
        ops: &crate::infer::alloc::AllocOps,
        (t, tr): (&proc_macro2::Ident, &TokenStream),
        table: &TokenStream,
        module: &str,
        fill: &mut Vec<TokenStream>,
    ) {
        let Some((owner, last)) = &ops.owned else {
            return;
        };
        let f = ident(&ops.field);
        let (owner, last_slot) = (ident(owner), ident(last));
        let var = format_ident!("{}_table", ops.field);
        let release = format_ident!("release_{}", ops.field);
        let c = format_ident!("{}", o.c_record);
        let ops_module = ops.trait_path.rsplit_once("::").map_or("", |(m, _)| m);
        let callbacks = item_path(&format!("{ops_module}::{}_callbacks", ops.c_record), module);
        let has = format_ident!("{}", bridge_export::has_const(last));
        let last_fn = format_ident!("{last}");
        self.prepare.push(quote! {
            let #var = crate::alloc::KBox::new({
                let mut table = #table::raw::<#t>();
                table.#owner = module.as_ptr();
                table.#last_slot = Some(Self::#release::<#t>);
                #table::wrap(table)
            })?;
        });
        self.handover
            .push(quote!(let #var = crate::alloc::KBox::into_raw(#var);));
        fill.push(quote!((*raw).#f = #var.cast_const().cast();));
        let free = safety(&format!(
            "the object was never added, so C never called `{last}` and reads `{}` no more: the table made above is freed once, here.",
            ops.field
        ));
        self.free
            .push(quote!(#free drop(unsafe { crate::alloc::KBox::from_raw(#var) });));
        let doc = format!(
            " `{last}` of a table `new` made for one object: the driver's `{last}`, then the table is freed."
        );
        let call = safety(&format!(
            "C calls `{last}` with the live object, as for the driver's own trampoline."
        ));
        let drop_table = safety(&format!(
            "`{}` of an object whose table has this function in `{last}` is a table `new` made for it alone (`KBox::into_raw`); C calls `{last}` last and reads the table no more after it (disk_release() in block/genhd.c, Linux 6.12), so it is freed once, here.",
            ops.field
        ));
        self.release.push(quote! {
            #[doc = #doc]
            unsafe extern "C" fn #release<#t: #tr>(object: *mut crate::bindings::#c) {
                if #t::#has {
                    #call
                    unsafe { #callbacks::#last_fn::<#t>(object) };
                }
                #drop_table
                drop(unsafe { crate::alloc::KBox::from_raw((*object).#f.cast_mut().cast::<#table>()) });
            }
        });
    }
}
