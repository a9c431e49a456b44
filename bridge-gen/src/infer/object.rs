//! `[object.X]`: a C struct behind a `#[repr(transparent)]` wrapper, with methods from the
//! functions that take it first and accessors for the fields the spec names.

use std::collections::HashMap;

use super::types::{self, Ty};
use super::{Api, Module, Problems, ReportLine, Ret, Verdict, split_path};
use crate::ir::{Doc, Function, Ir, Record};
use crate::spec::{At, ObjectSpec, Spec};

/// Who may touch the object while Rust holds a reference, as the subsystem guarantees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The subsystem holds the object's lock across callbacks: `&mut`.
    LockedMut,
    /// C synchronises itself: `&`.
    Shared,
    /// The driver owns the object between two calls: a move-only token.
    Owned,
    /// Reference counted with `get`/`put`: `ARef`.
    RefCounted,
}

pub const ACCESS_NAMES: [&str; 4] = ["locked_mut", "shared", "owned", "refcounted"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    Ref,
    Mut,
    Value,
}

#[derive(Clone, Debug)]
pub struct Method {
    pub rust_name: String,
    pub c_name: String,
    pub receiver: Receiver,
    pub params: Vec<(String, Ty)>,
    pub ret: Ret,
    pub must_use: bool,
    pub doc: Option<Doc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessorKind {
    /// A one-bit bitfield, as `bool`, through bindgen's `NAME_raw` accessors.
    Flag,
    /// A wider bitfield, through bindgen's `NAME_raw` accessors.
    Bits(&'static str),
    Scalar(&'static str),
    Enum {
        rust: String,
        c_alias: String,
    },
}

#[derive(Clone, Debug)]
pub struct Accessor {
    pub field: String,
    pub kind: AccessorKind,
    pub writable: bool,
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Object {
    pub module: String,
    pub name: String,
    pub c_record: String,
    pub access: Access,
    pub private: Option<String>,
    pub methods: Vec<Method>,
    pub accessors: Vec<Accessor>,
    pub get: Option<String>,
    pub put: Option<String>,
    /// The function that ends an owned object, and the constants it is passed after it.
    pub release: Option<(String, Vec<String>)>,
    pub doc: Option<Doc>,
}

impl Object {
    pub fn rust_path(&self) -> String {
        format!("{}::{}", self.module, self.name)
    }
}

/// The `@name:` line of a kernel-doc comment.
pub fn member_doc(doc: Option<&Doc>, member: &str) -> Option<String> {
    let tag = format!("@{member}:");
    let text = &doc?.0;
    let start = text.find(&tag)? + tag.len();
    let rest = &text[start..];
    let end = rest
        .find("\n@")
        .or_else(|| rest.find("\n\n"))
        .unwrap_or(rest.len());
    let line = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// All objects, keyed by C record name, for the ops tables to refer to.
pub(crate) fn infer_all(
    p: &mut Problems<'_>,
    spec: &Spec,
    ir: &Ir,
    api: &mut Api,
) -> HashMap<String, Object> {
    let mut objects = HashMap::new();
    // Objects first without methods, so a method can take another object.
    let mut shells = Vec::new();
    for o in &spec.objects {
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
        let access = match o.access.as_ref().map(At::as_str) {
            None | Some("locked_mut") => Access::LockedMut,
            Some("shared") => Access::Shared,
            Some("owned") => Access::Owned,
            Some("refcounted") => Access::RefCounted,
            Some(other) => {
                let hint = crate::spec::suggest::did_you_mean(other, ACCESS_NAMES);
                p.at(
                    &o.access
                        .as_ref()
                        .map(|a| a.span.clone())
                        .unwrap_or_default(),
                    format!(
                        "unknown access pattern `{other}`{hint}; patterns: {}",
                        ACCESS_NAMES.join(", ")
                    ),
                );
                continue;
            }
        };
        let object = Object {
            module,
            name,
            c_record: record.name.clone(),
            access,
            private: None,
            methods: Vec::new(),
            accessors: Vec::new(),
            get: None,
            put: None,
            release: None,
            doc: record.doc.clone(),
        };
        objects.insert(record.name.clone(), object.clone());
        shells.push((o, record, object));
    }
    for (o, record, mut object) in shells {
        fill(p, o, record, ir, &objects, &mut object, api);
        api.report.push(ReportLine {
            item: format!("struct {} -> {}::from_raw", record.name, object.rust_path()),
            verdict: Verdict::Unsafe("the pointer is live and the access rule holds for the chosen lifetime (trampolines supply both)".into()),
        });
        objects.insert(record.name.clone(), object.clone());
        let module = object.module.clone();
        api.modules
            .entry(module.clone())
            .or_insert_with(|| Module {
                path: module,
                ..Module::default()
            })
            .objects
            .push(object);
    }
    objects
}

fn fill(
    p: &mut Problems<'_>,
    o: &ObjectSpec,
    record: &Record,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    object: &mut Object,
    api: &mut Api,
) {
    let field_names = || record.fields.iter().map(|f| f.name.as_str());
    if let Some(private) = &o.private {
        match record.fields.iter().find(|f| f.name == private.value) {
            Some(f) if f.ty.0.trim() == "void *" => object.private = Some(f.name.clone()),
            Some(f) => p.at(
                &private.span,
                format!(
                    "`private` must name a `void *` field; `{}` is `{}`",
                    f.name, f.ty
                ),
            ),
            None => p.unknown(
                &format!("field of struct {}", record.name),
                private,
                field_names(),
            ),
        }
    }
    if let Some(release) = &o.release {
        object.release = release_call(p, ir, record, release);
    }
    for (slot, value) in [(&mut object.get, &o.get), (&mut object.put, &o.put)] {
        if let Some(name) = value {
            match ir.function(&name.value) {
                Some(f) if first_is(f, &record.name) => *slot = Some(f.name.clone()),
                Some(_) => p.at(
                    &name.span,
                    format!(
                        "`{}` does not take `struct {} *` first",
                        name.value, record.name
                    ),
                ),
                None => p.unknown(
                    "function",
                    name,
                    ir.functions.iter().map(|f| f.name.as_str()),
                ),
            }
        }
    }
    if object.access == Access::RefCounted && (object.get.is_none() || object.put.is_none()) {
        p.at(
            &o.c_name.span,
            "access = \"refcounted\" needs `get` and `put` functions",
        );
    }
    if object.access == Access::Owned && object.release.is_none() {
        p.at(
            &o.c_name.span,
            "access = \"owned\" needs a `release` function for a token dropped unfinished",
        );
    }

    for field in &o.fields {
        let writable = o.fields_mut.iter().any(|f| f.value == field.value);
        accessor(p, ir, api, record, object, field, writable);
    }
    for field in o
        .fields_mut
        .iter()
        .filter(|f| !o.fields.iter().any(|g| g.value == f.value))
    {
        accessor(p, ir, api, record, object, field, true);
    }

    let enums = enum_table(api);
    let returns: HashMap<&str, &At<String>> = o
        .returns
        .iter()
        .map(|(k, v)| (k.value.as_str(), v))
        .collect();
    for (name, pattern) in &o.returns {
        if !o.methods.iter().any(|m| glob(&m.value, &name.value)) {
            p.at(
                &name.span,
                format!(
                    "`returns` names `{}`, which is not among the methods",
                    name.value
                ),
            );
        }
        if Ret::from_pattern(&pattern.value).is_none() {
            p.at(
                &pattern.span,
                format!(
                    "unknown return pattern `{}`; patterns: {}",
                    pattern.value,
                    super::RETURN_PATTERNS.join(", ")
                ),
            );
        }
    }
    for (key, _) in o.params.iter() {
        let func = key.value.split('.').next().unwrap_or_default();
        let Some(f) = ir
            .function(func)
            .filter(|_| o.methods.iter().any(|m| glob(&m.value, func)))
        else {
            p.at(
                &key.span,
                format!(
                    "`params` names `{}`; write `function.parameter` for one of the methods",
                    key.value
                ),
            );
            continue;
        };
        let param = key
            .value
            .split_once('.')
            .map(|(_, p)| p)
            .unwrap_or_default();
        if !f.params.iter().any(|x| x.name == param) {
            let a = At::new(param.to_owned(), key.span.clone());
            p.unknown(
                &format!("parameter of `{func}`"),
                &a,
                f.params.iter().map(|x| x.name.as_str()),
            );
        }
    }
    for (key, value) in &o.rename {
        if !o.methods.iter().any(|m| glob(&m.value, &key.value)) {
            p.at(
                &key.span,
                format!(
                    "`rename` names `{}`, which is not among the methods",
                    key.value
                ),
            );
        }
        if !value
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || value.value.is_empty()
        {
            p.at(
                &value.span,
                format!("`{}` is not a Rust identifier", value.value),
            );
        }
    }
    for consumed in &o.consumes {
        if !o.methods.iter().any(|m| glob(&m.value, &consumed.value)) {
            p.at(
                &consumed.span,
                format!(
                    "`consumes` names `{}`, which is not among the methods",
                    consumed.value
                ),
            );
        }
    }
    for pattern in &o.methods {
        let matched: Vec<&Function> = ir
            .functions
            .iter()
            .filter(|f| glob(&pattern.value, &f.name))
            .collect();
        if matched.is_empty() {
            p.unknown(
                "function",
                pattern,
                ir.functions.iter().map(|f| f.name.as_str()),
            );
            continue;
        }
        for f in matched {
            if !first_is(f, &record.name) {
                if !pattern.value.contains('*') {
                    p.at(&pattern.span, format!("`{}` does not take `struct {} *` first, so it cannot be a method of {}", f.name, record.name, object.name));
                }
                continue;
            }
            let consumes = o.consumes.iter().any(|c| c.value == f.name);
            let ret_override = returns
                .get(f.name.as_str())
                .and_then(|r| Ret::from_pattern(&r.value));
            let prefix = o
                .method_prefix
                .as_ref()
                .map(|s| s.value.as_str())
                .unwrap_or("");
            let params: Vec<(&str, &str)> = o
                .params
                .iter()
                .filter_map(|(k, v)| {
                    let (func, param) = k.value.split_once('.')?;
                    (func == f.name).then_some((param, v.value.as_str()))
                })
                .collect();
            let rename = o
                .rename
                .iter()
                .find(|(k, _)| k.value == f.name)
                .map(|(_, v)| v.value.as_str());
            let spec = MethodSpec {
                prefix,
                consumes,
                ret_override,
                params,
                rename,
            };
            match method(ir, objects, object, f, spec, &enums) {
                Ok(m) => {
                    api.report.push(ReportLine {
                        item: format!("fn {} -> {}::{}", f.name, object.name, m.rust_name),
                        verdict: Verdict::Safe,
                    });
                    object.methods.push(m);
                }
                Err(reason) => api.report.push(ReportLine {
                    item: format!("fn {}", f.name),
                    verdict: Verdict::Skipped(reason),
                }),
            }
        }
    }
}

/// `fn` or `fn(CONST, ...)`: the function that ends an owned object, with constant
/// arguments after the object.
fn release_call(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &Record,
    release: &At<String>,
) -> Option<(String, Vec<String>)> {
    let text = release.value.trim();
    let (name, args) = match text.split_once('(') {
        Some((name, rest)) => {
            let Some(inner) = rest.strip_suffix(')') else {
                p.at(
                    &release.span,
                    "`release` is `function` or `function(CONSTANT, ...)`",
                );
                return None;
            };
            let args: Vec<String> = inner
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
            (name.trim(), args)
        }
        None => (text, Vec::new()),
    };
    let Some(f) = ir.function(name) else {
        p.unknown(
            "function",
            &At::new(name.to_owned(), release.span.clone()),
            ir.functions.iter().map(|f| f.name.as_str()),
        );
        return None;
    };
    if !first_is(f, &record.name) {
        p.at(
            &release.span,
            format!("`{name}` does not take `struct {} *` first", record.name),
        );
        return None;
    }
    if f.params.len() != args.len() + 1 || !f.ret.is_void() {
        p.at(&release.span, format!("`{name}` returns `{}` and takes {} arguments after the object; `release` needs a void function given every other argument", f.ret, f.params.len() - 1));
        return None;
    }
    for arg in &args {
        if !ir.constants.iter().any(|c| &c.name == arg) {
            let a = At::new(arg.clone(), release.span.clone());
            p.unknown("constant", &a, ir.constants.iter().map(|c| c.name.as_str()));
            return None;
        }
    }
    Some((f.name.clone(), args))
}

fn accessor(
    p: &mut Problems<'_>,
    ir: &Ir,
    api: &mut Api,
    record: &Record,
    object: &mut Object,
    field: &At<String>,
    writable: bool,
) {
    let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
        p.unknown(
            &format!("field of struct {}", record.name),
            field,
            record.fields.iter().map(|f| f.name.as_str()),
        );
        return;
    };
    let canonical = ir.canonical(&f.ty);
    let kind = if let Some(width) = f.bit_width {
        match types::scalar(&canonical) {
            Some(_) if width == 1 => AccessorKind::Flag,
            Some(t) => AccessorKind::Bits(t),
            None => {
                return p.at(
                    &field.span,
                    format!("bitfield `{}` has no integer type", f.name),
                );
            }
        }
    } else if let Some(e) = types::enum_name(ir, &f.ty) {
        match api
            .modules
            .values()
            .flat_map(|m| m.enums.iter().map(move |e| (m, e)))
            .find(|(_, x)| x.c_name == e)
        {
            Some((m, x)) => AccessorKind::Enum {
                rust: format!("{}::{}", m.path, x.name),
                c_alias: x.c_alias.clone(),
            },
            None => {
                return p.at(
                    &field.span,
                    format!(
                        "field `{}` is `{}`: add [enum.{e}] to expose it",
                        f.name, f.ty
                    ),
                );
            }
        }
    } else if let Some(t) = types::scalar(&canonical) {
        AccessorKind::Scalar(t)
    } else {
        return p.at(
            &field.span,
            format!(
                "field `{}` is `{}`: only integer, bool, enum and bitfield fields get accessors",
                f.name, f.ty
            ),
        );
    };
    if writable && object.access == Access::Shared {
        return p.at(
            &field.span,
            format!("`{}` cannot be written through a shared object", f.name),
        );
    }
    object.accessors.push(Accessor {
        field: f.name.clone(),
        kind,
        writable,
        doc: super::object::member_doc(record.doc.as_ref(), &f.name),
    });
    api.report.push(ReportLine {
        item: format!("field {}.{}", record.name, f.name),
        verdict: Verdict::Safe,
    });
}

/// `phy_*`, `*_suffix` or an exact name.
pub fn glob(pattern: &str, name: &str) -> bool {
    match (pattern.strip_suffix('*'), pattern.strip_prefix('*')) {
        (Some(prefix), _) => name.starts_with(prefix),
        (_, Some(suffix)) => name.ends_with(suffix),
        _ => pattern == name,
    }
}

fn first_is(f: &Function, record: &str) -> bool {
    f.params
        .first()
        .and_then(|p| types::record_pointer(&p.ty))
        .is_some_and(|(name, _)| name == record)
}

/// Maps one C parameter to a safe Rust type, or says why it cannot be.
pub fn param_type(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    ty: &crate::ir::CType,
    api_enums: &[(String, String, String)],
) -> Result<Ty, String> {
    let canonical = ir.canonical(ty);
    if let Some(e) = types::enum_name(ir, ty) {
        return api_enums
            .iter()
            .find(|(c, _, _)| c == e)
            .map(|(_, rust, alias)| Ty::Enum {
                rust: rust.clone(),
                c_alias: alias.clone(),
            })
            .ok_or_else(|| format!("`{ty}` is an enum the spec does not expose"));
    }
    if let Some(s) = types::scalar(&canonical) {
        return Ok(Ty::Scalar(s));
    }
    if canonical == "const char *" {
        return Ok(Ty::CStr);
    }
    if let Some((record, is_const)) = types::record_pointer(ty) {
        return objects
            .get(record)
            .map(|o| Ty::Object {
                rust: o.rust_path(),
                c_record: record.to_owned(),
                mutable: !is_const && o.access == Access::LockedMut,
                c_const: is_const,
            })
            .ok_or_else(|| format!("`{ty}`: struct {record} is not a spec'd object"));
    }
    if let Some(s) = types::scalar_pointer(ir, ty) {
        return Ok(Ty::OutScalar(s));
    }
    Err(format!("`{ty}`: no pattern proves such a pointer valid"))
}

/// The spec's enums as (C name, Rust path, bindgen alias).
pub fn enum_table(api: &Api) -> Vec<(String, String, String)> {
    api.modules
        .values()
        .flat_map(|m| {
            m.enums.iter().map(move |e| {
                (
                    e.c_name.clone(),
                    format!("{}::{}", m.path, e.name),
                    e.c_alias.clone(),
                )
            })
        })
        .collect()
}

/// The return pattern of a C return type when the spec says nothing.
pub fn default_ret(
    ir: &Ir,
    ty: &crate::ir::CType,
    enums: &[(String, String, String)],
) -> Result<Ret, String> {
    if ty.is_void() {
        return Ok(Ret::Unit);
    }
    if let Some(e) = types::enum_name(ir, ty) {
        return enums
            .iter()
            .find(|(c, _, _)| c == e)
            .map(|(_, rust, alias)| Ret::Enum {
                rust: rust.clone(),
                c_alias: alias.clone(),
            })
            .ok_or_else(|| format!("returns `{ty}`, an enum the spec does not expose"));
    }
    match types::scalar(&ir.canonical(ty)) {
        Some("i32") => Ok(Ret::Errno),
        Some(s) => Ok(Ret::Scalar(s)),
        None => Err(format!("returns `{ty}`: who owns the result is not known")),
    }
}

/// What the spec says about one method.
struct MethodSpec<'a> {
    prefix: &'a str,
    consumes: bool,
    ret_override: Option<Ret>,
    /// (parameter, pattern) overrides for this function.
    params: Vec<(&'a str, &'a str)>,
    rename: Option<&'a str>,
}

fn method(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    object: &Object,
    f: &Function,
    spec: MethodSpec<'_>,
    enums: &[(String, String, String)],
) -> Result<Method, String> {
    let MethodSpec {
        prefix,
        consumes,
        ret_override,
        params: param_overrides,
        rename,
    } = spec;
    let is_const = f
        .params
        .first()
        .and_then(|p| types::record_pointer(&p.ty))
        .is_some_and(|(_, c)| c);
    let receiver = if consumes {
        Receiver::Value
    } else if is_const || object.access != Access::LockedMut {
        Receiver::Ref
    } else {
        Receiver::Mut
    };
    if consumes && object.access != Access::Owned {
        return Err("`consumes` needs access = \"owned\"".into());
    }
    let mut params = Vec::new();
    for param in &f.params[1..] {
        if let Some((_, pattern)) = param_overrides.iter().find(|(n, _)| *n == param.name) {
            let from_errno = super::status_function(pattern)
                .ok_or_else(|| format!("unknown parameter pattern `{pattern}`"))?;
            let c_type = super::check_status(ir, from_errno)?;
            params.push((
                param.name.clone(),
                Ty::Status {
                    from_errno: from_errno.to_owned(),
                    c_type,
                },
            ));
            continue;
        }
        let ty = param_type(ir, objects, &param.ty, enums)
            .map_err(|e| format!("parameter `{}` is {e}", param.name))?;
        if let Ty::OutScalar(_) = ty {
            return Err(format!(
                "parameter `{}` is `{}`: an out-pointer of a function needs a spec pattern",
                param.name, param.ty
            ));
        }
        params.push((param.name.clone(), ty));
    }
    let ret = match ret_override {
        Some(Ret::Status { .. }) => {
            return Err("`status` is a return pattern of callbacks, not of functions".into());
        }
        Some(r) => r,
        None => default_ret(ir, &f.ret, enums)?,
    };
    let stripped = f.name.strip_prefix(prefix).unwrap_or(&f.name);
    let rust_name = if let Some(name) = rename {
        name.to_owned()
    } else if stripped.is_empty() || stripped.starts_with(|c: char| c.is_ascii_digit()) {
        f.name.clone()
    } else {
        stripped.to_owned()
    };
    Ok(Method {
        rust_name,
        c_name: f.name.clone(),
        receiver,
        params,
        ret,
        must_use: f.must_check,
        doc: f.doc.clone(),
    })
}
