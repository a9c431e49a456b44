//! Objects typed by the trait of an ops table (`RequestQueue<T: Operations>`), decided
//! before any object's methods and fields are inferred, so every type that names one
//! carries the trait's type parameter.
//!
//! An object is typed by a table when its private data is the trait's associated type
//! (`[ops.X] data`), when Rust creates it pointing to the table (`create` on a struct with
//! a `const struct X *` field), or when it is allocated from an object that is typed
//! (`alloc` taking it), or when one of its methods makes C call one of the table's
//! callbacks (`calls`, checked in `views::typed_by`).

use std::collections::HashMap;

use super::Problems;
use super::model::Object;
use super::model::TypedBy;
use super::unresolved::Entry;
use crate::ir::Ir;
use crate::spec::{At, ObjectSpec, OpsSpec, Spec};

pub(super) fn pre_type(
    p: &mut Problems<'_>,
    spec: &Spec,
    ir: &Ir,
    objects: &mut HashMap<String, Object>,
) {
    for ops in &spec.ops {
        for (object, assoc) in &ops.data {
            typed_by_data(p, spec, objects, ops, object, assoc);
        }
    }
    // `calls = { fn = "table.callback" }` (checked in `views::typed_by`).
    for o in &spec.objects {
        let first = o.calls.first().map(|(_, t)| t.value.owner.as_str());
        if let Some(ops) = first.and_then(|t| spec.ops.iter().find(|ops| ops.c_name.value == t)) {
            set(p, objects, &o.c_name, ops, None);
        }
    }
    for o in spec.objects.iter().filter(|o| !o.create.is_empty()) {
        if let Some(ops) = created_with(spec, ir, o) {
            set(p, objects, &o.c_name, ops, None);
        }
    }
    // An allocated object takes the type of what it is allocated from; two rounds reach
    // an object allocated from an allocated one.
    for _ in 0..2 {
        for o in &spec.objects {
            if let Some(ops) = allocated_from(spec, ir, o, objects) {
                set(p, objects, &o.c_name, ops, None);
            }
        }
    }
    for o in &spec.objects {
        check_alloc_data(p, ir, o, objects, spec);
    }
}

fn typed_by_data(
    p: &mut Problems<'_>,
    spec: &Spec,
    objects: &mut HashMap<String, Object>,
    ops: &OpsSpec,
    object: &At<String>,
    assoc: &At<String>,
) {
    let Some(o) = spec.objects.iter().find(|o| o.c_name.value == object.value) else {
        if p.any_unresolved(Entry::Object) {
            return;
        }
        let names = spec.objects.iter().map(|o| o.c_name.value.as_str());
        p.unknown_in("[object.*] entry", super::SPEC, object, names);
        return;
    };
    if o.private.is_none() {
        p.at(
            &object.span,
            format!(
                "[object.{}] has no `private` field to hold the data",
                object.value
            ),
        );
        return;
    }
    set(p, objects, object, ops, Some(assoc.value.clone()));
}

/// Types `object` by `ops`, or reports that another table types it already.
fn set(
    p: &mut Problems<'_>,
    objects: &mut HashMap<String, Object>,
    object: &At<String>,
    ops: &OpsSpec,
    data: Option<String>,
) {
    let Some(o) = objects.get_mut(&object.value) else {
        return;
    };
    match &mut o.typed_by {
        Some(t) if t.c_record != ops.c_name.value => p.at(
            &object.span,
            format!(
                "{} is typed by struct {} already; it cannot be typed by struct {} too",
                o.name, t.c_record, ops.c_name.value
            ),
        ),
        Some(t) => t.data = t.data.take().or(data),
        None => {
            o.typed_by = Some(TypedBy {
                c_record: ops.c_name.value.clone(),
                trait_path: ops.rust.value.clone(),
                calls: Vec::new(),
                data,
            });
        }
    }
}

/// The ops table a created object points to: a `const struct X *` field, X spec'd.
fn created_with<'s>(spec: &'s Spec, ir: &Ir, o: &ObjectSpec) -> Option<&'s OpsSpec> {
    let record = ir.record(&o.c_name.value)?;
    record.fields.iter().find_map(|f| {
        let (table, is_const) = f.ty.struct_pointer()?;
        spec.ops
            .iter()
            .find(|ops| is_const && ops.c_name.value == table)
    })
}

/// The table typing an object that `alloc` takes, for an allocated object.
fn allocated_from<'s>(
    spec: &'s Spec,
    ir: &Ir,
    o: &ObjectSpec,
    objects: &HashMap<String, Object>,
) -> Option<&'s OpsSpec> {
    let f = ir.function(&o.alloc.as_ref()?.value)?;
    let typed = f.params.iter().find_map(|param| {
        let (record, _) = param.ty.struct_pointer()?;
        objects.get(record)?.typed_by.as_ref()
    })?;
    spec.ops
        .iter()
        .find(|ops| ops.c_name.value == typed.c_record)
}

/// `[object.X] data`: each names a `void *` parameter of `alloc`, for an object typed by
/// a table that declares the associated type.
fn check_alloc_data(
    p: &mut Problems<'_>,
    ir: &Ir,
    o: &ObjectSpec,
    objects: &HashMap<String, Object>,
    spec: &Spec,
) {
    if !super::alloc::alloc_fits(ir, o) {
        return;
    }
    for (key, assoc) in &o.data {
        let alloc = o.alloc.as_ref().and_then(|a| ir.function(&a.value));
        let param = alloc.filter(|f| f.name == key.value.owner).and_then(|f| {
            f.params
                .iter()
                .find(|p| p.name == key.value.name && p.ty.is_void_pointer())
        });
        if param.is_none() {
            p.at(
                &key.span,
                format!(
                    "`{}` is not `alloc_function.parameter` of a `void *` parameter of `alloc`",
                    key.value
                ),
            );
            continue;
        }
        let typed = objects
            .get(&o.c_name.value)
            .and_then(|x| x.typed_by.as_ref());
        let declared = typed
            .and_then(|t| spec.ops.iter().find(|ops| ops.c_name.value == t.c_record))
            .is_some_and(|ops| ops.data.iter().any(|(_, a)| a.value == assoc.value));
        // Typed by a table that did not resolve, or maybe left untyped by one.
        let blocked = match typed {
            Some(t) => p.unresolved(Entry::Ops, &t.c_record),
            None => p.any_unresolved(Entry::Ops),
        };
        if !declared && !blocked {
            p.at(&assoc.span, format!("`{}` is no associated type the ops table typing [object.{}] declares in `data`", assoc.value, o.c_name.value));
        }
    }
}
