//! Parts of an object filled from the spec: the release call of an owned object and the
//! field accessors.

use super::config::ConfigField;
use super::docs::member_doc;
use super::method::first_is;
use super::method::{enum_table, spec_enum};
use super::model::{Access, Accessor, AccessorKind, Create, CreatedOps, Object, Release};
use super::unresolved::Entry;
use super::{Api, Problems, ReportLine, Verdict};
use crate::ir::{Ir, Record};
use crate::spec::values::Release as ReleaseSpec;
use crate::spec::{At, ObjectSpec, Spec};

/// `fn` or `fn(CONST, ...)`: the function that ends an owned object, with constant
/// arguments after the object.
pub(super) fn release_call(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &Record,
    release: &At<ReleaseSpec>,
) -> Option<Release> {
    let ReleaseSpec {
        function: name,
        args,
    } = &release.value;
    let f = p.function(ir, &At::new(name.clone(), release.span.clone()))?;
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
    for arg in args {
        if !ir.constants.iter().any(|c| &c.name == arg) {
            let a = At::new(arg.clone(), release.span.clone());
            p.unknown("constant", &a, ir.constants.iter().map(|c| c.name.as_str()));
            return None;
        }
    }
    Some(Release {
        function: f.name.clone(),
        args: args.clone(),
    })
}

#[allow(clippy::too_many_arguments, reason = "two call sites, all context")]
pub(super) fn accessor(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    api: &mut Api,
    record: &Record,
    object: &mut Object,
    field: &At<String>,
    written: Option<&At<String>>,
) {
    let writable = written.is_some();
    let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
        let names = || record.fields.iter().map(|f| f.name.as_str());
        p.unknown(&format!("field of struct {}", record.name), field, names());
        p.note_unresolved_member((Entry::Field, &record.name), &field.value, names());
        return;
    };
    let kind = if let Some(width) = f.bit_width {
        match f.ty.scalar() {
            Some(_) if width == 1 => AccessorKind::Flag,
            Some(t) => AccessorKind::Bits(t),
            None => {
                return p.at(
                    &field.span,
                    format!("bitfield `{}` has no integer type", f.name),
                );
            }
        }
    } else if let Some(found) = spec_enum(ir, &f.ty, &enum_table(api)) {
        match found {
            Ok(e) => AccessorKind::Enum {
                rust: e.rust.clone(),
                c_alias: e.c_alias.clone(),
            },
            Err(_)
                if super::types::enum_name(ir, &f.ty)
                    .is_some_and(|e| p.unresolved(Entry::Enum, e)) =>
            {
                return;
            }
            Err(e) => return p.at(&field.span, format!("field `{}` is {e}", f.name)),
        }
    } else if let Some(t) = f.ty.scalar() {
        AccessorKind::Scalar(t)
    } else if let Some((target, _)) = f.ty.struct_pointer()
        && let Some(o) = spec.objects.iter().find(|o| o.c_name.value == target)
        && !writable
    {
        AccessorKind::Object {
            rust: o.rust.value.clone(),
            typed: false,
            non_null: None,
        }
    } else {
        return p.at(
            &field.span,
            format!(
                "field `{}` is `{}`: only integer, bool, enum, bitfield and (read-only) spec'd object pointer fields get accessors",
                f.name, f.ty
            ),
        );
    };
    if let Some(written) = written
        && let Some(why) = no_setter(object.access)
    {
        let message = format!(
            "`{}` cannot be written through {why}; a setter needs the exclusive `&mut` that only \
             access = \"locked_mut\" gives (under the object's lock)",
            f.name
        );
        return p.at(&written.span, message);
    }
    let rust_name = spec
        .objects
        .iter()
        .find(|o| o.c_name.value == record.name)
        .and_then(|o| o.rename.iter().find(|(k, _)| k.value.is_member(&f.name)))
        .map_or_else(|| f.name.clone(), |(_, v)| v.value.clone());
    object.accessors.push(Accessor {
        field: f.name.clone(),
        rust_name,
        kind,
        writable,
        doc: member_doc(record.doc.as_ref(), &f.name),
    });
    api.report.push(ReportLine {
        item: format!("field {}.{}", record.name, f.name),
        verdict: Verdict::Safe,
    });
}

/// Why an object of `access` can have no setter (`fields_mut`), if it cannot: a setter
/// writes through `&mut self`, which must be the only reference to the object while it
/// exists.
fn no_setter(access: Access) -> Option<&'static str> {
    match access {
        // Every `&mut` is made under the object's lock (held by C, or by the trampoline).
        Access::LockedMut => None,
        Access::Shared => Some(
            "a shared object: C synchronises its own accesses to it, and a write from Rust \
             would race with them",
        ),
        Access::RefCounted => {
            Some("a refcounted object: whoever holds a reference may read it meanwhile")
        }
        Access::Owned => Some(
            "an owned object: the token is the only owner, yet C may lend the object to other \
             callbacks meanwhile",
        ),
    }
}

/// `create = [setup, teardown]` and `config = [fields]`.
pub(super) fn create(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    record: &Record,
    o: &ObjectSpec,
    access: Access,
) -> Option<Create> {
    let CreateCalls { setup, teardown } = create_calls(p, ir, record, o, access)?;
    let config = config_fields(p, ir, record, o);
    let ops = created_ops(p, ir, spec, record, o);
    Some(Create {
        setup,
        teardown,
        config,
        ops,
        defaults: Vec::new(),
    })
}

/// The functions `create` names.
struct CreateCalls {
    /// `int setup(struct X *)`: sets up a new object in place.
    setup: String,
    /// `void teardown(struct X *)`: undoes `setup` on drop.
    teardown: String,
}

/// `create = [setup, teardown]` of a shared object, each of its shape.
fn create_calls(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &Record,
    o: &ObjectSpec,
    access: Access,
) -> Option<CreateCalls> {
    let [setup, teardown] = o.create.as_slice() else {
        p.at(
            &o.c_name.span,
            "`create` takes two names: [\"setup_fn\", \"teardown_fn\"] (and `config` needs it)",
        );
        return None;
    };
    if access != Access::Shared {
        p.at(&setup.span, "`create` fits objects with access \"shared\" (C synchronises them, so the created value may be shared and sent)");
        return None;
    }
    let mut found = Vec::new();
    for (name, returns_int) in [(setup, true), (teardown, false)] {
        let f = p.function(ir, name)?;
        let ret_ok = if returns_int {
            f.ret.scalar() == Some("i32")
        } else {
            f.ret.is_void()
        };
        if !first_is(f, &record.name) || f.params.len() != 1 || !ret_ok {
            let shape = if returns_int { "int" } else { "void" };
            p.at(
                &name.span,
                format!(
                    "`{}` must be `{shape} {}(struct {} *)`",
                    f.name, f.name, record.name
                ),
            );
            return None;
        }
        found.push(f.name.clone());
    }
    let [setup, teardown] = [found[0].clone(), found[1].clone()];
    Some(CreateCalls { setup, teardown })
}

/// `config = [fields]`, integer fields of the object, with their `checks`.
fn config_fields(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &Record,
    o: &ObjectSpec,
) -> Vec<ConfigField> {
    let mut config = Vec::new();
    for field in &o.config {
        let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
            let names = record.fields.iter().map(|f| f.name.as_str());
            p.unknown(&format!("field of struct {}", record.name), field, names);
            continue;
        };
        match f.ty.scalar().filter(|_| f.bit_width.is_none()) {
            Some(ty) => config.push(ConfigField {
                field: f.name.clone(),
                ty,
                check: None,
                doc: member_doc(record.doc.as_ref(), &f.name),
            }),
            None => p.at(
                &field.span,
                format!("`config` fields are integers; `{}` is `{}`", f.name, f.ty),
            ),
        }
    }
    for (field, pattern) in &o.checks {
        let Some(target) = config.iter_mut().find(|f| f.field == field.value) else {
            p.unknown_in(
                "field",
                "`config`",
                field,
                config.iter().map(|f| f.field.as_str()),
            );
            continue;
        };
        let checked = super::config::Checked {
            field: &target.field,
            ty: target.ty,
        };
        match super::config::resolve_check(ir, &pattern.value, &checked) {
            Ok(check) => target.check = Some(check),
            Err(message) => p.at(&pattern.span, message),
        }
    }
    config
}

/// The object's `const struct X *` field that points to a spec'd ops table, filled with
/// the creator's implementer's table: (field, C ops record, Rust trait path). Such a
/// table must not have an `owner`.
fn created_ops(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    record: &Record,
    o: &ObjectSpec,
) -> Option<CreatedOps> {
    let ops = record.fields.iter().find_map(|f| {
        let (target, is_const) = f.ty.struct_pointer()?;
        let ops = spec.ops.iter().find(|s| s.c_name.value == target)?;
        is_const.then(|| CreatedOps {
            field: f.name.clone(),
            c_record: target.to_owned(),
            trait_path: ops.rust.value.clone(),
        })
    });
    if let Some(CreatedOps {
        c_record: target, ..
    }) = &ops
        && ir
            .record(target)
            .and_then(super::ops::owner_field)
            .is_some()
    {
        p.at(
            &o.c_name.span,
            format!("struct {target} has an `owner`: its tables are made per object and freed by their `last` callback, which only `alloc`ed objects support"),
        );
    }
    ops
}
