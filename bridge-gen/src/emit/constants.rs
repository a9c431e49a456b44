//! Macro constants as Rust consts with their C types. bindgen is told to ignore macros
//! so that every constant comes from here, typed by clang (`BLK_STS_IOERR: blk_status_t`,
//! which bindgen's own macro parser cannot produce).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ctypes::rust_scalar;
use crate::ir::{ConstValue, Constant};

/// The const items, and the constants that have no Rust form (name, reason).
pub fn tokens(constants: &[Constant], ffi: &syn::Path) -> (TokenStream, Vec<(String, String)>) {
    let mut items = TokenStream::new();
    let mut skipped = Vec::new();
    for constant in constants {
        let name = format_ident!("{}", constant.name);
        let doc = format!(" `{}` ({})", constant.name, constant.location);
        match &constant.value {
            ConstValue::Str(bytes) => {
                let Ok(text) = std::ffi::CString::new(bytes.clone()) else {
                    skipped.push((constant.name.clone(), "string with an interior NUL".into()));
                    continue;
                };
                let literal = Literal::c_string(&text);
                items.extend(quote! {
                    #[doc = #doc]
                    pub const #name: &::core::ffi::CStr = #literal;
                });
            }
            ConstValue::Signed(_) | ConstValue::Unsigned(_) => {
                let Some(ty) = rust_scalar(&constant.ty, ffi) else {
                    skipped.push((
                        constant.name.clone(),
                        format!("type `{}` has no Rust constant form", constant.ty),
                    ));
                    continue;
                };
                let value = match constant.value {
                    ConstValue::Signed(v) if v < 0 => {
                        let magnitude = Literal::u64_unsuffixed(v.unsigned_abs());
                        quote!(-#magnitude)
                    }
                    ConstValue::Signed(v) => {
                        let v = Literal::u64_unsuffixed(v as u64);
                        quote!(#v)
                    }
                    ConstValue::Unsigned(v) => {
                        let v = Literal::u64_unsuffixed(v);
                        quote!(#v)
                    }
                    ConstValue::Str(_) => unreachable!("handled above"),
                };
                let value = if ty.to_string() == "bool" {
                    if matches!(
                        constant.value,
                        ConstValue::Signed(0) | ConstValue::Unsigned(0)
                    ) {
                        quote!(false)
                    } else {
                        quote!(true)
                    }
                } else {
                    value
                };
                items.extend(quote! {
                    #[doc = #doc]
                    pub const #name: #ty = #value;
                });
            }
        }
    }
    (items, skipped)
}
