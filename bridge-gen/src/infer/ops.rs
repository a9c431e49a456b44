//! `[ops.X]`: a C ops table as a Rust trait. Each function-pointer field whose parameters
//! and return all have a pattern becomes an optional trait method (NULL slot when not
//! implemented); the rest are left NULL and reported with the reason.

use std::collections::HashMap;

use super::object::{Access, Object, default_ret, enum_table, member_doc, param_type};
use super::types::{self, Ty};
use super::{Api, Module, Problems, ReportLine, Ret, Verdict, split_path};
use crate::ir::{Doc, Ir};
use crate::spec::{At, Spec};

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

#[derive(Clone, Debug)]
pub struct Callback {
    pub field: String,
    /// The C arguments, named.
    pub c_args: Vec<(String, CArg)>,
    /// The Rust parameters.
    pub params: Vec<(String, Ty, Source)>,
    pub ret: Ret,
    /// The callback hands an object over (`owned`) and C reads its return: the driver
    /// reports the outcome when it ends the object, so C is always told success. An error
    /// returned to C as well would make C end the object a second time.
    pub handoff: bool,
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

#[derive(Clone, Debug)]
pub enum ConstSlot {
    /// A `char *` field: a required `&'static CStr` constant.
    Name {
        field: String,
        rust: String,
        doc: Option<String>,
    },
    /// An integer field: a constant defaulting to 0.
    Integer {
        field: String,
        rust: String,
        ty: &'static str,
        doc: Option<String>,
    },
}

/// `[id.X]`: a device-id entry type with named mask constructors.
#[derive(Clone, Debug)]
pub struct IdType {
    pub module: String,
    pub name: String,
    pub c_record: String,
    /// The integer fields, in order: the first is the id, the second its mask.
    pub fields: Vec<(String, &'static str)>,
    pub masks: Vec<(String, u64)>,
    pub doc: Option<Doc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationKind {
    /// `register(table *, int n, struct module *)` / `unregister(table *, int n)`.
    Array,
    /// `register(table *)` / `unregister(table *)`.
    Single,
}

#[derive(Clone, Debug)]
pub struct Registration {
    pub register: String,
    pub unregister: String,
    pub kind: RegistrationKind,
    pub takes_module: bool,
}

#[derive(Clone, Debug)]
pub struct Ops {
    pub module: String,
    pub name: String,
    pub c_record: String,
    pub consts: Vec<ConstSlot>,
    /// The id type and the ops-table fields filled from it.
    pub id: Option<(String, Vec<String>)>,
    pub callbacks: Vec<Callback>,
    pub skipped: Vec<(String, String)>,
    pub registration: Option<Registration>,
    /// The callback after which the object's private data is dropped, and that field.
    pub cleanup: Option<(String, String)>,
    pub doc: Option<Doc>,
    /// Number of function-pointer fields in the C table.
    pub slots: usize,
}

pub(crate) fn infer_all(
    p: &mut Problems<'_>,
    spec: &Spec,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    api: &mut Api,
) {
    let mut ids = HashMap::new();
    for id in &spec.ids {
        let Some(record) = ir.record(&id.c_name.value) else {
            p.unknown(
                "struct",
                &id.c_name,
                ir.records.iter().map(|r| r.name.as_str()),
            );
            continue;
        };
        let Some((module, name)) = split_path(p, &id.rust) else {
            continue;
        };
        let fields: Option<Vec<(String, &'static str)>> = record
            .fields
            .iter()
            .map(|f| Some((f.name.clone(), types::scalar(&ir.canonical(&f.ty))?)))
            .collect();
        let Some(fields) = fields.filter(|f| f.len() == 2) else {
            p.at(
                &id.c_name.span,
                format!(
                    "struct {} is not an (id, mask) pair of integers",
                    record.name
                ),
            );
            continue;
        };
        let id_type = IdType {
            module: module.clone(),
            name,
            c_record: record.name.clone(),
            fields,
            masks: id
                .masks
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value))
                .collect(),
            doc: record.doc.clone(),
        };
        ids.insert(record.name.clone(), id_type.clone());
        api.modules
            .entry(module.clone())
            .or_insert_with(|| Module {
                path: module,
                ..Module::default()
            })
            .ids
            .push(id_type);
    }

    let enums = enum_table(api);
    for o in &spec.ops {
        let Some(record) = ir.record(&o.c_name.value) else {
            p.unknown(
                "struct",
                &o.c_name,
                ir.records.iter().map(|r| r.name.as_str()),
            );
            continue;
        };
        let Some((module, name)) = split_path(p, &o.rust) else {
            continue;
        };
        let callbacks_named = || {
            record
                .fields
                .iter()
                .filter(|f| f.callback.is_some())
                .map(|f| f.name.as_str())
        };
        if callbacks_named().next().is_none() {
            p.at(
                &o.c_name.span,
                format!(
                    "struct {} has no function-pointer fields: it is not an ops table",
                    record.name
                ),
            );
            continue;
        }
        let mut ops = Ops {
            module: module.clone(),
            name,
            c_record: record.name.clone(),
            consts: Vec::new(),
            id: None,
            callbacks: Vec::new(),
            skipped: Vec::new(),
            registration: None,
            cleanup: None,
            doc: record.doc.clone(),
            slots: callbacks_named().count(),
        };
        for name in o
            .skip
            .iter()
            .chain(o.returns.iter().map(|(k, _)| k))
            .chain(o.params.iter().map(|(k, _)| k))
        {
            let callback = name.value.split('.').next().unwrap_or_default();
            if !callbacks_named().any(|c| c == callback) {
                p.unknown(
                    &format!("callback of struct {}", record.name),
                    &At::new(callback.to_owned(), name.span.clone()),
                    callbacks_named(),
                );
            }
        }
        for (name, pattern) in &o.returns {
            if Ret::from_pattern(&pattern.value).is_none() {
                p.at(
                    &pattern.span,
                    format!(
                        "unknown return pattern `{}` for `{}`; patterns: {}",
                        pattern.value,
                        name.value,
                        super::RETURN_PATTERNS.join(", ")
                    ),
                );
            }
        }
        for (name, pattern) in &o.params {
            if !name.value.contains('.') {
                p.at(
                    &name.span,
                    format!(
                        "`params` keys are `callback.parameter`, not `{}`",
                        name.value
                    ),
                );
            }
            if !PARAM_PATTERNS.contains(&pattern.value.as_str()) {
                let hint = crate::spec::suggest::did_you_mean(&pattern.value, PARAM_PATTERNS);
                p.at(
                    &pattern.span,
                    format!(
                        "unknown parameter pattern `{}`{hint}; patterns: {}",
                        pattern.value,
                        PARAM_PATTERNS.join(", ")
                    ),
                );
            }
        }

        if let Some(id) = &o.id {
            match ids.get(&id.value) {
                Some(t) => {
                    let shared: Vec<String> = t
                        .fields
                        .iter()
                        .map(|(f, _)| f.clone())
                        .filter(|f| record.fields.iter().any(|r| &r.name == f))
                        .collect();
                    if shared.is_empty() {
                        p.at(
                            &id.span,
                            format!(
                                "struct {} has none of the fields of struct {}",
                                record.name, t.c_record
                            ),
                        );
                    }
                    ops.id = Some((format!("{}::{}", t.module, t.name), shared));
                }
                None => p.unknown("[id.*] entry", id, ids.keys().map(String::as_str)),
            }
        }
        for c in &o.consts {
            let Some(f) = record.fields.iter().find(|f| f.name == c.value) else {
                p.unknown(
                    &format!("field of struct {}", record.name),
                    c,
                    record.fields.iter().map(|f| f.name.as_str()),
                );
                continue;
            };
            let doc = member_doc(record.doc.as_ref(), &f.name);
            let canonical = ir.canonical(&f.ty);
            if canonical == "char *" || canonical == "const char *" {
                ops.consts.push(ConstSlot::Name {
                    field: f.name.clone(),
                    rust: f.name.to_ascii_uppercase(),
                    doc,
                });
            } else if let Some(ty) = types::scalar(&canonical) {
                ops.consts.push(ConstSlot::Integer {
                    field: f.name.clone(),
                    rust: f.name.to_ascii_uppercase(),
                    ty,
                    doc,
                });
            } else {
                p.at(
                    &c.span,
                    format!(
                        "`{}` is `{}`: constants are strings or integers",
                        f.name, f.ty
                    ),
                );
            }
        }

        let returns: HashMap<&str, &At<String>> = o
            .returns
            .iter()
            .map(|(k, v)| (k.value.as_str(), v))
            .collect();
        for field in record.fields.iter().filter(|f| f.callback.is_some()) {
            let Some(cb) = &field.callback else { continue };
            let item = format!("{}.{}", record.name, field.name);
            if o.skip.iter().any(|s| s.value == field.name) {
                let reason = "skipped by the spec".to_owned();
                api.report.push(ReportLine {
                    item: item.clone(),
                    verdict: Verdict::Skipped(reason.clone()),
                });
                ops.skipped.push((field.name.clone(), reason));
                continue;
            }
            let ret_override = returns
                .get(field.name.as_str())
                .and_then(|r| Ret::from_pattern(&r.value));
            let overrides: Vec<(&At<String>, &str)> = o
                .params
                .iter()
                .filter_map(|(k, v)| {
                    let (callback, param) = k.value.split_once('.')?;
                    (callback == field.name)
                        .then_some((k, param))
                        .map(|(k, param)| {
                            let _ = param;
                            (k, v.value.as_str())
                        })
                })
                .collect();
            match callback(
                p,
                ir,
                objects,
                &enums,
                field.name.as_str(),
                cb,
                ret_override,
                &overrides,
            ) {
                Ok(mut c) => {
                    c.doc = member_doc(record.doc.as_ref(), &field.name);
                    api.report.push(ReportLine {
                        item: format!("{item} -> {}::{}", ops.name, c.field),
                        verdict: Verdict::Safe,
                    });
                    ops.callbacks.push(c);
                }
                Err(reason) => {
                    api.report.push(ReportLine {
                        item,
                        verdict: Verdict::Skipped(reason.clone()),
                    });
                    ops.skipped.push((field.name.clone(), reason));
                }
            }
        }

        if let Some(cleanup) = &o.cleanup {
            match ops.callbacks.iter().find(|c| c.field == cleanup.value) {
                Some(c) => match c.params.first() {
                    Some((_, Ty::Object { c_record, .. }, _))
                        if let Some(private) =
                            objects.get(c_record).and_then(|o| o.private.clone()) =>
                    {
                        ops.cleanup = Some((c.field.clone(), private));
                    }
                    _ => p.at(
                        &cleanup.span,
                        format!(
                            "`{}` does not act on an object with `private` data",
                            cleanup.value
                        ),
                    ),
                },
                None => p.unknown(
                    &format!("safe callback of struct {}", record.name),
                    cleanup,
                    ops.callbacks.iter().map(|c| c.field.as_str()),
                ),
            }
        }

        if !o.register.is_empty() {
            ops.registration = registration(p, ir, &record.name, &o.register, &o.c_name);
        }
        api.modules
            .entry(module.clone())
            .or_insert_with(|| Module {
                path: module,
                ..Module::default()
            })
            .ops
            .push(ops);
    }
}

/// Parameter patterns for `params = { "callback.parameter" = "..." }`.
pub const PARAM_PATTERNS: [&str; 3] = ["unpack", "owned", "borrowed"];

/// The name a callback parameter goes by: its declared name, or one made from its type.
fn param_name(cb: &crate::ir::Callback, i: usize, objects: &HashMap<String, Object>) -> String {
    if let Some(name) = cb.param_names.get(i).filter(|n| !n.is_empty()) {
        return name.clone();
    }
    match types::record_pointer(&cb.params[i]) {
        Some((record, _)) => objects
            .get(record)
            .map(|o| types::snake(&o.name))
            .unwrap_or_else(|| record.to_owned()),
        None => format!("arg{i}"),
    }
}

/// One Rust parameter from a C value of type `ty`, honouring an override pattern.
fn rust_param(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[(String, String, String)],
    ty: &crate::ir::CType,
    pattern: Option<&str>,
    what: &str,
) -> Result<Ty, String> {
    let mapped = param_type(ir, objects, ty, enums).map_err(|e| format!("{what} is {e}"))?;
    if let Ty::Object {
        rust,
        c_record,
        c_const,
        ..
    } = &mapped
        && let Some(o) = objects.get(c_record)
        && o.access == Access::Owned
    {
        return match pattern {
            Some("owned") if !c_const => Ok(Ty::Owned {
                rust: rust.clone(),
                c_record: c_record.clone(),
            }),
            Some("owned") => Err(format!("{what} hands over struct {c_record} as const")),
            Some("borrowed") => Ok(mapped),
            _ => Err(format!(
                "{what} is an owned struct {c_record}: the spec must say whether this call hands it over (`owned`) or lends it (`borrowed`)"
            )),
        };
    }
    match pattern {
        None => Ok(mapped),
        Some(p) => Err(format!("{what}: pattern `{p}` does not fit `{ty}`")),
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the inputs are independent"
)]
fn callback(
    problems: &mut Problems<'_>,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[(String, String, String)],
    field: &str,
    cb: &crate::ir::Callback,
    ret_override: Option<Ret>,
    overrides: &[(&At<String>, &str)],
) -> Result<Callback, String> {
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
    let names: Vec<String> = (0..cb.params.len())
        .map(|i| param_name(cb, i, objects))
        .collect();
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
                let fty = rust_param(ir, objects, enums, &f.ty, pattern_of(&f.name), &fwhat)?;
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
        let rust = rust_param(ir, objects, enums, ty, pattern_of(&name), &what)?;
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
        c_args,
        params,
        ret,
        handoff,
        doc: None,
    })
}

fn registration(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &str,
    names: &[At<String>],
    at: &At<String>,
) -> Option<Registration> {
    let [register, unregister] = names else {
        p.at(
            &at.span,
            "`register` takes two names: [\"register_fn\", \"unregister_fn\"]",
        );
        return None;
    };
    let mut found = Vec::new();
    for name in [register, unregister] {
        match ir.function(&name.value) {
            Some(f) => found.push(f),
            None => {
                p.unknown(
                    "function",
                    name,
                    ir.functions.iter().map(|f| f.name.as_str()),
                );
                return None;
            }
        }
    }
    let (reg, unreg) = (found[0], found[1]);
    let takes_table = |f: &crate::ir::Function| {
        f.params
            .first()
            .and_then(|p| types::record_pointer(&p.ty))
            .is_some_and(|(r, _)| r == record)
    };
    let is_count =
        |ty: &crate::ir::CType| types::scalar(&ir.canonical(ty)).is_some_and(|s| s != "bool");
    let is_module =
        |ty: &crate::ir::CType| types::record_pointer(ty).is_some_and(|(r, _)| r == "module");
    if !takes_table(reg) || !takes_table(unreg) {
        p.at(
            &register.span,
            format!("both functions must take `struct {record} *` first"),
        );
        return None;
    }
    let reg_rest: Vec<_> = reg.params[1..].iter().map(|p| &p.ty).collect();
    let unreg_rest: Vec<_> = unreg.params[1..].iter().map(|p| &p.ty).collect();
    let (kind, takes_module) = match (reg_rest.as_slice(), unreg_rest.as_slice()) {
        ([n, m], [k]) if is_count(n) && is_module(m) && is_count(k) => {
            (RegistrationKind::Array, true)
        }
        ([n], [k]) if is_count(n) && is_count(k) => (RegistrationKind::Array, false),
        ([m], []) if is_module(m) => (RegistrationKind::Single, true),
        ([], []) => (RegistrationKind::Single, false),
        _ => {
            p.at(&register.span, format!("`{}`/`{}` are not a register/unregister pair of a known shape ((table, n, owner)/(table, n) or (table[, owner])/(table))", reg.name, unreg.name));
            return None;
        }
    };
    let ret_ok = types::scalar(&ir.canonical(&reg.ret)) == Some("i32") && unreg.ret.is_void();
    if !ret_ok {
        p.at(
            &register.span,
            format!(
                "`{}` must return int (0/-errno) and `{}` void",
                reg.name, unreg.name
            ),
        );
        return None;
    }
    Some(Registration {
        register: reg.name.clone(),
        unregister: unreg.name.clone(),
        kind,
        takes_module,
    })
}
