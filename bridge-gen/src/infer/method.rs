//! Functions that take an object first become its methods; the type and return mapping
//! shared with callbacks lives here too.

use std::collections::HashMap;

use super::model::{Access, Method, MethodParam, Object, Receiver};
use super::types::{self, Ty};
use super::{Api, Ret};
use crate::ir::{Function, Ir};
use crate::spec::values::ArgPattern;

/// `prefix_*`, `*_suffix` or an exact name.
pub fn glob(pattern: &str, name: &str) -> bool {
    match (pattern.strip_suffix('*'), pattern.strip_prefix('*')) {
        (Some(prefix), _) => name.starts_with(prefix),
        (_, Some(suffix)) => name.ends_with(suffix),
        _ => pattern == name,
    }
}

pub(super) fn first_is(f: &Function, record: &str) -> bool {
    f.params
        .first()
        .and_then(|p| p.ty.struct_pointer())
        .is_some_and(|(name, _)| name == record)
}

/// Maps one C parameter to a safe Rust type, or says why it cannot be.
pub fn param_type(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    ty: &crate::ir::CType,
    api_enums: &[SpecEnum],
) -> Result<Ty, String> {
    if let Some(found) = spec_enum(ir, ty, api_enums) {
        let e = found.map_err(|e| format!("`{ty}` is {e}"))?;
        return Ok(Ty::Enum {
            rust: e.rust.clone(),
            c_alias: e.c_alias.clone(),
        });
    }
    if let Some(s) = ty.scalar() {
        return Ok(Ty::Scalar(s));
    }
    if ty.char_pointer() == Some(true) {
        return Ok(Ty::CStr);
    }
    if let Some((record, is_const)) = ty.struct_pointer() {
        return objects
            .get(record)
            .map(|o| Ty::Object {
                rust: o.rust_path(),
                c_record: record.to_owned(),
                mutable: !is_const && o.access == Access::LockedMut,
                c_const: is_const,
                typed: o.typed_by.is_some(),
            })
            .ok_or_else(|| format!("`{ty}`: struct {record} is not a spec'd object"));
    }
    if let Some(s) = ty.scalar_pointer() {
        return Ok(Ty::OutScalar(s));
    }
    Err(no_pattern(ty))
}

/// Why no pattern takes `ty`, in terms of what it is.
fn no_pattern(ty: &crate::ir::CType) -> String {
    use crate::ir::CTypeKind;
    match &ty.resolved().0.kind {
        CTypeKind::Pointer(_) => format!("`{ty}`: no pattern proves such a pointer valid"),
        CTypeKind::Record { .. } => match ty.struct_name() {
            Some(name) => {
                format!("`{ty}`, a struct passed by value (struct {name}): no pattern takes one")
            }
            None => format!("`{ty}`, a struct or union passed by value: no pattern takes one"),
        },
        CTypeKind::Float => format!("`{ty}`, a floating-point type: kernel code does not use one"),
        CTypeKind::Array { .. } => format!("`{ty}`, an array: no pattern takes one"),
        _ => format!("`{ty}`: no pattern takes this type"),
    }
}

/// A C enum the spec exposes, as parameters, returns and fields refer to it.
#[derive(Clone, Debug)]
pub struct SpecEnum {
    pub c_name: String,
    /// The generated Rust enum, by path (`net::phy::State`).
    pub rust: crate::rust_path::RustPath,
    /// bindgen's alias for the integer type.
    pub c_alias: String,
}

/// For a type that is a C enum: the spec's enum when the spec exposes it, or why not.
/// None when the type is no enum.
pub fn spec_enum<'a>(
    ir: &Ir,
    ty: &crate::ir::CType,
    enums: &'a [SpecEnum],
) -> Option<Result<&'a SpecEnum, String>> {
    let name = types::enum_name(ir, ty)?;
    Some(
        enums
            .iter()
            .find(|e| e.c_name == name)
            .ok_or_else(|| format!("an enum the spec does not expose: add [enum.{name}]")),
    )
}

/// The spec's enums.
pub fn enum_table(api: &Api) -> Vec<SpecEnum> {
    api.modules
        .values()
        .flat_map(|m| {
            m.enums.iter().map(move |e| SpecEnum {
                c_name: e.c_name.clone(),
                rust: crate::rust_path::RustPath::new(m.path.clone(), e.name.clone()),
                c_alias: e.c_alias.clone(),
            })
        })
        .collect()
}

/// The return pattern of a C return type when the spec says nothing.
pub fn default_ret(ir: &Ir, ty: &crate::ir::CType, enums: &[SpecEnum]) -> Result<Ret, String> {
    if ty.is_void() {
        return Ok(Ret::Unit);
    }
    if let Some(found) = spec_enum(ir, ty, enums) {
        let e = found.map_err(|e| format!("returns `{ty}`, {e}"))?;
        return Ok(Ret::Enum {
            rust: e.rust.clone(),
            c_alias: e.c_alias.clone(),
        });
    }
    match ty.scalar() {
        Some("i32") => Ok(Ret::Errno),
        Some(s) => Ok(Ret::Scalar(s)),
        None => Err(format!("returns `{ty}`: who owns the result is not known")),
    }
}

/// What the spec says about one method.
pub(super) struct MethodSpec<'a> {
    pub prefix: &'a str,
    pub consumes: bool,
    pub ret_override: Option<Ret>,
    /// (parameter, pattern) overrides for this function.
    pub params: Vec<(&'a str, &'a ArgPattern)>,
    pub rename: Option<&'a str>,
}

pub(super) fn method(
    ir: &Ir,
    objects: &HashMap<String, Object>,
    object: &Object,
    f: &Function,
    spec: MethodSpec<'_>,
    enums: &[SpecEnum],
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
        .and_then(|p| p.ty.struct_pointer())
        .is_some_and(|(_, c)| c);
    // Only an owned object's token can be taken (`overrides` refuses `consumes` else).
    let receiver = if consumes && object.access == Access::Owned {
        Receiver::Value
    } else if is_const || object.access != Access::LockedMut {
        Receiver::Ref
    } else {
        Receiver::Mut
    };
    let mut params = Vec::new();
    for param in &f.params[1..] {
        if let Some((_, pattern)) = param_overrides.iter().find(|(n, _)| *n == param.name) {
            let ArgPattern::Status(from_errno) = pattern;
            let c_type = super::check_status(ir, from_errno)?;
            params.push(MethodParam {
                name: param.name.clone(),
                ty: Ty::Status {
                    from_errno: from_errno.to_owned(),
                    c_type: c_type.to_string(),
                },
            });
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
        params.push(MethodParam {
            name: param.name.clone(),
            ty,
        });
    }
    let ret = match ret_override {
        Some(Ret::Status { .. }) => {
            return Err("`status` is a return pattern of callbacks, not of functions".into());
        }
        Some(r) => {
            super::pattern_fits(&r, &f.ret)?;
            r
        }
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
        unless: None,
    })
}
