//! `[each.MACRO]` + `[memory.X]`: a kernel loop macro walked from Rust.
//!
//! A loop macro cannot be called, so a C shim runs it and calls back into Rust once per
//! item (`kbridge_each_MACRO(object, each, context)`, stopping at the first non-zero
//! return). The macro's arguments follow the kernel's order: `MACRO(item, object,
//! cursor)`. An item the spec describes as memory (`page`, `offset`, `len`) is mapped
//! with `map`, handed to the driver as `IoMem` for the call, and unmapped.

use super::{Problems, ReportLine, Verdict};
use crate::ir::{Ir, Record};
use crate::spec::{At, Spec};

#[derive(Clone, Debug)]
pub struct Memory {
    pub page: String,
    pub offset: String,
    pub len: String,
    pub map: String,
    pub unmap: String,
}

#[derive(Clone, Debug)]
pub struct Each {
    pub macro_name: String,
    pub method: String,
    pub object: String,
    pub item: String,
    pub cursor: String,
    pub memory: Memory,
}

impl Each {
    /// The C shim that runs the loop.
    pub fn shim(&self) -> String {
        format!("kbridge_each_{}", self.macro_name)
    }
}

/// The loops over `record`, checked against the headers.
pub(super) fn loops_of(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    record: &Record,
    rust_name: &str,
    report: &mut Vec<ReportLine>,
) -> Vec<Each> {
    let mut out = Vec::new();
    for l in spec.loops.iter().filter(|l| l.object.value == record.name) {
        if !ir.skipped_macros.iter().any(|m| m.name == l.c_name.value) {
            let names = ir.skipped_macros.iter().map(|m| m.name.as_str());
            p.unknown("loop macro", &l.c_name, names);
            continue;
        }
        let (Some(item), Some(_cursor)) = (p.record(ir, &l.item), p.record(ir, &l.cursor)) else {
            continue;
        };
        let Some(m) = spec.memory.iter().find(|m| m.c_name.value == item.name) else {
            p.at(
                &l.item.span,
                format!(
                    "struct {} needs a [memory.{}] entry (page, offset, len, map) to be handed to Rust",
                    item.name, item.name
                ),
            );
            continue;
        };
        let Some(memory) = memory(p, ir, item, m) else {
            continue;
        };
        let each = Each {
            macro_name: l.c_name.value.clone(),
            method: l.method.value.clone(),
            object: record.name.clone(),
            item: item.name.clone(),
            cursor: l.cursor.value.clone(),
            memory,
        };
        report.push(ReportLine {
            item: format!(
                "macro {} -> {}::{} (C shim {})",
                each.macro_name,
                rust_name,
                each.method,
                each.shim()
            ),
            verdict: Verdict::Safe,
        });
        out.push(each);
    }
    out
}

/// Every `[each]` names a spec'd object.
pub(super) fn check_objects(p: &mut Problems<'_>, spec: &Spec) {
    for l in &spec.loops {
        if !spec
            .objects
            .iter()
            .any(|o| o.c_name.value == l.object.value)
        {
            let names = spec.objects.iter().map(|o| o.c_name.value.as_str());
            p.unknown_in("[object.*] entry", super::SPEC, &l.object, names);
        }
    }
}

fn memory(
    p: &mut Problems<'_>,
    ir: &Ir,
    item: &Record,
    m: &crate::spec::MemorySpec,
) -> Option<Memory> {
    let field = |p: &mut Problems<'_>, name: &At<String>, want_page: bool| -> Option<String> {
        let Some(f) = item.fields.iter().find(|f| f.name == name.value) else {
            let names = item.fields.iter().map(|f| f.name.as_str());
            p.unknown(&format!("field of struct {}", item.name), name, names);
            return None;
        };
        let ok = if want_page {
            f.ty.struct_pointer()
                .is_some_and(|(r, c)| r == "page" && !c)
        } else {
            f.ty.scalar().is_some_and(|t| t.starts_with('u'))
        };
        if !ok {
            let want = if want_page {
                "struct page *"
            } else {
                "an unsigned integer"
            };
            p.at(
                &name.span,
                format!("`{}` is `{}`, not {want}", f.name, f.ty),
            );
            return None;
        }
        Some(f.name.clone())
    };
    let page = field(p, &m.page, true);
    let offset = field(p, &m.offset, false);
    let len = field(p, &m.len, false);
    let [map, unmap] = m.map.as_slice() else {
        p.at(
            &m.c_name.span,
            "`map` takes two names: [\"map_fn\", \"unmap_fn\"]",
        );
        return None;
    };
    let map_ok = ir.function(&map.value).is_some_and(|f| {
        f.params.len() == 1
            && f.params[0]
                .ty
                .struct_pointer()
                .is_some_and(|(r, _)| r == "page")
            && f.ret.is_void_pointer()
    });
    if !map_ok {
        p.at(
            &map.span,
            format!(
                "`{}` must be `void *{}(struct page *)`",
                map.value, map.value
            ),
        );
    }
    let unmap_ok = ir.function(&unmap.value).is_some_and(|f| {
        f.params.len() == 1
            && f.params[0]
                .ty
                .pointee()
                .is_some_and(crate::ir::CType::is_void)
            && f.ret.is_void()
    });
    if !unmap_ok {
        p.at(
            &unmap.span,
            format!(
                "`{}` must be `void {}(const void *)`",
                unmap.value, unmap.value
            ),
        );
    }
    Some(Memory {
        page: page?,
        offset: offset?,
        len: len?,
        map: map.value.clone(),
        unmap: unmap.value.clone(),
    })
    .filter(|_| map_ok && unmap_ok)
}
