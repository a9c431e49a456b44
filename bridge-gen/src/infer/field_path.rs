//! Field paths of the spec (`driver.name`): a field of a struct embedded by value in a
//! record, at any depth, and the path bindgen's Rust takes to it.

use super::Problems;
use crate::ir::{Field, Ir, Record};
use crate::spec::At;

/// A field reached from a record through embedded structs.
pub struct Reached<'a> {
    pub field: &'a Field,
    /// The struct that declares it (its kernel-doc documents the field).
    pub owner: &'a Record,
    /// bindgen's path from the record (`driver.name`, `__bindgen_anon_1.remove`).
    pub member: Vec<String>,
}

/// Follows `path` (`driver.name`) from `record`, or says where it stops: the record and
/// the segment that names no field of it (for a nearest-name hint), or a segment that is
/// no embedded struct.
pub fn reach<'a>(ir: &'a Ir, record: &'a Record, path: &str) -> Result<Reached<'a>, Stop<'a>> {
    let mut record = record;
    let mut member = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Some(field) = record.fields.iter().find(|f| f.name == segment) else {
            return Err(Stop::Unknown {
                record,
                segment: segment.to_owned(),
            });
        };
        member.extend(field.rust_path().into_iter().map(str::to_owned));
        if segments.peek().is_none() {
            return Ok(Reached {
                field,
                owner: record,
                member,
            });
        }
        let inner = field
            .ty
            .struct_name()
            .filter(|_| field.ty.pointee().is_none())
            .and_then(|name| ir.record(name));
        let Some(inner) = inner else {
            return Err(Stop::NotEmbedded {
                field: segment.to_owned(),
                ty: field.ty.to_string(),
            });
        };
        record = inner;
    }
    Err(Stop::Unknown {
        record,
        segment: String::new(),
    })
}

/// Where a field path stops.
pub enum Stop<'a> {
    Unknown { record: &'a Record, segment: String },
    NotEmbedded { field: String, ty: String },
}

impl Stop<'_> {
    /// Reports where the spec's `path` stops, at its place in bridge.toml.
    pub fn report(self, p: &mut Problems<'_>, path: &At<String>) {
        match self {
            Stop::Unknown { record, segment } => {
                let names = record.fields.iter().map(|f| f.name.as_str());
                let name = At::new(segment, path.span.clone());
                p.unknown(&format!("field of struct {}", record.name), &name, names);
            }
            Stop::NotEmbedded { field, ty } => {
                p.at(
                    &path.span,
                    format!("`{field}` is `{ty}`, no struct embedded by value"),
                );
            }
        }
    }
}
