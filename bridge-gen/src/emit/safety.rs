//! `safety.txt`: every C item of the header set and what the safe API made of it.

use std::fmt::Write;

use crate::infer::{Api, Verdict};
use crate::ir::Ir;

pub const FILE: &str = "safety.txt";

/// Items in the raw bindings that the spec does not name.
pub fn raw_only(api: &Api, ir: &Ir) -> Vec<String> {
    let reached = |name: &str| {
        api.report.iter().any(|l| {
            let item = l.item.as_str();
            item == name
                || item.starts_with(&format!("{name} "))
                || item.starts_with(&format!("{name}."))
        })
    };
    let mut out = Vec::new();
    for f in &ir.functions {
        let item = format!("fn {}", f.name);
        if !reached(&item) {
            out.push(item);
        }
    }
    for r in &ir.records {
        let item = format!("struct {}", r.name);
        let fields_reached = api.report.iter().any(|l| {
            l.item.starts_with(&format!("field {}.", r.name))
                || l.item.starts_with(&format!("{}.", r.name))
        });
        if !reached(&item) && !fields_reached {
            out.push(item);
        }
    }
    for e in &ir.enums {
        let item = format!("enum {}", e.name);
        if !reached(&item) {
            out.push(item);
        }
    }
    out
}

pub fn text(api: &Api, ir: &Ir) -> String {
    let crate::infer::Counts {
        safe,
        unsafe_,
        skipped,
    } = api.counts();
    let raw = raw_only(api, ir);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "kbridge safety report: what each C item became in the safe API\n"
    );
    let _ = writeln!(out, "## totals");
    let _ = writeln!(out, "safe:     {safe}");
    let _ = writeln!(
        out,
        "unsafe:   {unsafe_} (each with the fact the caller supplies)"
    );
    let _ = writeln!(out, "skipped:  {skipped} (each with the reason)");
    let _ = writeln!(
        out,
        "raw only: {} (not named by the spec; in kernel::bindings only)",
        raw.len()
    );
    let _ = writeln!(out, "errno constants: {}", api.errno.len());
    let typed: usize = api.modules.values().map(|m| m.constants.len()).sum();
    let _ = writeln!(out, "typed constants: {typed}");
    let _ = writeln!(out, "spec lines: {}", api.spec_lines);
    for c in api.callbacks() {
        let _ = writeln!(
            out,
            "callbacks of {}: {} of {} safe",
            c.table, c.safe, c.slots
        );
    }
    let _ = writeln!(out, "\n## safe");
    for line in api.report.iter().filter(|l| l.verdict == Verdict::Safe) {
        let _ = writeln!(out, "{}", line.item);
    }
    let _ = writeln!(out, "\n## unsafe");
    for line in &api.report {
        if let Verdict::Unsafe(fact) = &line.verdict {
            let _ = writeln!(out, "{}: needs: {fact}", line.item);
        }
    }
    let _ = writeln!(out, "\n## skipped");
    for line in &api.report {
        if let Verdict::Skipped(reason) = &line.verdict {
            let _ = writeln!(out, "{}: {reason}", line.item);
        }
    }
    let _ = writeln!(out, "\n## typed constants");
    for group in &api.constant_groups {
        let _ = writeln!(out, "{group}");
    }
    let _ = writeln!(out, "\n## raw only");
    for item in raw {
        let _ = writeln!(out, "{item}");
    }
    out
}
