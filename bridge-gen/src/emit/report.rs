//! The report: what each C item became, and why for those that did not become anything.

use std::fmt::Write;

use crate::ir::{FunctionKind, Ir};
use crate::target::Target;

/// Counts per kind of item, as the CLI prints them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub extern_functions: usize,
    pub inline_shims: usize,
    pub macro_shims: usize,
    pub skipped_macros: usize,
    pub constants: usize,
    pub skipped_constants: usize,
    pub records: usize,
    pub callbacks: usize,
}

impl Totals {
    pub fn of(ir: &Ir) -> Totals {
        Totals {
            extern_functions: ir.count(FunctionKind::Extern),
            inline_shims: ir.count(FunctionKind::StaticInline),
            macro_shims: ir.count(FunctionKind::Macro),
            skipped_macros: ir.skipped_macros.len(),
            constants: ir.constants.len(),
            skipped_constants: ir.skipped_constants.len(),
            records: ir.records.len(),
            callbacks: ir
                .records
                .iter()
                .flat_map(|r| &r.fields)
                .filter(|f| f.callback.is_some())
                .count(),
        }
    }
}

pub fn text(ir: &Ir, target: &Target, unrepresentable: &[(String, String)]) -> String {
    let totals = Totals::of(ir);
    let mut out = String::new();
    let _ = writeln!(out, "bridge-gen report for {}", target.rust);
    let _ = writeln!(out, "\n## totals");
    let _ = writeln!(
        out,
        "extern functions (linked directly): {}",
        totals.extern_functions
    );
    let _ = writeln!(
        out,
        "static inline functions (C shim):   {}",
        totals.inline_shims
    );
    let _ = writeln!(
        out,
        "function-like macros (C shim):      {}",
        totals.macro_shims
    );
    let _ = writeln!(
        out,
        "function-like macros without shim:  {}",
        totals.skipped_macros
    );
    let _ = writeln!(
        out,
        "constants:                          {}",
        totals.constants - unrepresentable.len()
    );
    let _ = writeln!(
        out,
        "object-like macros not constants:   {}",
        totals.skipped_constants + unrepresentable.len()
    );
    let _ = writeln!(
        out,
        "records:                            {}",
        totals.records
    );
    let _ = writeln!(
        out,
        "callback slots:                     {}",
        totals.callbacks
    );

    let _ = writeln!(out, "\n## shims (C API name -> symbol Rust links)");
    for func in ir.shims() {
        let _ = writeln!(
            out,
            "{} -> {}  @ {}",
            func.name,
            func.symbol(),
            func.location
        );
    }
    let _ = writeln!(out, "\n## function-like macros without a shim");
    for skipped in &ir.skipped_macros {
        let _ = writeln!(
            out,
            "{}: {}  @ {}",
            skipped.name, skipped.reason, skipped.location
        );
    }
    let _ = writeln!(out, "\n## object-like macros that are not constants");
    for skipped in &ir.skipped_constants {
        let _ = writeln!(
            out,
            "{}: {}  @ {}",
            skipped.name, skipped.reason, skipped.location
        );
    }
    for (name, reason) in unrepresentable {
        let _ = writeln!(out, "{name}: {reason}");
    }
    out
}
