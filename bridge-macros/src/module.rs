//! `#[kernel_driver]`: the module glue a loadable module needs, written once.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Fields, Ident, ItemStruct, LitStr, Token, Type};

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
///
/// The loader reads `.modinfo` as NUL-separated `key=value` strings
/// (kernel/module/main.c: module_next_tag_pair()), so a NUL inside a value would end it
/// and start an entry of the author's choosing (an `intree` or `import_ns` tag, say); a
/// newline breaks modinfo(8)'s output. Both are refused, at the value.
fn modinfo(module: &str, key: &str, index: usize, value: &LitStr) -> syn::Result<TokenStream> {
    let text = value.value();
    if let Some(bad) = text.chars().find(|c| matches!(c, '\0' | '\n' | '\r')) {
        return Err(syn::Error::new_spanned(
            value,
            format!(
                "a `{key}` may not contain {}: the loader reads .modinfo as one NUL-ended `key=value` line per entry",
                if bad == '\0' { "a NUL" } else { "a line break" }
            ),
        ));
    }
    let mut bytes = format!("{key}={text}").into_bytes();
    bytes.push(0);
    let len = bytes.len();
    let literal = syn::LitByteStr::new(&bytes, Span::call_site());
    let ident = format_ident!("__kbridge_modinfo_{}_{key}{index}", module);
    Ok(quote! {
        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".modinfo")]
        #[unsafe(no_mangle)]
        pub static #ident: [::core::primitive::u8; #len] = *#literal;
    })
}

/// The checked module name: what the symbols are named after (`[A-Za-z0-9_]`), and the
/// name the model's `struct module` carries (at most `MODULE_NAME_LEN - 1` bytes).
fn module_ident(name: &LitStr) -> syn::Result<String> {
    let text = name.value();
    if text.is_empty() || text.len() > 55 || text.contains(['\0', '\n', '\r']) {
        return Err(syn::Error::new_spanned(
            name,
            "the module name is 1 to 55 bytes (MODULE_NAME_LEN on 64-bit kernels) without NUL or line breaks",
        ));
    }
    Ok(text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect())
}

fn required<'a>(value: Option<&'a LitStr>, message: &str) -> syn::Result<&'a LitStr> {
    value.ok_or_else(|| syn::Error::new(Span::call_site(), message))
}

/// Every `.modinfo` entry but the parameters'.
fn module_infos(module: &str, args: &Args, license: &LitStr) -> syn::Result<Vec<TokenStream>> {
    let mut infos = vec![modinfo(module, "license", 0, license)?];
    for (i, a) in args.authors.iter().enumerate() {
        infos.push(modinfo(module, "author", i, a)?);
    }
    if let Some(d) = &args.description {
        infos.push(modinfo(module, "description", 0, d)?);
    }
    for (i, a) in args.aliases.iter().enumerate() {
        infos.push(modinfo(module, "alias", i, a)?);
    }
    Ok(infos)
}

/// The module glue. Everything but the `params` readers sits in an anonymous `const`,
/// so nothing of it can be named, let alone called, by the driver: the entry points are
/// `unsafe extern "C"` functions only the loader calls, through `init_module`/
/// `cleanup_module` in a kernel build and through the model's `struct module`. Every path
/// is absolute (`::core`, `::kernel`), and the only tokens taken from the driver (its
/// type, driver list, parameter defaults) are used where its own code could use them.
pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let args = parse_args(args)?;
    let mut item: ItemStruct = syn::parse2(item).map_err(|e| {
        syn::Error::new(
            e.span(),
            "#[kernel_driver] goes on the struct that is the module",
        )
    })?;
    let name = required(
        args.name.as_ref(),
        "#[kernel_driver] needs `name = \"...\"`: the module's name",
    )?;
    let license = required(
        args.license.as_ref(),
        "#[kernel_driver] needs `license = \"...\"`: the loader taints the kernel without one",
    )?;
    let module = module_ident(name)?;
    let mut infos = module_infos(&module, &args, license)?;
    let params = params_glue(&module, &args.params, &mut infos)?;
    let ty = &item.ident;
    let (glue, value) = match &args.drivers {
        Some(drivers) => {
            let glue = drivers_glue(&item, drivers, &module, args.device_table.as_ref())?;
            // The registration field is never read: it is held for its Drop, which
            // unregisters the drivers.
            item.attrs.push(syn::parse_quote!(
                #[allow(dead_code, reason = "held for its Drop, which unregisters")]
            ));
            (glue, quote!(Drivers))
        }
        None => (quote!(), quote!(#ty)),
    };
    let entry = entry_points(name, ty, &value);
    let (api, statics) = (&params.api, &params.statics);
    let table = &params.table;
    Ok(quote! {
        #item
        #statics
        #api

        const _: () = {
            #(#infos)*
            #table
            #glue
            #entry
        };
    })
}

/// `THIS_MODULE`, the module value's cell and the C entry points.
fn entry_points(name: &LitStr, ty: &syn::Ident, value: &TokenStream) -> TokenStream {
    let mut c_name = name.value().into_bytes();
    c_name.push(0);
    let c_name = syn::LitByteStr::new(&c_name, name.span());
    quote! {
        static MODULE: ::kernel::module::ModuleCell<#value> = ::kernel::module::ModuleCell::new();

        #[cfg(target_os = "none")]
        unsafe extern "C" {
            static mut __this_module: ::kernel::bindings::module;
        }

        /// `THIS_MODULE`: modpost's `__this_module` in a kernel build.
        #[cfg(target_os = "none")]
        // SAFETY: `__this_module` is this module's object, which outlives its code.
        static THIS: ::kernel::ThisModule =
            unsafe { ::kernel::ThisModule::from_ptr(&raw mut __this_module) };

        /// The model's `struct module` for this module.
        #[cfg(not(target_os = "none"))]
        // SAFETY: the name is NUL-ended and checked to fit; `PARAMS` is this module's
        // parameter table; the entry points are this module's.
        static OBJECT: ::kernel::module::ModuleObject = unsafe {
            ::kernel::module::ModuleObject::new(#c_name, &PARAMS.0, init_module, cleanup_module)
        };

        /// `THIS_MODULE`: the model's object for this module.
        #[cfg(not(target_os = "none"))]
        // SAFETY: `OBJECT` is this module's object, a static that outlives its code.
        static THIS: ::kernel::ThisModule =
            unsafe { ::kernel::ThisModule::from_ptr(OBJECT.as_ptr()) };

        #[cfg(not(target_os = "none"))]
        impl ::kernel::module::ModuleOf for #ty {
            fn module_object() -> &'static ::kernel::module::ModuleObject {
                &OBJECT
            }
        }

        /// Runs `init`, once per load.
        ///
        /// # Safety
        ///
        /// Called by the module loader only.
        #[cfg_attr(target_os = "none", unsafe(no_mangle))]
        unsafe extern "C" fn init_module() -> ::kernel::ffi::c_int {
            // SAFETY: only the loader calls this entry point (it is named by nothing but
            // modpost's `__this_module`, or the model's `OBJECT`).
            unsafe { MODULE.init(&THIS) }
        }

        /// Drops the module value.
        ///
        /// # Safety
        ///
        /// Called by the module loader only, once nothing holds a reference on the module.
        #[cfg_attr(target_os = "none", unsafe(no_mangle))]
        unsafe extern "C" fn cleanup_module() {
            // SAFETY: only the loader calls this entry point, and only once no reference
            // on the module is held (delete_module(): try_stop_module()).
            unsafe { MODULE.exit() }
        }

        // Referenced from .init.data/.exit.data as C's module_init/module_exit do, so
        // objtool keeps their ENDBR.
        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".init.data")]
        #[used]
        static __kbridge_init_ref: unsafe extern "C" fn() -> ::kernel::ffi::c_int = init_module;

        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".exit.data")]
        #[used]
        static __kbridge_exit_ref: unsafe extern "C" fn() = cleanup_module;
    }
}

/// What the parameters add: hidden storage statics and the `params` readers beside the
/// module type, and the `kernel_param` table inside the glue.
struct ParamsGlue {
    statics: TokenStream,
    api: TokenStream,
    table: TokenStream,
}

/// Storage, `kernel_param` entries and modinfo lines for the parameters, and the `params`
/// module the driver reads them through.
fn params_glue(
    module: &str,
    params: &[ModuleParam],
    infos: &mut Vec<TokenStream>,
) -> syn::Result<ParamsGlue> {
    let mut statics = Vec::new();
    let mut entries = Vec::new();
    let mut readers = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let c_type = PARAM_TYPES
            .iter()
            .find(|(rust, _)| p.ty == rust)
            .map_or("", |(_, c)| c);
        let name = p.name.to_string();
        let ty = format_ident!("{}", p.ty);
        let ty = quote!(::core::primitive::#ty);
        let default = &p.default;
        infos.push(modinfo(
            module,
            "parmtype",
            i,
            &LitStr::new(&format!("{name}:{c_type}"), p.name.span()),
        )?);
        if let Some(doc) = &p.doc {
            infos.push(modinfo(
                module,
                "parm",
                i,
                &LitStr::new(&format!("{name}:{doc}"), p.name.span()),
            )?);
        }
        let store = format_ident!("__KBRIDGE_PARAM_{}", p.name);
        let ops = format_ident!("param_ops_{c_type}");
        // An identifier has no NUL, so the C string is the name itself.
        let c_name = syn::LitCStr::new(
            &std::ffi::CString::new(name.clone()).unwrap_or_default(),
            p.name.span(),
        );
        // The default is the driver's expression, evaluated where it wrote it, as a
        // constant.
        statics.push(quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals, reason = "named after the parameter")]
            static #store: ::kernel::module::Param<#ty> = ::kernel::module::Param::new(#default);
        });
        entries.push(quote! {
            // SAFETY: the storage is this module's `Param` of the Rust type of the C type
            // `param_ops_*` parses, and lives as long as the module.
            unsafe {
                ::kernel::module::param_entry(
                    #c_name,
                    &raw const ::kernel::bindings::#ops,
                    #store.as_ptr().cast(),
                    THIS.as_ptr(),
                )
            }
        });
        let doc = p
            .doc
            .clone()
            .unwrap_or_else(|| format!("The `{name}` parameter."));
        let reader = &p.name;
        readers.push(quote! {
            #[doc = #doc]
            pub fn #reader() -> #ty {
                super::#store.get()
            }
        });
    }
    let count = params.len();
    let export = format!("__kbridge_params_{module}");
    let table = quote! {
        /// The `kernel_param` entries the loader sets the parameters through: in the
        /// `__param` section of a kernel module (an exported symbol, not `#[used]`, like
        /// the modinfo), and in the model's `struct module`.
        #[cfg_attr(target_os = "none", unsafe(link_section = "__param"))]
        #[unsafe(export_name = #export)]
        static PARAMS: ::kernel::module::ParamTable<#count> = ::kernel::module::ParamTable([
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
    Ok(ParamsGlue {
        statics: quote!(#(#statics)*),
        api: api.unwrap_or_default(),
        table,
    })
}

/// Registration of every listed driver through the struct's registration field, and the
/// device-id table derived from the same list. The module value is a private wrapper,
/// so the registration can only be made (and dropped) by the entry points.
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
    let checks = driver_checks(reg, drivers, device_table);
    let export = device_table.map(|kind| {
        let symbol = format!("__mod_{}__{module}_device_table", kind.value());
        quote! {
            /// The device-id table under the name modpost reads aliases from.
            #[cfg(target_os = "none")]
            #[unsafe(export_name = #symbol)]
            static DEVICE_TABLE_EXPORT: [<#reg as ::kernel::driver::Registrar>::Id; #ids] = <#ty>::DEVICE_TABLE;
        }
    });
    let taken = Ident::new("DRIVERS_TAKEN", Span::mixed_site());
    Ok(quote! {
        #checks
        #export

        static mut DRIVERS: [<#reg as ::kernel::driver::Registrar>::Entry; #count] = [
            #(<#drivers as ::kernel::driver::DriverOf<#reg>>::ENTRY,)*
        ];
        static #taken: ::core::sync::atomic::AtomicBool = ::core::sync::atomic::AtomicBool::new(false);

        impl #ty {
            /// The device-id table: one entry per driver, then the end marker. Derived from
            /// the drivers' own ids, so it cannot drift from them.
            pub const DEVICE_TABLE: [<#reg as ::kernel::driver::Registrar>::Id; #ids] = [
                #(<#drivers as ::kernel::driver::DriverOf<#reg>>::ID,)*
                <#reg as ::kernel::driver::Registrar>::ID_END,
            ];
        }

        /// The module value: the driver's struct, which only the entry points make, then
        /// the release of the tables (fields drop in order: the registration first).
        #[allow(dead_code, reason = "held for their Drop")]
        struct Drivers(#ty, TablesTaken);

        /// Hands the tables back when dropped.
        struct TablesTaken;

        impl ::core::ops::Drop for TablesTaken {
            fn drop(&mut self) {
                #taken.store(false, ::core::sync::atomic::Ordering::Release);
            }
        }

        impl ::kernel::Module for Drivers {
            fn init(module: &'static ::kernel::ThisModule) -> ::kernel::error::Result<Self> {
                if #taken.swap(true, ::core::sync::atomic::Ordering::AcqRel) {
                    return ::core::result::Result::Err(::kernel::error::code::EBUSY);
                }
                // SAFETY: `DRIVERS_TAKEN` hands the tables to one registration at a time,
                // and is cleared only when that registration has been dropped.
                let tables = unsafe { &mut *::core::ptr::addr_of_mut!(DRIVERS) };
                // SAFETY: the tables are this module's and registered nowhere else; the
                // registration lives in the module value, which only `cleanup_module`
                // drops, before the module's memory is freed.
                let registered = unsafe {
                    <#reg as ::kernel::driver::Registrar>::register(module, tables)
                };
                match registered {
                    ::core::result::Result::Ok(registration) => {
                        ::core::result::Result::Ok(Drivers(#ty(registration), TablesTaken))
                    }
                    ::core::result::Result::Err(error) => {
                        #taken.store(false, ::core::sync::atomic::Ordering::Release);
                        ::core::result::Result::Err(error)
                    }
                }
            }
        }
    })
}

/// Compile-time checks of the driver list: the device-table kind the registration has,
/// and driver names that differ (Linux refuses a second driver of the same name on a
/// bus with -EBUSY: driver_register() in drivers/base/driver.c).
fn driver_checks(reg: &Type, drivers: &[syn::Path], device_table: Option<&LitStr>) -> TokenStream {
    // modpost turns `__mod_<kind>__<name>_device_table` into the module's aliases; the
    // kind must be the registration's, which a const assertion checks.
    let given = match device_table {
        Some(kind) => quote!(::core::option::Option::Some(#kind)),
        None => quote!(::core::option::Option::None),
    };
    let mismatch = match device_table {
        Some(_) => {
            "`device_table` must name this registration's table kind (its `Registrar::TABLE_KIND`), or be left out when it has none"
        }
        None => {
            "this registration has a device-id table kind: add `device_table = \"...\"` with its `Registrar::TABLE_KIND` (e.g. \"mdio\") so modpost sees the table"
        }
    };
    let names = drivers
        .iter()
        .map(|d| quote_spanned!(d.span()=> <#d as ::kernel::driver::DriverOf<#reg>>::NAME));
    let span = drivers.first().map_or_else(Span::call_site, |d| d.span());
    let duplicate = quote_spanned! {span=>
        const _: () = ::core::assert!(
            ::kernel::driver::names_distinct(&[#(#names),*]),
            "two drivers of this module have the same NAME: Linux refuses the second one (-EBUSY)"
        );
    };
    quote! {
        const _: () = ::core::assert!(
            ::kernel::driver::table_kind_is(<#reg as ::kernel::driver::Registrar>::TABLE_KIND, #given),
            #mismatch
        );
        #duplicate
    }
}
