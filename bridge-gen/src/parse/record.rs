//! Structs and unions: their fields, the members of anonymous structs and unions among
//! them, and the callback signature of every function-pointer field.
//!
//! C names a member of an anonymous struct or union as the record's own (`drv->remove`
//! for 6.12's `union { remove; remove_new; }` in `struct platform_driver`), so the IR
//! lists it among the record's fields, at its offset in the record, with the path
//! bindgen's Rust takes to it (`__bindgen_anon_1.remove`).

use clang::{Entity, EntityKind, TypeKind};

use super::{ctype, doc_of, type_name};
use crate::ir::{Anonymous, Callback, Field, Record, RecordKind, SourceLocation};

/// A named struct or union definition as a record; None for a declaration, an anonymous
/// record (its members belong to the record around it) or a field clang cannot type.
pub(super) fn record_of(entity: &Entity<'_>, location: SourceLocation) -> Option<Record> {
    if !entity.is_definition() || entity.is_anonymous() {
        return None;
    }
    let name = entity.get_name()?;
    let ty = entity.get_type()?;
    Some(Record {
        name,
        c_type: type_name(Some(ty))?,
        kind: record_kind(entity),
        fields: fields_of(entity)?,
        size: ty.get_sizeof().ok().map(|s| s as u64),
        align: ty.get_alignof().ok().map(|a| a as u64),
        doc: doc_of(entity),
        location,
    })
}

fn record_kind(entity: &Entity<'_>) -> RecordKind {
    if entity.get_kind() == EntityKind::UnionDecl {
        RecordKind::Union
    } else {
        RecordKind::Struct
    }
}

/// Every field of a record, the members of its anonymous structs and unions in their
/// place; None when clang cannot type one of them.
pub(super) fn fields_of(entity: &Entity<'_>) -> Option<Vec<Field>> {
    let mut fields = Vec::new();
    let top = Inside {
        path: Vec::new(),
        top: entity.get_type(),
        union_first: None,
    };
    collect(entity, &top, &mut fields)?;
    Some(fields)
}

/// The anonymous members a field is reached through.
#[derive(Clone)]
struct Inside<'tu> {
    /// bindgen's names of the anonymous members, outermost first.
    path: Vec<String>,
    /// The named record's type, which measures the members of its anonymous ones.
    top: Option<clang::Type<'tu>>,
    /// The first member of the innermost anonymous union, when the walk is inside one.
    union_first: Option<String>,
}

fn collect<'tu>(entity: &Entity<'tu>, inside: &Inside<'tu>, out: &mut Vec<Field>) -> Option<()> {
    // bindgen numbers a record's anonymous members from 1, in declaration order.
    let mut anonymous = 0;
    let is_union = entity.get_kind() == EntityKind::UnionDecl;
    let mut first: Option<String> = None;
    for child in entity.get_children() {
        if is_anonymous_member(&child) {
            anonymous += 1;
            let mut path = inside.path.clone();
            path.push(format!("__bindgen_anon_{anonymous}"));
            let nested = Inside {
                path,
                top: inside.top,
                union_first: if is_union {
                    first.clone()
                } else {
                    inside.union_first.clone()
                },
            };
            let before = out.len();
            collect(&child, &nested, out)?;
            if is_union && first.is_none() {
                first = out.get(before).map(|f| f.name.clone());
            }
            continue;
        }
        if child.get_kind() != EntityKind::FieldDecl {
            continue;
        }
        let mut field = field_of(&child)?;
        field.offset_bits = if inside.path.is_empty() {
            child.get_offset_of_field().ok().map(|o| o as u64)
        } else {
            // libclang measures a member of an anonymous record through the record
            // that names it, at any depth.
            inside
                .top
                .and_then(|t| t.get_offsetof(&field.name).ok())
                .map(|o| o as u64)
        };
        let shares_with = if is_union {
            match &first {
                Some(first) => Some(first.clone()),
                None => {
                    first = Some(field.name.clone());
                    None
                }
            }
        } else {
            inside.union_first.clone()
        };
        if !inside.path.is_empty() {
            field.anonymous = Some(Anonymous {
                path: inside.path.clone(),
                shares_with,
            });
        }
        out.push(field);
    }
    Some(())
}

/// A struct or union without a name that is not the type of a named field: its members
/// are the enclosing record's (`union { ... };`).
fn is_anonymous_member(child: &Entity<'_>) -> bool {
    matches!(
        child.get_kind(),
        EntityKind::StructDecl | EntityKind::UnionDecl
    ) && child.is_anonymous_record_decl()
}

/// One named field (its offset is the caller's).
fn field_of(field: &Entity<'_>) -> Option<Field> {
    let ty = field.get_type();
    Some(Field {
        name: field.get_name().unwrap_or_default(),
        ty: type_name(ty)?,
        bit_width: field.get_bit_field_width().map(|w| w as u32),
        offset_bits: None,
        callback: ty.and_then(callback_of).map(|mut cb| {
            cb.param_names = field
                .get_children()
                .iter()
                .filter(|c| c.get_kind() == EntityKind::ParmDecl)
                .map(|p| p.get_name().unwrap_or_default())
                .collect();
            cb.param_names.resize(cb.params.len(), String::new());
            cb
        }),
        anonymous: None,
    })
}

/// The signature of a function-pointer type, typedef names kept where clang has them.
fn callback_of(ty: clang::Type<'_>) -> Option<Callback> {
    let canonical = ty.get_canonical_type();
    if canonical.get_kind() != TypeKind::Pointer {
        return None;
    }
    let pointee = ty
        .get_pointee_type()
        .or_else(|| canonical.get_pointee_type())?;
    let function = if pointee.get_result_type().is_some() {
        pointee
    } else {
        canonical.get_pointee_type()?
    };
    let ret = function.get_result_type()?;
    let params = function.get_argument_types()?;
    Some(Callback {
        ret: ctype::c_type(ret),
        params: params.into_iter().map(ctype::c_type).collect(),
        param_names: Vec::new(),
    })
}
