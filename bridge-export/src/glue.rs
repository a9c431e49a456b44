//! The two renderings of an [`ExportFn`]: the glue and the declaration for cbindgen.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
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

/// The C parameter list as Rust FFI types. `c_char` is spelled through `core::ffi` in
/// the glue and bare for cbindgen, which maps it by name.
fn c_inputs(export: &ExportFn, for_header: bool) -> Vec<TokenStream> {
    let c_char = if for_header {
        quote!(c_char)
    } else {
        quote!(::core::ffi::c_char)
    };
    export
        .c_params()
        .into_iter()
        .map(|(name, param, is_len)| {
            let ty = match (&param.kind, is_len) {
                (_, true) => quote!(usize),
                (ParamKind::Scalar(s), _) => {
                    let s = s.ident();
                    quote!(#s)
                }
                (ParamKind::CStr { .. }, _) => quote!(*const #c_char),
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
    let inputs = c_inputs(export, true);
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

/// The `extern "C"` glue: checks the pointers, makes the references and calls the safe
/// function. Named `__export_<name>` in Rust; the symbol is `<name>`.
pub fn glue(export: &ExportFn) -> TokenStream {
    let docs = doc_attrs(export);
    let glue_name = format_ident!("__export_{}", export.rust_name);
    let symbol = &export.c_name;
    let rust_name = &export.rust_name;
    let inputs = c_inputs(export, false);
    let output = return_type(export);
    let args = export.params.iter().map(|p| &p.name);
    if !export.can_refuse() {
        return quote! {
            #docs
            #[doc(hidden)]
            #[unsafe(export_name = #symbol)]
            pub extern "C" fn #glue_name(#(#inputs),*) #output {
                #rust_name(#(#args),*)
            }
        };
    }
    let invalid = export
        .invalid
        .as_ref()
        .map_or_else(|| quote!(()), |v| quote!(#v));
    let checks = export.params.iter().map(|p| check(p, &invalid));
    let regions: Vec<TokenStream> = export.params.iter().filter_map(region).collect();
    let region_count = regions.len();
    let borrows = export.params.iter().map(|p| borrow(p, &invalid));
    quote! {
        #docs
        #[doc(hidden)]
        #[unsafe(export_name = #symbol)]
        pub unsafe extern "C" fn #glue_name(#(#inputs),*) #output {
            #(#checks)*
            let regions: [(usize, usize, bool); #region_count] = [#(#regions),*];
            for (index, a) in regions.iter().enumerate() {
                for b in regions.iter().skip(index + 1) {
                    if (a.2 || b.2) && a.0 < b.1 && b.0 < a.1 {
                        return #invalid;
                    }
                }
            }
            #(#borrows)*
            #rust_name(#(#args),*)
        }
    }
}

/// Pointer checks that need no access: NULL, alignment, size. Strings are read here
/// (to find their end), before any reference to a written buffer exists.
fn check(param: &Param, invalid: &TokenStream) -> TokenStream {
    let name = &param.name;
    match &param.kind {
        ParamKind::Scalar(_) => quote!(),
        ParamKind::CStr { optional } => {
            let missing = if *optional {
                quote!(None)
            } else {
                quote!(return #invalid)
            };
            quote! {
                let #name: Option<&::core::ffi::CStr> = if #name.is_null() {
                    #missing
                } else {
                    // SAFETY: the caller's contract (this function's `# Safety`): a
                    // non-NULL string is NUL-terminated, readable and unchanged for the call.
                    Some(unsafe { ::core::ffi::CStr::from_ptr(#name) })
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
            let e = element.ident();
            let missing = if *optional {
                quote!(None)
            } else {
                quote!(return #invalid)
            };
            let pointer = if *mutable {
                quote!(#name)
            } else {
                quote!(#name.cast_mut())
            };
            quote! {
                let #name: Option<(::core::ptr::NonNull<#e>, usize)> =
                    match ::core::ptr::NonNull::new(#pointer) {
                        None => #missing,
                        Some(pointer) => {
                            if !pointer.as_ptr().is_aligned()
                                || #len > isize::MAX as usize / ::core::mem::size_of::<#e>()
                            {
                                return #invalid;
                            }
                            Some((pointer, #len))
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
    match &param.kind {
        ParamKind::Scalar(_) => None,
        ParamKind::CStr { .. } => Some(quote! {
            match #name {
                Some(s) => {
                    let start = s.as_ptr().addr();
                    (start, start.saturating_add(s.to_bytes_with_nul().len()), false)
                }
                None => (0, 0, false),
            }
        }),
        ParamKind::Slice {
            element, mutable, ..
        } => {
            let e = element.ident();
            Some(quote! {
                match #name {
                    Some((pointer, len)) => {
                        let start = pointer.as_ptr().addr();
                        let bytes = len * ::core::mem::size_of::<#e>();
                        (start, start.saturating_add(bytes), #mutable)
                    }
                    None => (0, 0, false),
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
                let Some(#name) = #value else { return #invalid };
            }
        } else {
            quote!(let #name = #value;)
        }
    };
    match &param.kind {
        ParamKind::Scalar(_) => quote!(),
        ParamKind::CStr { .. } => required(quote!(#name)),
        ParamKind::Slice { mutable: true, .. } => required(quote! {
            #name.map(|(pointer, len)| {
                // SAFETY: the caller's contract: `pointer` is valid for reads and writes
                // of `len` elements and nothing else accesses them during the call;
                // checked above: non-NULL, aligned, at most isize::MAX bytes, and
                // overlapping no other buffer argument.
                unsafe { ::core::slice::from_raw_parts_mut(pointer.as_ptr(), len) }
            })
        }),
        ParamKind::Slice { mutable: false, .. } => required(quote! {
            #name.map(|(pointer, len)| {
                // SAFETY: the caller's contract: `pointer` is valid for reads of `len`
                // elements that nobody writes during the call; checked above: non-NULL,
                // aligned, at most isize::MAX bytes, and overlapping no written buffer.
                unsafe { ::core::slice::from_raw_parts(pointer.as_ptr().cast_const(), len) }
            })
        }),
    }
}
