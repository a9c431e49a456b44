//! One ops-table slot: which Rust parameters a callback gets, where each comes from in the
//! C arguments, and what it returns.

use std::collections::HashMap;

use super::object::{Access, Object, default_ret, param_type};
use super::types::{self, Ty};
use super::{Problems, Ret};
use crate::ir::Ir;
use crate::spec::At;

/// Where a Rust parameter of a callback comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The C argument itself.
    Arg(usize),
    /// A field of the struct a C argument points to (`unpack`).
    Field { arg: usize, field: String },
}

/// A C argument of a trampoline.
#[derive(Clone, Debug)]
pub enum CArg {
    Direct(Ty),
    /// A `const struct X *` unpacked into its fields.
    Unpacked {
        record: String,
    },
}

/// What C guarantees about the object a callback acts on, as the spec states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallContext {
    /// Nothing beyond the access pattern.
    Plain,
    /// C holds the object's lock around the call (spec `locked`): where it is taken.
    Locked(String),
    /// C holds no lock; the trampoline takes the object's `lock` field around the
    /// driver's method (spec `take_lock`): the context C calls it in.
    TakeLock { why: String, lock: String },
}

#[derive(Clone, Debug)]
pub struct Callback {
    pub field: String,
    pub context: CallContext,
    /// The spec's `why` for this callback, for its SAFETY arguments.
    pub why: Option<String>,
    /// The C arguments, named.
    pub c_args: Vec<(String, CArg)>,
    /// The Rust parameters.
    pub params: Vec<(String, Ty, Source)>,
    pub ret: Ret,
    /// The callback hands an object over (`owned`) and C reads its return: the driver
    /// reports the outcome when it ends the object, so C is always told success. An error
    /// returned to C as well would make C end the object a second time.
    pub handoff: bool,
    /// The driver may give the handed-over object back with a status (spec `hand_back`).
    pub hand_back: Option<super::hand_back::HandBack>,
    /// C calls it unconditionally (spec `required`): no default, the slot is never NULL.
    pub required: bool,
    pub doc: Option<String>,
}

impl Callback {
    /// What the trait method returns.
    pub fn rust_ret(&self) -> Ret {
        if self.handoff {
            Ret::Unit
        } else {
            self.ret.clone()
        }
    }
}

/// Parameter patterns for `params = { "callback.parameter" = "..." }`.
pub const PARAM_PATTERNS: [&str; 4] = ["unpack", "owned", "borrowed", "view(Name)"];

/// Whether `pattern` is one of [`PARAM_PATTERNS`].
pub fn is_param_pattern(pattern: &str) -> bool {
    PARAM_PATTERNS[..3].contains(&pattern) || view_pattern(pattern).is_some()
}

/// `view(Name)` -> `Name`.
fn view_pattern(pattern: &str) -> Option<&str> {
    let name = pattern.strip_prefix("view(")?.strip_suffix(')')?.trim();
    (!name.is_empty()).then_some(name)
}

/// The view type of `object` named `name`, as a parameter type for `mapped`.
fn view_ty(object: &Object, name: &str, mapped: &Ty, what: &str) -> Result<Ty, String> {
    if !object.views.iter().any(|v| v.name == name) {
        return Err(format!("{what}: {} has no view `{name}`", object.name));
    }
    Ok(Ty::View {
        rust: format!("{}::{name}", object.module),
        c_record: object.c_record.clone(),
        c_const: matches!(mapped, Ty::Object { c_const: true, .. }),
    })
}

/// The names a callback's parameters go by: the declared name, else the spec's `rename`
/// (`"exit_hctx.1" = "hctx_idx"`, by position from 0), else one made from the type of a
/// spec'd object. `unnamed` lists the positions that got none of these.
pub(super) struct ParamNames {
    pub names: Vec<String>,
    pub unnamed: Vec<usize>,
}

pub(super) fn param_names(
    cb: &crate::ir::Callback,
    field: &str,
    renames: &[(At<String>, At<String>)],
    objects: &HashMap<String, Object>,
) -> ParamNames {
    let mut unnamed = Vec::new();
    let names = (0..cb.params.len())
        .map(|i| {
            let key = format!("{field}.{i}");
            let declared = cb.param_names.get(i).filter(|n| !n.is_empty());
            let renamed = renames.iter().find(|(k, _)| k.value == key);
            if let Some((_, name)) = renamed {
                return name.value.clone();
            }
            if let Some(name) = declared {
                return name.clone();
            }
            match types::record_pointer(&cb.params[i]) {
                Some((record, _)) => objects
                    .get(record)
                    .map(|o| types::snake(&o.name))
                    .unwrap_or_else(|| record.to_owned()),
                None => {
                    unnamed.push(i);
                    format!("arg{i}")
                }
            }
        })
        .collect();
    ParamNames { names, unnamed }
}

/// The context one parameter is typed in: the callback's, and the ops table's record.
struct ParamContext<'a> {
    call: &'a CallContext,
    table: &'a str,
}

/// One Rust parameter from a C value of type `ty`, honouring an override pattern.
fn rust_param(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[(String, String, String)],
    (ty, pattern): (&crate::ir::CType, Option<&str>),
    cx: &ParamContext<'_>,
    what: &str,
) -> Result<Ty, String> {
    let mapped = param_type(ir, objects, ty, enums).map_err(|e| format!("{what} is {e}"))?;
    let Ty::Object { c_record, .. } = &mapped else {
        return match pattern {
            None => Ok(mapped),
            Some(p) => Err(format!("{what}: pattern `{p}` does not fit `{ty}`")),
        };
    };
    let Some(o) = objects.get(c_record) else {
        return Ok(mapped);
    };
    if let Some(t) = o.typed_by.as_ref().filter(|t| t.c_record != cx.table) {
        return Err(format!(
            "{what}: {} is typed by struct {}, so only its callbacks can take it",
            o.name, t.c_record
        ));
    }
    if let Some(name) = pattern.and_then(view_pattern) {
        return view_ty(o, name, &mapped, what);
    }
    match o.access {
        Access::Owned => owned_param(o, mapped, pattern, cx, what),
        Access::LockedMut => locked_param(o, mapped, pattern, cx, what),
        _ => match pattern {
            None => Ok(mapped),
            Some(p) => Err(format!("{what}: pattern `{p}` does not fit `{ty}`")),
        },
    }
}

/// A handed-over object (`owned`) or a lent one (`borrowed`: its view).
fn owned_param(
    o: &Object,
    mapped: Ty,
    pattern: Option<&str>,
    cx: &ParamContext<'_>,
    what: &str,
) -> Result<Ty, String> {
    let Ty::Object {
        rust,
        c_record,
        c_const,
        ..
    } = mapped.clone()
    else {
        return Ok(mapped);
    };
    let typed = o.typed_by.as_ref().map(|t| t.c_record.as_str());
    match pattern {
        Some("owned") if c_const => Err(format!("{what} hands over struct {c_record} as const")),
        Some("owned") if typed.is_some_and(|t| t != cx.table) => Err(format!(
            "{what}: struct {c_record} is typed by struct {}, so only its callbacks can hand it over",
            typed.unwrap_or_default()
        )),
        Some("owned") => Ok(Ty::Owned {
            rust,
            c_record,
            typed: typed.is_some(),
        }),
        Some("borrowed") => match &o.borrowed {
            Some(view) => view_ty(o, view, &mapped, what),
            None => Err(format!(
                "{what} lends struct {c_record}, which has no `borrowed` view"
            )),
        },
        _ => Err(format!(
            "{what} is an owned struct {c_record}: the spec must say whether this call hands it over (`owned`) or lends it (`borrowed`)"
        )),
    }
}

/// A `locked_mut` object: `&mut` where the spec says the lock is held (or taken), its
/// `borrowed` view elsewhere.
fn locked_param(
    o: &Object,
    mapped: Ty,
    pattern: Option<&str>,
    cx: &ParamContext<'_>,
    what: &str,
) -> Result<Ty, String> {
    if let Some(p) = pattern {
        return Err(format!(
            "{what}: pattern `{p}` does not fit struct {} (use `view(Name)`)",
            o.c_record
        ));
    }
    if *cx.call != CallContext::Plain {
        return Ok(mapped);
    }
    match &o.borrowed {
        Some(view) => view_ty(o, view, &mapped, what),
        None => Err(format!(
            "{what}: C does not hold the lock of struct {} for this call (the ops table's `locked` and `take_lock` do not list it), and it has no `borrowed` view",
            o.c_record
        )),
    }
}

/// One callback slot as the spec sees it.
pub(super) struct Slot<'a> {
    pub field: &'a str,
    pub cb: &'a crate::ir::Callback,
    pub ret_override: Option<Ret>,
    pub overrides: &'a [(&'a At<String>, &'a str)],
    /// The parameters' names (see `param_names`).
    pub names: Vec<String>,
    pub context: CallContext,
    /// The ops table's C record.
    pub table: &'a str,
}

pub(super) fn callback(
    problems: &mut Problems<'_>,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[(String, String, String)],
    slot: Slot<'_>,
) -> Result<Callback, String> {
    let Slot {
        field,
        cb,
        ret_override,
        overrides,
        names,
        context,
        table,
    } = slot;
    let cx = ParamContext {
        call: &context,
        table,
    };
    let ret = match ret_override {
        Some(Ret::Status { from_errno, .. }) => match super::check_status(ir, &from_errno) {
            Ok(c_type)
                if ir.canonical(&crate::ir::CType(c_type.clone())) == ir.canonical(&cb.ret) =>
            {
                Ret::Status { from_errno, c_type }
            }
            Ok(c_type) => {
                return Err(format!(
                    "returns `{}`, but `{from_errno}` makes `{c_type}`",
                    cb.ret
                ));
            }
            Err(e) => return Err(e),
        },
        Some(r) => r,
        None => default_ret(ir, &cb.ret, enums)?,
    };
    // Valid keys: the parameters, and the fields of a struct that is unpacked.
    let mut known: Vec<String> = names.clone();
    for (i, ty) in cb.params.iter().enumerate() {
        let unpacked = overrides.iter().any(|(k, v)| {
            *v == "unpack" && k.value.split_once('.').map(|(_, p)| p) == Some(names[i].as_str())
        });
        if unpacked
            && let Some((record, _)) = types::record_pointer(ty)
            && let Some(r) = ir.record(record)
        {
            known.extend(r.fields.iter().map(|f| f.name.clone()));
        }
    }
    for (key, _) in overrides {
        let param = key
            .value
            .split_once('.')
            .map(|(_, p)| p)
            .unwrap_or_default();
        if !known.iter().any(|n| n == param) {
            let a = At::new(param.to_owned(), key.span.clone());
            problems.unknown(
                &format!("parameter of callback `{field}`"),
                &a,
                known.iter().map(String::as_str),
            );
        }
    }
    let pattern_of = |name: &str| {
        overrides
            .iter()
            .find(|(k, _)| k.value.split_once('.').map(|(_, p)| p) == Some(name))
            .map(|(_, v)| *v)
    };

    let mut c_args = Vec::new();
    let mut params = Vec::new();
    for (i, ty) in cb.params.iter().enumerate() {
        let name = names[i].clone();
        let what = format!("parameter `{name}`");
        if pattern_of(&name) == Some("unpack") {
            let Some((record, true)) = types::record_pointer(ty) else {
                return Err(format!(
                    "{what}: `unpack` needs a `const struct X *`, not `{ty}`"
                ));
            };
            let Some(r) = ir.record(record) else {
                return Err(format!(
                    "{what}: struct {record} is not defined in the headers"
                ));
            };
            for f in &r.fields {
                if f.bit_width.is_some() || f.name.is_empty() {
                    return Err(format!(
                        "{what}: struct {record} has bitfields or anonymous members"
                    ));
                }
                let fwhat = format!("field `{}` of {what}", f.name);
                let fty = rust_param(
                    ir,
                    objects,
                    enums,
                    (&f.ty, pattern_of(&f.name)),
                    &cx,
                    &fwhat,
                )?;
                params.push((
                    f.name.clone(),
                    fty,
                    Source::Field {
                        arg: i,
                        field: f.name.clone(),
                    },
                ));
            }
            c_args.push((
                name,
                CArg::Unpacked {
                    record: record.to_owned(),
                },
            ));
            continue;
        }
        let rust = rust_param(ir, objects, enums, (ty, pattern_of(&name)), &cx, &what)?;
        match &rust {
            Ty::Enum { .. } if !matches!(ret, Ret::Errno | Ret::Value(_) | Ret::Status { .. }) => {
                return Err(format!(
                    "{what} is an enum, and the return cannot report a value outside it"
                ));
            }
            Ty::OutScalar(_) | Ty::Owned { .. }
                if !matches!(
                    ret,
                    Ret::Errno | Ret::Value(_) | Ret::Unit | Ret::Status { .. }
                ) =>
            {
                return Err(format!(
                    "{what} may be NULL, and the return cannot report it"
                ));
            }
            Ty::CStr => {
                return Err(format!(
                    "{what} is a C string whose lifetime the table does not state"
                ));
            }
            _ => {}
        }
        c_args.push((name.clone(), CArg::Direct(rust.clone())));
        params.push((name, rust, Source::Arg(i)));
    }
    let handoff =
        !matches!(ret, Ret::Unit) && params.iter().any(|(_, t, _)| matches!(t, Ty::Owned { .. }));
    if handoff && !matches!(ret, Ret::Errno | Ret::Status { .. }) {
        return Err("hands an object over but returns a value C acts on".into());
    }
    Ok(Callback {
        field: field.to_owned(),
        context,
        why: None,
        c_args,
        params,
        ret,
        handoff,
        hand_back: None,
        required: false,
        doc: None,
    })
}
