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

use clang::{Clang, Entity, EntityKind, Index, StorageClass, TranslationUnit};

use super::macros::MacroDef;
use super::probe::{PROBE, Probe, Resolved};
use super::{HeaderSet, LIBCLANG, parse_umbrella};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{
    ConstValue, Constant, Divergence, Enum, Function, FunctionKind, Ir, Record, SourceLocation,
    Variable,
};
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
    let objects = constant_questions(model);
    let probe = Probe::new(&set.umbrella(), &[], &objects);
    let tu = parse_umbrella(&index, set, (PROBE, probe.source()), args, |d| {
        probe.is_answer(d)
    })?;
    let real = RealTree::scan(&tu, args);

    let mut ir = model.clone();
    let mut changes = Changes::new(set, tree);
    real.relayout_functions(&mut ir.functions, &mut changes);
    real.check_variables(&ir.variables, &mut changes);
    real.relayout_records(&mut ir.records, &mut changes);
    real.relayout_enums(&mut ir.enums, &mut changes);
    relayout_constants(&mut ir.constants, &probe.answer(&tu), &mut changes);
    changes.finish(ir, real.files_read)
}

/// One probe question per model constant: its value in the real tree.
fn constant_questions(model: &Ir) -> Vec<MacroDef> {
    model
        .constants
        .iter()
        .map(|c| MacroDef {
            name: c.name.clone(),
            params: None,
            body: vec![c.name.clone()],
            location: c.location.clone(),
        })
        .collect()
}

/// What the real tree's translation unit defines, by name.
struct RealTree<'tu> {
    found: HashMap<String, Found<'tu>>,
    enum_values: HashMap<String, i64>,
    /// Every file of the tree clang read (the forced includes and the `#include`s).
    files_read: BTreeSet<PathBuf>,
}

/// Where the real tree differs from the model: divergences to list, and what the model
/// needs that the tree lacks (an error).
struct Changes<'a> {
    set: &'a HeaderSet,
    tree: &'a KernelTree,
    divergences: Vec<Divergence>,
    missing: Vec<Diagnostic>,
}

impl<'a> Changes<'a> {
    fn new(set: &'a HeaderSet, tree: &'a KernelTree) -> Self {
        Changes {
            set,
            tree,
            divergences: Vec::new(),
            missing: Vec::new(),
        }
    }

    fn diverge(&mut self, item: String, note: String) {
        self.divergences.push(Divergence { item, note });
    }

    /// The model needs `what` (declared at `location`) and the tree lacks it.
    fn absent(&mut self, location: &SourceLocation, what: String) {
        self.missing.push(Diagnostic {
            file: self
                .set
                .display_path(&self.set.canonical_root.join(&location.file)),
            line: location.line,
            column: location.column,
            message: format!(
                "{what}, which the kernel headers in {} lack",
                self.tree.flavor.display()
            ),
        });
    }

    /// The relaid IR, or every missing item as one error.
    fn finish(self, ir: Ir, files_read: BTreeSet<PathBuf>) -> Result<Relayout> {
        if !self.missing.is_empty() {
            return Err(Error::KernelMismatch {
                diagnostics: self.missing,
            });
        }
        let mut divergences = self.divergences;
        divergences.sort_by(|a, b| a.item.cmp(&b.item));
        Ok(Relayout {
            ir,
            divergences,
            files_read: files_read.into_iter().collect(),
        })
    }
}

impl<'tu> RealTree<'tu> {
    /// Indexes the top-level entities of `tu`, parsed with the clang flags `args`.
    fn scan(tu: &'tu TranslationUnit<'_>, args: &[String]) -> Self {
        let mut real = RealTree {
            found: HashMap::new(),
            enum_values: HashMap::new(),
            files_read: forced_includes(args).collect(),
        };
        for entity in tu.get_entity().get_children() {
            if entity.get_kind() == EntityKind::InclusionDirective
                && let Some(file) = entity.get_file()
            {
                real.files_read.insert(file.get_path());
            }
            if let Some(name) = entity.get_name() {
                real.note(name, entity);
                collect_enum_values(&entity, &mut real.enum_values);
            }
        }
        real
    }

    /// Records what the entity `name` is: a function, variable, macro or record.
    fn note(&mut self, name: String, entity: Entity<'tu>) {
        match entity.get_kind() {
            EntityKind::FunctionDecl => {
                let slot = &mut self.found.entry(name).or_default().function;
                let inline_definition = entity.get_storage_class() == Some(StorageClass::Static)
                    && entity.is_definition();
                if slot.is_none() || inline_definition {
                    *slot = Some(entity);
                }
            }
            EntityKind::VarDecl => self.found.entry(name).or_default().variable = true,
            EntityKind::MacroDefinition if entity.is_function_like_macro() => {
                self.found.entry(name).or_default().function_like_macro = true;
            }
            EntityKind::StructDecl | EntityKind::UnionDecl if entity.is_definition() => {
                self.found.entry(name).or_default().record = Some(entity);
            }
            EntityKind::TypedefDecl => {
                if let Some(decl) = anonymous_record_of(&entity) {
                    self.found.entry(name).or_default().record = Some(decl);
                }
            }
            _ => {}
        }
    }

    /// Each function's kind in the tree: exported, `static inline` or a macro.
    fn relayout_functions(&self, functions: &mut [Function], changes: &mut Changes<'_>) {
        for function in functions {
            let Some(kind) = self
                .found
                .get(&function.name)
                .and_then(Found::function_kind)
            else {
                changes.absent(
                    &function.location,
                    format!("the model declares `{}`", function.name),
                );
                continue;
            };
            if kind != function.kind {
                changes.diverge(
                    function.name.clone(),
                    format!(
                        "{} in the model, {} in this kernel{}",
                        kind_name(function.kind),
                        kind_name(kind),
                        if kind == FunctionKind::Extern {
                            ": called directly, no shim"
                        } else {
                            ": called through a C shim"
                        }
                    ),
                );
                function.kind = kind;
            }
        }
    }

    fn check_variables(&self, variables: &[Variable], changes: &mut Changes<'_>) {
        for variable in variables {
            if !self.found.get(&variable.name).is_some_and(|f| f.variable) {
                changes.absent(
                    &variable.location,
                    format!("the model declares the variable `{}`", variable.name),
                );
            }
        }
    }

    /// Each record's size, alignment and field offsets in the tree; a record the tree
    /// does not define is left out.
    fn relayout_records(&self, records: &mut Vec<Record>, changes: &mut Changes<'_>) {
        let mut gone_records = Vec::new();
        for record in records.iter_mut() {
            let lookup = record
                .c_type
                .declared_name()
                .unwrap_or(record.c_type.spelling());
            if let Some(entity) = self.found.get(lookup).and_then(|f| f.record) {
                relayout_record(record, entity, changes);
            } else {
                // A record of the model's own plumbing (the real one may be named
                // otherwise in this configuration); Rust that names it fails to compile,
                // clearly.
                changes.diverge(
                    record.c_type.to_string(),
                    "defined by the model, not by this kernel: left out of the layout \
                     table"
                        .into(),
                );
                gone_records.push(record.name.clone());
            }
        }
        records.retain(|r| !gone_records.contains(&r.name));
    }

    /// Each enum variant's value in the tree.
    fn relayout_enums(&self, enums: &mut [Enum], changes: &mut Changes<'_>) {
        for e in enums {
            for constant in &mut e.variants {
                match self.enum_values.get(constant.name.as_str()) {
                    Some(&real) if real != constant.value => {
                        changes.diverge(
                            constant.name.clone(),
                            format!("{} in the model, {real} in this kernel", constant.value),
                        );
                        constant.value = real;
                    }
                    Some(_) => {}
                    None => {
                        changes.absent(&e.location, format!("the model names `{}`", constant.name))
                    }
                }
            }
        }
    }
}

impl Found<'_> {
    /// The function's kind in the tree, if the tree has it.
    fn function_kind(&self) -> Option<FunctionKind> {
        if self.function_like_macro {
            return Some(FunctionKind::Macro);
        }
        let decl = self.function?;
        Some(if decl.get_storage_class() == Some(StorageClass::Static) {
            FunctionKind::StaticInline
        } else {
            FunctionKind::Extern
        })
    }
}

/// The anonymous struct or union a typedef names (`typedef struct { ... } name;`).
fn anonymous_record_of<'tu>(typedef: &Entity<'tu>) -> Option<Entity<'tu>> {
    typedef
        .get_typedef_underlying_type()
        .and_then(|t| t.get_declaration())
        .filter(|decl| {
            decl.is_anonymous()
                && decl.is_definition()
                && matches!(
                    decl.get_kind(),
                    EntityKind::StructDecl | EntityKind::UnionDecl
                )
        })
}

/// The record's size and alignment in the tree, then its fields'.
fn relayout_record(record: &mut Record, entity: Entity<'_>, changes: &mut Changes<'_>) {
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
        changes.diverge(
            record.c_type.to_string(),
            format!(
                "{} bytes (align {}) in the model, {} (align {}) in this kernel's configuration",
                show(record.size),
                show(record.align),
                show(size),
                show(align)
            ),
        );
    }
    record.size = size;
    record.align = align;
    relayout_fields(record, entity, changes);
}

/// Each field's offset in the tree, and the anonymous members the tree reaches it
/// through (6.12 moved `platform_driver.remove` into an anonymous union); a field the
/// tree does not have is left out.
fn relayout_fields(record: &mut Record, entity: Entity<'_>, changes: &mut Changes<'_>) {
    let tree = super::record::fields_of(&entity).unwrap_or_default();
    let mut moved = 0;
    let mut kept = Vec::new();
    for mut field in std::mem::take(&mut record.fields) {
        let Some(real) = tree.iter().find(|f| f.name == field.name) else {
            changes.diverge(
                format!("{}.{}", record.c_type, field.name),
                "a field of the model's configuration that this kernel's \
                 configuration does not have"
                    .into(),
            );
            continue;
        };
        moved += usize::from(real.offset_bits != field.offset_bits);
        field.offset_bits = real.offset_bits;
        field.anonymous = real.anonymous.clone();
        kept.push(field);
    }
    record.fields = kept;
    if moved > 0 {
        changes.diverge(
            record.c_type.to_string(),
            format!("{moved} of the model's fields are at other offsets"),
        );
    }
}

/// Each constant's value in the tree, as the probe answered.
fn relayout_constants(constants: &mut [Constant], resolved: &Resolved, changes: &mut Changes<'_>) {
    for skipped in &resolved.skipped_constants {
        changes.absent(
            &skipped.location,
            format!(
                "the model defines the constant `{}` ({})",
                skipped.name, skipped.reason
            ),
        );
    }
    for constant in constants {
        let Some(real) = resolved.constants.iter().find(|c| c.name == constant.name) else {
            continue;
        };
        if real.value != constant.value {
            changes.diverge(
                constant.name.clone(),
                format!(
                    "{} in the model, {} in this kernel",
                    show_value(&constant.value),
                    show_value(&real.value)
                ),
            );
        }
        constant.value = real.value.clone();
    }
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
