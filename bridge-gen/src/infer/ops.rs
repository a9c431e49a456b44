//! `[ops.X]`: a C ops table as a Rust trait. Each function-pointer field whose parameters
//! and return all have a pattern becomes an optional trait method (NULL slot when not
//! implemented); the rest are left NULL and reported with the reason.

use std::collections::HashMap;

pub use super::callback::{CArg, CallContext, Callback, Source, Unsafe};
use super::callback::{Slot, callback, param_names};
use super::docs::member_doc;
use super::method::enum_table;
use super::model::Object;
use super::registration::registration;
pub use super::registration::{Registration, RegistrationKind};
use super::types::Ty;
use super::unresolved::Entry;
use super::{Api, Problems, ReportLine, Ret, Verdict, split_path};
use crate::ir::{Doc, Ir, Record};
use crate::spec::values::{ParamPattern, ParamPosition, QualifiedName, ReturnPattern};
use crate::spec::{At, IdSpec, OpsSpec, Spec};

#[derive(Clone, Debug)]
pub enum ConstSlot {
    /// A `char *` field: a required `&'static CStr` constant.
    Name(ConstField),
    /// An integer field: a constant defaulting to 0.
    Integer(ConstField, &'static str),
}

/// The field of the table an ops trait's constant fills.
#[derive(Clone, Debug)]
pub struct ConstField {
    /// bindgen's path to it (`driver.name`).
    pub member: Vec<String>,
    /// The trait's constant (`NAME`).
    pub rust: String,
    pub doc: Option<String>,
}

/// `[id.X]`: a device-id entry type with named mask constructors.
#[derive(Clone, Debug)]
pub struct IdType {
    pub module: String,
    pub name: String,
    pub c_record: String,
    /// The id field and its mask, in the record's order.
    pub value: IdField,
    pub mask: IdField,
    /// The spec's named masks.
    pub masks: Vec<IdMask>,
    /// The `MODULE_DEVICE_TABLE` type name.
    pub table: Option<String>,
    pub doc: Option<Doc>,
}

/// An integer field of a device-id record.
#[derive(Clone, Debug)]
pub struct IdField {
    pub field: String,
    pub ty: &'static str,
}

/// A named mask of a device id (`new_with_exact_mask`).
#[derive(Clone, Debug)]
pub struct IdMask {
    pub name: String,
    pub bits: u64,
}

/// The device id an ops table is filled from.
#[derive(Clone, Debug)]
pub struct TableId {
    /// The id type, by Rust path.
    pub path: crate::rust_path::RustPath,
    /// The table's fields that take the id's fields of the same name.
    pub fields: Vec<String>,
}

/// A callback slot left NULL, and why.
#[derive(Clone, Debug)]
pub struct SkippedSlot {
    pub field: String,
    pub reason: String,
    /// It may be left NULL only because of an entry of the spec already reported as not
    /// resolving (`unresolved`): checks of the spec's keys about it stay silent.
    pub blocked: bool,
    /// The spec key whose entry for the callback left it NULL (`returns`, `params`): that
    /// entry is reported, the others that name the callback only follow from it.
    pub by: Option<&'static str>,
}

impl SkippedSlot {
    /// Whether an entry of key `key` naming the callback is to be refused with the
    /// reason: not when the slot is blocked, nor when another key's entry made it so.
    fn reported_at(&self, key: &str) -> bool {
        !self.blocked && self.by.is_none_or(|by| by == key)
    }
}

/// An associated data type of an ops trait (`type QueueData`).
#[derive(Clone, Debug)]
pub struct AssocData {
    /// The associated type's name.
    pub assoc: String,
    /// The Rust name of the object that keeps it.
    pub object: String,
}

/// The table whose trait a `part_of` table's callbacks join.
#[derive(Clone, Debug)]
pub struct HostTable {
    /// The host's trait name.
    pub trait_name: String,
    pub c_record: String,
}

/// The binding callback of an ops table (spec `bind`): its trampoline always runs, and
/// under the object's lock clears the private field (whatever a driver bound before left
/// there is dropped unread) and has the device's devres release the data this binding
/// parks there when it ends (unbind, or a failed probe).
#[derive(Clone, Debug)]
pub struct Bind {
    pub callback: String,
    /// The object's private field, lock field and path to its `struct device`.
    pub private: String,
    pub lock: String,
    pub device: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Ops {
    pub module: String,
    pub name: String,
    pub c_record: String,
    pub consts: Vec<ConstSlot>,
    /// The id type and the ops-table fields filled from it.
    pub id: Option<TableId>,
    /// The id type's `MODULE_DEVICE_TABLE` type name.
    pub table_kind: Option<String>,
    pub callbacks: Vec<Callback>,
    pub skipped: Vec<SkippedSlot>,
    pub registration: Option<Registration>,
    /// The callback that binds a driver to an object and claims its private data.
    pub bind: Option<Bind>,
    /// Where the drivers' typed per-device data is kept (spec `makes_data`, ...).
    pub device_data: Option<super::model::DeviceData>,
    /// Fields filled from the driver's string id tables (spec `id_tables`).
    pub id_tables: Vec<super::string_id::IdTableSlot>,
    /// The table's `struct module *owner` field, when it has one.
    pub owner: Option<String>,
    /// The callback C calls last for an object pointing to the table (spec `last`).
    pub last: Option<String>,
    pub doc: Option<Doc>,
    /// Number of function-pointer fields in the C table.
    pub slots: usize,
    /// The trait's associated data types.
    pub data: Vec<AssocData>,
    /// The table whose trait this table's callbacks belong to, when it is `part_of`
    /// another table's.
    pub part_of: Option<HostTable>,
}

impl Ops {
    /// The trait the table's callbacks belong to: its own, or its `part_of` host's.
    pub fn trait_name(&self) -> &str {
        self.part_of
            .as_ref()
            .map_or(&self.name, |host| &host.trait_name)
    }
}

/// Every `[id.X]` and `[ops.X]`, each into its module.
pub(crate) fn infer_all(
    p: &mut Problems<'_>,
    spec: &Spec,
    ir: &Ir,
    objects: &HashMap<String, Object>,
    api: &mut Api,
) {
    let ids = id_types(p, spec, ir, api);
    let string_ids: Vec<_> = (api.modules.values())
        .flat_map(|m| m.string_ids.iter().cloned())
        .collect();
    let enums = enum_table(api);
    for o in &spec.ops {
        let Some(record) = p.record(ir, &o.c_name) else {
            continue;
        };
        let (module, name) = split_path(&o.rust.value);
        if !record.fields.iter().any(|f| f.callback.is_some()) {
            p.at(
                &o.c_name.span,
                format!(
                    "struct {} has no function-pointer fields: it is not an ops table",
                    record.name
                ),
            );
            continue;
        }
        let table = Table {
            spec,
            o,
            record,
            ir,
            objects,
            enums: &enums,
            module: &module,
            name: &name,
            part_of: host(p, spec, o, &module),
            returns: o
                .returns
                .iter()
                .map(|(k, v)| (k.value.as_str(), &v.value))
                .collect(),
        };
        let mut ops = table.infer(p, &ids, &mut api.report);
        ops.id_tables = super::string_id::id_tables(p, ir, (o, record), &string_ids);
        api.module(&module).ops.push(ops);
    }
}

/// `[id.X]`: every device-id type, by C record; each is also an item of its module.
fn id_types(p: &mut Problems<'_>, spec: &Spec, ir: &Ir, api: &mut Api) -> HashMap<String, IdType> {
    let mut ids = HashMap::new();
    for id in &spec.ids {
        if id.string.is_some() {
            if let Some(string_id) = super::string_id::string_id(p, ir, id) {
                api.module(&string_id.path.module)
                    .string_ids
                    .push(string_id);
            }
            continue;
        }
        let Some(id_type) = id_type(p, ir, id) else {
            continue;
        };
        ids.insert(id_type.c_record.clone(), id_type.clone());
        api.module(&id_type.module).ids.push(id_type);
    }
    ids
}

/// One `[id.X]`: a struct of two integers (the id, its mask) and the spec's masks.
fn id_type(p: &mut Problems<'_>, ir: &Ir, id: &IdSpec) -> Option<IdType> {
    let record = p.record(ir, &id.c_name)?;
    let (module, name) = split_path(&id.rust.value);
    let fields: Option<Vec<IdField>> = record
        .fields
        .iter()
        .map(|f| {
            Some(IdField {
                field: f.name.clone(),
                ty: f.ty.scalar()?,
            })
        })
        .collect();
    let Some([value, mask]) = fields.and_then(|f| <[IdField; 2]>::try_from(f).ok()) else {
        p.at(
            &id.c_name.span,
            format!(
                "struct {} is not an (id, mask) pair of integers",
                record.name
            ),
        );
        return None;
    };
    Some(IdType {
        module,
        name,
        c_record: record.name.clone(),
        value,
        mask,
        masks: id
            .masks
            .iter()
            .map(|(k, v)| IdMask {
                name: k.value.clone(),
                bits: v.value,
            })
            .collect(),
        table: id.table.as_ref().map(|t| t.value.clone()),
        doc: record.doc.clone(),
    })
}

/// One `[ops.X]` table while it is inferred: its spec entry, its C record, and what its
/// callbacks are typed against.
struct Table<'a> {
    spec: &'a Spec,
    o: &'a OpsSpec,
    record: &'a Record,
    ir: &'a Ir,
    objects: &'a HashMap<String, Object>,
    enums: &'a [super::method::SpecEnum],
    /// The module and name of the table's Rust items.
    module: &'a str,
    name: &'a str,
    /// The trait the callbacks join when the table is `part_of` another's: (its Rust
    /// name, its C record).
    part_of: Option<HostTable>,
    /// The spec's `returns`, by callback.
    returns: HashMap<&'a str, &'a ReturnPattern>,
}

impl Table<'_> {
    /// The record's function-pointer fields, by name.
    fn callback_names(&self) -> impl Iterator<Item = &str> {
        self.record
            .fields
            .iter()
            .filter(|f| f.callback.is_some())
            .map(|f| f.name.as_str())
    }

    /// The C record of the table whose trait the callbacks belong to: this one's, or the
    /// `part_of` host's.
    fn trait_table(&self) -> &str {
        self.part_of
            .as_ref()
            .map_or(self.record.name.as_str(), |host| host.c_record.as_str())
    }

    /// The table's checks and callbacks, in the order its errors are reported: the spec's
    /// keys, the device id, the constants, the callbacks, then `bind`, `register` and
    /// `last`, which act on the safe callbacks.
    fn infer(
        &self,
        p: &mut Problems<'_>,
        ids: &HashMap<String, IdType>,
        report: &mut Vec<ReportLine>,
    ) -> Ops {
        let (o, record) = (self.o, self.record);
        let mut ops = Ops {
            part_of: self.part_of.clone(),
            module: self.module.to_owned(),
            name: self.name.to_owned(),
            c_record: record.name.clone(),
            consts: Vec::new(),
            id: None,
            table_kind: None,
            callbacks: Vec::new(),
            skipped: Vec::new(),
            registration: None,
            bind: None,
            device_data: None,
            id_tables: Vec::new(),
            owner: owner_field(record),
            last: None,
            doc: record.doc.clone(),
            slots: self.callback_names().count(),
            data: self.data_types(),
        };
        self.check_callback_keys(p);
        if let Some(id) = &o.id {
            self.device_id(p, id, ids, &mut ops);
        }
        ops.consts = self.const_slots(p);
        check_renames(p, o, record, self.objects);
        self.callbacks(p, &mut ops, report);
        self.check_required(p, &ops);
        self.check_keys_of_skipped(p, &ops);
        self.check_mutex_calls(p, &ops);
        if let Some(bind) = &o.bind {
            ops.bind = bind_of(p, bind, &ops, (self.spec, self.objects));
        }
        let table = super::device_data::Table {
            c_record: &record.name,
            callbacks: &mut ops.callbacks,
            skipped: (ops.skipped.iter())
                .map(|s| (s.field.as_str(), s.reason.as_str()))
                .collect(),
        };
        ops.device_data = super::device_data::device_data(p, o, table, self.objects);
        if !o.register.is_empty() {
            ops.registration = registration(p, self.ir, &record.name, &o.register, &o.c_name);
        }
        ops.last = last_callback(p, o, &ops);
        check_trampoline_locals(p, o, &ops);
        ops
    }

    /// The trait's associated data types (spec `data`).
    fn data_types(&self) -> Vec<AssocData> {
        self.o
            .data
            .iter()
            .filter_map(|(object, assoc)| {
                let wrapper = self.objects.get(&object.value)?;
                Some(AssocData {
                    assoc: assoc.value.clone(),
                    object: wrapper.name.clone(),
                })
            })
            .collect()
    }

    /// Every key the spec gives per callback names a callback of the table.
    fn check_callback_keys(&self, p: &mut Problems<'_>) {
        let o = self.o;
        let named = |k: &At<String>| (k.value.clone(), k.span.clone());
        let params = o
            .params
            .iter()
            .map(|(k, _)| (k.value.owner.clone(), k.span.clone()));
        let keys = (o.skip.iter().chain(&o.required).map(named))
            .chain(o.returns.iter().map(|(k, _)| named(k)))
            .chain(params)
            .chain(o.locked.iter().map(|(k, _)| named(k)))
            .chain(o.take_lock.iter().map(|(k, _)| named(k)))
            .chain(o.why.iter().map(|(k, _)| named(k)))
            .chain(o.bind.iter().chain(&o.last).map(named))
            .chain(o.hand_back.iter().map(|(k, _)| named(k)));
        for (callback, span) in keys {
            if !self.callback_names().any(|c| c == callback) {
                p.unknown(
                    &format!("callback of struct {}", self.record.name),
                    &At::new(callback, span),
                    self.callback_names(),
                );
            }
        }
    }

    /// The spec's `id`: the table's `id` (the id type's path and the table's fields
    /// filled from it) and `table_kind` (its `MODULE_DEVICE_TABLE` type name).
    fn device_id(
        &self,
        p: &mut Problems<'_>,
        id: &At<String>,
        ids: &HashMap<String, IdType>,
        ops: &mut Ops,
    ) {
        let Some(t) = ids.get(&id.value) else {
            if p.any_unresolved(Entry::Id) {
                return;
            }
            p.unknown_in(
                "[id.*] entry",
                super::SPEC,
                id,
                ids.keys().map(String::as_str),
            );
            return;
        };
        let shared: Vec<String> = [&t.value, &t.mask]
            .into_iter()
            .map(|f| f.field.clone())
            .filter(|f| self.record.fields.iter().any(|r| &r.name == f))
            .collect();
        if shared.is_empty() {
            p.at(
                &id.span,
                format!(
                    "struct {} has none of the fields of struct {}",
                    self.record.name, t.c_record
                ),
            );
        }
        ops.id = Some(TableId {
            path: crate::rust_path::RustPath::new(t.module.clone(), t.name.clone()),
            fields: shared,
        });
        ops.table_kind = t.table.clone();
    }

    /// The spec's `consts`: string and integer fields the implementer sets as constants.
    fn const_slots(&self, p: &mut Problems<'_>) -> Vec<ConstSlot> {
        let record = self.record;
        let mut consts = Vec::new();
        for c in &self.o.consts {
            let reached = match super::field_path::reach(self.ir, record, &c.value) {
                Ok(reached) => reached,
                Err(stop) => {
                    stop.report(p, c);
                    continue;
                }
            };
            let f = reached.field;
            let slot = ConstField {
                member: reached.member,
                rust: f.name.to_ascii_uppercase(),
                doc: member_doc(reached.owner.doc.as_ref(), &f.name),
            };
            if f.ty.char_pointer().is_some() {
                consts.push(ConstSlot::Name(slot));
            } else if let Some(ty) = f.ty.scalar() {
                consts.push(ConstSlot::Integer(slot, ty));
            } else {
                p.at(
                    &c.span,
                    format!(
                        "`{}` is `{}`: constants are strings or integers",
                        c.value, f.ty
                    ),
                );
            }
        }
        consts
    }

    /// Each callback slot, a safe trait method or skipped with the reason, as the report
    /// lists it.
    fn callbacks(&self, p: &mut Problems<'_>, ops: &mut Ops, report: &mut Vec<ReportLine>) {
        for field in &self.record.fields {
            let Some(cb) = &field.callback else { continue };
            let item = format!("{}.{}", self.record.name, field.name);
            match self
                .union_sibling(field)
                .and_then(|()| self.safe_callback(p, &field.name, cb))
            {
                Ok(mut c) => {
                    c.member = field.rust_path().into_iter().map(str::to_owned).collect();
                    report.push(ReportLine {
                        item: format!("{item} -> {}::{}", ops.name, c.field),
                        verdict: Verdict::Safe,
                    });
                    ops.callbacks.push(c);
                }
                Err(Unsafe { reason, by }) => {
                    report.push(ReportLine {
                        item,
                        verdict: Verdict::Skipped(reason.clone()),
                    });
                    ops.skipped.push(SkippedSlot {
                        field: field.name.clone(),
                        reason,
                        blocked: self.blocked(p, cb),
                        by,
                    });
                }
            }
        }
    }

    /// A member of an anonymous union whose storage another member fills (6.12's
    /// `platform_driver.remove_new` beside `remove`) stays NULL: C reads one function
    /// pointer there, and two trait methods could not both be it. The member filled is
    /// the union's first one the spec does not `skip`.
    fn union_sibling(&self, field: &crate::ir::Field) -> Result<(), Unsafe> {
        let Some(anonymous) = &field.anonymous else {
            return Ok(());
        };
        let first = anonymous.shares_with.as_deref().unwrap_or(&field.name);
        let skipped = |name: &str| self.o.skip.iter().any(|s| s.value == name);
        if skipped(&field.name) {
            return Ok(());
        }
        let filled = self.record.fields.iter().find(|f| {
            f.anonymous.as_ref().is_some_and(|a| {
                a.path == anonymous.path
                    && (f.name == first || a.shares_with.as_deref() == Some(first))
            }) && !skipped(&f.name)
        });
        match filled {
            Some(filled) if filled.name != field.name => Err(Unsafe {
                reason: format!(
                    "shares its storage with `{}` (an anonymous union), which is the slot \
                     filled; `skip = [\"{}\"]` makes the next member the slot instead",
                    filled.name, filled.name
                ),
                by: None,
            }),
            _ => Ok(()),
        }
    }

    /// One callback slot as a safe trait method, or why it stays NULL.
    fn safe_callback(
        &self,
        p: &mut Problems<'_>,
        field: &str,
        cb: &crate::ir::Callback,
    ) -> Result<Callback, Unsafe> {
        let o = self.o;
        if o.skip.iter().any(|s| s.value == field) {
            let reason = "skipped by the spec".to_owned();
            return Err(Unsafe { reason, by: None });
        }
        let ret_override = self.returns.get(field).map(|r| Ret::from_pattern(r));
        let overrides: Vec<(&At<QualifiedName>, &ParamPattern)> = o
            .params
            .iter()
            .filter(|(k, _)| k.value.owner == field)
            .map(|(k, v)| (k, &v.value))
            .collect();
        let naming = param_names(cb, field, &o.rename, self.objects);
        let slot = Slot {
            field,
            cb,
            ret_override,
            overrides: &overrides,
            names: naming.names,
            context: call_context(p, (self.ir, o), self.objects, field, cb),
            table: self.trait_table(),
        };
        let mut c = callback(p, self.ir, self.objects, self.enums, slot)?;
        unnamed_params(p, o, field, cb, &naming.unnamed);
        if let Some((_, spec)) = o.hand_back.iter().find(|(k, _)| k.value == field) {
            c.hand_back = super::hand_back::infer(p, self.ir, &spec.value, &c, &cb.ret);
        }
        c.why = o
            .why
            .iter()
            .find(|(k, _)| k.value == field)
            .map(|(_, v)| v.value.clone());
        c.doc = member_doc(self.record.doc.as_ref(), field);
        c.required = o.required.iter().any(|r| r.value == field);
        Ok(c)
    }

    /// Whether a callback left NULL may be so only because of an entry of the spec that
    /// did not resolve: one of its parameters is a struct or enum whose entry did not, an
    /// object typed by a table that did not, or the table's `part_of` names none.
    fn blocked(&self, p: &Problems<'_>, cb: &crate::ir::Callback) -> bool {
        let typed_by_unresolved = |ty: &crate::ir::CType| {
            let typed = ty.struct_pointer().and_then(|(r, _)| {
                let t = self.objects.get(r)?.typed_by.as_ref()?;
                Some(t.c_record.as_str())
            });
            typed.is_some_and(|t| p.unresolved(Entry::Ops, t))
        };
        p.unresolved(Entry::PartOf, &self.record.name)
            || (cb.params.iter())
                .any(|ty| p.rests_on_unresolved(self.ir, ty) || typed_by_unresolved(ty))
    }

    /// The spec's entries that shape one callback (`returns`, `params`, `why`,
    /// `hand_back`) name one made safe: for a callback left NULL each is refused with the
    /// reason, rather than dropped. `locked` and `take_lock` are not: they state where C
    /// takes a lock, a fact about C that holds whether or not the callback is safe yet.
    fn check_keys_of_skipped(&self, p: &mut Problems<'_>, ops: &Ops) {
        let o = self.o;
        let keys = (o
            .returns
            .iter()
            .map(|(k, _)| ("returns", k.value.as_str(), &k.span)))
        .chain(
            o.params
                .iter()
                .map(|(k, _)| ("params", k.value.owner.as_str(), &k.span)),
        )
        .chain(
            o.why
                .iter()
                .map(|(k, _)| ("why", k.value.as_str(), &k.span)),
        )
        .chain((o.hand_back.iter()).map(|(k, _)| ("hand_back", k.value.as_str(), &k.span)));
        for (key, callback, span) in keys {
            let skipped = ops.skipped.iter().find(|s| s.field == callback);
            if let Some(s) = skipped.filter(|s| s.reported_at(key)) {
                p.at(
                    span,
                    format!(
                        "`{key}` names `{callback}`, which cannot be made safe: {}",
                        s.reason
                    ),
                );
            }
        }
    }

    /// A trampoline that takes the object's lock (`take_lock`, and so `bind`) calls
    /// `mutex_lock` and `mutex_unlock` on it: both must be declared in the headers as
    /// `void f(struct mutex *)`. Reported once, at the first such `take_lock` entry.
    fn check_mutex_calls(&self, p: &mut Problems<'_>, ops: &Ops) {
        let takes_lock = |name: &str| {
            (ops.callbacks.iter())
                .any(|c| c.field == name && matches!(c.context, CallContext::TakeLock { .. }))
        };
        let keys: Vec<&At<String>> = (self.o.take_lock.iter().map(|(k, _)| k))
            .filter(|k| takes_lock(&k.value))
            .collect();
        let Some(first) = keys.first() else {
            return;
        };
        let Some(problem) = MUTEX_CALLS
            .iter()
            .find_map(|name| mutex_call_problem(self.ir, name))
        else {
            return;
        };
        let names: Vec<String> = keys.iter().map(|k| format!("`{}`", k.value)).collect();
        let whose = match names.as_slice() {
            [one] => format!("the trampoline of {one}"),
            [rest @ .., last] => format!("the trampolines of {} and {last}", rest.join(", ")),
            [] => return,
        };
        p.at(
            &first.span,
            format!(
                "`take_lock` makes {whose} call `mutex_lock` and `mutex_unlock` on the object's \
                 `lock`: {problem}"
            ),
        );
    }

    /// Every `required` callback of the table is a safe one.
    fn check_required(&self, p: &mut Problems<'_>, ops: &Ops) {
        for required in &self.o.required {
            let skipped = ops.skipped.iter().find(|s| s.field == required.value);
            if let Some(s) = skipped.filter(|s| s.reported_at("required")) {
                p.at(
                    &required.span,
                    format!(
                        "`{}` is required but cannot be made safe: {}",
                        required.value, s.reason
                    ),
                );
            }
        }
    }
}

/// The C functions a trampoline that takes the object's lock calls on its mutex.
const MUTEX_CALLS: [&str; 2] = ["mutex_lock", "mutex_unlock"];

/// What is wrong with `name` as `void name(struct mutex *)`, if anything.
fn mutex_call_problem(ir: &Ir, name: &str) -> Option<String> {
    let wanted = format!("`void {name}(struct mutex *)`");
    let Some(f) = ir.function(name) else {
        return Some(format!(
            "no function named `{name}` in the headers (declare {wanted}, as <linux/mutex.h> \
             does)"
        ));
    };
    let takes_mutex =
        f.params.len() == 1 && f.params[0].ty.struct_pointer() == Some(("mutex", false));
    if takes_mutex && f.ret.is_void() {
        return None;
    }
    let params: Vec<String> = f.params.iter().map(|p| p.ty.to_string()).collect();
    Some(format!(
        "`{name}` is `{} {name}({})`, not {wanted}",
        f.ret,
        params.join(", ")
    ))
}

/// The table whose trait `o`'s callbacks join (`part_of`): its Rust name and C record.
fn host(
    p: &mut Problems<'_>,
    spec: &Spec,
    o: &crate::spec::OpsSpec,
    module: &str,
) -> Option<HostTable> {
    let name = o.part_of.as_ref()?;
    let Some(host) = spec.ops.iter().find(|h| h.c_name.value == name.value) else {
        if p.any_unresolved(Entry::Ops) {
            return None;
        }
        p.unknown_in(
            "[ops.*] entry",
            super::SPEC,
            name,
            spec.ops.iter().map(|h| h.c_name.value.as_str()),
        );
        return None;
    };
    let (host_module, trait_name) = split_path(&host.rust.value);
    if host.part_of.is_some() || host_module != module {
        p.at(
            &name.span,
            format!(
                "`part_of` names a table with a trait of its own in the same module; [ops.{}] \
                 is {}",
                host.c_name.value,
                if host.part_of.is_some() {
                    "part of another"
                } else {
                    "in another module"
                }
            ),
        );
        return None;
    }
    Some(HostTable {
        trait_name,
        c_record: host.c_name.value.clone(),
    })
}

/// A safe callback's parameters all have names: C's, or the spec's `rename`.
fn unnamed_params(
    p: &mut Problems<'_>,
    o: &crate::spec::OpsSpec,
    field: &str,
    cb: &crate::ir::Callback,
    unnamed: &[usize],
) {
    // A `rename` of the callback that was refused (`check_renames`) was meant to name it.
    let refused = (o.rename.iter())
        .any(|(k, _)| k.value.callback == field && k.value.position >= cb.params.len());
    if refused {
        return;
    }
    for &i in unnamed {
        p.at(
            &o.c_name.span,
            format!(
                "parameter {i} of `{field}` (`{}`) has no name in the header: name it, e.g. \
                 `rename = {{ \"{field}.{i}\" = \"...\" }}` (positions count from 0)",
                cb.params[i]
            ),
        );
    }
}

/// Every `rename` key is `callback.position` of a callback of the table, and its name is
/// no other parameter's.
fn check_renames(
    p: &mut Problems<'_>,
    o: &crate::spec::OpsSpec,
    record: &crate::ir::Record,
    objects: &HashMap<String, Object>,
) {
    for (key, name) in &o.rename {
        let ParamPosition { callback, position } = &key.value;
        let cb = record.fields.iter().find(|f| f.name == *callback);
        let Some(cb) = cb
            .and_then(|f| f.callback.as_ref())
            .filter(|cb| *position < cb.params.len())
        else {
            p.at(
                &key.span,
                format!(
                    "`{}` is not `callback.position` of a callback of `{}` with that many \
                     parameters",
                    key.value, record.name
                ),
            );
            continue;
        };
        let names = param_names(cb, callback, &o.rename, objects);
        if let Some((_, other)) = names.repeated.iter().find(|(i, _)| i == position) {
            p.at(
                &name.span,
                format!(
                    "parameter {position} of `{callback}` would be named `{}`, as parameter \
                     {other} is: choose another name",
                    name.value
                ),
            );
        }
    }
}

/// The names a trampoline gives its own locals before it converts the C arguments, by
/// what makes it have them (`emit::safe::trampoline`): a C parameter of the same name
/// would be shadowed by one, so it must be named otherwise. (name, what it holds).
fn trampoline_locals(ops: &Ops, c: &Callback) -> Vec<(&'static str, &'static str)> {
    let mut locals = Vec::new();
    if matches!(c.context, CallContext::TakeLock { .. }) {
        locals.push(("lock", "the object's lock"));
        locals.push(("raw_object", "the object's pointer"));
    }
    if ops.bind.as_ref().is_some_and(|b| b.callback == c.field) {
        locals.push(("claimed", "the claim of the private data"));
    }
    if c.hand_back.is_some() {
        locals.push(("handed", "the object handed over"));
    }
    if c.device_data.is_some() {
        locals.push(("raw_device", "the device whose driver data keeps the data"));
        locals.push(("data", "the driver's per-device data"));
    }
    locals
}

/// No C parameter of a safe callback has the name of one of its trampoline's locals.
fn check_trampoline_locals(p: &mut Problems<'_>, o: &crate::spec::OpsSpec, ops: &Ops) {
    for c in &ops.callbacks {
        for (name, holds) in trampoline_locals(ops, c) {
            let Some(i) = c.c_args.iter().position(|a| a.name == name) else {
                continue;
            };
            p.at(
                &o.c_name.span,
                format!(
                    "parameter {i} of `{}` is named `{name}`, which its trampoline uses for \
                     {holds}: name it otherwise, e.g. `rename = {{ \"{}.{i}\" = \"...\" }}`",
                    c.field, c.field
                ),
            );
        }
    }
}

/// The `struct module *owner` field of an ops table: C pins that module while it may
/// call into the table (try_module_get() before a call, module_put() after).
pub(super) fn owner_field(record: &crate::ir::Record) -> Option<String> {
    record
        .fields
        .iter()
        .find(|f| {
            f.name == "owner"
                && f.ty
                    .struct_pointer()
                    .is_some_and(|(r, c)| r == "module" && !c)
        })
        .map(|f| f.name.clone())
}

/// The spec's `last` callback, checked: a safe callback of the table. A table with an
/// owner that objects point to (it has no registration) needs one, since it is made per
/// object and can only be freed once C is done with it.
fn last_callback(p: &mut Problems<'_>, o: &crate::spec::OpsSpec, ops: &Ops) -> Option<String> {
    let Some(last) = &o.last else {
        if ops.owner.is_some() && ops.registration.is_none() {
            p.at(
                &o.c_name.span,
                format!(
                    "struct {} has an `owner`: an object's table gets this module as owner, so it is made per object and freed after the callback C calls last; name it with `last = \"...\"`",
                    ops.c_record
                ),
            );
        }
        return None;
    };
    if ops.owner.is_none() {
        p.at(&last.span, format!("struct {} has no `owner` field: `last` is for tables made per object with their module as owner", ops.c_record));
        return None;
    }
    safe_callback_named(p, ops, last, "last")?;
    Some(last.value.clone())
}

/// The safe callback of the table that the spec's `key` (`last`, `bind`) names, or none:
/// for a callback left NULL, with the reason at the key's value (a name that is no
/// callback at all is reported by `check_callback_keys`).
fn safe_callback_named<'o>(
    p: &mut Problems<'_>,
    ops: &'o Ops,
    name: &At<String>,
    key: &str,
) -> Option<&'o Callback> {
    if let Some(c) = ops.callbacks.iter().find(|c| c.field == name.value) {
        return Some(c);
    }
    let skipped = ops.skipped.iter().find(|s| s.field == name.value);
    if let Some(s) = skipped.filter(|s| s.reported_at(key)) {
        p.at(
            &name.span,
            format!(
                "`{key}` names `{}`, which cannot be made safe: {}",
                name.value, s.reason
            ),
        );
    }
    None
}

/// What C guarantees about the object of callback `name` (spec `locked`, `take_lock`).
fn call_context(
    p: &mut Problems<'_>,
    (ir, o): (&Ir, &crate::spec::OpsSpec),
    objects: &HashMap<String, Object>,
    name: &str,
    cb: &crate::ir::Callback,
) -> CallContext {
    let find = |map: &[(At<String>, At<String>)]| {
        map.iter()
            .find(|(k, _)| k.value == name)
            .map(|(k, v)| (k.clone(), v.value.clone()))
    };
    if let Some((_, why)) = find(&o.locked) {
        return CallContext::Locked(why);
    }
    let Some((key, why)) = find(&o.take_lock) else {
        return CallContext::Plain;
    };
    let first = cb.params.first();
    if first.is_some_and(|ty| p.rests_on_unresolved(ir, ty)) {
        return CallContext::Plain;
    }
    let lock = first
        .and_then(crate::ir::CType::struct_pointer)
        .and_then(|(r, _)| objects.get(r))
        .and_then(|o| o.lock.clone());
    match lock {
        Some(lock) => CallContext::TakeLock { why, lock },
        None => {
            p.at(&key.span, format!("`{name}` cannot take a lock: its first parameter is no spec'd object with a `lock`"));
            CallContext::Plain
        }
    }
}

/// The spec's `bind`, checked: a safe callback whose trampoline takes the lock of an
/// object with private data, a lock and a device.
fn bind_of(
    p: &mut Problems<'_>,
    bind: &At<String>,
    ops: &Ops,
    (spec, objects): (&Spec, &HashMap<String, Object>),
) -> Option<Bind> {
    let c = safe_callback_named(p, ops, bind, "bind")?;
    if !matches!(c.context, CallContext::TakeLock { .. }) {
        p.at(
            &bind.span,
            format!(
                "`{}` claims the private data under the object's lock: list it in `take_lock`",
                bind.value
            ),
        );
        return None;
    }
    let object = match c.params.first() {
        Some(super::callback::RustParam {
            ty: Ty::Object { c_record, .. },
            ..
        }) => objects.get(c_record),
        _ => None,
    };
    let found = object.and_then(|o| Some((o.private.clone()?, o.lock.clone()?, o.device.clone()?)));
    let Some((private, lock, device)) = found else {
        // An object whose spec names all three, one of them refused where it is named.
        let named = (object
            .and_then(|x| spec.objects.iter().find(|s| s.c_name.value == x.c_record)))
        .is_some_and(|s| s.private.is_some() && s.lock.is_some() && s.device.is_some());
        if named {
            return None;
        }
        p.at(
            &bind.span,
            format!(
                "`{}` does not act on an object with `private`, `lock` and `device`",
                bind.value
            ),
        );
        return None;
    };
    Some(Bind {
        callback: c.field.clone(),
        private,
        lock,
        device,
    })
}
