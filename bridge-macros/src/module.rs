//! `#[kernel_driver]`: the module glue a loadable module needs, written once.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
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

/// Rust types a parameter may have: those with a stock kernel parser
/// (`kernel::module::ParamType`).
const PARAM_TYPES: [&str; 6] = ["bool", "i32", "u32", "u16", "usize", "u64"];

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
        if !PARAM_TYPES.iter().any(|rust| ty == rust) {
            let kinds = PARAM_TYPES;
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

/// A `.modinfo` value, refused here with its span if the kernel crate's check would
/// refuse it: the loader reads `.modinfo` as NUL-separated `key=value` strings
/// (kernel/module/main.c: module_next_tag_pair()), so a NUL inside a value would end it
/// and start an entry of the author's choosing; a newline breaks modinfo(8)'s output.
fn check_modinfo(key: &str, value: &LitStr) -> syn::Result<()> {
    let text = value.value();
    match text.chars().find(|c| matches!(c, '\0' | '\n' | '\r')) {
        None => Ok(()),
        Some(bad) => Err(syn::Error::new_spanned(
            value,
            format!(
                "a `{key}` may not contain {}: the loader reads .modinfo as one NUL-ended `key=value` line per entry",
                if bad == '\0' { "a NUL" } else { "a line break" }
            ),
        )),
    }
}

/// The module name: what the symbols are named after and what the model's `struct
/// module` carries, as kbuild makes `KBUILD_MODNAME`.
fn check_name(name: &LitStr) -> syn::Result<()> {
    let text = name.value();
    let ok = !text.is_empty()
        && text.len() <= 55
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            name,
            "the module name is 1 to 55 of `[A-Za-z0-9_]` (MODULE_NAME_LEN on 64-bit kernels; kbuild turns `-` into `_`)",
        ))
    }
}

fn required<'a>(value: Option<&'a LitStr>, message: &str) -> syn::Result<&'a LitStr> {
    value.ok_or_else(|| syn::Error::new(Span::call_site(), message))
}

/// `license`, `authors`, `description` and `aliases`, checked.
fn info(args: &Args, license: &LitStr) -> syn::Result<TokenStream> {
    check_modinfo("license", license)?;
    for a in &args.authors {
        check_modinfo("author", a)?;
    }
    if let Some(d) = &args.description {
        check_modinfo("description", d)?;
    }
    for a in &args.aliases {
        check_modinfo("alias", a)?;
    }
    let (authors, description, aliases) = (&args.authors, &args.description, &args.aliases);
    Ok(quote! {
        {
            license: #license, authors: [#(#authors),*], description: [#description],
            aliases: [#(#aliases),*]
        }
    })
}

/// The parameters as `kernel::__kbridge_module!` takes them.
fn params(params: &[ModuleParam]) -> syn::Result<Vec<TokenStream>> {
    params
        .iter()
        .map(|p| {
            let (name, ty, default) = (&p.name, &p.ty, &p.default);
            let doc = match &p.doc {
                Some(doc) => {
                    let doc = LitStr::new(doc, p.name.span());
                    check_modinfo("parameter description", &doc)?;
                    quote!(#[doc = #doc])
                }
                None => quote!(),
            };
            Ok(quote!(#doc #name: #ty = #default,))
        })
        .collect()
}

/// The module glue: an invocation of `kernel::__kbridge_module!`, which writes it (the
/// entry points, `THIS_MODULE`, `.modinfo`, the parameters, the drivers' registration)
/// with every `unsafe` in the kernel crate. No `unsafe` token is emitted here; the only
/// tokens taken from the driver (its type, driver list, parameter defaults) are used
/// where its own code could use them.
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
    check_name(name)?;
    let info = info(&args, license)?;
    let params = params(&args.params)?;
    let drivers = match &args.drivers {
        Some(drivers) => {
            let reg = registration(&item)?.clone();
            // The registration field is never read: it is held for its Drop, which
            // unregisters the drivers.
            item.attrs.push(syn::parse_quote!(
                #[allow(dead_code, reason = "held for its Drop, which unregisters")]
            ));
            let kind = &args.device_table;
            let drivers = drivers.iter().map(|d| quote_spanned!(d.span()=> #d));
            quote!({ registration: #reg, list: [#(#drivers),*], device_table: [#kind], })
        }
        None => quote!(none),
    };
    let ty = &item.ident;
    Ok(quote! {
        #item

        ::kernel::__kbridge_module! {
            name: #name, module: #ty, info: #info,
            params: [#(#params)*],
            drivers: #drivers,
        }
    })
}

/// The registration type: the module struct's one field.
fn registration(item: &ItemStruct) -> syn::Result<&Type> {
    match &item.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => Ok(&f.unnamed[0].ty),
        _ => Err(syn::Error::new_spanned(
            &item.ident,
            "with `drivers`, the module is a one-field tuple struct holding the registration, e.g. `struct M(subsystem::Registration);`",
        )),
    }
}
