//! The two renderings of an [`ExportFn`]: the glue and the declaration for cbindgen.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Ident;

use crate::parse::{ExportFn, Param, ParamKind};

/// The C caller's contract, one documentation line per item.
fn contract(export: &ExportFn) -> Vec<String> {
    let refused = match &export.invalid {
        Some(value) => format!("returns `{}` and touches no buffer", quote!(#value)),
        None => String::new(),
    };
    let mut lines = vec![
        String::new(),
        "# Safety".to_owned(),
        String::new(),
        "The C caller's contract, for the duration of the call:".to_owned(),
    ];
    for param in &export.params {
        let name = &param.name;
        match &param.kind {
            ParamKind::Scalar(_) => {}
            ParamKind::CStr { optional } => lines.push(format!(
                "- `{name}`: {}a NUL-terminated string, readable up to its NUL and not \
                 written by anyone.",
                if *optional { "NULL or " } else { "" }
            )),
            ParamKind::Slice {
                element,
                mutable,
                optional,
                len,
                ..
            } => lines.push(format!(
                "- `{name}`: {}valid for {} `{len}` {}{}.",
                if *optional { "NULL or " } else { "" },
                if *mutable {
                    "reads and writes of"
                } else {
                    "reads of"
                },
                match element.name() {
                    "u8" => "bytes".to_owned(),
                    other => format!("elements of `{other}`"),
                },
                if *mutable {
                    ", and accessed by nothing else"
                } else {
                    ", and not written by anyone"
                }
            )),
        }
    }
    if export.can_refuse() {
        let null = if export.params.iter().any(is_required_pointer) {
            "NULL where no NULL is allowed, "
        } else {
            ""
        };
        lines.push(String::new());
        lines.push(format!(
            "Checked (a failed check {refused}): {null}a misaligned pointer, a length over \
             `isize::MAX` bytes, and buffers that overlap where one of them is written."
        ));
    }
    lines
}

fn is_required_pointer(param: &Param) -> bool {
    matches!(
        param.kind,
        ParamKind::CStr { optional: false }
            | ParamKind::Slice {
                optional: false,
                ..
            }
    )
}

/// The C parameter list as Rust FFI types, for cbindgen: bare scalar names (it maps
/// `u8` to `uint8_t` by name) and `c_char`.
fn c_inputs(export: &ExportFn) -> Vec<TokenStream> {
    export
        .c_params()
        .into_iter()
        .map(|(name, param, is_len)| {
            let ty = match (&param.kind, is_len) {
                (_, true) => quote!(usize),
                (ParamKind::Scalar(s), _) => s.ident().into_token_stream(),
                (ParamKind::CStr { .. }, _) => quote!(*const c_char),
                (
                    ParamKind::Slice {
                        element, mutable, ..
                    },
                    _,
                ) => {
                    let e = element.ident();
                    if *mutable {
                        quote!(*mut #e)
                    } else {
                        quote!(*const #e)
                    }
                }
            };
            quote!(#name: #ty)
        })
        .collect()
}

fn doc_attrs(export: &ExportFn) -> TokenStream {
    let lines = export.docs.iter().cloned().chain(if export.can_refuse() {
        contract(export)
    } else {
        Vec::new()
    });
    let lines = lines.map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

fn return_type(export: &ExportFn) -> TokenStream {
    match export.returns {
        Some(s) => {
            let s = s.ident();
            quote!(-> #s)
        }
        None => quote!(),
    }
}

/// The declaration for the header: cbindgen reads the name, parameters, return type
/// and documentation.
pub fn declaration(export: &ExportFn) -> TokenStream {
    let docs = doc_attrs(export);
    let name = Ident::new(&export.c_name, Span::call_site());
    let inputs = c_inputs(export);
    let output = return_type(export);
    let unsafety = export.can_refuse().then(|| quote!(unsafe));
    quote! {
        #docs
        #[unsafe(no_mangle)]
        pub #unsafety extern "C" fn #name(#(#inputs),*) #output {
            loop {}
        }
    }
}

/// How the glue takes one C parameter, in `kernel::__kbridge_export!`'s words.
fn kind(param: &Param) -> TokenStream {
    match &param.kind {
        ParamKind::Scalar(s) => {
            let s = s.ident();
            quote!(scalar(#s))
        }
        ParamKind::CStr { optional: false } => quote!(str),
        ParamKind::CStr { optional: true } => quote!(str_opt),
        ParamKind::Slice {
            element,
            mutable,
            optional,
            len,
            ..
        } => {
            let kind = match (mutable, optional) {
                (false, false) => "slice",
                (false, true) => "slice_opt",
                (true, false) => "slice_mut",
                (true, true) => "slice_mut_opt",
            };
            let kind = Ident::new(kind, Span::call_site());
            let e = element.ident();
            quote!(#kind(#e, #len))
        }
    }
}

/// The glue: an invocation of `kernel::__kbridge_export!`, which writes the `extern "C"`
/// function (the `unsafe` half, in the kernel crate) and checks it against the spec's
/// prototype and bounds (`kernel::exports`). No `unsafe` token is emitted here.
pub fn glue(export: &ExportFn) -> TokenStream {
    let symbol = Ident::new(&export.c_name, export.rust_name.span());
    let function = &export.rust_name;
    let returns = export.returns.map(crate::Scalar::ident);
    let params = export.c_params().into_iter().map(|(name, param, is_len)| {
        let kind = if is_len { quote!(len) } else { kind(param) };
        quote!(#name: #kind,)
    });
    if !export.can_refuse() {
        return quote! {
            ::kernel::__kbridge_export! {
                safe symbol: #symbol, function: #function, returns: [#returns],
                params: [#(#params)*],
            }
        };
    }
    let invalid = &export.invalid;
    quote! {
        ::kernel::__kbridge_export! {
            checked symbol: #symbol, function: #function, returns: [#returns],
            invalid: [#invalid],
            params: [#(#params)*],
        }
    }
}
