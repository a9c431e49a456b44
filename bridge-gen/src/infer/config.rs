//! `[config.X]`: a plain C struct the driver fills in and hands to a constructor by
//! pointer. Rust sees a value type with one setter per named field; a field with a check
//! has a setter that refuses values outside it, so a bad value never reaches C.

use super::docs::member_doc;
use super::{Api, Problems, ReportLine, Verdict, split_path};
use crate::ir::{ConstValue, Doc, Ir};
use crate::spec::Spec;
use crate::spec::values::{Bound, CheckPattern};

/// A value constraint, with bounds resolved to numbers and the spelling kept for docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A power of two in `min..=max`.
    PowerOfTwo { min: u64, max: u64, text: String },
    /// Any value in `min..=max`.
    Range { min: u64, max: u64, text: String },
    /// Flags: no bit outside `mask` (the named flags a driver may set).
    Bits { mask: u64, text: String },
    /// A NUMA node: `no_node`, or a node id below `max` that `node_online()` reports
    /// online (the allocators index per-node arrays with it unchecked).
    NumaNode { no_node: i64, max: u64 },
}

#[derive(Clone, Debug)]
pub struct ConfigField {
    pub field: String,
    pub ty: &'static str,
    pub check: Option<Check>,
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ConfigRecord {
    pub module: String,
    pub name: String,
    pub c_record: String,
    pub fields: Vec<ConfigField>,
    pub doc: Option<Doc>,
}

impl ConfigRecord {
    pub fn rust_path(&self) -> crate::rust_path::RustPath {
        crate::rust_path::RustPath::new(self.module.clone(), self.name.clone())
    }
}

pub(crate) fn infer_all(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, api: &mut Api) {
    for c in &spec.configs {
        let Some(record) = p.record(ir, &c.c_name) else {
            continue;
        };
        let (module, name) = split_path(&c.rust.value);
        let mut fields = Vec::new();
        for field in &c.fields {
            let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
                let names = record.fields.iter().map(|f| f.name.as_str());
                p.unknown(&format!("field of struct {}", record.name), field, names);
                continue;
            };
            let Some(ty) = f.ty.scalar().filter(|_| f.bit_width.is_none()) else {
                p.at(
                    &field.span,
                    format!("config fields are integers; `{}` is `{}`", f.name, f.ty),
                );
                continue;
            };
            fields.push(ConfigField {
                field: f.name.clone(),
                ty,
                check: None,
                doc: member_doc(record.doc.as_ref(), &f.name),
            });
        }
        for (field, pattern) in &c.checks {
            let Some(target) = fields.iter_mut().find(|f| f.field == field.value) else {
                let names = fields.iter().map(|f| f.field.as_str());
                p.unknown_in("field", "`fields`", field, names);
                continue;
            };
            let checked = Checked {
                field: &target.field,
                ty: target.ty,
            };
            match resolve_check(ir, &pattern.value, &checked) {
                Ok(check) => target.check = Some(check),
                Err(message) => p.at(&pattern.span, message),
            }
        }
        api.report.push(ReportLine {
            item: format!("struct {} -> {}::{} (by value)", record.name, module, name),
            verdict: Verdict::Safe,
        });
        api.module(&module).configs.push(ConfigRecord {
            module,
            name,
            c_record: record.name.clone(),
            fields,
            doc: record.doc.clone(),
        });
    }
}

/// The field a check is for: its name and Rust integer type, which every bound must fit.
pub(super) struct Checked<'a> {
    pub field: &'a str,
    pub ty: &'static str,
}

impl Checked<'_> {
    /// A bound's value as the check compares it (`u64`): refused when it is negative (no
    /// check passes a negative value: see `emit::safe::config::guard`) or outside the
    /// field's type, so a check never passes everything or nothing by its type alone.
    fn fit(&self, check: &CheckPattern, bound: &Bound, value: i128) -> Result<u64, String> {
        let (least, most) = type_range(self.ty);
        let (field, ty) = (self.field, self.ty);
        let shown = match bound.is_decimal() {
            true => format!("`{bound}`"),
            false => format!("`{bound}` ({value})"),
        };
        let a = if ty.starts_with('i') { "an" } else { "a" };
        if value < 0 && least < 0 {
            return Err(format!(
                "`{check}`: {shown} is negative, and a check passes no negative value (it \
                 compares values from 0 up): start the range at 0"
            ));
        }
        if value < least.max(0) {
            return Err(format!(
                "`{check}`: {shown} is below 0, the least value of `{field}`, {a} `{ty}`"
            ));
        }
        if value > most {
            return Err(format!(
                "`{check}`: {shown} does not fit `{field}`, {a} `{ty}` (at most {most})"
            ));
        }
        u64::try_from(value).map_err(|_| format!("`{check}`: {shown} is not a `u64`"))
    }
}

/// The least and greatest value of a config field's Rust type; `usize` and `isize` as
/// 64-bit (what they are at most: the check compares values as `u64`, so a bound beyond
/// a 32-bit target's range only makes the check no tighter than the type).
fn type_range(ty: &str) -> (i128, i128) {
    match ty {
        "bool" => (0, 1),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        _ => (0, u64::MAX.into()),
    }
}

/// The spec's check with its bounds and flags looked up among the headers' constants,
/// each checked to fit the field's type.
pub(super) fn resolve_check(
    ir: &Ir,
    check: &CheckPattern,
    target: &Checked<'_>,
) -> Result<Check, String> {
    match check {
        CheckPattern::NumaNode => numa_node(ir),
        CheckPattern::Bits(flags) => bits(ir, check, flags, target),
        CheckPattern::PowerOfTwo(min, max) => {
            let (min, max, range) = range(ir, check, (min, max), target)?;
            let text = format!("a power of two {range}");
            Ok(Check::PowerOfTwo { min, max, text })
        }
        CheckPattern::Range(min, max) => {
            let (min, max, text) = range(ir, check, (min, max), target)?;
            Ok(Check::Range { min, max, text })
        }
    }
}

/// The values of a range's bounds, and the range in words (`from 512 to `PAGE_SIZE`
/// (4096)`); refused when a bound does not fit the field or the range is empty.
fn range(
    ir: &Ir,
    check: &CheckPattern,
    (min_bound, max_bound): (&Bound, &Bound),
    target: &Checked<'_>,
) -> Result<(u64, u64, String), String> {
    let min = target.fit(check, min_bound, value(ir, min_bound)?)?;
    let max = target.fit(check, max_bound, value(ir, max_bound)?)?;
    if min > max {
        return Err(format!("`{check}` is empty: {min} > {max}"));
    }
    let show = |bound: &Bound, value: u64| match bound.is_decimal() {
        true => bound.to_string(),
        false => format!("`{bound}` ({value})"),
    };
    let words = format!("from {} to {}", show(min_bound, min), show(max_bound, max));
    Ok((min, max, words))
}

/// `bits(A | B)`: the union of the named flags (numbers, constants or enum constants).
fn bits(
    ir: &Ir,
    check: &CheckPattern,
    flags: &[Bound],
    target: &Checked<'_>,
) -> Result<Check, String> {
    let mut mask = 0u64;
    for flag in flags {
        let value = match flag {
            Bound::Constant(name) => enum_flag(ir, name).unwrap_or_else(|| constant(ir, name))?,
            Bound::Number { value, .. } => *value,
        };
        mask |= target.fit(check, flag, value)?;
    }
    let names: Vec<String> = flags.iter().map(|f| format!("`{f}`")).collect();
    Ok(Check::Bits {
        mask,
        text: format!("made of {}", names.join(", ")),
    })
}

/// An enum constant's value, if `name` is one.
fn enum_flag(ir: &Ir, name: &str) -> Option<Result<i128, String>> {
    let c = ir.enum_constants.iter().find(|c| c.name == name)?;
    Some(Ok(c.value.into()))
}

/// `numa_node`: needs NUMA_NO_NODE, MAX_NUMNODES and node_online() in the headers.
fn numa_node(ir: &Ir) -> Result<Check, String> {
    let signed = |name: &str| match ir
        .constants
        .iter()
        .find(|c| c.name == name)
        .map(|c| &c.value)
    {
        Some(ConstValue::Signed(v)) => Some(*v),
        Some(ConstValue::Unsigned(v)) => i64::try_from(*v).ok(),
        _ => None,
    };
    let missing = |what: &str| {
        format!("`numa_node` needs {what} in the headers (<linux/numa.h>, <linux/nodemask.h>)")
    };
    let no_node = signed("NUMA_NO_NODE").ok_or_else(|| missing("the constant NUMA_NO_NODE"))?;
    let max = signed("MAX_NUMNODES")
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(|| missing("the constant MAX_NUMNODES"))?;
    if ir.function("node_online").is_none() {
        return Err(missing("node_online()"));
    }
    Ok(Check::NumaNode { no_node, max })
}

/// A bound's value: its number, or its constant's.
fn value(ir: &Ir, bound: &Bound) -> Result<i128, String> {
    match bound {
        Bound::Number { value, .. } => Ok(*value),
        Bound::Constant(name) => constant(ir, name),
    }
}

/// The value of the integer constant `word` from the headers.
fn constant(ir: &Ir, word: &str) -> Result<i128, String> {
    match ir
        .constants
        .iter()
        .find(|c| c.name == word)
        .map(|c| &c.value)
    {
        Some(ConstValue::Unsigned(v)) => Ok((*v).into()),
        Some(ConstValue::Signed(v)) => Ok((*v).into()),
        Some(ConstValue::Str(_)) => Err(format!("constant `{word}` is a string, not an integer")),
        None => {
            let names = ir.constants.iter().map(|c| c.name.as_str());
            Err(super::unknown_name("constant", super::HEADERS, word, names))
        }
    }
}
