//! A second, generated translation unit in which clang answers what tokens cannot:
//! the type of each macro expansion, and the value and type of each constant macro.
//!
//! Every question is one line of the probe, so a clang error on line N is the answer
//! "no" to question N, with clang's own words as the reason.

use std::collections::HashMap;

use clang::diagnostic::Severity;
use clang::{Entity, EntityKind, EvaluationResult, Index, Unsaved};

use super::HeaderSet;
use super::macros::{MacroDef, Shape, TypedMacro};
use crate::error::{Error, Result};
use crate::ir::{
    CType, ConstValue, Constant, Function, FunctionKind, SkippedConstant, SkippedMacro,
};

/// The probe's file name (in memory, beside the headers).
pub const PROBE: &str = "kbridge-probe.c";
const RET_PREFIX: &str = "__kbridge_ret_";
const CONST_PREFIX: &str = "__kbridge_const_";

pub struct Resolved {
    pub functions: Vec<Function>,
    pub skipped_macros: Vec<SkippedMacro>,
    pub constants: Vec<Constant>,
    pub skipped_constants: Vec<SkippedConstant>,
}

enum Question<'a> {
    MacroType(&'a TypedMacro),
    ConstValue(&'a MacroDef),
}

/// The probe's questions and its source: the umbrella, then one line per question.
pub struct Probe<'q> {
    questions: Vec<Question<'q>>,
    source: String,
    /// The line of the first question; earlier lines are the umbrella's.
    first_line: u32,
}

impl<'q> Probe<'q> {
    pub fn new(umbrella: &str, typed: &'q [TypedMacro], objects: &'q [MacroDef]) -> Probe<'q> {
        let mut questions = Vec::new();
        for def in objects {
            if def.body.is_empty() {
                continue; // include guards and markers such as __bitwise
            }
            questions.push(Question::ConstValue(def));
        }
        questions.extend(typed.iter().map(Question::MacroType));
        let mut source = umbrella.to_owned();
        let first_line = source.lines().count() as u32 + 1;
        for question in &questions {
            source.push_str(&probe_line(question));
            source.push('\n');
        }
        Probe {
            questions,
            source,
            first_line,
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The question a diagnostic answers: the one on its line of the probe file, where
    /// the macro it names is expanded. None for a problem of the headers themselves.
    fn question_of(&self, diagnostic: &clang::diagnostic::Diagnostic<'_>) -> Option<usize> {
        let location = diagnostic.get_location().get_expansion_location();
        let in_probe = location.file.is_some_and(|f| f.get_path().ends_with(PROBE));
        let index = location.line.checked_sub(self.first_line)? as usize;
        (in_probe && index < self.questions.len()).then_some(index)
    }

    /// Whether a diagnostic is the answer to a question rather than a problem of the
    /// headers.
    pub fn is_answer(&self, diagnostic: &clang::diagnostic::Diagnostic<'_>) -> bool {
        self.question_of(diagnostic).is_some()
    }

    /// The answers, from the translation unit of [`Probe::source`] saved as [`PROBE`].
    pub fn answer(&self, tu: &clang::TranslationUnit<'_>) -> Resolved {
        // The first error of each probe line is that question's answer.
        let mut failures: Vec<Option<String>> = vec![None; self.questions.len()];
        for diagnostic in tu.get_diagnostics() {
            if !matches!(diagnostic.get_severity(), Severity::Error | Severity::Fatal) {
                continue;
            }
            if let Some(index) = self.question_of(&diagnostic) {
                failures[index].get_or_insert_with(|| diagnostic.get_text());
            }
        }
        answer_questions(&self.questions, failures, tu)
    }
}

/// Asks the questions in a translation unit of their own.
pub fn resolve(
    set: &HeaderSet,
    index: &Index<'_>,
    args: &[String],
    umbrella: &str,
    typed: &[TypedMacro],
    objects: &[MacroDef],
) -> Result<Resolved> {
    let probe = Probe::new(umbrella, typed, objects);
    let path = set.canonical_root.join(PROBE);
    let tu = index
        .parser(&path)
        .arguments(args)
        .unsaved(&[Unsaved::new(&path, probe.source())])
        .parse()
        .map_err(|e| Error::Libclang(format!("cannot parse the macro probe: {e}")))?;
    Ok(probe.answer(&tu))
}

/// Each question's answer, given the first error on its line (if any) and the
/// translation unit's declarations.
fn answer_questions(
    questions: &[Question<'_>],
    failures: Vec<Option<String>>,
    tu: &clang::TranslationUnit<'_>,
) -> Resolved {
    let mut resolved = Resolved {
        functions: Vec::new(),
        skipped_macros: Vec::new(),
        constants: Vec::new(),
        skipped_constants: Vec::new(),
    };
    let answers = answers(&tu.get_entity().get_children());
    let find = |name: String| answers.get(&name).copied();
    for (question, failure) in questions.iter().zip(failures) {
        match (question, failure) {
            (Question::MacroType(m), Some(reason)) => resolved.skipped_macros.push(SkippedMacro {
                name: m.def.name.clone(),
                reason: format!("its expansion does not compile as a function body: {reason}"),
                location: m.def.location.clone(),
            }),
            (Question::MacroType(m), None) => {
                let ret = match m.shape {
                    Shape::Statement => Some(CType::void()),
                    Shape::Expression => {
                        find(format!("{RET_PREFIX}{}", m.def.name)).and_then(expansion_type)
                    }
                };
                match ret {
                    Some(ret) => resolved.functions.push(Function {
                        name: m.def.name.clone(),
                        kind: FunctionKind::Macro,
                        ret,
                        params: m.params.clone(),
                        must_check: false,
                        doc: None,
                        location: m.def.location.clone(),
                    }),
                    None => resolved.skipped_macros.push(SkippedMacro {
                        name: m.def.name.clone(),
                        reason: "clang gave no type for its expansion".into(),
                        location: m.def.location.clone(),
                    }),
                }
            }
            (Question::ConstValue(def), Some(reason)) => {
                resolved.skipped_constants.push(SkippedConstant {
                    name: def.name.clone(),
                    reason: format!("not an expression: {reason}"),
                    location: def.location.clone(),
                })
            }
            (Question::ConstValue(def), None) => {
                let var = find(format!("{CONST_PREFIX}{}", def.name));
                match var.as_ref().and_then(constant_of) {
                    Some((ty, value)) => resolved.constants.push(Constant {
                        name: def.name.clone(),
                        ty,
                        value,
                        location: def.location.clone(),
                    }),
                    None => resolved.skipped_constants.push(SkippedConstant {
                        name: def.name.clone(),
                        reason: "not a constant integer or string".into(),
                        location: def.location.clone(),
                    }),
                }
            }
        }
    }
    resolved
}

fn probe_line(question: &Question<'_>) -> String {
    match question {
        Question::ConstValue(def) => {
            format!("static __typeof__({0}) {CONST_PREFIX}{0} = {0};", def.name)
        }
        Question::MacroType(m) => {
            let params: Vec<String> = m.params.iter().map(|p| p.ty.declare(&p.name)).collect();
            let params = if params.is_empty() {
                "void".to_owned()
            } else {
                params.join(", ")
            };
            let call = format!(
                "{}({})",
                m.def.name,
                m.params
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let body = match m.shape {
                Shape::Statement => format!("{call};"),
                Shape::Expression => {
                    format!("typedef __typeof__({call}) {RET_PREFIX}{};", m.def.name)
                }
            };
            format!(
                "static void __kbridge_probe_{}({params}) {{ {body} }}",
                m.def.name
            )
        }
    }
}

/// The probe's answers by name: its typedefs and variables, found in the probe file
/// only (inside its functions too). The headers before it are not searched: in a real
/// kernel they hold thousands of inline functions.
fn answers<'tu>(entities: &[Entity<'tu>]) -> HashMap<String, Entity<'tu>> {
    let mut found = HashMap::new();
    let mut pending: Vec<Entity<'tu>> = entities
        .iter()
        .filter(|e| e.is_in_main_file())
        .copied()
        .collect();
    while let Some(entity) = pending.pop() {
        match entity.get_kind() {
            EntityKind::TypedefDecl | EntityKind::VarDecl => {
                if let Some(name) = entity.get_name() {
                    found.entry(name).or_insert(entity);
                }
            }
            EntityKind::FunctionDecl | EntityKind::CompoundStmt | EntityKind::DeclStmt => {
                pending.extend(entity.get_children());
            }
            _ => {}
        }
    }
    found
}

/// The type of the expression inside `__typeof__(...)`, typedef names kept when clang
/// has them, otherwise the canonical type.
fn expansion_type(typedef: Entity<'_>) -> Option<CType> {
    let expression = typedef
        .get_children()
        .into_iter()
        .find_map(|c| c.get_type());
    expression
        .or_else(|| typedef.get_typedef_underlying_type())
        .map(written_type)
}

/// A type as C can write it back: typedef names kept, but never a `typeof(...)` of the
/// probe's own expression, nor a name clang made up without a declaration (clang 21 and
/// later call the type of `sizeof` `__size_t`, which no header declares): then the
/// canonical type.
fn written_type(ty: clang::Type<'_>) -> CType {
    let name = ty.get_display_name();
    let undeclared_sugar = ty.get_declaration().is_none()
        && name.starts_with("__")
        && ty.get_canonical_type().get_display_name() != name;
    if name.contains("typeof") || undeclared_sugar {
        super::ctype::c_type(ty.get_canonical_type())
    } else {
        super::ctype::c_type_spelled(ty, name)
    }
}

fn constant_of(var: &Entity<'_>) -> Option<(CType, ConstValue)> {
    let value = match var.evaluate()? {
        EvaluationResult::SignedInteger(v) => ConstValue::Signed(v),
        EvaluationResult::UnsignedInteger(v) => ConstValue::Unsigned(v),
        EvaluationResult::String(s) => ConstValue::Str(s.to_bytes().to_vec()),
        _ => return None,
    };
    let init_type = var.get_children().into_iter().find_map(|c| c.get_type());
    Some((written_type(init_type.or_else(|| var.get_type())?), value))
}
