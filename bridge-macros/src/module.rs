//! `#[kernel_driver]`: the module glue a loadable module needs, written once.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::{Fields, ItemStruct, LitStr, Token, Type};

/// The attribute's arguments.
struct Args {
    name: Option<LitStr>,
    license: Option<LitStr>,
    authors: Vec<LitStr>,
    description: Option<LitStr>,
    aliases: Vec<LitStr>,
    drivers: Option<Vec<syn::Path>>,
    params: Vec<ModuleParam>,
    device_table: Option<LitStr>,
}

/// `/// description` `name: type = default,` inside `params = { ... }`.
struct ModuleParam {
    doc: Option<String>,
    name: syn::Ident,
    ty: syn::Ident,
    default: syn::Expr,
}

/// Rust types a parameter may have, with the kernel's parser for each (`param_ops_*`).
const PARAM_TYPES: [(&str, &str); 6] = [
    ("bool", "bool"),
    ("i32", "int"),
    ("u32", "uint"),
    ("u16", "ushort"),
    ("usize", "ulong"),
    ("u64", "ullong"),
];

fn parse_params(input: syn::parse::ParseStream<'_>) -> syn::Result<Vec<ModuleParam>> {
    let content;
    syn::braced!(content in input);
    let mut out: Vec<ModuleParam> = Vec::new();
    while !content.is_empty() {
        let attrs = content.call(syn::Attribute::parse_outer)?;
        let mut doc = Vec::new();
        for attr in &attrs {
            match &attr.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => {
                    if let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) = &nv.value
                    {
                        doc.push(s.value().trim().to_owned());
                    }
                }
                _ => {
                    return Err(syn::Error::new_spanned(
                        attr,
                        "a parameter takes only `///` doc comments (its description)",
                    ));
                }
            }
        }
        let name: syn::Ident = content.parse()?;
        content.parse::<Token![:]>()?;
        let ty: syn::Ident = content.parse()?;
        if !PARAM_TYPES.iter().any(|(rust, _)| ty == rust) {
            let kinds: Vec<&str> = PARAM_TYPES.iter().map(|(r, _)| *r).collect();
            return Err(syn::Error::new_spanned(
                &ty,
                format!(
                    "a module parameter is one of {}: the kernel has a stock parser for each",
                    kinds.join(", ")
                ),
            ));
        }
        content.parse::<Token![=]>()?;
        let default: syn::Expr = content.parse()?;
        if out.iter().any(|p| p.name == name) {
            return Err(syn::Error::new_spanned(
                &name,
                "this parameter is declared twice",
            ));
        }
        out.push(ModuleParam {
            doc: (!doc.is_empty()).then(|| doc.join(" ")),
            name,
            ty,
            default,
        });
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

fn parse_args(args: TokenStream) -> syn::Result<Args> {
    let mut out = Args {
        name: None,
        license: None,
        authors: Vec::new(),
        description: None,
        aliases: Vec::new(),
        drivers: None,
        params: Vec::new(),
        device_table: None,
    };
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match key.as_str() {
            "name" => out.name = Some(meta.value()?.parse()?),
            "license" => out.license = Some(meta.value()?.parse()?),
            "author" => out.authors.push(meta.value()?.parse()?),
            "description" => out.description = Some(meta.value()?.parse()?),
            "alias" => out.aliases.push(meta.value()?.parse()?),
            "drivers" => {
                let content;
                let value = meta.value()?;
                syn::bracketed!(content in value);
                let list: Punctuated<syn::Path, Token![,]> =
                    content.parse_terminated(syn::Path::parse_mod_style, Token![,])?;
                if list.is_empty() {
                    return Err(meta.error("`drivers` lists at least one driver type"));
                }
                out.drivers = Some(list.into_iter().collect());
            }
            "params" => out.params = parse_params(meta.value()?)?,
            "device_table" => out.device_table = Some(meta.value()?.parse()?),
            _ => {
                return Err(meta.error(
                    "unknown argument; expected name, license, author, description, alias, drivers, device_table or params",
                ));
            }
        }
        Ok(())
    });
    syn::parse::Parser::parse2(parser, args)?;
    Ok(out)
}

/// A `.modinfo` entry: `key=value\0`, kept by being an exported symbol (not `#[used]`,
/// which would make a second `.modinfo` section the module loader rejects).
fn modinfo(module: &str, key: &str, index: usize, value: &LitStr) -> TokenStream {
    let mut bytes = format!("{key}={}", value.value()).into_bytes();
    bytes.push(0);
    let len = bytes.len();
    let literal = syn::LitByteStr::new(&bytes, Span::call_site());
    let ident = format_ident!("__kbridge_modinfo_{}_{key}{index}", module);
    quote! {
        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".modinfo")]
        #[unsafe(no_mangle)]
        pub static #ident: [u8; #len] = *#literal;
    }
}

pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let args = parse_args(args)?;
    let mut item: ItemStruct = syn::parse2(item).map_err(|e| {
        syn::Error::new(
            e.span(),
            "#[kernel_driver] goes on the struct that is the module",
        )
    })?;
    let name = args.name.as_ref().ok_or_else(|| {
        syn::Error::new(
            Span::call_site(),
            "#[kernel_driver] needs `name = \"...\"`: the module's name",
        )
    })?;
    let license = args.license.as_ref().ok_or_else(|| {
        syn::Error::new(
            Span::call_site(),
            "#[kernel_driver] needs `license = \"...\"`: the loader taints the kernel without one",
        )
    })?;
    let module_ident: String = name
        .value()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if module_ident.is_empty() {
        return Err(syn::Error::new_spanned(name, "the module name is empty"));
    }

    let mut infos = vec![modinfo(&module_ident, "license", 0, license)];
    for (i, a) in args.authors.iter().enumerate() {
        infos.push(modinfo(&module_ident, "author", i, a));
    }
    if let Some(d) = &args.description {
        infos.push(modinfo(&module_ident, "description", 0, d));
    }
    for (i, a) in args.aliases.iter().enumerate() {
        infos.push(modinfo(&module_ident, "alias", i, a));
    }

    let (params_glue, params_api) = params_glue(&module_ident, &args.params, &mut infos);

    let ty = &item.ident;
    let registration = match &args.drivers {
        Some(drivers) => {
            let glue = drivers_glue(&item, drivers, &module_ident, args.device_table.as_ref())?;
            // The registration field is never read: it is held for its Drop, which
            // unregisters the drivers.
            item.attrs.push(syn::parse_quote!(#[allow(dead_code, reason = "held for its Drop, which unregisters")]));
            Some(glue)
        }
        None => None,
    };
    let reset_drivers = registration
        .as_ref()
        .map(|_| quote!(DRIVERS_TAKEN.store(false, ::core::sync::atomic::Ordering::Release);));
    let registration = registration.unwrap_or_default();

    Ok(quote! {
        #item

        #params_api

        #[doc(hidden)]
        #[allow(non_upper_case_globals, reason = "exported C symbol names")]
        pub mod __kbridge_module {
            use super::*;

            /// The module's name.
            pub const NAME: &str = #name;

            #(#infos)*

            #params_glue

            #registration

            /// The loaded module value between `init` and `exit`.
            struct Loaded(::core::cell::UnsafeCell<Option<#ty>>);

            // SAFETY: `LOADED` lets one `init` or `exit` at a time reach the cell.
            unsafe impl Sync for Loaded {}

            static MODULE: Loaded = Loaded(::core::cell::UnsafeCell::new(None));
            static LOADED: ::core::sync::atomic::AtomicBool = ::core::sync::atomic::AtomicBool::new(false);

            #[cfg(target_os = "none")]
            unsafe extern "C" {
                static mut __this_module: ::kernel::bindings::module;
            }
            /// The loader's module object in a kernel build, NULL elsewhere.
            #[cfg(target_os = "none")]
            const OWNER: *mut ::kernel::bindings::module = &raw mut __this_module;
            #[cfg(not(target_os = "none"))]
            const OWNER: *mut ::kernel::bindings::module = ::core::ptr::null_mut();

            /// `THIS_MODULE`.
            pub fn this_module() -> &'static ::kernel::ThisModule {
                // SAFETY: `OWNER` is this module's object, which outlives its code, or NULL,
                // the owner of code that is not a loadable module.
                static THIS: ::kernel::ThisModule = unsafe { ::kernel::ThisModule::from_ptr(OWNER) };
                &THIS
            }

            /// Runs `Module::init` and keeps the value: `0` or `-errno`.
            pub fn init() -> ::kernel::ffi::c_int {
                if LOADED.swap(true, ::core::sync::atomic::Ordering::AcqRel) {
                    return ::kernel::error::code::EBUSY.to_errno();
                }
                match <#ty as ::kernel::Module>::init(this_module()) {
                    Ok(value) => {
                        // SAFETY: `LOADED` was false, so no other `init` or `exit` runs.
                        unsafe { *MODULE.0.get() = Some(value) };
                        0
                    }
                    Err(error) => {
                        LOADED.store(false, ::core::sync::atomic::Ordering::Release);
                        error.to_errno()
                    }
                }
            }

            /// Drops the module value (unregistering what it registered).
            pub fn exit() {
                if !LOADED.load(::core::sync::atomic::Ordering::Acquire) {
                    return;
                }
                // SAFETY: the module is loaded and the kernel runs exit once, after init.
                let value = unsafe { (*MODULE.0.get()).take() };
                drop(value);
                #reset_drivers
                LOADED.store(false, ::core::sync::atomic::Ordering::Release);
            }

            #[cfg(target_os = "none")]
            #[unsafe(no_mangle)]
            pub extern "C" fn init_module() -> ::kernel::ffi::c_int {
                init()
            }

            #[cfg(target_os = "none")]
            #[unsafe(no_mangle)]
            pub extern "C" fn cleanup_module() {
                exit()
            }

            // Referenced from .init.data/.exit.data as C's module_init/module_exit do, so
            // objtool keeps their ENDBR.
            #[cfg(target_os = "none")]
            #[unsafe(link_section = ".init.data")]
            #[used]
            static __kbridge_init_ref: extern "C" fn() -> ::kernel::ffi::c_int = init_module;

            #[cfg(target_os = "none")]
            #[unsafe(link_section = ".exit.data")]
            #[used]
            static __kbridge_exit_ref: extern "C" fn() = cleanup_module;
        }
    })
}

/// Storage, `kernel_param` entries and modinfo lines for the parameters, and the `params`
/// module the driver reads them through.
fn params_glue(
    module: &str,
    params: &[ModuleParam],
    infos: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let mut storage = Vec::new();
    let mut entries = Vec::new();
    let mut readers = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let c_type = PARAM_TYPES
            .iter()
            .find(|(rust, _)| p.ty == rust)
            .map_or("", |(_, c)| c);
        let name = p.name.to_string();
        let (ty, default) = (&p.ty, &p.default);
        infos.push(modinfo(
            module,
            "parmtype",
            i,
            &LitStr::new(&format!("{name}:{c_type}"), p.name.span()),
        ));
        if let Some(doc) = &p.doc {
            infos.push(modinfo(
                module,
                "parm",
                i,
                &LitStr::new(&format!("{name}:{doc}"), p.name.span()),
            ));
        }
        let store = format_ident!("PARAM_{}", p.name);
        let ops = format_ident!("param_ops_{c_type}");
        let c_name = syn::LitCStr::new(
            &std::ffi::CString::new(name.clone()).unwrap_or_default(),
            p.name.span(),
        );
        storage.push(quote! {
            pub static #store: ::kernel::module::Param<#ty> = ::kernel::module::Param::new(#default);
        });
        entries.push(quote! {
            ::kernel::module::param_entry(#c_name, &raw const ::kernel::bindings::#ops, #store.as_ptr().cast(), OWNER)
        });
        let doc = p
            .doc
            .clone()
            .unwrap_or_else(|| format!("The `{name}` parameter."));
        let reader = &p.name;
        readers.push(quote! {
            #[doc = #doc]
            pub fn #reader() -> #ty {
                super::__kbridge_module::#store.get()
            }
        });
    }
    let count = params.len();
    let export = format!("__kbridge_params_{module}");
    let glue = quote! {
        #(#storage)*

        /// The `kernel_param` entries the loader sets the parameters through: in the
        /// `__param` section of a kernel module (an exported symbol, not `#[used]`, like
        /// the modinfo), and handed to the model's loader in tests.
        #[cfg_attr(target_os = "none", unsafe(link_section = "__param"))]
        #[unsafe(export_name = #export)]
        pub static PARAMS: ::kernel::module::ParamTable<#count> = ::kernel::module::ParamTable([
            #(#entries,)*
        ]);
    };
    let api = (!params.is_empty()).then(|| {
        quote! {
            /// The module's parameters, as given at load time (or their defaults).
            pub mod params {
                #(#readers)*
            }
        }
    });
    (glue, api.unwrap_or_default())
}

/// Registration of every listed driver through the struct's registration field, and the
/// device-id table derived from the same list.
fn drivers_glue(
    item: &ItemStruct,
    drivers: &[syn::Path],
    module: &str,
    device_table: Option<&LitStr>,
) -> syn::Result<TokenStream> {
    let reg: &Type = match &item.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
        _ => {
            return Err(syn::Error::new_spanned(
                &item.ident,
                "with `drivers`, the module is a one-field tuple struct holding the registration, e.g. `struct M(subsystem::Registration);`",
            ));
        }
    };
    let ty = &item.ident;
    let count = drivers.len();
    let ids = count + 1;
    // modpost turns `__mod_<kind>__<name>_device_table` into the module's aliases; the
    // kind must be the registration's, which a const assertion checks.
    let given = match device_table {
        Some(kind) => quote!(Some(#kind)),
        None => quote!(None),
    };
    let mismatch = match device_table {
        Some(_) => {
            "`device_table` must name this registration's table kind (its `Registrar::TABLE_KIND`), or be left out when it has none"
        }
        None => {
            "this registration has a device-id table kind: add `device_table = \"...\"` with its `Registrar::TABLE_KIND` (e.g. \"mdio\") so modpost sees the table"
        }
    };
    let check = quote! {
        const _: () = ::core::assert!(
            ::kernel::driver::table_kind_is(<#reg as ::kernel::driver::Registrar>::TABLE_KIND, #given),
            #mismatch
        );
    };
    let export = device_table.map(|kind| {
        let symbol = format!("__mod_{}__{module}_device_table", kind.value());
        quote! {
            /// The device-id table under the name modpost reads aliases from.
            #[cfg(target_os = "none")]
            #[unsafe(export_name = #symbol)]
            pub static DEVICE_TABLE_EXPORT: [<#reg as ::kernel::driver::Registrar>::Id; #ids] = <#ty>::DEVICE_TABLE;
        }
    });
    Ok(quote! {
        #check
        #export

        static mut DRIVERS: [<#reg as ::kernel::driver::Registrar>::Entry; #count] = [
            #(<#drivers as ::kernel::driver::DriverOf<#reg>>::ENTRY,)*
        ];
        static DRIVERS_TAKEN: ::core::sync::atomic::AtomicBool = ::core::sync::atomic::AtomicBool::new(false);

        impl #ty {
            /// The device-id table: one entry per driver, then the end marker. Derived from
            /// the drivers' own ids, so it cannot drift from them.
            pub const DEVICE_TABLE: [<#reg as ::kernel::driver::Registrar>::Id; #ids] = [
                #(<#drivers as ::kernel::driver::DriverOf<#reg>>::ID,)*
                <#reg as ::kernel::driver::Registrar>::ID_END,
            ];
        }

        impl ::kernel::Module for #ty {
            fn init(module: &'static ::kernel::ThisModule) -> ::kernel::error::Result<Self> {
                if DRIVERS_TAKEN.swap(true, ::core::sync::atomic::Ordering::AcqRel) {
                    return Err(::kernel::error::code::EBUSY);
                }
                // SAFETY: `DRIVERS_TAKEN` hands the tables to one registration at a time;
                // it is cleared only after that registration is dropped (in `exit`).
                let tables = unsafe { &mut *::core::ptr::addr_of_mut!(DRIVERS) };
                match <#reg as ::kernel::driver::Registrar>::register(module, tables) {
                    Ok(registration) => Ok(Self(registration)),
                    Err(error) => {
                        DRIVERS_TAKEN.store(false, ::core::sync::atomic::Ordering::Release);
                        Err(error)
                    }
                }
            }
        }
    })
}
