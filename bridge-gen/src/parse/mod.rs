//! Reading the headers with libclang: declarations, static inline bodies, macros,
//! kernel-doc comments and attributes, into the IR.
//!
//! bindgen reads the same headers again for the raw bindings; this pass collects what
//! bindgen does not expose (macros, inline bodies, `__must_check`, comments per item).

mod ctype;
mod headers;
mod macros;
mod probe;
mod real;
mod record;

use std::collections::HashMap;
use std::sync::Mutex;

use clang::diagnostic::Severity;
use clang::{Clang, Entity, EntityKind, Index, StorageClass, Unsaved};

pub use headers::HeaderSet;
pub use real::{Relayout, relayout};

use crate::error::{Diagnostic, Error, Result};
use crate::ir::{
    CType, CTypeKind, Doc, Enum, EnumConstant, Function, FunctionKind, Ir, Param, SourceLocation,
    Typedef, Variable,
};
use crate::kernel_tree::KernelTree;
use crate::target::Target;
use macros::{MacroDef, TypedMacro};
use record::record_of;

/// libclang is one process-wide library: the `clang` crate allows one instance at a time
/// and bindgen swaps the loaded library per thread. All use of it goes through this lock.
pub(crate) static LIBCLANG: Mutex<()> = Mutex::new(());

/// Name of the in-memory file that includes every header of the set.
const UMBRELLA: &str = "kbridge-umbrella.h";

/// The clang flags for a header set: kernel dialect, no host headers.
pub fn clang_args(set: &HeaderSet, target: &Target, extra: &[String]) -> Vec<String> {
    let mut args = dialect();
    args.push(format!("-I{}", set.canonical_root.display()));
    args.extend(target.clang_args());
    args.extend(extra.iter().cloned());
    args
}

/// The clang flags for a real kernel's headers: the same dialect, the tree's folders
/// and the flags of its module build.
pub fn kernel_clang_args(tree: &KernelTree, target: &Target, extra: &[String]) -> Vec<String> {
    let mut args = dialect();
    args.extend(target.clang_args());
    args.extend(tree.clang_args());
    args.extend(extra.iter().cloned());
    args
}

/// Kernel C ([`crate::dialect::FLAGS`]) as libclang reads headers here, with what only a
/// parse needs: `-x c` (the umbrella, named `.h`, is parsed as a C file, not a header),
/// `-fno-builtin` (no function is taken for a C library builtin: a kernel's headers
/// declare `memcpy`, `strlen` and the like themselves, for its own definitions) and
/// `-ferror-limit=0` (every error of a header is reported, not the first 20). `cc`
/// compiles of the shim ([`crate::Builder::build`]) take the dialect without these.
fn dialect() -> Vec<String> {
    let mut args = vec!["-x".to_string(), "c".to_string()];
    args.extend(crate::dialect::args());
    args.extend(["-fno-builtin", "-ferror-limit=0"].map(String::from));
    args
}

/// Parses a header set for a target into the IR.
/// `args` are the flags from [`clang_args`]; the caller hands the same ones to bindgen.
pub fn parse(set: &HeaderSet, args: &[String]) -> Result<Ir> {
    let _guard = LIBCLANG
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let clang = Clang::new().map_err(Error::Libclang)?;
    let index = Index::new(&clang, false, false);
    let umbrella = set.umbrella();
    let tu = parse_umbrella(&index, set, (UMBRELLA, &umbrella), args, |_| false)?;

    let mut ir = Ir {
        headers: set.headers.clone(),
        ..Ir::default()
    };
    let mut macro_defs = Vec::new();
    for entity in tu.get_entity().get_children() {
        if let Some(location) = location_of(set, &entity) {
            add_entity(&mut ir, &mut macro_defs, &entity, location);
        }
    }
    let questions = MacroQuestions::sort(macro_defs, &mut ir);
    let resolved = probe::resolve(
        set,
        &index,
        args,
        &umbrella,
        &questions.typed,
        &questions.objects,
    )?;
    ir.functions.extend(resolved.functions);
    ir.skipped_macros.extend(resolved.skipped_macros);
    ir.constants = resolved.constants;
    ir.skipped_constants = resolved.skipped_constants;
    ir.skipped_macros
        .sort_by(|a, b| a.location.cmp(&b.location));
    Ok(ir)
}

/// Adds one top-level declaration of the header set to the IR (the first of a name
/// wins); a macro definition goes to `macro_defs`, typed once every function is known.
fn add_entity(
    ir: &mut Ir,
    macro_defs: &mut Vec<MacroDef>,
    entity: &Entity<'_>,
    location: SourceLocation,
) {
    match entity.get_kind() {
        EntityKind::FunctionDecl => {
            if let Some(func) = function_of(entity, location)
                && ir.function(&func.name).is_none()
            {
                ir.functions.push(func);
            }
        }
        EntityKind::StructDecl | EntityKind::UnionDecl => {
            if let Some(record) = record_of(entity, location)
                && ir.record(&record.name).is_none()
            {
                ir.records.push(record);
            }
        }
        EntityKind::EnumDecl => {
            ir.enum_constants.extend(enum_constants(entity));
            if let Some(e) = enum_of(entity, None, location)
                && ir.enumeration(&e.name).is_none()
            {
                ir.enums.push(e);
            }
        }
        EntityKind::TypedefDecl => add_typedef(ir, entity, location),
        EntityKind::VarDecl if entity.get_storage_class() == Some(StorageClass::Extern) => {
            if let (Some(name), Some(ty)) = (entity.get_name(), type_name(entity.get_type()))
                && ir.variables.iter().all(|v| v.name != name)
            {
                ir.variables.push(Variable { name, ty, location });
            }
        }
        EntityKind::MacroDefinition => {
            if let Some(def) = macro_def_of(entity, location)
                && !macro_defs.iter().any(|d| d.name == def.name)
            {
                macro_defs.push(def);
            }
        }
        _ => {}
    }
}

/// A typedef, and the anonymous enum it names (`typedef enum { ... } name;`) as an enum.
fn add_typedef(ir: &mut Ir, entity: &Entity<'_>, location: SourceLocation) {
    let Some(name) = entity.get_name() else {
        return;
    };
    let underlying = entity.get_typedef_underlying_type();
    if let Some(decl) = underlying.and_then(|t| t.get_declaration())
        && decl.get_kind() == EntityKind::EnumDecl
        && decl.is_anonymous()
        && let Some(e) = enum_of(&decl, Some(&name), location.clone())
        && ir.enumeration(&e.name).is_none()
    {
        ir.enums.push(e);
    }
    if let Some(canonical) = underlying.map(|t| t.get_canonical_type())
        && ir.typedefs.iter().all(|t| t.name != name)
    {
        ir.typedefs.push(Typedef {
            name,
            canonical: ctype::c_type(canonical),
            location,
        });
    }
}

/// A macro definition, from its tokens.
fn macro_def_of(entity: &Entity<'_>, location: SourceLocation) -> Option<MacroDef> {
    let tokens: Vec<String> = entity
        .get_range()
        .map(|r| r.tokenize().iter().map(|t| t.get_spelling()).collect())
        .unwrap_or_default();
    MacroDef::from_tokens(&tokens, entity.is_function_like_macro(), location)
}

/// What the probe asks about the header set's macros.
struct MacroQuestions {
    /// Function-like macros, typed by the functions they expand to: the probe asks
    /// their return type.
    typed: Vec<TypedMacro>,
    /// Object-like macros: the probe asks their value.
    objects: Vec<MacroDef>,
}

impl MacroQuestions {
    /// Sorts the macros; a function-like macro that cannot be typed goes to the IR's
    /// skipped macros with the reason.
    fn sort(macro_defs: Vec<MacroDef>, ir: &mut Ir) -> MacroQuestions {
        let declared: HashMap<&str, &Function> =
            ir.functions.iter().map(|f| (f.name.as_str(), f)).collect();
        let mut questions = MacroQuestions {
            typed: Vec::new(),
            objects: Vec::new(),
        };
        for def in macro_defs {
            if def.params.is_none() {
                questions.objects.push(def);
                continue;
            }
            match macros::type_macro(&def, &declared) {
                Ok(t) => questions.typed.push(t),
                Err(reason) => ir.skipped_macros.push(crate::ir::SkippedMacro {
                    name: def.name.clone(),
                    reason,
                    location: def.location.clone(),
                }),
            }
        }
        questions
    }
}

/// The functions `header` declares (the spec's `[exports]` header), parsed on their own
/// with the set's flags: the header is not one of the kernel's, so it is not in the set.
pub fn exports(set: &HeaderSet, args: &[String], header: &str) -> Result<Vec<Function>> {
    let _guard = LIBCLANG
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let clang = Clang::new().map_err(Error::Libclang)?;
    let index = Index::new(&clang, false, false);
    let source = format!("#include <{header}>\n");
    let tu = parse_umbrella(&index, set, (EXPORTS_UNIT, &source), args, |_| false)?;
    Ok(tu
        .get_entity()
        .get_children()
        .iter()
        .filter(|e| e.get_kind() == EntityKind::FunctionDecl)
        .filter_map(|e| {
            let location = location_of(set, e).filter(|l| l.file == header)?;
            function_of(e, location)
        })
        .collect())
}

/// Name of the in-memory file that includes the `[exports]` header.
const EXPORTS_UNIT: &str = "kbridge-exports.h";

/// The translation unit of `contents` (saved as `name` beside the headers), which
/// includes every header of `set` (with `args`, which decide where the includes
/// resolve), with macro definitions recorded. Any error fails it, except those
/// `expected` says are answers the caller asked for.
fn parse_umbrella<'i>(
    index: &'i Index<'_>,
    set: &HeaderSet,
    (name, contents): (&str, &str),
    args: &[String],
    expected: impl Fn(&clang::diagnostic::Diagnostic<'_>) -> bool,
) -> Result<clang::TranslationUnit<'i>> {
    let path = set.canonical_root.join(name);
    let tu = index
        .parser(&path)
        .arguments(args)
        .detailed_preprocessing_record(true)
        .unsaved(&[Unsaved::new(&path, contents)])
        .parse()
        .map_err(|e| Error::Libclang(format!("cannot parse the headers: {e}")))?;
    let diagnostics: Vec<_> = tu
        .get_diagnostics()
        .into_iter()
        .filter(|d| !expected(d))
        .collect();
    let errors = errors_of(set, &diagnostics);
    if !errors.is_empty() {
        return Err(Error::Header {
            diagnostics: errors,
        });
    }
    Ok(tu)
}

/// Errors and fatal errors, at their spelling position, in the order clang gave them.
fn errors_of(
    set: &HeaderSet,
    diagnostics: &[clang::diagnostic::Diagnostic<'_>],
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| matches!(d.get_severity(), Severity::Error | Severity::Fatal))
        .map(|d| {
            let location = d.get_location().get_spelling_location();
            let file = location
                .file
                .map(|f| set.display_path(&f.get_path()))
                .unwrap_or_else(|| set.root.clone());
            Diagnostic {
                file,
                line: location.line,
                column: location.column,
                message: d.get_text(),
            }
        })
        .collect()
}

/// Where an entity is declared, if that is inside the header set.
fn location_of(set: &HeaderSet, entity: &Entity<'_>) -> Option<SourceLocation> {
    let location = entity.get_location()?.get_file_location();
    let path = location.file?.get_path();
    let file = set.include_name(&path)?;
    Some(SourceLocation {
        file,
        line: location.line,
        column: location.column,
    })
}

fn doc_of(entity: &Entity<'_>) -> Option<Doc> {
    let raw = entity.get_comment()?;
    let lines: Vec<&str> = raw
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("/**").unwrap_or(line);
            let line = line.strip_suffix("*/").unwrap_or(line);
            let line = line.trim_start();
            line.strip_prefix("* ")
                .or_else(|| line.strip_prefix('*'))
                .unwrap_or(line)
                .trim_end()
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(Doc(text))
}

/// The type as written. None when clang cannot give one: the item is then left out
/// rather than bound with a guessed type.
fn type_name(ty: Option<clang::Type<'_>>) -> Option<CType> {
    ty.map(ctype::c_type)
}

fn function_of(entity: &Entity<'_>, location: SourceLocation) -> Option<Function> {
    let name = entity.get_name()?;
    let is_static = entity.get_storage_class() == Some(StorageClass::Static);
    let kind = match (is_static, entity.is_definition()) {
        (false, _) => FunctionKind::Extern,
        (true, true) => FunctionKind::StaticInline,
        (true, false) => return None,
    };
    let params = entity
        .get_arguments()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            Some(Param {
                name: arg
                    .get_name()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("arg{i}")),
                ty: type_name(arg.get_type())?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let must_check = entity
        .get_children()
        .iter()
        .any(|c| c.get_kind() == EntityKind::WarnUnusedResultAttr);
    let doc = doc_of(entity);
    let params = named_from_doc(params, entity, doc.as_ref());
    Some(Function {
        name,
        kind,
        ret: type_name(entity.get_result_type())?,
        params,
        must_check,
        doc,
        location,
    })
}

/// Parameters the declaration leaves unnamed take their names from the kernel-doc's
/// `@name:` lines, when it documents exactly as many parameters, in order.
fn named_from_doc(mut params: Vec<Param>, entity: &Entity<'_>, doc: Option<&Doc>) -> Vec<Param> {
    let Some(doc) = doc else { return params };
    let documented: Vec<&str> = doc
        .0
        .lines()
        .filter_map(|l| l.strip_prefix('@')?.split_once(':').map(|(n, _)| n.trim()))
        .collect();
    if documented.len() != params.len() {
        return params;
    }
    let declared = entity.get_arguments().unwrap_or_default();
    for ((param, arg), name) in params.iter_mut().zip(&declared).zip(documented) {
        let unnamed = arg.get_name().is_none_or(|n| n.is_empty());
        if unnamed
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            param.name = name.to_owned();
        }
    }
    params
}

/// An enum's constants. Anonymous enums take the name of the typedef that names them.
/// The constants of an enum defined here, named or anonymous (flag sets such as
/// `BLK_MQ_F_*` are anonymous enums), with their values.
fn enum_constants(entity: &Entity<'_>) -> Vec<EnumConstant> {
    if !entity.is_definition() {
        return Vec::new();
    }
    entity
        .get_children()
        .iter()
        .filter(|c| c.get_kind() == EntityKind::EnumConstantDecl)
        .filter_map(enum_constant)
        .collect()
}

fn enum_constant(entity: &Entity<'_>) -> Option<EnumConstant> {
    Some(EnumConstant {
        name: entity.get_name()?,
        value: entity.get_enum_constant_value()?.0,
    })
}

/// The type an anonymous enum has through the typedef that names it.
fn typedef_type(entity: &Entity<'_>, name: &str) -> Option<CType> {
    let target = ctype::c_type(entity.get_type()?);
    let kind = CTypeKind::Typedef {
        name: name.to_owned(),
        target: Box::new(target),
    };
    Some(CType::new(name, false, kind))
}

fn enum_of(entity: &Entity<'_>, typedef: Option<&str>, location: SourceLocation) -> Option<Enum> {
    if !entity.is_definition() {
        return None;
    }
    let (name, c_type) = match typedef {
        Some(name) => (name.to_owned(), typedef_type(entity, name)?),
        None if entity.is_anonymous() => return None,
        None => (entity.get_name()?, type_name(entity.get_type())?),
    };
    let variants = entity
        .get_children()
        .iter()
        .filter(|c| c.get_kind() == EntityKind::EnumConstantDecl)
        .map(enum_constant)
        .collect::<Option<Vec<_>>>()?;
    Some(Enum {
        name,
        c_type,
        variants,
        doc: doc_of(entity),
        location,
    })
}
