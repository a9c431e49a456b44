//! `[ops.X]`: a C ops table as a Rust trait. Each function-pointer field whose parameters
//! and return all have a pattern becomes an optional trait method (NULL slot when not
//! implemented); the rest are left NULL and reported with the reason.

use std::collections::HashMap;

use super::object::{Access, Object, default_ret, enum_table, member_doc, param_type};
use super::types::{self, Ty};
use super::{Api, Module, Problems, ReportLine, Ret, Verdict, split_path};
use crate::ir::{Doc, Ir};
use crate::spec::{At, Spec};

#[derive(Clone, Debug)]
pub struct Callback {
    pub field: String,
    pub params: Vec<(String, Ty)>,
    pub ret: Ret,
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub enum ConstSlot {
    /// A `char *` field: a required `&'static CStr` constant.
    Name { field: String, rust: String, doc: Option<String> },
    /// An integer field: a constant defaulting to 0.
    Integer { field: String, rust: String, ty: &'static str, doc: Option<String> },
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

pub(crate) fn infer_all(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, objects: &HashMap<String, Object>, api: &mut Api) {
    let mut ids = HashMap::new();
    for id in &spec.ids {
        let Some(record) = ir.record(&id.c_name.value) else {
            p.unknown("struct", &id.c_name, ir.records.iter().map(|r| r.name.as_str()));
            continue;
        };
        let Some((module, name)) = split_path(p, &id.rust) else { continue };
        let fields: Option<Vec<(String, &'static str)>> =
            record.fields.iter().map(|f| Some((f.name.clone(), types::scalar(&ir.canonical(&f.ty))?))).collect();
        let Some(fields) = fields.filter(|f| f.len() == 2) else {
            p.at(&id.c_name.span, format!("struct {} is not an (id, mask) pair of integers", record.name));
            continue;
        };
        let id_type = IdType {
            module: module.clone(),
            name,
            c_record: record.name.clone(),
            fields,
            masks: id.masks.iter().map(|(k, v)| (k.value.clone(), v.value)).collect(),
            doc: record.doc.clone(),
        };
        ids.insert(record.name.clone(), id_type.clone());
        api.modules.entry(module.clone()).or_insert_with(|| Module { path: module, ..Module::default() }).ids.push(id_type);
    }

    let enums = enum_table(api);
    for o in &spec.ops {
        let Some(record) = ir.record(&o.c_name.value) else {
            p.unknown("struct", &o.c_name, ir.records.iter().map(|r| r.name.as_str()));
            continue;
        };
        let Some((module, name)) = split_path(p, &o.rust) else { continue };
        let callbacks_named = || record.fields.iter().filter(|f| f.callback.is_some()).map(|f| f.name.as_str());
        if callbacks_named().next().is_none() {
            p.at(&o.c_name.span, format!("struct {} has no function-pointer fields: it is not an ops table", record.name));
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
        for name in o.skip.iter().chain(o.returns.iter().map(|(k, _)| k)).chain(o.params.iter().map(|(k, _)| k)) {
            let callback = name.value.split('.').next().unwrap_or_default();
            if !callbacks_named().any(|c| c == callback) {
                p.unknown(&format!("callback of struct {}", record.name), &At::new(callback.to_owned(), name.span.clone()), callbacks_named());
            }
        }
        for (name, pattern) in &o.returns {
            if Ret::from_pattern(&pattern.value).is_none() {
                p.at(&pattern.span, format!("unknown return pattern `{}` for `{}`; patterns: {}", pattern.value, name.value, super::RETURN_PATTERNS.join(", ")));
            }
        }
        for (name, _) in &o.params {
            p.at(&name.span, format!("no parameter pattern applies to `{}` in this version; remove it or use `skip`", name.value));
        }

        if let Some(id) = &o.id {
            match ids.get(&id.value) {
                Some(t) => {
                    let shared: Vec<String> = t.fields.iter().map(|(f, _)| f.clone()).filter(|f| record.fields.iter().any(|r| &r.name == f)).collect();
                    if shared.is_empty() {
                        p.at(&id.span, format!("struct {} has none of the fields of struct {}", record.name, t.c_record));
                    }
                    ops.id = Some((format!("{}::{}", t.module, t.name), shared));
                }
                None => p.unknown("[id.*] entry", id, ids.keys().map(String::as_str)),
            }
        }
        for c in &o.consts {
            let Some(f) = record.fields.iter().find(|f| f.name == c.value) else {
                p.unknown(&format!("field of struct {}", record.name), c, record.fields.iter().map(|f| f.name.as_str()));
                continue;
            };
            let doc = member_doc(record.doc.as_ref(), &f.name);
            let canonical = ir.canonical(&f.ty);
            if canonical == "char *" || canonical == "const char *" {
                ops.consts.push(ConstSlot::Name { field: f.name.clone(), rust: f.name.to_ascii_uppercase(), doc });
            } else if let Some(ty) = types::scalar(&canonical) {
                ops.consts.push(ConstSlot::Integer { field: f.name.clone(), rust: f.name.to_ascii_uppercase(), ty, doc });
            } else {
                p.at(&c.span, format!("`{}` is `{}`: constants are strings or integers", f.name, f.ty));
            }
        }

        let returns: HashMap<&str, &At<String>> = o.returns.iter().map(|(k, v)| (k.value.as_str(), v)).collect();
        for field in record.fields.iter().filter(|f| f.callback.is_some()) {
            let Some(cb) = &field.callback else { continue };
            let item = format!("{}.{}", record.name, field.name);
            if o.skip.iter().any(|s| s.value == field.name) {
                let reason = "skipped by the spec".to_owned();
                api.report.push(ReportLine { item: item.clone(), verdict: Verdict::Skipped(reason.clone()) });
                ops.skipped.push((field.name.clone(), reason));
                continue;
            }
            let ret_override = returns.get(field.name.as_str()).and_then(|r| Ret::from_pattern(&r.value));
            match callback(ir, objects, &enums, field.name.as_str(), cb, ret_override) {
                Ok(mut c) => {
                    c.doc = member_doc(record.doc.as_ref(), &field.name);
                    api.report.push(ReportLine { item: format!("{item} -> {}::{}", ops.name, c.field), verdict: Verdict::Safe });
                    ops.callbacks.push(c);
                }
                Err(reason) => {
                    api.report.push(ReportLine { item, verdict: Verdict::Skipped(reason.clone()) });
                    ops.skipped.push((field.name.clone(), reason));
                }
            }
        }

        if let Some(cleanup) = &o.cleanup {
            match ops.callbacks.iter().find(|c| c.field == cleanup.value) {
                Some(c) => match c.params.first() {
                    Some((_, Ty::Object { c_record, .. })) if let Some(private) = objects.get(c_record).and_then(|o| o.private.clone()) => {
                        ops.cleanup = Some((c.field.clone(), private));
                    }
                    _ => p.at(&cleanup.span, format!("`{}` does not act on an object with `private` data", cleanup.value)),
                },
                None => p.unknown(&format!("safe callback of struct {}", record.name), cleanup, ops.callbacks.iter().map(|c| c.field.as_str())),
            }
        }

        if !o.register.is_empty() {
            ops.registration = registration(p, ir, &record.name, &o.register, &o.c_name);
        }
        api.modules.entry(module.clone()).or_insert_with(|| Module { path: module, ..Module::default() }).ops.push(ops);
    }
}

fn callback(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    enums: &[(String, String, String)],
    field: &str,
    cb: &crate::ir::Callback,
    ret_override: Option<Ret>,
) -> Result<Callback, String> {
    let ret = match ret_override {
        Some(r) => r,
        None => default_ret(ir, &cb.ret, enums)?,
    };
    let mut params = Vec::new();
    for (i, ty) in cb.params.iter().enumerate() {
        let ty = param_type(ir, objects, ty, enums).map_err(|e| format!("parameter {} is {e}", i + 1))?;
        if let Ty::Enum { .. } = ty
            && !matches!(ret, Ret::Errno | Ret::Value(_))
        {
            return Err(format!("parameter {} is an enum, and the return cannot report a value outside it", i + 1));
        }
        if let Ty::OutScalar(_) = ty
            && !matches!(ret, Ret::Errno | Ret::Value(_) | Ret::Unit)
        {
            return Err(format!("parameter {} is a pointer that may be NULL, and the return cannot report it", i + 1));
        }
        if let Ty::Object { c_record, mutable, .. } = &ty
            && let Some(o) = objects.get(c_record)
            && o.access == Access::Owned
            && !mutable
        {
            return Err(format!("parameter {} hands over struct {c_record} as const", i + 1));
        }
        if matches!(ty, Ty::CStr) {
            return Err(format!("parameter {} is a C string whose lifetime the table does not state", i + 1));
        }
        let declared = cb.param_names.get(i).filter(|n| !n.is_empty()).cloned();
        let name = declared.unwrap_or_else(|| match &ty {
            Ty::Object { rust, .. } => rust.rsplit("::").next().unwrap_or("object").to_ascii_lowercase(),
            _ => format!("arg{i}"),
        });
        params.push((name, ty));
    }
    Ok(Callback { field: field.to_owned(), params, ret, doc: None })
}

fn registration(p: &mut Problems<'_>, ir: &Ir, record: &str, names: &[At<String>], at: &At<String>) -> Option<Registration> {
    let [register, unregister] = names else {
        p.at(&at.span, "`register` takes two names: [\"register_fn\", \"unregister_fn\"]");
        return None;
    };
    let mut found = Vec::new();
    for name in [register, unregister] {
        match ir.function(&name.value) {
            Some(f) => found.push(f),
            None => {
                p.unknown("function", name, ir.functions.iter().map(|f| f.name.as_str()));
                return None;
            }
        }
    }
    let (reg, unreg) = (found[0], found[1]);
    let takes_table = |f: &crate::ir::Function| f.params.first().and_then(|p| types::record_pointer(&p.ty)).is_some_and(|(r, _)| r == record);
    let is_count = |ty: &crate::ir::CType| types::scalar(&ir.canonical(ty)).is_some_and(|s| s != "bool");
    let is_module = |ty: &crate::ir::CType| types::record_pointer(ty).is_some_and(|(r, _)| r == "module");
    if !takes_table(reg) || !takes_table(unreg) {
        p.at(&register.span, format!("both functions must take `struct {record} *` first"));
        return None;
    }
    let reg_rest: Vec<_> = reg.params[1..].iter().map(|p| &p.ty).collect();
    let unreg_rest: Vec<_> = unreg.params[1..].iter().map(|p| &p.ty).collect();
    let (kind, takes_module) = match (reg_rest.as_slice(), unreg_rest.as_slice()) {
        ([n, m], [k]) if is_count(n) && is_module(m) && is_count(k) => (RegistrationKind::Array, true),
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
        p.at(&register.span, format!("`{}` must return int (0/-errno) and `{}` void", reg.name, unreg.name));
        return None;
    }
    Some(Registration { register: reg.name.clone(), unregister: unreg.name.clone(), kind, takes_module })
}
