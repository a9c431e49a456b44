//! `[enum.X]`: a C enum as a Rust enum, whose `from_raw` validates every value C hands
//! over. Variants are the constants' names after the shared prefix, in Rust's
//! `CamelCase` (`PHY_WAKE_THREAD` -> `WakeThread`), or the spec's `rename` where the C
//! name runs words together (`PHY_NOLINK` -> `NoLink`). Constants that end a range or
//! count the others (`REQ_OP_LAST`) are sentinels: no variant, listed in safety.txt.

use super::method::glob;
use super::{Api, Problems, ReportLine, RustEnum, Variant, Verdict, split_path, types};
use crate::ir::{Enum, EnumConstant, Ir};
use crate::spec::{At, EnumSpec, Spec};

/// The sentinel patterns when `[enum.X] sentinels` is absent.
pub const DEFAULT_SENTINELS: [&str; 3] = ["*_LAST", "*_MAX", "__*"];

pub fn infer_all(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, api: &mut Api) {
    for e in &spec.enums {
        let Some(c) = ir.enumeration(&e.c_name.value) else {
            p.unknown("enum", &e.c_name, ir.enums.iter().map(|e| e.name.as_str()));
            continue;
        };
        let (module, name) = split_path(&e.rust.value);
        check_renames(p, e, c);
        let sentinels = sentinels(p, e, c);
        let c_alias = c.c_type.declared_name().unwrap_or(c.c_type.spelling());
        let values: Vec<&EnumConstant> = c
            .variants
            .iter()
            .filter(|constant| !sentinels.contains(&constant.name))
            .collect();
        let prefix = variant_prefix(values.iter().map(|v| v.name.as_str()));
        let variants: Vec<Variant> = values
            .iter()
            .map(|constant| Variant {
                rust: variant_name(e, &constant.name[prefix.len()..], &constant.name),
                constant: constant.name.clone(),
                value: constant.value,
            })
            .collect();
        if !distinct_variants(p, e, &variants) {
            continue;
        }
        api.report.push(ReportLine {
            item: format!("enum {} -> {}", c.name, e.rust.value),
            verdict: Verdict::Safe,
        });
        for sentinel in &sentinels {
            api.report.push(ReportLine {
                item: format!("enum {} constant {sentinel}", c.name),
                verdict: Verdict::Skipped(
                    "a sentinel, not a value (`from_raw` gives `None` for it)".into(),
                ),
            });
        }
        api.module(&module).enums.push(RustEnum {
            name,
            c_name: c.name.clone(),
            const_prefix: format!("{c_alias}_"),
            c_alias: c_alias.to_owned(),
            variants,
            doc: c.doc.clone(),
        });
    }
}

/// The shared prefix of the constants, shortened by a word while that would leave a
/// name starting with a digit (`FIX_SPEED_10` -> `Speed10`, not `10`).
fn variant_prefix<'a>(names: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut prefix = common_prefix(names.clone());
    while names
        .clone()
        .any(|n| n[prefix.len()..].starts_with(|c: char| c.is_ascii_digit()))
    {
        let shorter = prefix.trim_end_matches('_');
        prefix = match shorter.rfind('_') {
            Some(i) => shorter[..=i].to_owned(),
            None => String::new(),
        };
    }
    prefix
}

/// An enum needs variants, each with a name of its own.
fn distinct_variants(p: &mut Problems<'_>, e: &EnumSpec, variants: &[Variant]) -> bool {
    if variants.is_empty() {
        p.at(
            &e.c_name.span,
            format!(
                "enum `{}` has no constants besides its sentinels",
                e.c_name.value
            ),
        );
        return false;
    }
    for (i, v) in variants.iter().enumerate() {
        if let Some(other) = variants[..i]
            .iter()
            .find(|o| o.rust == v.rust && o.value != v.value)
        {
            let at = e
                .rename
                .iter()
                .find(|(c, _)| c.value == v.constant || c.value == other.constant);
            let span = at.map_or(e.c_name.span.clone(), |(_, r)| r.span.clone());
            p.at(
                &span,
                format!(
                    "`{}` and `{}` would both be variant `{}`: rename one",
                    other.constant, v.constant, v.rust
                ),
            );
            return false;
        }
    }
    true
}

/// The spec's name for a constant, else its `CamelCase` words.
fn variant_name(e: &EnumSpec, stripped: &str, constant: &str) -> String {
    match e.rename.iter().find(|(c, _)| c.value == constant) {
        Some((_, rust)) => rust.value.clone(),
        None => types::camel(stripped),
    }
}

/// Every `rename` names a constant of the enum.
fn check_renames(p: &mut Problems<'_>, e: &EnumSpec, c: &Enum) {
    for (constant, _) in &e.rename {
        if !c.variants.iter().any(|v| v.name == constant.value) {
            let names = c.variants.iter().map(|v| v.name.as_str());
            p.unknown(&format!("constant of enum `{}`", c.name), constant, names);
        }
    }
}

/// The constants the sentinel patterns match; a spec'd pattern that matches none is an
/// error (a typo would otherwise expose the sentinel as a variant).
fn sentinels(p: &mut Problems<'_>, e: &EnumSpec, c: &Enum) -> Vec<String> {
    let matching = |pattern: &str| -> Vec<String> {
        c.variants
            .iter()
            .filter(|v| glob(pattern, &v.name))
            .map(|v| v.name.clone())
            .collect()
    };
    let Some(patterns) = &e.sentinels else {
        return DEFAULT_SENTINELS.iter().flat_map(|s| matching(s)).collect();
    };
    let mut found = Vec::new();
    for pattern in patterns {
        let hits = matching(&pattern.value);
        if hits.is_empty() {
            no_match(p, pattern, c);
        }
        found.extend(hits);
    }
    found
}

fn no_match(p: &mut Problems<'_>, pattern: &At<String>, c: &Enum) {
    p.at(
        &pattern.span,
        format!(
            "`{}` matches no constant of enum `{}` ({})",
            pattern.value,
            c.name,
            c.variants
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
}

/// The longest `_`-ended prefix all names share (`PHY_` of `PHY_DOWN`, `PHY_UP`).
fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut prefix = first.to_owned();
    for name in names {
        while !name.starts_with(&prefix) {
            prefix.pop();
        }
    }
    match prefix.rfind('_') {
        Some(i) => prefix[..=i].to_owned(),
        None => String::new(),
    }
}
