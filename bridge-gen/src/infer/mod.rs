//! Kernel conventions applied to what the spec names, then the spec's overrides: the
//! typed model of the safe API that `emit::safe` turns into Rust.
//!
//! Conventions: an `int` return is `0/-errno`; a callback's or function's first
//! `struct X *` is the object it acts on; a spec'd object's lock rule (`access`) decides
//! `&` or `&mut`; a non-const pointer to a scalar is an in/out `&mut T`; `const char *` is
//! a `&CStr`. Whatever no convention or spec entry covers is skipped with its reason,
//! never exposed as safe.
//!
//! The spec comes typed (`spec::values`), its syntax checked: inference parses none of it,
//! it looks the names in it up in the IR (and in the spec's other sections) and reports
//! each one that does not resolve or fit, once (`unresolved`: what only fails because of
//! an earlier error is not reported again). No entry is accepted and then dropped: one
//! that shapes a method or callback that cannot be made safe is refused with the reason,
//! and two things the generated Rust would give one name are refused (`clashes`).

pub mod alloc;
mod callback;
mod clashes;
pub mod config;
pub mod constants;
pub mod device_data;
pub mod docs;
pub mod each;
mod enums;
pub mod exports;
mod field_path;
mod guards;
pub mod hand_back;
mod lifecycle;
mod members;
mod method;
pub mod model;
pub mod object;
pub mod ops;
mod overrides;
mod registration;
pub mod string_id;
pub mod types;
mod typing;
mod unresolved;
pub mod views;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::{Diagnostic, Error, Result};
use crate::ir::{Doc, Ir};
use crate::rust_path::RustPath;
use crate::spec::suggest::did_you_mean;
use crate::spec::values::ReturnPattern;
use crate::spec::{At, Spec};

pub use model::{Access, Accessor, AccessorKind, Method, Object, Receiver};
pub use ops::{Callback, ConstSlot, IdType, Ops, Registration, RegistrationKind};
pub use types::Ty;

/// How a C return value becomes Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ret {
    Unit,
    /// `0/-errno` -> `Result`.
    Errno,
    /// `value or -errno` -> `Result<T>`.
    Value(&'static str),
    /// An `int` that is a truth value.
    IntBool,
    /// A scalar passed through.
    Scalar(&'static str),
    /// A spec'd enum.
    Enum {
        rust: crate::rust_path::RustPath,
        c_alias: String,
    },
    /// A status type whose 0 is success: `Result` -> status through `from_errno`.
    Status {
        from_errno: String,
        c_type: String,
    },
}

impl Ret {
    /// What the spec's return pattern makes of a C value (a `status(f)` one's C type is
    /// filled in by the caller, once `f` is checked).
    pub fn from_pattern(pattern: &ReturnPattern) -> Ret {
        match pattern {
            ReturnPattern::Errno => Ret::Errno,
            ReturnPattern::Value(ty) => Ret::Value(ty),
            ReturnPattern::Bool => Ret::IntBool,
            ReturnPattern::Void => Ret::Unit,
            ReturnPattern::Status(from_errno) => Ret::Status {
                from_errno: from_errno.clone(),
                c_type: String::new(),
            },
        }
    }
}

/// Whether a return pattern reads the C return type: `errno`, `bool` and `value<T>` read a
/// C `int` (`0/-errno`, a truth value, a value or `-errno`).
pub(crate) fn pattern_fits(ret: &Ret, c_ret: &crate::ir::CType) -> Result<(), String> {
    let reads_int = matches!(ret, Ret::Errno | Ret::IntBool | Ret::Value(_));
    if reads_int && c_ret.scalar() != Some("i32") {
        return Err(format!(
            "its return pattern reads a C `int`, but it returns `{c_ret}`"
        ));
    }
    Ok(())
}

/// Checks a `status(f)` pattern against the headers: `f` takes an int and returns the
/// status type. Returns the status type's C name.
pub(crate) fn check_status<'a>(ir: &'a Ir, f: &str) -> Result<&'a crate::ir::CType, String> {
    let func = ir.function(f).ok_or_else(|| {
        let names = ir.functions.iter().map(|g| g.name.as_str());
        unknown_name("function", HEADERS, f, names)
    })?;
    let takes_int = func.params.len() == 1 && func.params[0].ty.scalar() == Some("i32");
    if !takes_int || func.ret.scalar().is_none() {
        return Err(format!(
            "`{f}` must map an int errno to an integer status type"
        ));
    }
    Ok(&func.ret)
}

/// A C enum as a Rust enum.
#[derive(Clone, Debug)]
pub struct RustEnum {
    pub name: String,
    pub c_name: String,
    /// bindgen's alias for the integer type, and the prefix of its constants.
    pub c_alias: String,
    pub const_prefix: String,
    /// The variants, sentinels left out.
    pub variants: Vec<Variant>,
    pub doc: Option<Doc>,
}

/// A Rust enum's variant and the C constant it stands for.
#[derive(Clone, Debug)]
pub struct Variant {
    pub rust: String,
    pub constant: String,
    pub value: i64,
}

/// One Rust module of the safe API (`net::phy`).
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub path: String,
    pub enums: Vec<RustEnum>,
    pub objects: Vec<Object>,
    pub ids: Vec<IdType>,
    pub string_ids: Vec<string_id::StringId>,
    pub ops: Vec<Ops>,
    pub configs: Vec<config::ConfigRecord>,
    pub constants: Vec<constants::TypedConstant>,
    pub newtypes: Vec<constants::Newtype>,
}

/// What happened to one C item the spec reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Safe,
    /// Exposed as `unsafe`, with the fact the caller must supply.
    Unsafe(String),
    Skipped(String),
}

#[derive(Clone, Debug)]
pub struct ReportLine {
    pub item: String,
    pub verdict: Verdict,
}

/// An errno constant of the `[errno]` headers.
#[derive(Clone, Debug)]
pub struct Errno {
    pub name: String,
    pub value: i64,
}

/// The report's verdicts, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub safe: usize,
    pub unsafe_: usize,
    pub skipped: usize,
}

/// One ops table's callbacks: how many of its C slots became safe trait methods.
#[derive(Clone, Debug)]
pub struct CallbackCount {
    /// The trait path and the C table (`block::mq::Operations (struct blk_mq_ops)`).
    pub table: String,
    pub safe: usize,
    pub slots: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Api {
    pub modules: BTreeMap<String, Module>,
    /// The errno constants, in header order.
    pub errno: Vec<Errno>,
    /// `PATTERN -> module (n as type)` for each `[constants]` entry: re-exports, not API
    /// items with a safety verdict.
    pub constant_groups: Vec<String>,
    pub report: Vec<ReportLine>,
    /// Lines of `bridge.toml` that are not blank or comments.
    pub spec_lines: usize,
    /// The functions crates may export to C (`[exports]`), with their prototypes.
    pub exports: Vec<exports::Export>,
}

impl Api {
    /// The module at `path`, created empty on first use.
    pub(crate) fn module(&mut self, path: &str) -> &mut Module {
        self.modules
            .entry(path.to_owned())
            .or_insert_with(|| Module {
                path: path.to_owned(),
                ..Module::default()
            })
    }

    /// How many items the report calls safe, unsafe and skipped.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for line in &self.report {
            match line.verdict {
                Verdict::Safe => counts.safe += 1,
                Verdict::Unsafe(_) => counts.unsafe_ += 1,
                Verdict::Skipped(_) => counts.skipped += 1,
            }
        }
        counts
    }

    /// Callbacks made safe, per ops table.
    pub fn callbacks(&self) -> Vec<CallbackCount> {
        self.modules
            .values()
            .flat_map(|m| {
                m.ops.iter().map(move |o| CallbackCount {
                    table: format!("{}::{} (struct {})", m.path, o.trait_name(), o.c_record),
                    safe: o.callbacks.len(),
                    slots: o.slots,
                })
            })
            .collect()
    }
}

/// Collects problems so that one run reports every mistake in the spec.
pub(crate) struct Problems<'s> {
    spec: &'s Spec,
    errors: Vec<Diagnostic>,
    /// The spec's entries whose name does not resolve (see `unresolved`).
    unresolved: std::collections::BTreeSet<(unresolved::Entry, String)>,
}

impl<'s> Problems<'s> {
    pub fn at(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let (line, column) = self.spec.position(span);
        self.errors.push(Diagnostic {
            file: self.spec.path.clone(),
            line,
            column,
            message: message.into(),
        });
    }

    /// The record the spec names, or a "did you mean" error at the name.
    pub fn record<'i>(&mut self, ir: &'i Ir, name: &At<String>) -> Option<&'i crate::ir::Record> {
        let record = ir.record(&name.value);
        if record.is_none() {
            self.unknown("struct", name, ir.records.iter().map(|r| r.name.as_str()));
        }
        record
    }

    /// The function the spec names, or a "did you mean" error at the name.
    pub fn function<'i>(
        &mut self,
        ir: &'i Ir,
        name: &At<String>,
    ) -> Option<&'i crate::ir::Function> {
        let function = ir.function(&name.value);
        if function.is_none() {
            self.unknown(
                "function",
                name,
                ir.functions.iter().map(|f| f.name.as_str()),
            );
        }
        function
    }

    /// "no X named `name` in the headers; did you mean `y`?", for a C name.
    pub fn unknown<'a>(
        &mut self,
        what: &str,
        name: &At<String>,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        self.unknown_in(what, HEADERS, name, candidates);
    }

    /// "no X named `name` in PLACE; did you mean `y`?": a name the spec looks up in
    /// `place` (the headers, the spec, or one of an entry's lists).
    pub fn unknown_in<'a>(
        &mut self,
        what: &str,
        place: &str,
        name: &At<String>,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let message = unknown_name(what, place, &name.value, candidates);
        self.at(&name.span, message);
    }
}

/// Where C names are looked up, for `unknown_name`.
pub(crate) const HEADERS: &str = "the headers";
/// Where the names of spec entries (`[object.X]`, `[ops.X]`, ...) are looked up.
pub(crate) const SPEC: &str = "the spec";

/// The one wording of every unknown name: "no X named `name` in PLACE; did you mean
/// `y`?" (the hint only when a candidate is close).
pub(crate) fn unknown_name<'a>(
    what: &str,
    place: &str,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let hint = did_you_mean(name, candidates);
    format!("no {what} named `{name}` in {place}{hint}")
}

/// Splits `net::phy::Device` into (`net::phy`, `Device`).
pub(crate) fn split_path(path: &RustPath) -> (String, String) {
    (path.module.clone(), path.name.clone())
}

pub fn infer(spec: &Spec, ir: &Ir) -> Result<Api> {
    let mut p = Problems {
        spec,
        errors: Vec::new(),
        unresolved: std::collections::BTreeSet::new(),
    };
    unresolved::note(&mut p, spec, ir);
    let mut api = Api {
        spec_lines: spec
            .text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count(),
        ..Api::default()
    };
    if let Some(errno) = &spec.errno {
        for header in &errno.headers {
            if !ir.headers.contains(&header.value) {
                let names = ir.headers.iter().map(String::as_str);
                p.unknown("header", header, names);
                continue;
            }
            for c in ir
                .constants
                .iter()
                .filter(|c| c.location.file == header.value)
            {
                if let crate::ir::ConstValue::Signed(v) = c.value
                    && c.name.starts_with('E')
                {
                    api.errno.push(Errno {
                        name: c.name.clone(),
                        value: v,
                    });
                }
            }
        }
    }
    enums::infer_all(&mut p, spec, ir, &mut api);
    constants::infer_all(&mut p, spec, ir, &mut api);
    exports::infer(&mut p, spec, ir, &mut api);
    config::infer_all(&mut p, spec, ir, &mut api);
    each::check_objects(&mut p, spec);
    let objects = object::infer_all(&mut p, spec, ir, &mut api);
    ops::infer_all(&mut p, spec, ir, &objects, &mut api);
    clashes::module_items(&mut p, spec);
    if p.errors.is_empty() {
        Ok(api)
    } else {
        Err(Error::Spec { errors: p.errors })
    }
}
