//! `[constants.LABEL]`: macro constants a driver passes to the safe API, typed for that
//! API (`MII_BMCR: u32` for a register number, `BMCR_RESET: u16` for a register value),
//! so driver code needs no casts. Every value is checked to fit its type.

use std::collections::HashMap;

use super::{Api, Problems};
use crate::ir::{ConstValue, Constant, Ir, SourceLocation};
use crate::spec::values::{ConstType, INTEGER_TYPES};
use crate::spec::{At, ConstantsSpec, Spec};

/// One constant as the safe module exports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedConstant {
    pub name: String,
    /// The integer type (the newtype's representation for one of its constants).
    pub ty: String,
    pub value: i128,
    pub location: SourceLocation,
    /// The newtype whose associated constant it is, and its name there.
    pub of: Option<MemberOf>,
}

/// A constant's place in a newtype (`Speed::SPEED_100`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberOf {
    pub newtype: String,
    /// The associated constant's name.
    pub name: String,
}

/// A newtype for a closed set of values C writes and Rust reads: never a Rust enum, since
/// C may hold a value the headers do not name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Newtype {
    pub name: String,
    pub repr: String,
    /// The `types` patterns whose constants it holds (`SPEED_*`).
    pub patterns: Vec<String>,
}

/// The integer types a constant may be given, with their ranges.
fn range(ty: &str) -> Option<(i128, i128)> {
    Some(match ty {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

fn integer(c: &Constant) -> Option<i128> {
    match c.value {
        ConstValue::Signed(v) => Some(v.into()),
        ConstValue::Unsigned(v) => Some(v.into()),
        ConstValue::Str(_) => None,
    }
}

pub(crate) fn infer_all(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, api: &mut Api) {
    // (module, constant) -> the label of the section that exports it there.
    let mut exported = HashMap::new();
    for section in &spec.constants {
        infer_section(p, section, ir, api, &mut exported);
    }
}

/// A constant typed by one entry of a section's `types`.
struct Typed<'s> {
    constant: TypedConstant,
    /// The `types` entry's name or prefix that matched it.
    pattern: &'s At<String>,
}

/// One `[constants.LABEL]`: the constants its `types` match, typed, into its module.
fn infer_section(
    p: &mut Problems<'_>,
    section: &ConstantsSpec,
    ir: &Ir,
    api: &mut Api,
    exported: &mut HashMap<(String, String), String>,
) {
    let module = section.rust.value.to_string();
    let module = module.as_str();
    if let Some(header) = &section.header
        && !ir.constants.iter().any(|c| c.location.file == header.value)
    {
        p.at(
            &header.span,
            format!("no constants are defined in `{}`", header.value),
        );
        return;
    }
    // The constants the section may type: those of its header, if it names one.
    let candidates: Vec<&Constant> = ir
        .constants
        .iter()
        .filter(|c| {
            section
                .header
                .as_ref()
                .is_none_or(|h| c.location.file == h.value)
        })
        .collect();
    let newtypes = newtypes(section);
    let mut typed: Vec<Typed<'_>> = Vec::new();
    for (pattern, ty) in &section.types {
        let newtype = newtypes.iter().find(|n| is_newtype(&ty.value, &n.name));
        let repr = newtype.map_or_else(|| ty.value.to_string(), |n| n.repr.clone());
        let before = typed.len();
        let repr = At::new(repr, ty.span.clone());
        type_matches(p, pattern, &repr, &candidates, &mut typed);
        if let Some(n) = newtype {
            name_associated(&mut typed[before..], &n.name, &pattern.value);
        }
    }
    distinct_members(p, &typed);
    for t in typed.iter().filter(|t| t.constant.of.is_none()) {
        let key = (module.to_owned(), t.constant.name.clone());
        if let Some(label) = exported.get(&key) {
            p.at(
                &t.pattern.span,
                format!(
                    "`{}` is exported into `{module}` by [constants.{label}] already: type it in \
                     one section only",
                    t.constant.name
                ),
            );
        } else {
            exported.insert(key, section.label.value.clone());
        }
    }
    for (pattern, ty) in &section.types {
        let n = typed
            .iter()
            .filter(|t| t.pattern.value == pattern.value)
            .count();
        if n > 0 {
            api.constant_groups.push(format!(
                "{} -> {module} ({n} as {})",
                pattern.value, ty.value
            ));
        }
    }
    let target = api.module(module);
    target.newtypes.extend(newtypes.into_iter().map(|mut n| {
        n.patterns = section
            .types
            .iter()
            .filter(|(_, ty)| is_newtype(&ty.value, &n.name))
            .map(|(pattern, _)| pattern.value.clone())
            .collect();
        n
    }));
    target
        .constants
        .extend(typed.into_iter().map(|t| t.constant));
    target.constants.sort_by(|a, b| {
        (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line))
    });
}

/// No two constants of a newtype get one associated name (`FIX_SPEED_A` by `FIX_SPEED_*`
/// and `FIX_DUPLEX_A` by `FIX_DUPLEX_*` both `Speed::A`): refused at the later pattern.
fn distinct_members(p: &mut Problems<'_>, typed: &[Typed<'_>]) {
    for (i, t) in typed.iter().enumerate() {
        let Some(of) = &t.constant.of else {
            continue;
        };
        let earlier = typed[..i]
            .iter()
            .find(|e| e.constant.of.as_ref() == Some(of));
        if let Some(earlier) = earlier {
            p.at(
                &t.pattern.span,
                format!(
                    "`{}` (by `{}`) and `{}` (by `{}`) would both be `{}::{}`: give the patterns \
                     different newtypes",
                    earlier.constant.name,
                    earlier.pattern.value,
                    t.constant.name,
                    t.pattern.value,
                    of.newtype,
                    of.name
                ),
            );
        }
    }
}

/// Whether a `types` value names the newtype `name`.
fn is_newtype(ty: &ConstType, name: &str) -> bool {
    matches!(ty, ConstType::Newtype(n) if n == name)
}

/// The section's newtypes (CamelCase names over one of the integer types), their
/// patterns not filled in yet.
fn newtypes(section: &ConstantsSpec) -> Vec<Newtype> {
    section
        .newtypes
        .iter()
        .map(|(name, repr)| Newtype {
            name: name.value.clone(),
            repr: repr.value.to_owned(),
            patterns: Vec::new(),
        })
        .collect()
}

/// Makes the constants a `types` entry gave a newtype its associated constants: named
/// without the pattern's prefix (`DUPLEX_FULL` -> `Duplex::FULL`), unless that leaves a
/// name that starts with a digit for any of them (`SPEED_10` stays `Speed::SPEED_10`).
fn name_associated(typed: &mut [Typed<'_>], newtype: &str, pattern: &str) {
    let prefix = pattern.strip_suffix('*').unwrap_or("");
    let strip = typed.iter().all(|t| {
        let rest = &t.constant.name[prefix.len().min(t.constant.name.len())..];
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
    });
    for t in typed {
        let name = &t.constant.name;
        let short = if strip {
            &name[prefix.len()..]
        } else {
            name.as_str()
        };
        t.constant.of = Some(MemberOf {
            newtype: newtype.to_owned(),
            name: short.to_owned(),
        });
    }
}

/// Types every candidate `pattern` matches as `ty`, into `typed`: each must be an integer
/// that fits, and matched by no earlier pattern.
fn type_matches<'s>(
    p: &mut Problems<'_>,
    pattern: &'s At<String>,
    ty: &At<String>,
    candidates: &[&Constant],
    typed: &mut Vec<Typed<'s>>,
) {
    let Some((min, max)) = range(&ty.value) else {
        p.at(
            &ty.span,
            format!(
                "`{}` is not a constant type; use one of {}",
                ty.value,
                INTEGER_TYPES.join(", ")
            ),
        );
        return;
    };
    let found: Vec<&Constant> = candidates
        .iter()
        .copied()
        .filter(|c| matches(&pattern.value, &c.name))
        .collect();
    if found.is_empty() {
        p.unknown(
            "constant",
            pattern,
            candidates.iter().map(|c| c.name.as_str()),
        );
        return;
    }
    let mut misfits = Misfits::default();
    for c in found {
        let Some(value) = misfits.fitting_value(c, min, max) else {
            continue;
        };
        if let Some(other) = typed.iter().find(|t| t.constant.name == c.name) {
            p.at(
                &pattern.span,
                format!(
                    "`{}` is matched by both `{}` and `{}`",
                    c.name, other.pattern.value, pattern.value
                ),
            );
            continue;
        }
        typed.push(Typed {
            constant: TypedConstant {
                name: c.name.clone(),
                ty: ty.value.clone(),
                value,
                location: c.location.clone(),
                of: None,
            },
            pattern,
        });
    }
    misfits.report(p, pattern, ty);
}

/// The constants a `types` entry matches that cannot take its type, reported together:
/// one mistake (`"BMCR_*" = "u8"`) is one error, however many constants it matches.
#[derive(Default)]
struct Misfits {
    /// `NAME (location)` of each string.
    strings: Vec<String>,
    /// `NAME = value (location)` of each integer outside the type.
    too_wide: Vec<String>,
}

impl Misfits {
    /// The constant's value if it is an integer within `min..=max` (the range of the
    /// type); else it is noted.
    fn fitting_value(&mut self, c: &Constant, min: i128, max: i128) -> Option<i128> {
        let Some(value) = integer(c) else {
            self.strings.push(format!("`{}` ({})", c.name, c.location));
            return None;
        };
        if value < min || value > max {
            (self.too_wide).push(format!("`{}` = {value} ({})", c.name, c.location));
            return None;
        }
        Some(value)
    }

    /// One error for the strings, at the pattern, and one for the values that do not fit,
    /// at the type.
    fn report(self, p: &mut Problems<'_>, pattern: &At<String>, ty: &At<String>) {
        let list = |items: &[String]| match items {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        match self.strings.len() {
            0 => {}
            1 => p.at(
                &pattern.span,
                format!("{} is a string, not an integer", list(&self.strings)),
            ),
            _ => p.at(
                &pattern.span,
                format!("{} are strings, not integers", list(&self.strings)),
            ),
        }
        let verb = if self.too_wide.len() == 1 {
            "does"
        } else {
            "do"
        };
        if !self.too_wide.is_empty() {
            let message = format!("{} {verb} not fit in {}", list(&self.too_wide), ty.value);
            p.at(&ty.span, message);
        }
    }
}
