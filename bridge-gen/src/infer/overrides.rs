//! Checks of an `[object.X]` entry's overrides against its methods and the headers:
//! every `returns`, `params`, `rename` and `consumes` key names something that exists.

use std::ops::Range;

use super::Problems;
use super::method::glob;
use crate::ir::Ir;
use crate::spec::values::{QualifiedName, RenameKey};
use crate::spec::{At, ObjectSpec};

pub(super) fn check_overrides(p: &mut Problems<'_>, ir: &Ir, o: &ObjectSpec) {
    check_returns(p, o);
    check_params(p, ir, o);
    check_renames(p, ir, o);
    check_consumes(p, o);
}

/// `returns`: each key is a method.
fn check_returns(p: &mut Problems<'_>, o: &ObjectSpec) {
    for (name, _) in &o.returns {
        if !is_method(o, &name.value) {
            p.at(
                &name.span,
                format!(
                    "`returns` names `{}`, which is not among the methods",
                    name.value
                ),
            );
        }
    }
}

/// `params`: each key is `method.parameter`.
fn check_params(p: &mut Problems<'_>, ir: &Ir, o: &ObjectSpec) {
    for (key, _) in o.params.iter() {
        let (func, param) = (key.value.owner.as_str(), key.value.name.as_str());
        let Some(f) = ir.function(func).filter(|_| is_method(o, func)) else {
            p.at(
                &key.span,
                format!(
                    "`params` names `{}`; write `function.parameter` for one of the methods",
                    key.value
                ),
            );
            continue;
        };
        if !f.params.iter().any(|x| x.name == param) {
            let a = At::new(param.to_owned(), key.span.clone());
            p.unknown(
                &format!("parameter of `{func}`"),
                &a,
                f.params.iter().map(|x| x.name.as_str()),
            );
        }
    }
}

/// `rename`: each key is a method, a field or `function.parameter` of `alloc` or a
/// `setup` call.
fn check_renames(p: &mut Problems<'_>, ir: &Ir, o: &ObjectSpec) {
    for (key, _) in &o.rename {
        match &key.value {
            RenameKey::Param(param) => check_param_rename(p, ir, o, &key.span, param),
            RenameKey::Member(name) => {
                let mut fields = o.fields.iter().chain(&o.fields_mut);
                if !is_method(o, name) && !fields.any(|f| f.value == *name) {
                    p.at(
                        &key.span,
                        format!(
                            "`rename` names `{name}`, which is not among the methods or fields"
                        ),
                    );
                }
            }
        }
    }
}

/// A `rename` key `func.param`: a parameter of `alloc` or of a `setup` call.
fn check_param_rename(
    p: &mut Problems<'_>,
    ir: &Ir,
    o: &ObjectSpec,
    span: &Range<usize>,
    key: &QualifiedName,
) {
    let (func, param) = (key.owner.as_str(), key.name.as_str());
    let known = o.alloc.iter().chain(&o.setup).any(|f| f.value == func);
    match ir.function(func).filter(|_| known) {
        Some(f) if f.params.iter().any(|x| x.name == param) => {}
        Some(f) => p.unknown(
            &format!("parameter of `{func}`"),
            &At::new(param.to_owned(), span.clone()),
            f.params.iter().map(|x| x.name.as_str()),
        ),
        None if super::alloc::alloc_fits(ir, o) => p.at(
            span,
            format!("`rename` names `{key}`; a parameter rename is `function.parameter` for `alloc` or a `setup` call"),
        ),
        None => {}
    }
}

/// `consumes`: each is a method.
fn check_consumes(p: &mut Problems<'_>, o: &ObjectSpec) {
    for consumed in &o.consumes {
        if !is_method(o, &consumed.value) {
            p.at(
                &consumed.span,
                format!(
                    "`consumes` names `{}`, which is not among the methods",
                    consumed.value
                ),
            );
        }
    }
}

/// Whether one of the object's `methods` (globs) matches `name`.
fn is_method(o: &ObjectSpec, name: &str) -> bool {
    o.methods.iter().any(|m| glob(&m.value, name))
}
