//! `world.txt`: how the kernel tree the code was generated from differs from the model,
//! item by item. Only a generation from a real kernel's headers has it.

use std::fmt::Write;

use crate::ir::Divergence;
use crate::kernel_tree::KernelTree;

pub const FILE: &str = "world.txt";

pub fn text(tree: &KernelTree, divergences: &[Divergence]) -> String {
    let mut out = format!(
        "# Generated from the kernel headers in {} (common: {}), arch {}.\n\
         # The safe API is the model's; these items differ from the model's headers:\n\n",
        tree.flavor.display(),
        tree.common.display(),
        tree.arch
    );
    for divergence in divergences {
        let _ = writeln!(out, "{}: {}", divergence.item, divergence.note);
    }
    let _ = writeln!(out, "\n# {} items differ", divergences.len());
    out
}
