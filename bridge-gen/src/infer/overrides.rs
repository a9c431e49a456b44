//! Checks of an `[object.X]` entry's overrides against its methods and the headers:
//! every `returns`, `params`, `rename` and `consumes` key names a method that was made
//! (or says why the function it names is none), and `consumes` fits the access pattern.

use std::ops::Range;

use super::Problems;
use super::method::glob;
use super::model::{Access, Object};
use crate::ir::Ir;
use crate::spec::values::{QualifiedName, RenameKey};
use crate::spec::{At, ObjectSpec};

/// A function a `methods` pattern matched that is no method of the object.
pub(super) struct NotMade {
    pub function: String,
    /// Why, as the end of "`key` names `f`, which ...".
    pub why: String,
    /// Reported already (an exact name that does not take the object), or left out only
    /// because of an entry that did not resolve: entries naming it stay silent.
    pub silent: bool,
}

/// The object's methods as inferred, for the entries that name them.
pub(super) struct Methods<'a> {
    pub spec: &'a ObjectSpec,
    pub object: &'a Object,
    pub not_made: &'a [NotMade],
}

/// Why an entry naming function `name` names no method of the object.
pub(super) enum NoMethod {
    /// No `methods` pattern matches it.
    NotListed,
    /// A pattern matches it, but it is no method: the end of "..., which ...".
    Because(String),
    /// Reported where it is named, or left out only because of an earlier error.
    Silent,
}

impl Methods<'_> {
    /// Why the object has no method for C function `name`, or `None` when it has one.
    pub(super) fn why_not(&self, name: &str) -> Option<NoMethod> {
        if self.object.methods.iter().any(|m| m.c_name == name) {
            return None;
        }
        if !is_method(self.spec, name) {
            return Some(NoMethod::NotListed);
        }
        // Listed, but no function of that name: reported at the pattern.
        Some(match self.not_made.iter().find(|n| n.function == name) {
            Some(n) if !n.silent => NoMethod::Because(n.why.clone()),
            _ => NoMethod::Silent,
        })
    }

    /// Reports that `key` (`returns`, `consumes`, ...) names `name`, which is no method;
    /// `false` when it is one.
    fn refuse(&self, p: &mut Problems<'_>, key: &str, name: &At<String>) -> bool {
        self.refuse_or(p, key, name, |p| {
            let message = format!(
                "`{key}` names `{}`, which is not among the methods",
                name.value
            );
            p.at(&name.span, message);
        })
    }

    /// As `refuse`, with `not_listed` reporting a name no `methods` pattern matches.
    pub(super) fn refuse_or(
        &self,
        p: &mut Problems<'_>,
        key: &str,
        name: &At<String>,
        not_listed: impl FnOnce(&mut Problems<'_>),
    ) -> bool {
        match self.why_not(&name.value) {
            None => return false,
            Some(NoMethod::Silent) => {}
            Some(NoMethod::NotListed) => not_listed(p),
            Some(NoMethod::Because(why)) => p.at(
                &name.span,
                format!("`{key}` names `{}`, which {why}", name.value),
            ),
        }
        true
    }
}

pub(super) fn check_overrides(p: &mut Problems<'_>, ir: &Ir, methods: &Methods<'_>) {
    let o = methods.spec;
    for (name, _) in &o.returns {
        methods.refuse(p, "returns", name);
    }
    check_params(p, ir, methods);
    check_renames(p, ir, methods);
    check_consumes(p, methods);
}

/// `params`: each key is `method.parameter`.
fn check_params(p: &mut Problems<'_>, ir: &Ir, methods: &Methods<'_>) {
    for (key, _) in methods.spec.params.iter() {
        let (func, param) = (key.value.owner.as_str(), key.value.name.as_str());
        let Some(f) = ir.function(func).filter(|_| is_method(methods.spec, func)) else {
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
            continue;
        }
        let at = At::new(func.to_owned(), key.span.clone());
        methods.refuse(p, "params", &at);
    }
}

/// `rename`: each key is a method, a field or `function.parameter` of `alloc` or a
/// `setup` call.
fn check_renames(p: &mut Problems<'_>, ir: &Ir, methods: &Methods<'_>) {
    let o = methods.spec;
    for (key, _) in &o.rename {
        match &key.value {
            RenameKey::Param(param) => check_param_rename(p, ir, o, &key.span, param),
            RenameKey::Member(name) => {
                let mut fields = o.fields.iter().chain(&o.fields_mut);
                if fields.any(|f| f.value == *name) {
                    continue;
                }
                if !is_method(o, name) {
                    p.at(
                        &key.span,
                        format!(
                            "`rename` names `{name}`, which is not among the methods or fields"
                        ),
                    );
                    continue;
                }
                methods.refuse(p, "rename", &At::new(name.clone(), key.span.clone()));
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

/// `consumes`: each is a method of an owned object (the others have no token to take).
fn check_consumes(p: &mut Problems<'_>, methods: &Methods<'_>) {
    let object = methods.object;
    for consumed in &methods.spec.consumes {
        if methods.refuse(p, "consumes", consumed) {
            continue;
        }
        if object.access != Access::Owned {
            p.at(
                &consumed.span,
                format!(
                    "`consumes` names `{}`, but {} is not owned (access = \"{}\"): only a method \
                     of an `owned` object can take its token; remove it from `consumes` or make \
                     the object owned",
                    consumed.value, object.name, object.access
                ),
            );
        }
    }
}

/// Whether one of the object's `methods` (globs) matches `name`.
fn is_method(o: &ObjectSpec, name: &str) -> bool {
    o.methods.iter().any(|m| glob(&m.value, name))
}
