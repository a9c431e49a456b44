//! The spec's entries whose own name does not resolve, noted before inference so that one
//! mistake gives one error.
//!
//! A misspelt `[object.fix_devv]` is reported where it is written; every other entry that
//! refers to the object (a callback taking `struct fix_dev *`, `take_lock` on it, `bind`,
//! `required`, a `data` key) would fail only because of it. Each check that can fail that
//! way asks `Problems::unresolved` first and stays silent for a referent noted here: the
//! entry's name, and the closest real name, which is most likely what it meant. A name
//! that refers to an entry the spec does not have (`part_of`, `calls`, `data`, `id`) is
//! not reported either while an entry of that kind did not resolve: it may be the one
//! meant. What the suppressed checks would say is seen once the first error is fixed.

use super::Problems;
use crate::ir::Ir;
use crate::spec::Spec;
use crate::spec::suggest::closest;

/// What kind of spec entry a noted name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Entry {
    /// `[object.X]`.
    Object,
    /// `[ops.X]`.
    Ops,
    /// A `part_of` that names no table, keyed by the table that has it.
    PartOf,
    /// `[enum.X]`.
    Enum,
    /// `[config.X]`.
    Config,
    /// `[id.X]`.
    Id,
    /// A field an object entry names (`fields`, `fields_mut`), keyed `struct.field`.
    Field,
    /// A function an object entry names in `methods` that is no method, keyed
    /// `struct.function`.
    Method,
}

/// Notes every entry of the spec whose name is not in the headers (an ops table also when
/// its struct has no callbacks, and a table whose `part_of` names no table), without
/// reporting it: the pattern modules report each where they infer it.
pub(crate) fn note(p: &mut Problems<'_>, spec: &Spec, ir: &Ir) {
    let structs = || ir.records.iter().map(|r| r.name.as_str());
    for o in &spec.objects {
        if ir.record(&o.c_name.value).is_none() {
            p.note_unresolved(Entry::Object, &o.c_name.value, structs());
        }
    }
    for c in &spec.configs {
        if ir.record(&c.c_name.value).is_none() {
            p.note_unresolved(Entry::Config, &c.c_name.value, structs());
        }
    }
    for id in &spec.ids {
        if ir.record(&id.c_name.value).is_none() {
            p.note_unresolved(Entry::Id, &id.c_name.value, structs());
        }
    }
    for e in &spec.enums {
        if ir.enumeration(&e.c_name.value).is_none() {
            let names = ir.enums.iter().map(|e| e.name.as_str());
            p.note_unresolved(Entry::Enum, &e.c_name.value, names);
        }
    }
    for o in &spec.ops {
        let is_table = ir
            .record(&o.c_name.value)
            .is_some_and(|r| r.fields.iter().any(|f| f.callback.is_some()));
        if !is_table {
            p.note_unresolved(Entry::Ops, &o.c_name.value, structs());
        }
        let host = o.part_of.as_ref().map(|h| h.value.as_str());
        if host.is_some_and(|h| !spec.ops.iter().any(|t| t.c_name.value == h)) {
            p.note_unresolved(Entry::PartOf, &o.c_name.value, std::iter::empty());
        }
    }
}

impl Problems<'_> {
    /// Notes that `name` names no `entry` it should, together with the closest of
    /// `candidates`.
    pub(crate) fn note_unresolved<'a>(
        &mut self,
        entry: Entry,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        self.unresolved.insert((entry, name.to_owned()));
        if let Some(near) = closest(name, candidates) {
            self.unresolved.insert((entry, near.to_owned()));
        }
    }

    /// Whether a check about `name` as an `entry` would only repeat an error already
    /// reported (see the module doc).
    pub(crate) fn unresolved(&self, entry: Entry, name: &str) -> bool {
        self.unresolved.contains(&(entry, name.to_owned()))
    }

    /// Notes that member `name` (a `Field` or `Method`) of `record`, named by the spec,
    /// did not resolve, together with the closest of `candidates`.
    pub(crate) fn note_unresolved_member<'a>(
        &mut self,
        (entry, record): (Entry, &str),
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let key = |member: &str| (entry, format!("{record}.{member}"));
        self.unresolved.insert(key(name));
        if let Some(near) = closest(name, candidates) {
            self.unresolved.insert(key(near));
        }
    }

    /// Whether member `name` of `record` is noted as an `entry` that did not resolve.
    pub(crate) fn unresolved_member(&self, (entry, record): (Entry, &str), name: &str) -> bool {
        self.unresolved
            .contains(&(entry, format!("{record}.{name}")))
    }

    /// Whether some `entry` of the spec did not resolve.
    pub(crate) fn any_unresolved(&self, entry: Entry) -> bool {
        self.unresolved.iter().any(|(e, _)| *e == entry)
    }

    /// Whether `ty` reaches a noted struct or enum: a pointer to a struct whose
    /// `[object.X]` (or `[config.X]`) did not resolve, or an enum whose `[enum.X]` did not.
    pub(crate) fn rests_on_unresolved(&self, ir: &Ir, ty: &crate::ir::CType) -> bool {
        if let Some((record, _)) = ty.struct_pointer() {
            return self.unresolved(Entry::Object, record)
                || self.unresolved(Entry::Config, record);
        }
        super::types::enum_name(ir, ty).is_some_and(|e| self.unresolved(Entry::Enum, e))
    }
}
