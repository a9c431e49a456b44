//! `[exports]`: the functions Rust crates may define for C with `#[export]`.
//!
//! Each is a prototype in a header of its own; `kernel::exports::<name>` is that prototype
//! as a function pointer type, and `#[export]` makes the glue coerce to it at compile
//! time. A name without such a type cannot be exported, so a crate can never replace a
//! function the kernel, the C library or the compiler's runtime defines.

use super::{Api, Problems, ReportLine, Verdict};
use crate::ir::{CType, Function, Ir, SourceLocation};
use crate::spec::values::{PointerBound, PointerKind};
use crate::spec::{At, Spec};

/// A C type an exported function may take or return: what `#[export]` lowers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportType {
    /// An integer or `bool`, as the Rust primitive (`u8`, `usize`).
    Scalar(&'static str),
    /// A pointer to one.
    Pointer { to: &'static str, mutable: bool },
}

/// What the spec says a parameter is (`[exports.bounds]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// An integer or `bool`, lengths included.
    Value,
    /// A NUL-terminated string.
    String,
    /// A buffer of as many elements as the named parameter says.
    Buffer(String),
}

/// One parameter of an exported function.
#[derive(Clone, Debug)]
pub struct ExportParam {
    pub name: String,
    pub ty: ExportType,
    pub bound: Bound,
}

/// One exported function's prototype.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub params: Vec<ExportParam>,
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
    for (function, _) in &exports.bounds {
        if !exports.functions.iter().any(|f| f.value == function.value) {
            p.at(
                &function.span,
                format!(
                    "`{}` has bounds but is not in [exports] `functions`",
                    function.value
                ),
            );
        }
    }
    for name in &exports.functions {
        if let Some(reason) = reserved(ir, &name.value) {
            p.at(
                &name.span,
                format!("`{}` cannot be exported: {reason}", name.value),
            );
            continue;
        }
        let Some(function) = ir.exported.iter().find(|f| f.name == name.value) else {
            // An export needs its C prototype in one of the `[exports]` headers.
            let headers: Vec<&str> = exports.headers.iter().map(|h| h.value.as_str()).collect();
            let names = ir.exported.iter().map(|f| f.name.as_str());
            p.unknown_in("prototype", &headers.join(" or "), name, names);
            continue;
        };
        let bounds = exports
            .bounds
            .iter()
            .find(|(f, _)| f.value == name.value)
            .map_or(&[][..], |(_, b)| b.as_slice());
        let export = match export_of(function) {
            Ok(export) => bind(p, export, bounds, &name.span),
            Err(reason) => {
                p.at(&name.span, format!("`{}`: {reason}", name.value));
                None
            }
        };
        if let Some(export) = export {
            api.report.push(ReportLine {
                item: format!(
                    "fn {} -> kernel::exports::{} (#[export])",
                    export.name, export.name
                ),
                verdict: Verdict::Safe,
            });
            api.exports.push(export);
        }
    }
}

/// Applies a function's `[exports.bounds]` entries (`p[n]`, `p: string`) to its
/// parameters: every pointer needs one, naming a `size_t` parameter bounding only it, or
/// calling a `const char *` a string. `None` once an error is reported.
fn bind(
    p: &mut Problems<'_>,
    mut export: Export,
    bounds: &[At<PointerBound>],
    span: &std::ops::Range<usize>,
) -> Option<Export> {
    let mut failed = false;
    // Pointers whose entry was refused: not reported again as having none.
    let mut refused = Vec::new();
    for entry in bounds {
        if let Err(message) = bind_one(&mut export, &entry.value) {
            p.at(&entry.span, format!("`{}`: {message}", export.name));
            refused.push(entry.value.pointer.as_str());
            failed = true;
        }
    }
    if let Some(unbound) = export.params.iter().find(|q| {
        matches!(q.ty, ExportType::Pointer { .. })
            && q.bound == Bound::Value
            && !refused.contains(&q.name.as_str())
    }) {
        p.at(
            span,
            format!(
                "`{}`: say what bounds pointer `{}` in [exports.bounds]: `\"{}[LENGTH_PARAM]\"` or \
                 `\"{}: string\"`",
                export.name, unbound.name, unbound.name, unbound.name
            ),
        );
        failed = true;
    }
    (!failed).then_some(export)
}

/// One `p[n]` or `p: string` entry.
fn bind_one(export: &mut Export, entry: &PointerBound) -> Result<(), String> {
    let pointer = entry.pointer.as_str();
    let bound = match &entry.kind {
        PointerKind::String => Bound::String,
        PointerKind::Buffer(len) => Bound::Buffer(len.clone()),
    };
    if let Bound::Buffer(len) = &bound {
        let is_size = export
            .params
            .iter()
            .any(|q| &q.name == len && q.ty == ExportType::Scalar("usize"));
        if !is_size {
            return Err(format!("`{len}` is not a `size_t` parameter"));
        }
        let taken = export
            .params
            .iter()
            .any(|q| q.bound == Bound::Buffer(len.clone()));
        if taken {
            return Err(format!("`{len}` already bounds another buffer"));
        }
    }
    let Some(param) = export.params.iter_mut().find(|q| q.name == pointer) else {
        return Err(format!("no parameter `{pointer}`"));
    };
    match (&param.ty, &bound) {
        (
            ExportType::Pointer {
                mutable: false,
                to: "u8",
            },
            Bound::String,
        )
        | (ExportType::Pointer { .. }, Bound::Buffer(_)) => {}
        (ExportType::Pointer { .. }, Bound::String) => {
            return Err(format!("`{pointer}` is not a `const char *`"));
        }
        _ => return Err(format!("`{pointer}` is not a pointer")),
    }
    if param.bound != Bound::Value {
        return Err(format!("`{pointer}` has two bounds"));
    }
    param.bound = bound;
    Ok(())
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

fn export_of(f: &Function) -> Result<Export, String> {
    if f.needs_shim() {
        return Err(format!(
            "{} defines it; the header declares the prototype only",
            f.location
        ));
    }
    let params = f
        .params
        .iter()
        .map(|p| {
            Ok(ExportParam {
                name: p.name.clone(),
                ty: export_type(&p.ty)?,
                bound: Bound::Value,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let ret = match f.ret.is_void() {
        true => None,
        false => Some(export_type(&f.ret)?),
    };
    Ok(Export {
        name: f.name.clone(),
        params,
        ret,
        location: f.location.clone(),
    })
}

/// The exported form of a C type: an integer or `bool`, or a pointer to one.
fn export_type(ty: &CType) -> Result<ExportType, String> {
    let refuse = || {
        format!(
            "`{ty}`: an exported function takes and returns integers, `bool` and pointers to integers (what #[export] lowers to)"
        )
    };
    if let Some(to) = ty.pointee() {
        let to_scalar = to.scalar().filter(|s| *s != "bool").ok_or_else(refuse)?;
        return Ok(ExportType::Pointer {
            to: to_scalar,
            mutable: !to.resolved().1,
        });
    }
    ty.scalar().map(ExportType::Scalar).ok_or_else(refuse)
}
