//! One ops-table slot: which Rust parameters a callback gets, where each comes from in the
//! C arguments, and what it returns.

use std::collections::HashMap;

use super::method::{default_ret, param_type};
use super::model::{Access, Object};
use super::types::{self, Ty};
use super::{Problems, Ret};
use crate::ir::Ir;
use crate::rust_path::RustPath;
use crate::spec::At;
use crate::spec::values::{ParamPattern, ParamPosition, QualifiedName};

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

/// A parameter of a trampoline, as C passes it.
#[derive(Clone, Debug)]
pub struct CArgument {
    pub name: String,
    pub arg: CArg,
}

/// A parameter of the driver's method, and the C argument it is made from.
#[derive(Clone, Debug)]
pub struct RustParam {
    pub name: String,
    pub ty: Ty,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct Callback {
    pub field: String,
    /// The path bindgen's Rust takes to the slot (`__bindgen_anon_1.remove` for a member
    /// of an anonymous union; else the field's name).
    pub member: Vec<String>,
    pub context: CallContext,
    /// The spec's `why` for this callback, for its SAFETY arguments.
    pub why: Option<String>,
    /// The C arguments, named.
    pub c_args: Vec<CArgument>,
    /// The Rust parameters.
    pub params: Vec<RustParam>,
    pub ret: Ret,
    /// The callback hands an object over (`owned`) and C reads its return: the driver
    /// reports the outcome when it ends the object, so C is always told success. An error
    /// returned to C as well would make C end the object a second time.
    pub handoff: bool,
    /// The driver may give the handed-over object back with a status (spec `hand_back`).
    pub hand_back: Option<super::model::HandBack>,
    /// C calls it unconditionally (spec `required`): no default, the slot is never NULL.
    pub required: bool,
    /// What it does with the driver's per-device data (spec `makes_data`, ...).
    pub device_data: Option<super::model::DataRole>,
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

/// The view type of `object` named `name`, as a parameter type for `mapped`.
fn view_ty(object: &Object, name: &str, mapped: &Ty, what: &str) -> Result<Ty, String> {
    if !object.views.iter().any(|v| v.name == name) {
        return Err(format!("{what}: {} has no view `{name}`", object.name));
    }
    Ok(Ty::View {
        rust: RustPath::new(object.module.clone(), name),
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
    /// Positions the spec's `rename` gives the name of another parameter: (the renamed
    /// position, the other). Only names made from types are made distinct (`distinct`).
    pub repeated: Vec<(usize, usize)>,
}

pub(super) fn param_names(
    cb: &crate::ir::Callback,
    field: &str,
    renames: &[(At<ParamPosition>, At<String>)],
    objects: &HashMap<String, Object>,
) -> ParamNames {
    let mut unnamed = Vec::new();
    let names: Vec<String> = (0..cb.params.len())
        .map(|i| {
            let declared = cb.param_names.get(i).filter(|n| !n.is_empty());
            let renamed =
                (renames.iter()).find(|(k, _)| k.value.callback == field && k.value.position == i);
            if let Some((_, name)) = renamed {
                return name.value.clone();
            }
            if let Some(name) = declared {
                return name.clone();
            }
            match cb.params[i].struct_pointer() {
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
    let renamed = |i: usize| {
        (renames.iter()).any(|(k, _)| k.value.callback == field && k.value.position == i)
    };
    let repeated = (0..names.len())
        .filter(|&i| renamed(i))
        .filter_map(|i| {
            Some((
                i,
                (0..names.len()).find(|&j| j != i && names[j] == names[i])?,
            ))
        })
        .collect();
    ParamNames {
        names: distinct(names),
        unnamed,
        repeated,
    }
}

/// Names made from types can repeat (two `struct phy_device *`): later ones get their
/// position (`phy_device`, `phy_device_1`).
fn distinct(mut names: Vec<String>) -> Vec<String> {
    for i in 1..names.len() {
        if names[..i].contains(&names[i]) {
            names[i] = format!("{}_{i}", names[i]);
        }
    }
    names
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
    enums: &[super::method::SpecEnum],
    (ty, pattern): (&crate::ir::CType, Option<&ParamPattern>),
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
    if let Some(ParamPattern::View(name)) = pattern {
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
    pattern: Option<&ParamPattern>,
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
        Some(ParamPattern::Owned) if c_const => {
            Err(format!("{what} hands over struct {c_record} as const"))
        }
        Some(ParamPattern::Owned) if typed.is_some_and(|t| t != cx.table) => Err(format!(
            "{what}: struct {c_record} is typed by struct {}, so only its callbacks can hand it over",
            typed.unwrap_or_default()
        )),
        Some(ParamPattern::Owned) => Ok(Ty::Owned {
            rust,
            c_record,
            typed: typed.is_some(),
        }),
        Some(ParamPattern::Borrowed) => match &o.borrowed {
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
    pattern: Option<&ParamPattern>,
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
    /// The spec's `params` of this callback: (`callback.parameter`, pattern).
    pub overrides: &'a [(&'a At<QualifiedName>, &'a ParamPattern)],
    /// The parameters' names (see `param_names`).
    pub names: Vec<String>,
    pub context: CallContext,
    /// The ops table's C record.
    pub table: &'a str,
}

impl Slot<'_> {
    /// The spec's pattern for parameter (or unpacked field) `name`.
    fn pattern_of(&self, name: &str) -> Option<&ParamPattern> {
        self.overrides
            .iter()
            .find(|(k, _)| k.value.name == name)
            .map(|(_, v)| *v)
    }
}

/// Why a slot cannot be made safe, and the spec key (`returns`, `params`) whose entry for
/// it made it so, if one did: that entry is the mistake to report, the slot's other
/// entries only follow from it.
#[derive(Clone, Debug)]
pub struct Unsafe {
    pub reason: String,
    pub by: Option<&'static str>,
}

impl Unsafe {
    fn by(by: Option<&'static str>) -> impl FnOnce(String) -> Unsafe {
        move |reason| Unsafe { reason, by }
    }
}

/// A slot as a trait method: what it returns, its Rust parameters and where each comes
/// from in the C arguments; or why it cannot be made safe.
pub(super) fn callback(
    problems: &mut Problems<'_>,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[super::method::SpecEnum],
    slot: Slot<'_>,
) -> Result<Callback, Unsafe> {
    let returns = slot.ret_override.is_some().then_some("returns");
    let ret =
        slot_ret(ir, enums, slot.cb, slot.ret_override.clone()).map_err(Unsafe::by(returns))?;
    check_param_keys(problems, ir, &slot);
    let typing = SlotTyping {
        ir,
        objects,
        enums,
        slot: &slot,
        cx: ParamContext {
            call: &slot.context,
            table: slot.table,
        },
    };
    let Args { c_args, params } = typing.args(&ret)?;
    // Only `unpack` can make two parameters of one name: its fields are named by C.
    let repeated =
        (params.iter().enumerate()).find(|(i, p)| params[..*i].iter().any(|q| q.name == p.name));
    if let Some((_, p)) = repeated
        && let Source::Field { arg, .. } = &p.source
    {
        let reason = format!(
            "`unpack` of `{}` makes a parameter `{}`, and another parameter has that name",
            c_args[*arg].name, p.name
        );
        return Err(Unsafe::by(Some("params"))(reason));
    }
    let handoff =
        !matches!(ret, Ret::Unit) && params.iter().any(|p| matches!(p.ty, Ty::Owned { .. }));
    if handoff && !matches!(ret, Ret::Errno | Ret::Status { .. }) {
        // The object is handed over by a `params` entry (`owned`).
        let reason = "hands an object over but returns a value C acts on".to_owned();
        return Err(Unsafe::by(Some("params"))(reason));
    }
    Ok(Callback {
        field: slot.field.to_owned(),
        member: vec![slot.field.to_owned()],
        context: slot.context,
        why: None,
        c_args,
        params,
        ret,
        handoff,
        hand_back: None,
        required: false,
        device_data: None,
        doc: None,
    })
}

/// What the slot returns: the spec's pattern (a `status(f)` one checked against the C
/// return type), else what the C return type means by convention.
fn slot_ret(
    ir: &Ir,
    enums: &[super::method::SpecEnum],
    cb: &crate::ir::Callback,
    ret_override: Option<Ret>,
) -> Result<Ret, String> {
    match ret_override {
        Some(Ret::Status { from_errno, .. }) => match super::check_status(ir, &from_errno) {
            Ok(c_type) if c_type.same_as(&cb.ret) => Ok(Ret::Status {
                from_errno,
                c_type: c_type.to_string(),
            }),
            Ok(c_type) => Err(format!(
                "returns `{}`, but `{from_errno}` makes `{c_type}`",
                cb.ret
            )),
            Err(e) => Err(e),
        },
        Some(r) => super::pattern_fits(&r, &cb.ret).map(|()| r),
        None => default_ret(ir, &cb.ret, enums),
    }
}

/// Every `params` key of the slot names one of its parameters, or a field of a struct
/// one of them unpacks.
fn check_param_keys(problems: &mut Problems<'_>, ir: &Ir, slot: &Slot<'_>) {
    let mut known: Vec<String> = slot.names.clone();
    for (i, ty) in slot.cb.params.iter().enumerate() {
        let unpacked = slot
            .overrides
            .iter()
            .any(|(k, v)| **v == ParamPattern::Unpack && k.value.name == slot.names[i]);
        if unpacked
            && let Some((record, _)) = ty.struct_pointer()
            && let Some(r) = ir.record(record)
        {
            known.extend(r.fields.iter().map(|f| f.name.clone()));
        }
    }
    for (key, _) in slot.overrides {
        let param = &key.value.name;
        if !known.iter().any(|n| n == param) {
            let a = At::new(param.clone(), key.span.clone());
            problems.unknown(
                &format!("parameter of callback `{}`", slot.field),
                &a,
                known.iter().map(String::as_str),
            );
        }
    }
}

/// A slot's C arguments and the Rust parameters made from them.
#[derive(Default)]
struct Args {
    c_args: Vec<CArgument>,
    params: Vec<RustParam>,
}

/// What a slot's parameters are typed against.
struct SlotTyping<'a> {
    ir: &'a Ir,
    objects: &'a HashMap<String, Object>,
    enums: &'a [super::method::SpecEnum],
    slot: &'a Slot<'a>,
    cx: ParamContext<'a>,
}

impl SlotTyping<'_> {
    /// Every C argument in order: unpacked into its fields, or one Rust parameter.
    /// A parameter the spec gives a pattern (`unpack` included) that fails is that
    /// `params` entry's doing.
    fn args(&self, ret: &Ret) -> Result<Args, Unsafe> {
        let mut args = Args::default();
        for (i, ty) in self.slot.cb.params.iter().enumerate() {
            let name = self.slot.names[i].clone();
            let pattern = self.slot.pattern_of(&name);
            let by = Unsafe::by(pattern.is_some().then_some("params"));
            if pattern == Some(&ParamPattern::Unpack) {
                self.unpack(i, name, ty, &mut args).map_err(by)?;
            } else {
                self.direct(i, name, ty, ret, &mut args).map_err(by)?;
            }
        }
        Ok(args)
    }

    /// A `const struct X *` the spec unpacks (`unpack`): one Rust parameter per field.
    fn unpack(
        &self,
        i: usize,
        name: String,
        ty: &crate::ir::CType,
        args: &mut Args,
    ) -> Result<(), String> {
        let what = format!("parameter `{name}`");
        let Some((record, true)) = ty.struct_pointer() else {
            return Err(format!(
                "{what}: `unpack` needs a `const struct X *`, not `{ty}`"
            ));
        };
        let Some(r) = self.ir.record(record) else {
            return Err(format!(
                "{what}: struct {record} is not defined in the headers"
            ));
        };
        for f in &r.fields {
            if f.bit_width.is_some() || f.anonymous.is_some() {
                return Err(format!(
                    "{what}: struct {record} has bitfields or anonymous members"
                ));
            }
            let fwhat = format!("field `{}` of {what}", f.name);
            let pattern = self.slot.pattern_of(&f.name);
            let fty = self.param_ty(&f.ty, pattern, &fwhat)?;
            let source = Source::Field {
                arg: i,
                field: f.name.clone(),
            };
            args.params.push(RustParam {
                name: f.name.clone(),
                ty: fty,
                source,
            });
        }
        let record = record.to_owned();
        args.c_args.push(CArgument {
            name,
            arg: CArg::Unpacked { record },
        });
        Ok(())
    }

    /// A C argument passed as one Rust parameter. Where C's value may be outside what the
    /// parameter can hold, the return must be able to tell C so.
    fn direct(
        &self,
        i: usize,
        name: String,
        ty: &crate::ir::CType,
        ret: &Ret,
        args: &mut Args,
    ) -> Result<(), String> {
        let what = format!("parameter `{name}`");
        let rust = self.param_ty(ty, self.slot.pattern_of(&name), &what)?;
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
        args.c_args.push(CArgument {
            name: name.clone(),
            arg: CArg::Direct(rust.clone()),
        });
        args.params.push(RustParam {
            name,
            ty: rust,
            source: Source::Arg(i),
        });
        Ok(())
    }

    /// One Rust parameter from a C value of type `ty`, honouring `pattern`.
    fn param_ty(
        &self,
        ty: &crate::ir::CType,
        pattern: Option<&ParamPattern>,
        what: &str,
    ) -> Result<Ty, String> {
        rust_param(
            self.ir,
            self.objects,
            self.enums,
            (ty, pattern),
            &self.cx,
            what,
        )
    }
}
