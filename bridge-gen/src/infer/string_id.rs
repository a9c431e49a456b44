//! `[id.X] string = "field"`: a device-id entry matched by a name (`of_device_id` by its
//! `compatible`, `platform_device_id` by its `name`), and the ops-table fields that point
//! to a driver's table of them (`[ops.X] id_tables`).
//!
//! A driver gives its table as a constant slice ending in the id type's `END`, as C ends
//! one with `{ }`; the table builder checks at compile time that it ends there and
//! nowhere before, so C's loop (which stops at the first empty entry) sees all of it.

use super::Problems;
use super::field_path::reach;
use crate::ir::{Ir, Record};
use crate::rust_path::RustPath;
use crate::spec::{IdSpec, OpsSpec};

/// A string device-id type.
#[derive(Clone, Debug)]
pub struct StringId {
    pub path: RustPath,
    pub c_record: String,
    /// The `char[]` field an entry is matched by, and its length with the NUL.
    pub field: String,
    pub len: u64,
    /// Every `char[]` field, all empty in the entry that ends a table.
    pub names: Vec<String>,
    pub doc: Option<crate::ir::Doc>,
}

/// One `[id.X]` with `string`.
pub(super) fn string_id(p: &mut Problems<'_>, ir: &Ir, id: &IdSpec) -> Option<StringId> {
    let record = p.record(ir, &id.c_name)?;
    let field = id.string.as_ref()?;
    if let Some((mask, _)) = id.masks.first() {
        p.at(
            &mask.span,
            "`masks` are for (id, mask) ids; a `string` id has none",
        );
    }
    let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
        let names = record.fields.iter().map(|f| f.name.as_str());
        p.unknown(&format!("field of struct {}", record.name), field, names);
        return None;
    };
    let Some(len) = f.ty.char_array().filter(|&len| len > 1) else {
        p.at(
            &field.span,
            format!("`{}` is `{}`, not a `char` array", f.name, f.ty),
        );
        return None;
    };
    Some(StringId {
        path: id.rust.value.clone(),
        c_record: record.name.clone(),
        field: f.name.clone(),
        len,
        names: char_arrays(record),
        doc: record.doc.clone(),
    })
}

fn char_arrays(record: &Record) -> Vec<String> {
    (record.fields.iter())
        .filter(|f| f.ty.char_array().is_some())
        .map(|f| f.name.clone())
        .collect()
}

/// An ops-table field filled from a driver's id table.
#[derive(Clone, Debug)]
pub struct IdTableSlot {
    /// bindgen's path to the field.
    pub member: Vec<String>,
    /// The trait's constant (`OF_MATCH_TABLE`).
    pub rust: String,
    pub id: RustPath,
}

/// `[ops.X] id_tables`: each field a `const struct X *` to a string id type of the spec.
pub(super) fn id_tables(
    p: &mut Problems<'_>,
    ir: &Ir,
    (o, record): (&OpsSpec, &Record),
    ids: &[StringId],
) -> Vec<IdTableSlot> {
    let mut slots = Vec::new();
    for (path, id) in &o.id_tables {
        let field = match reach(ir, record, &path.value) {
            Ok(reached) => reached,
            Err(stop) => {
                stop.report(p, path);
                continue;
            }
        };
        let Some(string_id) = ids.iter().find(|s| s.c_record == id.value) else {
            let names = ids.iter().map(|s| s.c_record.as_str());
            p.unknown_in("string id type (`[id.X] string`)", super::SPEC, id, names);
            continue;
        };
        let points = field.field.ty.struct_pointer() == Some((string_id.c_record.as_str(), true));
        if !points {
            let ty = &field.field.ty;
            let want = &string_id.c_record;
            p.at(
                &path.span,
                format!("`{}` is `{ty}`, not `const struct {want} *`", path.value),
            );
            continue;
        }
        slots.push(IdTableSlot {
            member: field.member,
            rust: field.field.name.to_ascii_uppercase(),
            id: string_id.path.clone(),
        });
    }
    slots
}
