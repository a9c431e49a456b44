//! The two renderings of an [`ExportFn`]: the glue and the declaration for cbindgen.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
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

/// An identifier of the glue's own, which no name of the user's function can capture or
/// be captured by (`mixed_site` hygiene).
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// A scalar type: bare for cbindgen, which maps `u8` to `uint8_t` by name, and through
/// `::core::primitive` in the glue, where the user's scope could shadow the bare name.
fn scalar_type(scalar: crate::Scalar, for_header: bool) -> TokenStream {
    let s = scalar.ident();
    if for_header {
        quote!(#s)
    } else {
        quote!(::core::primitive::#s)
    }
}

/// The C parameter list as Rust FFI types. `c_char` is the kernel's (`u8`, as the
/// kernel builds with -funsigned-char) in the glue and bare for cbindgen.
fn c_inputs(export: &ExportFn, for_header: bool) -> Vec<TokenStream> {
    let c_char = if for_header {
        quote!(c_char)
    } else {
        quote!(::kernel::ffi::c_char)
    };
    export
        .c_params()
        .into_iter()
        .map(|(name, param, is_len)| {
            let ty = match (&param.kind, is_len) {
                (_, true) => scalar_type(crate::Scalar::Usize, for_header),
                (ParamKind::Scalar(s), _) => scalar_type(*s, for_header),
                (ParamKind::CStr { .. }, _) => quote!(*const #c_char),
                (
                    ParamKind::Slice {
                        element, mutable, ..
                    },
                    _,
                ) => {
                    let e = scalar_type(*element, for_header);
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

fn return_type(export: &ExportFn, for_header: bool) -> TokenStream {
    match export.returns {
        Some(s) => {
            let s = scalar_type(s, for_header);
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
    let inputs = c_inputs(export, true);
    let output = return_type(export, true);
    let unsafety = export.can_refuse().then(|| quote!(unsafe));
    quote! {
        #docs
        #[unsafe(no_mangle)]
        pub #unsafety extern "C" fn #name(#(#inputs),*) #output {
            loop {}
        }
    }
}

/// The compile-time check that the symbol is one the spec lets a crate export, with the
/// prototype of its `[exports]` header: `kernel::exports::<name>` is the C prototype as
/// a function pointer type, and the glue must coerce to it. A name the kernel (or libc)
/// defines has no such type, so it cannot be exported at all.
fn prototype_check(export: &ExportFn, glue_name: &Ident) -> TokenStream {
    let prototype = Ident::new(&export.c_name, export.rust_name.span());
    quote_spanned! {export.rust_name.span()=>
        const _: ::kernel::exports::#prototype = #glue_name;
    }
}

/// The `extern "C"` glue: checks the pointers, makes the references and calls the safe
/// function. Named `__export_<name>` in Rust; the symbol is `<name>`.
pub fn glue(export: &ExportFn) -> TokenStream {
    let docs = doc_attrs(export);
    let glue_name = format_ident!("__export_{}", export.rust_name);
    let symbol = &export.c_name;
    let rust_name = &export.rust_name;
    let inputs = c_inputs(export, false);
    let output = return_type(export, false);
    let args = export.params.iter().map(|p| &p.name);
    let prototype = prototype_check(export, &glue_name);
    if !export.can_refuse() {
        return quote! {
            #docs
            #[doc(hidden)]
            #[unsafe(export_name = #symbol)]
            pub extern "C" fn #glue_name(#(#inputs),*) #output {
                #rust_name(#(#args),*)
            }
            #prototype
        };
    }
    let invalid_fn = local("invalid");
    let ret_ty = match export.returns {
        Some(s) => scalar_type(s, false),
        None => quote!(()),
    };
    let invalid_expr = export
        .invalid
        .as_ref()
        .map_or_else(|| quote!(()), |v| quote!(#v));
    let invalid = quote!(#invalid_fn());
    let checks = export.params.iter().map(|p| check(p, &invalid));
    let regions: Vec<TokenStream> = export.params.iter().filter_map(region).collect();
    let region_count = regions.len();
    let borrows = export.params.iter().map(|p| borrow(p, &invalid));
    let (list, index, a, b) = (local("regions"), local("index"), local("a"), local("b"));
    quote! {
        #docs
        #[doc(hidden)]
        #[unsafe(export_name = #symbol)]
        pub unsafe extern "C" fn #glue_name(#(#inputs),*) #output {
            /// What the glue returns for arguments it refuses: the `invalid` the function
            /// was exported with, evaluated here as ordinary safe code.
            #[inline(always)]
            fn #invalid_fn() -> #ret_ty {
                #invalid_expr
            }
            #(#checks)*
            let #list: [(::core::primitive::usize, ::core::primitive::usize, ::core::primitive::bool); #region_count] = [#(#regions),*];
            for (#index, #a) in #list.iter().enumerate() {
                for #b in #list.iter().skip(#index + 1) {
                    if (#a.2 || #b.2) && #a.0 < #b.1 && #b.0 < #a.1 {
                        return #invalid;
                    }
                }
            }
            #(#borrows)*
            #rust_name(#(#args),*)
        }
        #prototype
    }
}

/// `None` and `Some(x)`, spelled so no name in the user's scope can stand in for them.
fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

/// Pointer checks that need no access: NULL, alignment, size. Strings are read here
/// (to find their end), before any reference to a written buffer exists.
fn check(param: &Param, invalid: &TokenStream) -> TokenStream {
    let name = &param.name;
    let none = none();
    match &param.kind {
        ParamKind::Scalar(_) => quote!(),
        ParamKind::CStr { optional } => {
            let missing = if *optional {
                quote!(#none)
            } else {
                quote!(return #invalid)
            };
            let raw = local("raw");
            quote! {
                let #raw: *const ::kernel::ffi::c_char = #name;
                let #name: ::core::option::Option<&::core::ffi::CStr> = if #raw.is_null() {
                    #missing
                } else {
                    // SAFETY: the caller's contract (this function's `# Safety`): a
                    // non-NULL string is NUL-terminated, readable and unchanged for the call.
                    ::core::option::Option::Some(unsafe { ::core::ffi::CStr::from_ptr(#raw.cast()) })
                };
            }
        }
        ParamKind::Slice {
            element,
            optional,
            mutable,
            len,
            ..
        } => {
            let e = scalar_type(*element, false);
            let missing = if *optional {
                quote!(#none)
            } else {
                quote!(return #invalid)
            };
            let pointer = if *mutable {
                quote!(#name)
            } else {
                quote!(#name.cast_mut())
            };
            let p = local("pointer");
            quote! {
                let #name: ::core::option::Option<(::core::ptr::NonNull<#e>, ::core::primitive::usize)> =
                    match ::core::ptr::NonNull::new(#pointer) {
                        ::core::option::Option::None => #missing,
                        ::core::option::Option::Some(#p) => {
                            if !#p.as_ptr().is_aligned()
                                || #len > ::core::primitive::isize::MAX as ::core::primitive::usize
                                    / ::core::mem::size_of::<#e>()
                            {
                                return #invalid;
                            }
                            ::core::option::Option::Some((#p, #len))
                        }
                    };
            }
        }
    }
}

/// The address range of a buffer argument and whether it is written, for the overlap
/// check.
fn region(param: &Param) -> Option<TokenStream> {
    let name = &param.name;
    let (s, start, p, len) = (local("s"), local("start"), local("pointer"), local("len"));
    let bytes = local("bytes");
    match &param.kind {
        ParamKind::Scalar(_) => None,
        ParamKind::CStr { .. } => Some(quote! {
            match #name {
                ::core::option::Option::Some(#s) => {
                    let #start = #s.as_ptr().addr();
                    (#start, #start.saturating_add(#s.to_bytes_with_nul().len()), false)
                }
                ::core::option::Option::None => (0, 0, false),
            }
        }),
        ParamKind::Slice {
            element, mutable, ..
        } => {
            let e = scalar_type(*element, false);
            Some(quote! {
                match #name {
                    ::core::option::Option::Some((#p, #len)) => {
                        let #start = #p.as_ptr().addr();
                        let #bytes = #len * ::core::mem::size_of::<#e>();
                        (#start, #start.saturating_add(#bytes), #mutable)
                    }
                    ::core::option::Option::None => (0, 0, false),
                }
            })
        }
    }
}

/// The references, made once every check passed.
fn borrow(param: &Param, invalid: &TokenStream) -> TokenStream {
    let name = &param.name;
    let required = |value: TokenStream| {
        if is_required_pointer(param) {
            quote! {
                let ::core::option::Option::Some(#name) = #value else { return #invalid };
            }
        } else {
            quote!(let #name = #value;)
        }
    };
    let (p, len) = (local("pointer"), local("len"));
    match &param.kind {
        ParamKind::Scalar(_) => quote!(),
        ParamKind::CStr { .. } => required(quote!(#name)),
        ParamKind::Slice { mutable: true, .. } => required(quote! {
            #name.map(|(#p, #len)| {
                // SAFETY: the caller's contract: `pointer` is valid for reads and writes
                // of `len` elements and nothing else accesses them during the call;
                // checked above: non-NULL, aligned, at most isize::MAX bytes, and
                // overlapping no other buffer argument.
                unsafe { ::core::slice::from_raw_parts_mut(#p.as_ptr(), #len) }
            })
        }),
        ParamKind::Slice { mutable: false, .. } => required(quote! {
            #name.map(|(#p, #len)| {
                // SAFETY: the caller's contract: `pointer` is valid for reads of `len`
                // elements that nobody writes during the call; checked above: non-NULL,
                // aligned, at most isize::MAX bytes, and overlapping no written buffer.
                unsafe { ::core::slice::from_raw_parts(#p.as_ptr().cast_const(), #len) }
            })
        }),
    }
}
