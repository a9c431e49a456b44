//! `[exports]`: the functions Rust crates may define for C with `#[export]`.
//!
//! Each is a prototype in a header of its own; `kernel::exports::<name>` is that prototype
//! as a function pointer type, and `#[export]` makes the glue coerce to it at compile
//! time. A name without such a type cannot be exported, so a crate can never replace a
//! function the kernel, the C library or the compiler's runtime defines.

use super::types;
use super::{Api, Problems, ReportLine, Verdict};
use crate::ir::{CType, Function, Ir, SourceLocation};
use crate::spec::Spec;

/// A C type an exported function may take or return: what `#[export]` lowers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportType {
    /// An integer or `bool`, as the Rust primitive (`u8`, `usize`).
    Scalar(&'static str),
    /// A pointer to one.
    Pointer { to: &'static str, mutable: bool },
}

/// One exported function's prototype.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub params: Vec<(String, ExportType)>,
    /// `None` for `void`.
    pub ret: Option<ExportType>,
    pub location: SourceLocation,
}

/// Names the C library and the compiler's runtime define, which compiled code calls by
/// name whether or not a header declares them: a crate defining one replaces it for
/// everything linked with the crate (a model test binary, or a whole `.ko`).
const LIBRARY_NAMES: &[&str] = &[
    "memcpy",
    "memmove",
    "memset",
    "memcmp",
    "memchr",
    "bcmp",
    "bzero",
    "strlen",
    "strnlen",
    "strcmp",
    "strncmp",
    "strcpy",
    "strncpy",
    "strlcpy",
    "strscpy",
    "strcat",
    "strncat",
    "strchr",
    "strrchr",
    "strstr",
    "strsep",
    "sprintf",
    "snprintf",
    "vsnprintf",
    "printf",
    "dprintf",
    "vdprintf",
    "malloc",
    "calloc",
    "realloc",
    "free",
    "abort",
    "exit",
    "atexit",
    "read",
    "write",
    "open",
    "close",
    "sort",
    "bsearch",
    "panic",
    "rust_begin_unwind",
];

pub(crate) fn infer(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, api: &mut Api) {
    let Some(exports) = &spec.exports else {
        return;
    };
    for name in &exports.functions {
        if let Some(reason) = reserved(ir, &name.value) {
            p.at(
                &name.span,
                format!("`{}` cannot be exported: {reason}", name.value),
            );
            continue;
        }
        let Some(function) = ir.exported.iter().find(|f| f.name == name.value) else {
            let hint = crate::spec::suggest::did_you_mean(
                &name.value,
                ir.exported.iter().map(|f| f.name.as_str()),
            );
            p.at(
                &name.span,
                format!(
                    "`{}` is not declared in {}{hint}: an export needs its C prototype there",
                    name.value,
                    exports
                        .headers
                        .iter()
                        .map(|h| h.value.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
            continue;
        };
        match export_of(ir, function) {
            Ok(export) => {
                api.report.push(ReportLine {
                    item: format!(
                        "fn {} -> kernel::exports::{} (#[export])",
                        export.name, export.name
                    ),
                    verdict: Verdict::Safe,
                });
                api.exports.push(export);
            }
            Err(reason) => p.at(&name.span, format!("`{}`: {reason}", name.value)),
        }
    }
}

/// Why no crate may define `name`, if it may not.
fn reserved(ir: &Ir, name: &str) -> Option<String> {
    if let Some(f) = ir.function(name) {
        return Some(format!(
            "the kernel declares it ({}), and a crate defining it would replace the kernel's",
            f.location
        ));
    }
    if LIBRARY_NAMES.contains(&name) {
        return Some(
            "the C library and the compiler call it by name; a crate defining it would replace theirs"
                .to_owned(),
        );
    }
    if name.starts_with("__") {
        return Some("names starting with `__` belong to the compiler and the kernel".to_owned());
    }
    None
}

fn export_of(ir: &Ir, f: &Function) -> Result<Export, String> {
    if f.needs_shim() {
        return Err(format!(
            "{} defines it; the header declares the prototype only",
            f.location
        ));
    }
    let params = f
        .params
        .iter()
        .map(|p| Ok((p.name.clone(), export_type(ir, &p.ty)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let ret = match f.ret.0.trim() {
        "void" => None,
        _ => Some(export_type(ir, &f.ret)?),
    };
    Ok(Export {
        name: f.name.clone(),
        params,
        ret,
        location: f.location.clone(),
    })
}

/// The exported form of a C type: an integer or `bool`, or a pointer to one.
fn export_type(ir: &Ir, ty: &CType) -> Result<ExportType, String> {
    let refuse = || {
        format!(
            "`{ty}`: an exported function takes and returns integers, `bool` and pointers to integers (what #[export] lowers to)"
        )
    };
    let text = ty.0.trim();
    if let Some(inner) = text.strip_suffix('*') {
        let inner = inner.trim_end();
        let (inner, mutable) = match inner.strip_prefix("const ") {
            Some(rest) => (rest, false),
            None => (inner, true),
        };
        let to = types::scalar(&ir.canonical(&CType(inner.to_owned())))
            .filter(|s| *s != "bool")
            .ok_or_else(refuse)?;
        return Ok(ExportType::Pointer { to, mutable });
    }
    types::scalar(&ir.canonical(ty))
        .map(ExportType::Scalar)
        .ok_or_else(refuse)
}
