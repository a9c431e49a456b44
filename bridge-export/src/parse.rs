//! Reading an `#[export]` function: its arguments, parameters and return type.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Error, Expr, FnArg, GenericArgument, Ident, ItemFn, Pat, PathArguments, Result, Type};

/// The integer and boolean types that cross the ABI unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    U8,
    U16,
    U32,
    U64,
    Usize,
    I8,
    I16,
    I32,
    I64,
    Isize,
    Bool,
}

impl Scalar {
    const ALL: [(&'static str, Scalar); 11] = [
        ("u8", Scalar::U8),
        ("u16", Scalar::U16),
        ("u32", Scalar::U32),
        ("u64", Scalar::U64),
        ("usize", Scalar::Usize),
        ("i8", Scalar::I8),
        ("i16", Scalar::I16),
        ("i32", Scalar::I32),
        ("i64", Scalar::I64),
        ("isize", Scalar::Isize),
        ("bool", Scalar::Bool),
    ];

    /// The scalar a type names: `u8`, or `core::primitive::u8` (with any crate name and
    /// a leading `::` or not), which a crate that shadows the primitive names writes. A
    /// path that names some other type is the function's type all the same, which then
    /// does not take the glue's argument: a compile error, never a different ABI.
    fn of(ty: &Type) -> Option<Scalar> {
        let Type::Path(path) = ty else { return None };
        if path.qself.is_some() {
            return None;
        }
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.arguments.is_none().then(|| s.ident.to_string()))
            .collect::<Option<_>>()?;
        let name = match segments.as_slice() {
            [name] if path.path.leading_colon.is_none() => name,
            [.., primitive, name] if primitive == "primitive" => name,
            _ => return None,
        };
        Scalar::ALL.iter().find(|(n, _)| name == n).map(|&(_, s)| s)
    }

    /// The Rust spelling, which is also the FFI type.
    pub fn name(self) -> &'static str {
        Scalar::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("u8", |(name, _)| name)
    }

    pub fn ident(self) -> Ident {
        Ident::new(self.name(), Span::call_site())
    }
}

/// How one Rust parameter crosses.
#[derive(Clone, Debug)]
pub enum ParamKind {
    Scalar(Scalar),
    CStr {
        optional: bool,
    },
    Slice {
        element: Scalar,
        mutable: bool,
        optional: bool,
        len: Ident,
        after: Option<Ident>,
    },
}

/// One parameter of the safe function.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: Ident,
    pub kind: ParamKind,
}

/// An exported function.
#[derive(Clone)]
pub struct ExportFn {
    /// The safe function, which keeps its name in Rust.
    pub rust_name: Ident,
    /// The C symbol: the same name.
    pub c_name: String,
    /// The function's own documentation, one entry per line.
    pub docs: Vec<String>,
    pub params: Vec<Param>,
    /// `None` for `()`.
    pub returns: Option<Scalar>,
    /// What the glue returns when it refuses the arguments.
    pub invalid: Option<Expr>,
}

impl ExportFn {
    /// Reads `#[export(args)]` on `item` and removes the `#[len]` parameter attributes
    /// from it, so the item compiles as written.
    pub fn parse(args: TokenStream, item: &mut ItemFn) -> Result<ExportFn> {
        let invalid = parse_args(args)?;
        let sig = &mut item.sig;
        if let Some(generics) = sig.generics.lt_token {
            return Err(Error::new(
                generics.span(),
                "an exported function cannot be generic",
            ));
        }
        if sig.asyncness.is_some() || sig.unsafety.is_some() || sig.abi.is_some() {
            return Err(Error::new(
                sig.fn_token.span(),
                "export a plain safe `fn`: #[export] writes the `unsafe extern \"C\"` glue",
            ));
        }
        let mut params = Vec::new();
        for input in sig.inputs.iter_mut() {
            let FnArg::Typed(arg) = input else {
                return Err(Error::new(
                    input.span(),
                    "an exported function takes no `self`",
                ));
            };
            let Pat::Ident(pat) = &*arg.pat else {
                return Err(Error::new(
                    arg.pat.span(),
                    "name the parameter with a plain identifier",
                ));
            };
            let name = pat.ident.clone();
            let len = take_len_attr(&mut arg.attrs, &name)?;
            let kind = param_kind(&arg.ty, len, &name)?;
            params.push(Param { name, kind });
        }
        let returns = match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, ty) => Some(Scalar::of(ty).ok_or_else(|| {
                Error::new(
                    ty.span(),
                    "an exported function returns an integer, `bool` or nothing",
                )
            })?),
        };
        let export = ExportFn {
            rust_name: sig.ident.clone(),
            c_name: sig.ident.to_string(),
            docs: docs_of(&item.attrs),
            params,
            returns,
            invalid,
        };
        export.check_names()?;
        if export.can_refuse() && export.invalid.is_none() {
            return Err(Error::new(
                item.sig.ident.span(),
                "this function takes pointers: say what the glue returns when it refuses them, \
                 e.g. #[export(invalid = 0)]",
            ));
        }
        Ok(export)
    }

    /// Whether the glue has checks that can fail.
    pub fn can_refuse(&self) -> bool {
        self.params
            .iter()
            .any(|p| !matches!(p.kind, ParamKind::Scalar(_)))
    }

    /// The C parameters in order: (name, the Rust parameter it comes from, is length).
    pub fn c_params(&self) -> Vec<(&Ident, &Param, bool)> {
        let mut out = Vec::new();
        for param in &self.params {
            out.push((&param.name, param, false));
            if let ParamKind::Slice {
                len, after: None, ..
            } = &param.kind
            {
                out.push((len, param, true));
            }
            for other in &self.params {
                if let ParamKind::Slice {
                    len,
                    after: Some(after),
                    ..
                } = &other.kind
                    && after == &param.name
                {
                    out.push((len, other, true));
                }
            }
        }
        out
    }

    fn check_names(&self) -> Result<()> {
        let mut seen: Vec<&Ident> = Vec::new();
        for (index, param) in self.params.iter().enumerate() {
            if let ParamKind::Slice {
                after: Some(after), ..
            } = &param.kind
            {
                let later = self.params.iter().skip(index + 1).any(|p| &p.name == after);
                if !later {
                    return Err(Error::new(
                        after.span(),
                        format!(
                            "`after = {after}` must name a parameter after `{}`",
                            param.name
                        ),
                    ));
                }
            }
        }
        for (name, _, _) in self.c_params() {
            if name == &self.rust_name {
                return Err(Error::new(
                    name.span(),
                    "a parameter named like the function would hide it from the glue, which calls the function by name",
                ));
            }
            if seen.contains(&name) {
                return Err(Error::new(
                    name.span(),
                    format!("two C parameters are named `{name}`"),
                ));
            }
            seen.push(name);
        }
        Ok(())
    }
}

fn parse_args(args: TokenStream) -> Result<Option<Expr>> {
    let mut invalid = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("invalid") {
            invalid = Some(meta.value()?.parse::<Expr>()?);
            Ok(())
        } else {
            Err(meta.error("unknown #[export] argument; expected `invalid = <value>`"))
        }
    });
    parser.parse2(args)?;
    Ok(invalid)
}

/// Takes `#[len(name)]` or `#[len(name, after = other)]` off a parameter.
fn take_len_attr(
    attrs: &mut Vec<syn::Attribute>,
    param: &Ident,
) -> Result<Option<(Ident, Option<Ident>)>> {
    let mut found = None;
    let mut error = None;
    attrs.retain(|attr| {
        if !attr.path().is_ident("len") {
            return true;
        }
        let mut name = None;
        let mut after = None;
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("after") {
                after = Some(meta.value()?.parse::<Ident>()?);
            } else if let Some(ident) = meta.path.get_ident().filter(|_| name.is_none()) {
                name = Some(ident.clone());
            } else {
                return Err(meta.error("expected #[len(NAME)] or #[len(NAME, after = PARAM)]"));
            }
            Ok(())
        });
        match (result, name) {
            (Ok(()), Some(name)) => found = Some((name, after)),
            (Ok(()), None) => {
                error = Some(Error::new(
                    attr.span(),
                    "#[len] needs the length parameter's name",
                ))
            }
            (Err(e), _) => error = Some(e),
        }
        false
    });
    if let Some(error) = error {
        return Err(error);
    }
    if let Some(other) = attrs.first() {
        return Err(Error::new(
            other.span(),
            format!("`{param}`: only #[len(...)] is understood on an exported parameter"),
        ));
    }
    Ok(found)
}

fn param_kind(ty: &Type, len: Option<(Ident, Option<Ident>)>, name: &Ident) -> Result<ParamKind> {
    let (inner, optional) = match option_inner(ty) {
        Some(inner) => (inner, true),
        None => (ty, false),
    };
    let refuse_len = |kind: ParamKind| match &len {
        Some((len, _)) => Err(Error::new(
            len.span(),
            "#[len] belongs on a slice parameter",
        )),
        None => Ok(kind),
    };
    if !optional && let Some(scalar) = Scalar::of(ty) {
        return refuse_len(ParamKind::Scalar(scalar));
    }
    if let Type::Reference(reference) = inner {
        if reference.lifetime.is_some() {
            return Err(Error::new(
                reference.span(),
                "leave the lifetime out: the borrow lasts the call",
            ));
        }
        let mutable = reference.mutability.is_some();
        match &*reference.elem {
            Type::Path(path)
                if !mutable && path.path.segments.last().is_some_and(|s| s.ident == "CStr") =>
            {
                return refuse_len(ParamKind::CStr { optional });
            }
            Type::Slice(slice) => {
                if let Some(element) = Scalar::of(&slice.elem).filter(|s| *s != Scalar::Bool) {
                    let (len, after) = len
                        .unwrap_or_else(|| (Ident::new(&format!("{name}_len"), name.span()), None));
                    return Ok(ParamKind::Slice {
                        element,
                        mutable,
                        optional,
                        len,
                        after,
                    });
                }
            }
            _ => {}
        }
    }
    Err(Error::new(
        ty.span(),
        "an exported parameter is an integer, `bool`, `&CStr`, `&[T]` or `&mut [T]` of an \
         integer `T`, or an `Option` of a reference (NULL -> None)",
    ))
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

fn docs_of(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect()
}
