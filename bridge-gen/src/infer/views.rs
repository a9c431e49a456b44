//! Views of an object, its lock and its device, and the ops table that types it.
//!
//! A view is a restricted wrapper for callbacks that get the object without the promise
//! of its access pattern: a request the driver does not own, a PHY whose lock is not
//! held, a PHY that may be bound to another driver. It offers only the object's fields
//! that never change once it is published (`stable`) and its methods that serialise
//! themselves (`self_locking`), each with the reason the spec gives for it.

use super::Problems;
use super::method::glob;
use super::model::{Access, CallMade, Object, Receiver, TypedBy, View, Vouched};
use super::overrides::{Methods, NotMade};
use super::unresolved::Entry;
use crate::ir::{Ir, Record};
use crate::spec::values::{FieldPath, ParamPattern, QualifiedName};
use crate::spec::{At, ObjectSpec, OpsSpec, Spec};

/// The object's lock and device: `lock` is a `struct mutex` field; `device` a path of
/// fields to a `struct device` (`mdio.dev`).
pub(super) fn lock_and_device(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &Record,
    o: &ObjectSpec,
    object: &mut Object,
) {
    if let Some(lock) = &o.lock {
        match record.fields.iter().find(|f| f.name == lock.value) {
            Some(f) if f.ty.struct_name() == Some("mutex") && f.ty.pointee().is_none() => {
                object.lock = Some(f.name.clone())
            }
            Some(f) => p.at(
                &lock.span,
                format!(
                    "`lock` names a `struct mutex` field; `{}` is `{}`",
                    f.name, f.ty
                ),
            ),
            None => p.unknown(
                &format!("field of struct {}", record.name),
                lock,
                record.fields.iter().map(|f| f.name.as_str()),
            ),
        }
    }
    if let Some(device) = &o.device {
        match field_path(ir, record, &device.value) {
            Ok(path) => object.device = Some(path),
            Err(message) => p.at(&device.span, message),
        }
    }
    if object.private.is_some() && object.access == Access::LockedMut {
        for (value, key) in [
            (object.lock.is_none(), "lock"),
            (object.device.is_none(), "device"),
        ] {
            if value {
                p.at(
                    &o.c_name.span,
                    format!(
                        "private data of a `locked_mut` object is published and withdrawn under its lock and released by its device's devres: name `{key}`"
                    ),
                );
            }
        }
    }
}

/// `a.b` through nested struct fields to a `struct device`.
fn field_path(ir: &Ir, record: &Record, path: &FieldPath) -> Result<Vec<String>, String> {
    let mut current = record;
    let mut out = Vec::new();
    let parts = &path.0;
    for (i, part) in parts.iter().enumerate() {
        let Some(f) = current.fields.iter().find(|f| f.name == *part) else {
            let what = format!("field of struct {}", current.name);
            let names = current.fields.iter().map(|f| f.name.as_str());
            return Err(super::unknown_name(&what, super::HEADERS, part, names));
        };
        out.push(f.name.clone());
        let ty = &f.ty;
        let Some(name) = ty.struct_name() else {
            return Err(format!("`{}` is `{}`, not a struct", f.name, f.ty));
        };
        if i + 1 == parts.len() {
            return match name {
                "device" => Ok(out),
                _ => Err(format!(
                    "`device` leads to a `struct device`; `{path}` is `{ty}`"
                )),
            };
        }
        current = ir
            .record(name)
            .ok_or_else(|| format!("struct {name} is not defined in the headers"))?;
    }
    Err("`device` is a field path such as `mdio.dev`".to_owned())
}

/// The spec's views of one object, built from its methods and accessors.
pub(super) fn views(
    p: &mut Problems<'_>,
    o: &ObjectSpec,
    object: &mut Object,
    not_made: &[NotMade],
) {
    for (name, items) in &o.views {
        let mut view = View {
            name: name.value.clone(),
            methods: Vec::new(),
            accessors: Vec::new(),
        };
        let made = Methods {
            spec: o,
            object,
            not_made,
        };
        for item in items {
            add_item(p, &made, &mut view, item);
        }
        object.views.push(view);
    }
    if let Some(borrowed) = &o.borrowed {
        if object.views.iter().any(|v| v.name == borrowed.value) {
            object.borrowed = Some(borrowed.value.clone());
        } else {
            p.unknown_in(
                &format!("view of {}", object.name),
                "`views`",
                borrowed,
                object.views.iter().map(|v| v.name.as_str()),
            );
        }
    }
}

fn add_item(p: &mut Problems<'_>, made: &Methods<'_>, view: &mut View, item: &At<String>) {
    let (o, object) = (made.spec, made.object);
    if let Some(m) = object.methods.iter().find(|m| m.c_name == item.value) {
        let Some((_, why)) = o
            .self_locking
            .iter()
            .find(|(k, _)| glob(&k.value, &m.c_name))
        else {
            return p.at(&item.span, format!("`{}` is in a view, so it is called without the object's lock: say why that is sound in `self_locking`", m.c_name));
        };
        if m.receiver == Receiver::Value {
            return p.at(
                &item.span,
                format!("`{}` ends the object: a view only lends it", m.c_name),
            );
        }
        let mut m = m.clone();
        m.receiver = Receiver::Ref;
        view.methods.push(Vouched {
            item: m,
            why: why.value.clone(),
        });
    } else if let Some(a) = object.accessors.iter().find(|a| a.field == item.value) {
        let Some((_, why)) = o.stable.iter().find(|(k, _)| k.value == a.field) else {
            return p.at(&item.span, format!("`{}` is in a view, so it is read without the object's lock: say why it never changes in `stable`", a.field));
        };
        let mut a = a.clone();
        a.writable = false;
        view.accessors.push(Vouched {
            item: a,
            why: why.value.clone(),
        });
    } else if o
        .fields
        .iter()
        .chain(&o.fields_mut)
        .any(|f| f.value == item.value)
        || p.unresolved_member((Entry::Field, &object.c_record), &item.value)
        || p.unresolved_member((Entry::Method, &object.c_record), &item.value)
    {
        // A field or method the spec names that did not resolve (or that a misspelt one
        // meant): reported where it is named.
    } else {
        made.refuse_or(p, "views", item, |p| {
            let methods = object.methods.iter().map(|m| m.c_name.as_str());
            let names = methods.chain(object.accessors.iter().map(|a| a.field.as_str()));
            let what = format!("method (by C function) or field of {}", object.name);
            p.unknown_in(&what, "`methods` and `fields`", item, names);
        });
    }
}

/// The spec's table of a `calls` value `table.callback`, once the callback is checked to
/// be one of its struct's.
fn called_table<'s>(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &'s Spec,
    target: &At<QualifiedName>,
) -> Option<&'s OpsSpec> {
    let (table, callback) = (target.value.owner.as_str(), target.value.name.as_str());
    let Some(ops) = spec.ops.iter().find(|s| s.c_name.value == table) else {
        if !p.any_unresolved(Entry::Ops) {
            p.unknown_in(
                "[ops.*] entry",
                super::SPEC,
                &At::new(table.to_owned(), target.span.clone()),
                spec.ops.iter().map(|s| s.c_name.value.as_str()),
            );
        }
        return None;
    };
    let callbacks = || {
        (ir.record(table).into_iter())
            .flat_map(|r| r.fields.iter().filter(|f| f.callback.is_some()))
            .map(|f| f.name.as_str())
    };
    if !callbacks().any(|c| c == callback) {
        let what = format!("callback of struct {table}");
        let message = super::unknown_name(&what, super::HEADERS, callback, callbacks());
        p.at(&target.span, message);
        return None;
    }
    Some(ops)
}

/// `calls = { fn = "table.callback" }`: the object is typed by that table's trait.
pub(super) fn typed_by(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    o: &ObjectSpec,
    object: &mut Object,
    not_made: &[NotMade],
) {
    for (function, target) in &o.calls {
        let (table, callback) = (target.value.owner.as_str(), target.value.name.as_str());
        let Some(ops) = called_table(p, ir, spec, target) else {
            continue;
        };
        let made = Methods {
            spec: o,
            object,
            not_made,
        };
        let refused = made.refuse_or(p, "calls", function, |p| {
            let names = object.methods.iter().map(|m| m.c_name.as_str());
            let what = format!("method of {}", object.name);
            p.unknown_in(&what, "`methods`", function, names);
        });
        if refused {
            continue;
        }
        let hands_over = ops.params.iter().any(|(key, pattern)| {
            key.value.owner == callback && pattern.value == ParamPattern::Owned
        });
        if hands_over && !o.consumes.iter().any(|c| c.value == function.value) {
            p.at(
                &function.span,
                format!(
                    "`{}` makes C hand the object to `{table}.{callback}`, which owns it: list \
                     it in `consumes`, or the caller keeps a second owner",
                    function.value
                ),
            );
            continue;
        }
        let typed = object.typed_by.get_or_insert_with(|| TypedBy {
            c_record: table.to_owned(),
            trait_path: ops.rust.value.clone(),
            calls: Vec::new(),
            data: None,
        });
        if typed.c_record != table {
            p.at(
                &target.span,
                format!(
                    "{} is typed by struct {} already",
                    object.name, typed.c_record
                ),
            );
            continue;
        }
        typed.calls.push(CallMade {
            function: function.value.clone(),
            callback: callback.to_owned(),
        });
    }
    let calls = object
        .typed_by
        .as_ref()
        .is_some_and(|t| !t.calls.is_empty());
    if calls && object.access != Access::Owned {
        p.at(
            &o.c_name.span,
            "`calls` types an object that callbacks hand over (access = \"owned\")",
        );
    }
}
