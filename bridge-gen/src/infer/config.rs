//! `[config.X]`: a plain C struct the driver fills in and hands to a constructor by
//! pointer. Rust sees a value type with one setter per named field; a field with a check
//! has a setter that refuses values outside it, so a bad value never reaches C.

use super::docs::member_doc;
use super::{Api, Problems, ReportLine, Verdict, split_path};
use crate::ir::{ConstValue, Doc, Ir};
use crate::spec::Spec;

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

pub const CHECK_PATTERNS: [&str; 4] = [
    "power_of_two(MIN, MAX)",
    "range(MIN, MAX)",
    "bits(FLAG | FLAG ...)",
    "numa_node",
];

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
        let Some((module, name)) = split_path(p, &c.rust) else {
            continue;
        };
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
                p.unknown("field among `fields`", field, names);
                continue;
            };
            match parse_check(ir, &pattern.value) {
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

/// `power_of_two(512, PAGE_SIZE)` -> the check, bounds looked up among the constants.
pub(super) fn parse_check(ir: &Ir, text: &str) -> Result<Check, String> {
    let bad = || {
        format!(
            "unknown check `{text}`; checks: {}",
            CHECK_PATTERNS.join(", ")
        )
    };
    if text.trim() == "numa_node" {
        return numa_node(ir);
    }
    let (kind, rest) = text.split_once('(').ok_or_else(bad)?;
    let inner = rest.strip_suffix(')').ok_or_else(bad)?;
    if kind.trim() == "bits" {
        return bits(ir, inner);
    }
    let (min_word, max_word) = inner.split_once(',').ok_or_else(bad)?;
    let (min_word, max_word) = (min_word.trim(), max_word.trim());
    let (min, max) = (bound(ir, min_word)?, bound(ir, max_word)?);
    if min > max {
        return Err(format!("`{text}` is empty: {min} > {max}"));
    }
    let show = |word: &str, value: u64| {
        if word.parse::<u64>().is_ok() {
            word.to_owned()
        } else {
            format!("`{word}` ({value})")
        }
    };
    let range = format!("from {} to {}", show(min_word, min), show(max_word, max));
    match kind.trim() {
        "power_of_two" => Ok(Check::PowerOfTwo {
            min,
            max,
            text: format!("a power of two {range}"),
        }),
        "range" => Ok(Check::Range {
            min,
            max,
            text: range,
        }),
        _ => Err(bad()),
    }
}

/// `bits(A | B)`: the union of the named flags (constants or enum constants).
fn bits(ir: &Ir, inner: &str) -> Result<Check, String> {
    let mut mask = 0u64;
    let names: Vec<&str> = inner.split('|').map(str::trim).collect();
    for name in &names {
        mask |= flag(ir, name)?;
    }
    Ok(Check::Bits {
        mask,
        text: format!(
            "made of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// A flag's value: a number, a macro constant or an enum constant.
fn flag(ir: &Ir, name: &str) -> Result<u64, String> {
    match ir.enum_constants.iter().find(|c| c.name == name) {
        Some(c) => u64::try_from(c.value).map_err(|_| format!("`{name}` is negative")),
        None => bound(ir, name),
    }
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

/// A number, or the name of an integer constant from the headers.
fn bound(ir: &Ir, word: &str) -> Result<u64, String> {
    if let Some(hex) = word.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).map_err(|e| format!("`{word}`: {e}"));
    }
    if let Ok(n) = word.parse::<u64>() {
        return Ok(n);
    }
    match ir
        .constants
        .iter()
        .find(|c| c.name == word)
        .map(|c| &c.value)
    {
        Some(ConstValue::Unsigned(v)) => Ok(*v),
        Some(ConstValue::Signed(v)) if *v >= 0 => Ok(*v as u64),
        Some(_) => Err(format!("constant `{word}` is not a non-negative integer")),
        None => {
            let hint = crate::spec::suggest::did_you_mean(
                word,
                ir.constants.iter().map(|c| c.name.as_str()),
            );
            Err(format!(
                "`{word}` is neither a number nor a constant in the headers{hint}"
            ))
        }
    }
}
