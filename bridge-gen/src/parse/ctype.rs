//! clang's types -> `ir::CType`, once, at parse.

use clang::{Type, TypeKind};

use crate::ir::{CType, CTypeKind, IntKind, RecordKind};

/// The typed form of a clang type, spelled as clang displays it (typedef names kept).
pub fn c_type(ty: Type<'_>) -> CType {
    c_type_spelled(ty, ty.get_display_name())
}

/// The typed form of a clang type, written back into C as `spelling`. A `volatile` type
/// is carried but matches no pattern (`Other`): every access to it must stay a volatile
/// access, which no safe accessor or reference of ours promises.
pub fn c_type_spelled(ty: Type<'_>, spelling: String) -> CType {
    let kind = match ty.is_volatile_qualified() {
        true => CTypeKind::Other,
        false => kind(ty),
    };
    CType::new(portable(spelling), ty.is_const_qualified(), kind)
}

/// clang names an anonymous record by where it is (`struct (unnamed struct at
/// /home/me/headers/linux/device.h:62:2)`): the folder goes, so that the IR reads the
/// same on every machine (`struct (unnamed struct at device.h:62:2)`).
fn portable(spelling: String) -> String {
    let mut out = String::with_capacity(spelling.len());
    let mut rest = spelling.as_str();
    while let Some(at) = rest.find(" at /") {
        let (before, after) = rest.split_at(at + " at ".len());
        out.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let (path, tail) = after.split_at(end);
        out.push_str(path.rsplit('/').next().unwrap_or(path));
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn kind(ty: Type<'_>) -> CTypeKind {
    if let Some(int) = int_kind(ty.get_kind()) {
        return CTypeKind::Int(int);
    }
    match ty.get_kind() {
        TypeKind::Void => CTypeKind::Void,
        TypeKind::Float | TypeKind::Double | TypeKind::LongDouble | TypeKind::Float128 => {
            CTypeKind::Float
        }
        TypeKind::Pointer => ty.get_pointee_type().map_or(CTypeKind::Other, |to| {
            CTypeKind::Pointer(Box::new(c_type(to)))
        }),
        TypeKind::Record => record(ty),
        TypeKind::Enum => CTypeKind::Enum {
            tag: declaration_name(ty),
        },
        TypeKind::Typedef => typedef(ty),
        TypeKind::FunctionPrototype | TypeKind::FunctionNoPrototype => function(ty),
        TypeKind::ConstantArray | TypeKind::IncompleteArray => array(ty),
        TypeKind::Elaborated => ty.get_elaborated_type().map_or(CTypeKind::Other, kind),
        TypeKind::Attributed => ty.get_modified_type().map_or(CTypeKind::Other, kind),
        _ => sugar(ty),
    }
}

fn int_kind(kind: TypeKind) -> Option<IntKind> {
    Some(match kind {
        TypeKind::Bool => IntKind::Bool,
        TypeKind::CharS | TypeKind::CharU => IntKind::Char,
        TypeKind::SChar => IntKind::SignedChar,
        TypeKind::UChar => IntKind::UnsignedChar,
        TypeKind::Short => IntKind::Short,
        TypeKind::UShort => IntKind::UnsignedShort,
        TypeKind::Int => IntKind::Int,
        TypeKind::UInt => IntKind::UnsignedInt,
        TypeKind::Long => IntKind::Long,
        TypeKind::ULong => IntKind::UnsignedLong,
        TypeKind::LongLong => IntKind::LongLong,
        TypeKind::ULongLong => IntKind::UnsignedLongLong,
        TypeKind::Int128 => IntKind::Int128,
        TypeKind::UInt128 => IntKind::UnsignedInt128,
        _ => return None,
    })
}

/// The tag of a record or enum; empty when it is anonymous.
fn declaration_name(ty: Type<'_>) -> String {
    ty.get_declaration()
        .filter(|d| !d.is_anonymous())
        .and_then(|d| d.get_name())
        .unwrap_or_default()
}

fn record(ty: Type<'_>) -> CTypeKind {
    let is_union = ty
        .get_declaration()
        .is_some_and(|d| d.get_kind() == clang::EntityKind::UnionDecl);
    CTypeKind::Record {
        kind: if is_union {
            RecordKind::Union
        } else {
            RecordKind::Struct
        },
        tag: declaration_name(ty),
    }
}

fn typedef(ty: Type<'_>) -> CTypeKind {
    let name = ty
        .get_typedef_name()
        .unwrap_or_else(|| ty.get_display_name());
    let target = ty
        .get_declaration()
        .and_then(|d| d.get_typedef_underlying_type())
        .unwrap_or_else(|| ty.get_canonical_type());
    CTypeKind::Typedef {
        name,
        target: Box::new(c_type(target)),
    }
}

fn function(ty: Type<'_>) -> CTypeKind {
    let ret = ty.get_result_type().map_or_else(CType::void, c_type);
    let params = ty
        .get_argument_types()
        .unwrap_or_default()
        .into_iter()
        .map(c_type)
        .collect();
    CTypeKind::Function {
        ret: Box::new(ret),
        params,
        variadic: ty.is_variadic(),
    }
}

fn array(ty: Type<'_>) -> CTypeKind {
    let Some(element) = ty.get_element_type() else {
        return CTypeKind::Other;
    };
    CTypeKind::Array {
        element: Box::new(c_type(element)),
        len: ty.get_size().map(|n| n as u64),
    }
}

/// Sugar clang does not expose by kind (parentheses, `typeof`, `__auto_type`): what it
/// stands for, which is the canonical type.
fn sugar(ty: Type<'_>) -> CTypeKind {
    let canonical = ty.get_canonical_type();
    if canonical == ty {
        CTypeKind::Other
    } else {
        kind(canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::portable;

    #[test]
    fn an_anonymous_record_is_spelled_without_the_folder() {
        assert_eq!(
            portable("struct (unnamed struct at /home/me/headers/linux/device.h:62:2)".into()),
            "struct (unnamed struct at device.h:62:2)"
        );
        assert_eq!(
            portable("const union (anonymous union at /x/a.h:1:2) *".into()),
            "const union (anonymous union at a.h:1:2) *"
        );
        assert_eq!(portable("struct device *".into()), "struct device *");
    }
}
