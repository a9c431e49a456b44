//! The model's IR, re-read in a real kernel's headers.
//!
//! The shipped headers define the API: every name and signature (a test compares each
//! one with Debian's 6.12 headers), so the spec infers the same safe API in both worlds.
//! A real tree supplies what depends on its configuration: record layouts, enum and
//! macro values, and whether a function is an exported symbol, a `static inline` or a
//! macro there (the last two are reached through a C shim). Each such difference from
//! the model is listed with the reason, so a reviewer sees what changes between worlds.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use clang::{Clang, Entity, EntityKind, Index, StorageClass};

use super::macros::MacroDef;
use super::probe::{PROBE, Probe};
use super::{HeaderSet, LIBCLANG, parse_umbrella};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{ConstValue, Divergence, FunctionKind, Ir, SourceLocation};
use crate::kernel_tree::KernelTree;

/// What one name is in the real headers.
#[derive(Default)]
struct Found<'tu> {
    /// A `static inline` definition, or else the first extern declaration.
    function: Option<Entity<'tu>>,
    function_like_macro: bool,
    record: Option<Entity<'tu>>,
    variable: bool,
}

/// The model's API laid out for a real kernel.
#[derive(Clone, Debug)]
pub struct Relayout {
    /// The model's IR with the real tree's sizes, offsets, values and function kinds.
    pub ir: Ir,
    /// Where the real tree differs from the model.
    pub divergences: Vec<Divergence>,
    /// Every file of the tree clang read: a regeneration is due when one changes.
    pub files_read: Vec<PathBuf>,
}

/// The model's `ir` with the real tree's facts; `args` are the tree's clang flags.
pub fn relayout(
    model: &Ir,
    set: &HeaderSet,
    tree: &KernelTree,
    args: &[String],
) -> Result<Relayout> {
    let _guard = LIBCLANG
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let clang = Clang::new().map_err(Error::Libclang)?;
    let index = Index::new(&clang, false, false);
    // One translation unit answers everything: the umbrella, then the probe asking the
    // value of each of the model's constants in this tree.
    let objects: Vec<MacroDef> = model
        .constants
        .iter()
        .map(|c| MacroDef {
            name: c.name.clone(),
            params: None,
            body: vec![c.name.clone()],
            location: c.location.clone(),
        })
        .collect();
    let probe = Probe::new(&set.umbrella(), &[], &objects);
    let tu = parse_umbrella(&index, set, (PROBE, probe.source()), args, |d| {
        probe.is_answer(d)
    })?;

    let mut found: HashMap<String, Found<'_>> = HashMap::new();
    let mut enum_values: HashMap<String, i64> = HashMap::new();
    let mut files_read: BTreeSet<PathBuf> = forced_includes(args).collect();
    for entity in tu.get_entity().get_children() {
        if entity.get_kind() == EntityKind::InclusionDirective
            && let Some(file) = entity.get_file()
        {
            files_read.insert(file.get_path());
        }
        let Some(name) = entity.get_name() else {
            continue;
        };
        match entity.get_kind() {
            EntityKind::FunctionDecl => {
                let slot = &mut found.entry(name).or_default().function;
                let inline_definition = entity.get_storage_class() == Some(StorageClass::Static)
                    && entity.is_definition();
                if slot.is_none() || inline_definition {
                    *slot = Some(entity);
                }
            }
            EntityKind::VarDecl => found.entry(name).or_default().variable = true,
            EntityKind::MacroDefinition if entity.is_function_like_macro() => {
                found.entry(name).or_default().function_like_macro = true;
            }
            EntityKind::StructDecl | EntityKind::UnionDecl if entity.is_definition() => {
                found.entry(name).or_default().record = Some(entity);
            }
            EntityKind::TypedefDecl => {
                if let Some(decl) = entity
                    .get_typedef_underlying_type()
                    .and_then(|t| t.get_declaration())
                    && decl.is_anonymous()
                    && decl.is_definition()
                    && matches!(
                        decl.get_kind(),
                        EntityKind::StructDecl | EntityKind::UnionDecl
                    )
                {
                    found.entry(name).or_default().record = Some(decl);
                }
            }
            _ => {}
        }
        collect_enum_values(&entity, &mut enum_values);
    }

    let mut ir = model.clone();
    let mut divergences = Vec::new();
    let mut missing = Vec::new();
    let mut absent = |location: &SourceLocation, what: String| {
        missing.push(Diagnostic {
            file: set.display_path(&set.canonical_root.join(&location.file)),
            line: location.line,
            column: location.column,
            message: format!(
                "{what}, which the kernel headers in {} lack",
                tree.flavor.display()
            ),
        });
    };

    for function in &mut ir.functions {
        let real = found.get(&function.name);
        let kind = match real {
            Some(f) if f.function_like_macro => FunctionKind::Macro,
            Some(Found {
                function: Some(decl),
                ..
            }) if decl.get_storage_class() == Some(StorageClass::Static) => {
                FunctionKind::StaticInline
            }
            Some(Found {
                function: Some(_), ..
            }) => FunctionKind::Extern,
            _ => {
                absent(
                    &function.location,
                    format!("the model declares `{}`", function.name),
                );
                continue;
            }
        };
        if kind != function.kind {
            divergences.push(Divergence {
                item: function.name.clone(),
                note: format!(
                    "{} in the model, {} in this kernel{}",
                    kind_name(function.kind),
                    kind_name(kind),
                    if kind == FunctionKind::Extern {
                        ": called directly, no shim"
                    } else {
                        ": called through a C shim"
                    }
                ),
            });
            function.kind = kind;
        }
    }

    for variable in &ir.variables {
        if !found.get(&variable.name).is_some_and(|f| f.variable) {
            absent(
                &variable.location,
                format!("the model declares the variable `{}`", variable.name),
            );
        }
    }

    let mut gone_records = Vec::new();
    for record in &mut ir.records {
        let lookup = record
            .c_type
            .0
            .strip_prefix("struct ")
            .or_else(|| record.c_type.0.strip_prefix("union "))
            .unwrap_or(&record.c_type.0);
        let Some(entity) = found.get(lookup).and_then(|f| f.record) else {
            // A record of the model's own plumbing (the real one may be named otherwise
            // in this configuration); Rust that names it fails to compile, clearly.
            divergences.push(Divergence {
                item: record.c_type.0.clone(),
                note: "defined by the model, not by this kernel: left out of the layout \
                       table"
                    .into(),
            });
            gone_records.push(record.name.clone());
            continue;
        };
        let ty = entity.get_type();
        let size = ty
            .as_ref()
            .and_then(|t| t.get_sizeof().ok())
            .map(|s| s as u64);
        let align = ty
            .as_ref()
            .and_then(|t| t.get_alignof().ok())
            .map(|a| a as u64);
        if (size, align) != (record.size, record.align) {
            divergences.push(Divergence {
                item: record.c_type.0.clone(),
                note: format!(
                    "{} bytes (align {}) in the model, {} (align {}) in this kernel's configuration",
                    show(record.size),
                    show(record.align),
                    show(size),
                    show(align)
                ),
            });
        }
        record.size = size;
        record.align = align;
        let offset_of = |name: &str| {
            ty.as_ref()
                .and_then(|t| t.get_offsetof(name).ok())
                .map(|o| o as u64)
        };
        let direct: Vec<String> = entity
            .get_children()
            .iter()
            .filter(|c| c.get_kind() == EntityKind::FieldDecl)
            .filter_map(Entity::get_name)
            .collect();
        let mut moved = 0;
        let mut kept = Vec::new();
        for mut field in std::mem::take(&mut record.fields) {
            if field.name.is_empty() {
                // Anonymous members have no name to look up; the named fields inside
                // them are looked up through the record and checked.
                field.offset_bits = None;
                kept.push(field);
                continue;
            }
            if !direct.contains(&field.name) && offset_of(&field.name).is_some() {
                divergences.push(Divergence {
                    item: format!("{}.{}", record.c_type, field.name),
                    note: "inside an anonymous member in this kernel's configuration: \
                           Rust cannot name it there, so the layout table leaves it out"
                        .into(),
                });
                continue;
            }
            let Some(offset) = offset_of(&field.name) else {
                divergences.push(Divergence {
                    item: format!("{}.{}", record.c_type, field.name),
                    note: "a field of the model's configuration that this kernel's \
                           configuration does not have"
                        .into(),
                });
                continue;
            };
            moved += usize::from(Some(offset) != field.offset_bits);
            field.offset_bits = Some(offset);
            kept.push(field);
        }
        record.fields = kept;
        if moved > 0 {
            divergences.push(Divergence {
                item: record.c_type.0.clone(),
                note: format!("{moved} of the model's fields are at other offsets"),
            });
        }
    }

    ir.records.retain(|r| !gone_records.contains(&r.name));

    for e in &mut ir.enums {
        for (variant, value) in &mut e.variants {
            match enum_values.get(variant.as_str()) {
                Some(&real) if real != *value => {
                    divergences.push(Divergence {
                        item: variant.clone(),
                        note: format!("{value} in the model, {real} in this kernel"),
                    });
                    *value = real;
                }
                Some(_) => {}
                None => absent(&e.location, format!("the model names `{variant}`")),
            }
        }
    }

    let resolved = probe.answer(&tu);
    for skipped in &resolved.skipped_constants {
        absent(
            &skipped.location,
            format!(
                "the model defines the constant `{}` ({})",
                skipped.name, skipped.reason
            ),
        );
    }
    for constant in &mut ir.constants {
        let Some(real) = resolved.constants.iter().find(|c| c.name == constant.name) else {
            continue;
        };
        if real.value != constant.value {
            divergences.push(Divergence {
                item: constant.name.clone(),
                note: format!(
                    "{} in the model, {} in this kernel",
                    show_value(&constant.value),
                    show_value(&real.value)
                ),
            });
        }
        constant.value = real.value.clone();
    }

    if !missing.is_empty() {
        return Err(Error::KernelMismatch {
            diagnostics: missing,
        });
    }
    divergences.sort_by(|a, b| a.item.cmp(&b.item));
    Ok(Relayout {
        ir,
        divergences,
        files_read: files_read.into_iter().collect(),
    })
}

/// The files `-include` makes clang read before the first line.
fn forced_includes(args: &[String]) -> impl Iterator<Item = PathBuf> + '_ {
    args.windows(2)
        .filter(|pair| pair[0] == "-include")
        .map(|pair| PathBuf::from(&pair[1]))
}

fn collect_enum_values(entity: &Entity<'_>, out: &mut HashMap<String, i64>) {
    let decl = match entity.get_kind() {
        EntityKind::EnumDecl => Some(*entity),
        EntityKind::TypedefDecl => entity
            .get_typedef_underlying_type()
            .and_then(|t| t.get_declaration())
            .filter(|d| d.get_kind() == EntityKind::EnumDecl),
        _ => None,
    };
    for constant in decl.iter().flat_map(Entity::get_children) {
        if constant.get_kind() == EntityKind::EnumConstantDecl
            && let (Some(name), Some((value, _))) =
                (constant.get_name(), constant.get_enum_constant_value())
        {
            out.insert(name, value);
        }
    }
}

fn kind_name(kind: FunctionKind) -> &'static str {
    match kind {
        FunctionKind::Extern => "an exported function",
        FunctionKind::StaticInline => "static inline",
        FunctionKind::Macro => "a macro",
    }
}

fn show(value: Option<u64>) -> String {
    value.map_or_else(|| "?".into(), |v| v.to_string())
}

fn show_value(value: &ConstValue) -> String {
    match value {
        ConstValue::Signed(v) => v.to_string(),
        ConstValue::Unsigned(v) => format!("{v:#x}"),
        ConstValue::Str(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
    }
}
