//! Constructors: `create` (Rust allocates, C sets up in place -> `Managed`) and `alloc`
//! (C allocates and returns the object or an `ERR_PTR`, Rust configures it and makes
//! the setup calls -> `Built`, which keeps what the object points to alive).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, item_path, prim, rustdoc};
use crate::emit::format::safety;
use crate::infer::Object;
use crate::infer::model::{Alloc, AllocArg, FieldKind};

/// `create`: a config struct, a constructor that sets the object up in place, and the
/// teardown on drop.
pub(super) fn create(o: &Object, c: &crate::infer::model::Create, module: &str) -> TokenStream {
    let config = format_ident!("{}Config", o.name);
    let setup = format_ident!("{}", c.setup);
    let fields: Vec<_> = c.config.iter().map(|f| ident(&f.field)).collect();
    let checks = create_checks(c);
    let (impl_generics, self_ty) = super::object_generics(o, module);
    let (generics, ops_set, ops_doc) = create_ops(o, c, module);
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
    let marker = o
        .typed_by
        .as_ref()
        .map(|_| quote!(, ::core::marker::PhantomData));
    let config_struct = create_config(o, c);
    let teardown = create_teardown(o, c, module);
    quote! {
        #config_struct

        impl #impl_generics #self_ty {
            #[doc = #new_doc]
            #[doc = #ops_doc]
            pub fn new #generics (config: #config) -> crate::error::Result<crate::types::Managed<Self>> {
                #(#checks)*
                let object = crate::alloc::KBox::new(Self(crate::types::Opaque::zeroed() #marker))?;
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

        #teardown
    }
}

/// A created object's config struct, each checked field documented with its check.
fn create_config(o: &Object, c: &crate::infer::model::Create) -> TokenStream {
    let config = format_ident!("{}Config", o.name);
    let config_doc = format!(
        " What is set in a new [`{}`] before `{}` sets it up.",
        o.name, c.setup
    );
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
    let (derive_default, default_impl) = config_default(c, &config);
    quote! {
        #[doc = #config_doc]
        #[derive(Clone, Copy, Debug #derive_default)]
        pub struct #config {
            #(#field_decls)*
        }

        #default_impl
    }
}

/// The checks `new` makes before C sees the config.
fn create_checks(c: &crate::infer::model::Create) -> Vec<TokenStream> {
    c.config
        .iter()
        .filter_map(|f| {
            let check = f.check.as_ref()?;
            let name = ident(&f.field);
            let (cond, _) = super::config::guard(&format_ident!("value"), f.ty, check);
            Some(quote! {
                let value = config.#name;
                if !(#cond) {
                    return Err(crate::error::code::EINVAL);
                }
            })
        })
        .collect()
}

/// The ops-table field a created object points to: `new`'s type parameter (unless the
/// object is typed by the trait), the statement that fills it, and its doc line.
fn create_ops(
    o: &Object,
    c: &crate::infer::model::Create,
    module: &str,
) -> (Option<TokenStream>, TokenStream, String) {
    let Some(crate::infer::model::CreatedOps {
        field, trait_path, ..
    }) = &c.ops
    else {
        return (None, quote!(), String::new());
    };
    let f = ident(field);
    let tr = item_path(trait_path, module);
    let table = item_path(&trait_path.suffixed("Table"), module);
    (
        o.typed_by.is_none().then(|| quote!(<T: #tr>)),
        quote!((*raw).#f = #table::of::<T>();),
        format!(" Its `{field}` points to the `'static` table of `T`."),
    )
}

/// The `Teardown` impl `Managed` drops a created object with.
fn create_teardown(o: &Object, c: &crate::infer::model::Create, module: &str) -> TokenStream {
    let (impl_generics, self_ty) = super::object_generics(o, module);
    let teardown = format_ident!("{}", c.teardown);
    let impl_safety = safety(&format!(
        "`{}` undoes `{}`; the object is shared (spec: access = \"shared\"), so C synchronises its users.",
        c.teardown, c.setup
    ));
    let call = safety("the caller hands over a set-up object and never uses it again.");
    quote! {
        #impl_safety
        unsafe impl #impl_generics crate::types::Teardown for #self_ty {
            unsafe fn teardown(obj: ::core::ptr::NonNull<Self>) {
                #call
                unsafe { crate::bindings::#teardown(obj.as_ptr().cast()) }
            }
        }
    }
}

/// A config's `Default`: derived (all zero), or written out where the spec names a
/// constant as a field's default.
fn config_default(
    c: &crate::infer::model::Create,
    config: &proc_macro2::Ident,
) -> (Option<TokenStream>, Option<TokenStream>) {
    if c.defaults.is_empty() {
        return (Some(quote!(, Default)), None);
    }
    let fields = c.config.iter().map(|f| {
        let name = ident(&f.field);
        match c.defaults.iter().find(|d| d.field == f.field) {
            Some(d) => {
                let k = format_ident!("{}", d.constant);
                quote!(#name: crate::bindings::#k)
            }
            None => quote!(#name: 0),
        }
    });
    let doc = c
        .defaults
        .iter()
        .map(|d| format!("`{}` is `{}`", d.field, d.constant))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(" Zero, except that {doc}.");
    let default = quote! {
        impl Default for #config {
            #[doc = #doc]
            fn default() -> Self {
                Self { #(#fields),* }
            }
        }
    };
    (None, Some(default))
}

/// What `alloc`'s `new` is assembled from: its parameters, the config's fields, the
/// values the object keeps, and the statements before and after the allocation.
#[derive(Default)]
struct AllocParts {
    generics: Vec<TokenStream>,
    params: Vec<TokenStream>,
    config_fields: Vec<TokenStream>,
    kept_types: Vec<TokenStream>,
    kept_values: Vec<TokenStream>,
    prepare: Vec<TokenStream>,
    alloc_args: Vec<TokenStream>,
    fill: Vec<TokenStream>,
    setup: Vec<TokenStream>,
    has_text: bool,
    owned: OwnedTables,
}

/// `alloc`: a config struct for every value the calls need, `new`, and `Destroy`.
pub(super) fn alloc(o: &Object, a: &Alloc, module: &str) -> TokenStream {
    let mut parts = AllocParts::default();
    for arg in &a.args {
        alloc_arg(a, arg, module, &mut parts);
    }
    config_fields(a, &mut parts);
    ops_fields(o, a, module, &mut parts);
    setup_calls(a, &mut parts);
    assemble(o, a, parts)
}

/// The kernel-doc of a config value.
fn doc_of<'a>(a: &'a Alloc, field: &str) -> Option<&'a str> {
    a.docs
        .iter()
        .find(|d| d.name == field)
        .and_then(|d| d.doc.as_deref())
}

/// One argument of the allocating function: a parameter of `new` or a config field.
fn alloc_arg(a: &Alloc, arg: &AllocArg, module: &str, parts: &mut AllocParts) {
    match arg {
        AllocArg::Keep { name, rust, typed } => {
            let n = ident(name);
            let ty = item_path(rust, module);
            let ty = if *typed { quote!(#ty<T>) } else { ty };
            parts.params.push(quote!(#n: crate::types::Managed<#ty>));
            parts.kept_types.push(quote!(crate::types::Managed<#ty>));
            parts.kept_values.push(quote!(#n));
            parts.alloc_args.push(quote!(#n.as_raw()));
        }
        AllocArg::Config { name, rust } => {
            let n = ident(name);
            let ty = item_path(rust, module);
            let d = field_doc(doc_of(a, name));
            parts.config_fields.push(quote!(#d pub #n: #ty,));
            parts.prepare.push(quote!(let mut #n = config.#n.to_raw();));
            parts.alloc_args.push(quote!(&raw mut #n));
        }
        AllocArg::Data { name } => {
            let n = ident(name);
            parts.generics.push(quote!(D: Send + Sync + 'static));
            parts.params.push(quote!(#n: D));
            park(parts, &n, has_last(a));
        }
        AllocArg::TypedData { name, assoc } => {
            let n = ident(name);
            let assoc = format_ident!("{assoc}");
            parts.params.push(quote!(#n: T::#assoc));
            park(parts, &n, has_last(a));
        }
        AllocArg::Scalar { name, ty } => {
            let n = ident(name);
            let t = prim(ty);
            let d = field_doc(doc_of(a, name));
            parts.config_fields.push(quote!(#d pub #n: #t,));
            parts.alloc_args.push(quote!(config.#n));
        }
    }
}

/// The driver's data, parked for C to hold and kept until after the object is gone.
/// The driver's data, parked for C to hold. Kept by the object's per-object table when it
/// has one (released after the callback C calls last: a queue can reach its data until
/// the disk is released, after the last opener), else by `Built` until after teardown.
fn park(parts: &mut AllocParts, n: &proc_macro2::Ident, until_last: bool) {
    parts
        .prepare
        .push(quote!(let #n = crate::private::Parked::new(#n)?;));
    if until_last {
        let ptr = format_ident!("{n}_ptr");
        parts.prepare.push(quote!(let #ptr = #n.as_ptr();));
        parts.alloc_args.push(quote!(#ptr));
        parts.owned.late.push(n.clone());
        return;
    }
    parts.kept_types.push(quote!(crate::private::Parked));
    parts.kept_values.push(quote!(#n));
    parts.alloc_args.push(quote!(#n.as_ptr()));
}

/// Whether the object gets a table of its own that C calls a last callback of.
fn has_last(a: &Alloc) -> bool {
    a.ops.iter().any(|ops| ops.owned.is_some())
}

/// The object's fields `new` sets from the config after allocation.
fn config_fields(a: &Alloc, parts: &mut AllocParts) {
    for field in &a.fields {
        let f = ident(&field.field);
        let d = field_doc(doc_of(a, &field.field));
        match &field.kind {
            FieldKind::Scalar(ty) => {
                let t = prim(ty);
                parts.config_fields.push(quote!(#d pub #f: #t,));
                parts.fill.push(quote!((*raw).#f = config.#f;));
            }
            FieldKind::Text(len) => {
                parts.has_text = true;
                parts.config_fields.push(quote!(#d pub #f: &'a str,));
                parts.prepare.insert(
                    0,
                    quote!(let #f = crate::str::name_array::<#len>(config.#f)?;),
                );
                parts.fill.push(quote!((*raw).#f = #f;));
            }
        }
    }
}

/// The object's ops-table fields: the table of the object's trait implementer when the
/// object is typed by that trait, else of a type parameter of `new` each.
fn ops_fields(o: &Object, a: &Alloc, module: &str, parts: &mut AllocParts) {
    let typed_trait = o.typed_by.as_ref().map(|t| &t.trait_path);
    for (i, ops) in a.ops.iter().enumerate() {
        let f = ident(&ops.field);
        let t = match a.ops.len() {
            1 => format_ident!("T"),
            _ => format_ident!("T{}", i + 1),
        };
        let tr = item_path(&ops.trait_path, module);
        let table = item_path(&ops.table_path, module);
        let own_generic = typed_trait != Some(&ops.trait_path);
        if own_generic {
            parts.generics.insert(i, quote!(#t: #tr));
        }
        match &ops.owned {
            None => parts.fill.push(quote!((*raw).#f = #table::of::<#t>();)),
            Some(_) => {
                let generic = own_generic.then_some((&t, &tr));
                parts
                    .owned
                    .add(o, ops, (&t, generic), &table, module, &mut parts.fill);
            }
        }
    }
    if !parts.owned.prepare.is_empty() {
        parts
            .params
            .insert(0, quote!(module: &'static crate::module::ThisModule));
    }
    parts.prepare.extend(parts.owned.prepare.iter().cloned());
}

/// The calls made on the new object, in order; a failing one undoes the allocation.
fn setup_calls(a: &Alloc, parts: &mut AllocParts) {
    let undo = a.teardown.last().map(|f| format_ident!("{f}"));
    for call in &a.setup {
        let f = format_ident!("{}", call.function);
        let args = call.args.iter().map(|arg| {
            let n = ident(&arg.name);
            quote!(config.#n)
        });
        for arg in &call.args {
            let n = ident(&arg.name);
            let t = prim(arg.ty);
            let d = field_doc(doc_of(a, &n.to_string()));
            parts.config_fields.push(quote!(#d pub #n: #t,));
        }
        let s = safety(&format!(
            "`raw` is a live object from `{}` that only this function uses so far.",
            a.alloc
        ));
        if !call.errno {
            parts
                .setup
                .push(quote!(#s unsafe { crate::bindings::#f(raw, #(#args),*) };));
            continue;
        }
        let u = safety(&format!(
            "`{}` failed, so the object was never published; `{}` undoes `{}` and `raw` is not used again.",
            call.function,
            undo.as_ref().map(|u| u.to_string()).unwrap_or_default(),
            a.alloc
        ));
        let free_tables = &parts.owned.free;
        parts.setup.push(quote! {
            #s
            if let Err(error) = crate::error::to_result(unsafe { crate::bindings::#f(raw, #(#args),*) }) {
                #u
                unsafe { crate::bindings::#undo(raw) };
                #(#free_tables)*
                return Err(error);
            }
        });
    }
}

/// The config struct, `new` and the `Destroy` impl.
fn assemble(o: &Object, a: &Alloc, parts: AllocParts) -> TokenStream {
    let config = format_ident!("{}Config", o.name);
    let (impl_generics, self_ty) = super::object_generics(o, &o.module);
    let AllocParts {
        generics,
        params,
        config_fields,
        kept_types,
        kept_values,
        prepare,
        alloc_args,
        fill,
        setup,
        has_text,
        owned,
    } = parts;
    let lifetime = has_text.then(|| quote!(<'a>));
    let config_use = has_text.then(|| quote!(<'_>));
    let alloc_fn = format_ident!("{}", a.alloc);
    let teardown: Vec<_> = a.teardown.iter().map(|f| format_ident!("{f}")).collect();
    let config_doc = format!(" What a new [`{}`] is made from.", o.name);
    let new_doc = alloc_doc(o, a);
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
    let (handover, release_fns) = (&owned.handover, &owned.release);
    quote! {
        #[doc = #config_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #config #lifetime {
            #(#config_fields)*
        }

        impl #impl_generics #self_ty {
            #[doc = #new_doc]
            pub fn new #generics (#(#params,)* config: #config #config_use)
                -> crate::error::Result<crate::types::Built<Self>>
            {
                #(#prepare)*
                #alloc_safety
                let object = crate::error::from_err_ptr(unsafe { crate::bindings::#alloc_fn(#(#alloc_args),*) })?;
                let raw = object.as_ptr();
                #(#handover)*
                #fill_block
                #(#setup)*
                #built
                Ok(unsafe { crate::types::Built::from_raw(object.cast(), (#(#kept_values,)*)) })
            }

            #(#release_fns)*
        }

        #impl_safety
        unsafe impl #impl_generics crate::types::Destroy for #self_ty {
            type Kept = (#(#kept_types,)*);

            unsafe fn destroy(obj: ::core::ptr::NonNull<Self>) {
                #call
                unsafe { #(crate::bindings::#teardown(obj.as_ptr().cast());)* }
            }
        }
    }
}

fn alloc_doc(o: &Object, a: &Alloc) -> String {
    let calls: Vec<&str> = a.setup.iter().map(|s| s.function.as_str()).collect();
    format!(
        " A new `struct {}` from `{}`, configured and set up with {}; on drop, {} end it, then what it points to is dropped.",
        o.c_record,
        a.alloc,
        if calls.is_empty() {
            "no calls".to_owned()
        } else {
            code_list(calls.iter().copied(), ", ")
        },
        code_list(a.teardown.iter().map(String::as_str), " and ")
    )
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
    /// Parked values the (first) table keeps until its last callback.
    late: Vec<proc_macro2::Ident>,
    prepare: Vec<TokenStream>,
    handover: Vec<TokenStream>,
    free: Vec<TokenStream>,
    release: Vec<TokenStream>,
}

impl OwnedTables {
    fn add(
        &mut self,
        o: &Object,
        ops: &crate::infer::model::AllocOps,
        (t, generic): (
            &proc_macro2::Ident,
            Option<(&proc_macro2::Ident, &TokenStream)>,
        ),
        table: &TokenStream,
        module: &str,
        fill: &mut Vec<TokenStream>,
    ) {
        let Some(owned) = &ops.owned else {
            return;
        };
        let f = ident(&ops.field);
        let (owner, last_slot) = (ident(&owned.owner_field), ident(&owned.last));
        let last = &owned.last;
        let var = format_ident!("{}_table", ops.field);
        let release = format_ident!("release_{}", ops.field);
        let c = format_ident!("{}", o.c_record);
        let callbacks = ops
            .trait_path
            .sibling(format!("{}_callbacks", ops.c_record));
        let callbacks = item_path(&callbacks, module);
        let has = format_ident!("{}", bridge_export::has_const(last));
        let last_fn = format_ident!("{last}");
        let generics = generic.map(|(t, tr)| quote!(<#t: #tr>));
        let turbofish = generic.map(|(t, _)| quote!(::<#t>));
        let late = std::mem::take(&mut self.late);
        let late_types = late.iter().map(|_| quote!(crate::private::Parked));
        let holder = quote!(crate::types::TableWith<#table, (#(#late_types,)*)>);
        self.prepare.push(quote! {
            let #var = crate::alloc::KBox::new(crate::types::TableWith::new(
                {
                    let mut table = #table::raw::<#t>();
                    table.#owner = module.as_ptr();
                    table.#last_slot = Some(Self::#release #turbofish);
                    #table::wrap(table)
                },
                (#(#late,)*),
            ))?;
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
            " `{last}` of a table `new` made for one object: the driver's `{last}`, then the table and what it keeps are freed."
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
            unsafe extern "C" fn #release #generics (object: *mut crate::bindings::#c) {
                if #t::#has {
                    #call
                    unsafe { #callbacks::#last_fn::<#t>(object) };
                }
                #drop_table
                drop(unsafe { crate::alloc::KBox::from_raw((*object).#f.cast_mut().cast::<#holder>()) });
            }
        });
    }
}

/// A config field's doc: the field is a value, never NULL.
fn field_doc(text: Option<&str>) -> TokenStream {
    let shape = rustdoc::Shape {
        non_null: true,
        ..rustdoc::Shape::default()
    };
    rustdoc::rustdoc(text, shape)
}
