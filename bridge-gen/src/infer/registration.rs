//! `register = [reg, unreg]`: the pair that lends C an array of ops tables, by shape.

use super::Problems;
use crate::ir::Ir;
use crate::spec::At;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationKind {
    /// `register(table *, int n, struct module *)` / `unregister(table *, int n)`.
    Array,
    /// `register(table *)` / `unregister(table *)`.
    Single,
}

#[derive(Clone, Debug)]
pub struct Registration {
    pub register: String,
    pub unregister: String,
    pub kind: RegistrationKind,
    pub takes_module: bool,
}

pub(super) fn registration(
    p: &mut Problems<'_>,
    ir: &Ir,
    record: &str,
    names: &[At<String>],
    at: &At<String>,
) -> Option<Registration> {
    let [register, unregister] = names else {
        p.at(
            &at.span,
            "`register` takes two names: [\"register_fn\", \"unregister_fn\"]",
        );
        return None;
    };
    let mut found = Vec::new();
    for name in [register, unregister] {
        found.push(p.function(ir, name)?);
    }
    let (reg, unreg) = (found[0], found[1]);
    let takes_table = |f: &crate::ir::Function| {
        f.params
            .first()
            .and_then(|p| p.ty.struct_pointer())
            .is_some_and(|(r, _)| r == record)
    };
    let is_count = |ty: &crate::ir::CType| ty.scalar().is_some_and(|s| s != "bool");
    let is_module = |ty: &crate::ir::CType| ty.struct_pointer().is_some_and(|(r, _)| r == "module");
    if !takes_table(reg) || !takes_table(unreg) {
        let mut message = format!("both functions must take `struct {record} *` first");
        if let Some(hint) = create_hint(ir, record, reg, unreg) {
            message.push_str(&hint);
        }
        p.at(&register.span, message);
        return None;
    }
    let reg_rest: Vec<_> = reg.params[1..].iter().map(|p| &p.ty).collect();
    let unreg_rest: Vec<_> = unreg.params[1..].iter().map(|p| &p.ty).collect();
    let (kind, takes_module) = match (reg_rest.as_slice(), unreg_rest.as_slice()) {
        ([n, m], [k]) if is_count(n) && is_module(m) && is_count(k) => {
            (RegistrationKind::Array, true)
        }
        ([n], [k]) if is_count(n) && is_count(k) => (RegistrationKind::Array, false),
        ([m], []) if is_module(m) => (RegistrationKind::Single, true),
        ([], []) => (RegistrationKind::Single, false),
        _ => {
            p.at(&register.span, format!("`{}`/`{}` are not a register/unregister pair of a known shape ((table, n, owner)/(table, n) or (table[, owner])/(table))", reg.name, unreg.name));
            return None;
        }
    };
    let ret_ok = reg.ret.scalar() == Some("i32") && unreg.ret.is_void();
    if !ret_ok {
        p.at(
            &register.span,
            format!(
                "`{}` must return int (0/-errno) and `{}` void",
                reg.name, unreg.name
            ),
        );
        return None;
    }
    Some(Registration {
        register: reg.name.clone(),
        unregister: unreg.name.clone(),
        kind,
        takes_module,
    })
}

/// When `reg` registers an object that points to the table (`watchdog_register_device`
/// takes a `struct watchdog_device *`, whose `ops` points to the `struct watchdog_ops`):
/// what to write instead.
fn create_hint(
    ir: &Ir,
    record: &str,
    reg: &crate::ir::Function,
    unreg: &crate::ir::Function,
) -> Option<String> {
    let (object, _) = reg.params.first()?.ty.struct_pointer()?;
    let field = ir
        .record(object)?
        .fields
        .iter()
        .find(|f| f.ty.struct_pointer().is_some_and(|(r, _)| r == record))?;
    Some(format!(
        "; `{}` registers a `struct {object}`, whose `{}` points to the table: an object \
         that points to its ops is made with `[object.{object}] create = [\"{}\", \
         \"{}\"]`, which fills the pointer from the ops trait",
        reg.name, field.name, reg.name, unreg.name
    ))
}
