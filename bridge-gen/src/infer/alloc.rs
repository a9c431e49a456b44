//! The `alloc` pattern: C allocates the object (`alloc` returns it or an `ERR_PTR`),
//! Rust sets its `config` fields and makes the `setup` calls, and `teardown` ends it when
//! the Rust value is dropped. What the object points to from its arguments (a created
//! object, the driver's data) is kept alive by the Rust value until after teardown.
//!
//! Argument conventions: a pointer to an object made with `create` is moved in and kept;
//! a pointer to a `[config.X]` struct is that config, by value; `void *` is the driver's
//! data, parked with its type and released after teardown; an integer is a plain value.

use super::config::ConfigRecord;
use std::collections::HashMap;

use super::Problems;
use super::docs::member_doc;
use super::method::first_is;
use super::model::{
    Access, Alloc, AllocArg, AllocField, AllocOps, ConfigDoc, FieldKind, Object, OwnedTable,
    ScalarArg, SetupCall,
};
use crate::ir::{Function, Ir, Param, Record};
use crate::spec::{At, ObjectSpec, Spec};

/// The object's `alloc` with its `setup`, `teardown`, `config` and ops-table fields,
/// checked; `None` without an `alloc`, or when a check that the rest depends on fails.
pub(super) fn alloc(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &Spec,
    configs: &[ConfigRecord],
    record: &Record,
    o: &ObjectSpec,
    objects: &HashMap<String, Object>,
) -> Option<Alloc> {
    let name = o.alloc.as_ref()?;
    let access = objects.get(&record.name).map(|x| x.access);
    if access != Some(Access::Shared) {
        p.at(&name.span, "`alloc` fits objects with access \"shared\" (C synchronises them, so the value may be shared and sent)");
        return None;
    }
    let f = p.function(ir, name)?;
    let returns_object = f
        .ret
        .struct_pointer()
        .is_some_and(|(r, c)| r == record.name && !c);
    if !returns_object {
        p.at(
            &name.span,
            format!(
                "`{}` returns `{}`; `alloc` needs a function returning `struct {} *` (or an ERR_PTR)",
                f.name, f.ret, record.name
            ),
        );
        return None;
    }
    let cx = AllocContext {
        ir,
        spec,
        configs,
        record,
        o,
        objects,
        alloc: name,
    };
    let mut docs = Vec::new();
    let args = cx.args(p, f, &mut docs)?;
    let setup = cx.setup_calls(p, &mut docs)?;
    let teardown = cx.teardown_calls(p)?;
    let fields = cx.config_fields(p, &mut docs);
    let ops = cx.ops_fields(p);
    Some(Alloc {
        alloc: f.name.clone(),
        args,
        setup,
        teardown,
        fields,
        ops,
        docs,
    })
}

/// Whether the object's `alloc` names a function of the shape `alloc` needs (returning
/// `struct X *`), or it names none: keys naming `alloc`'s parameters (`rename`, `data`)
/// are checked against it only then, and otherwise left to the error at `alloc`.
pub(super) fn alloc_fits(ir: &Ir, o: &ObjectSpec) -> bool {
    let Some(name) = &o.alloc else {
        return true;
    };
    ir.function(&name.value).is_some_and(|f| {
        f.ret
            .struct_pointer()
            .is_some_and(|(r, c)| r == o.c_name.value && !c)
    })
}

/// What one object's `alloc`, `setup`, `teardown` and `config` are checked against.
struct AllocContext<'a> {
    ir: &'a Ir,
    spec: &'a Spec,
    configs: &'a [ConfigRecord],
    record: &'a Record,
    o: &'a ObjectSpec,
    objects: &'a HashMap<String, Object>,
    /// The spec's `alloc`, where errors about its function are reported.
    alloc: &'a At<String>,
}

impl AllocContext<'_> {
    /// The Rust name of parameter `param` of `func`: the spec's `rename` of
    /// `"func.param"`, else its C name.
    fn rename(&self, func: &str, param: &str) -> String {
        self.o
            .rename
            .iter()
            .find(|(k, _)| k.value.is_param(func, param))
            .map_or_else(|| param.to_owned(), |(_, v)| v.value.clone())
    }

    /// `alloc`'s arguments, in order; the doc of each config value among them goes to
    /// `docs`.
    fn args(
        &self,
        p: &mut Problems<'_>,
        f: &Function,
        docs: &mut Vec<ConfigDoc>,
    ) -> Option<Vec<AllocArg>> {
        // A macro constructor is documented on the function it wraps (`__name`).
        let alloc_doc = f.doc.as_ref().or_else(|| {
            self.ir
                .function(&format!("__{}", f.name))
                .and_then(|g| g.doc.as_ref())
        });
        let mut args = Vec::new();
        for param in &f.params {
            let rust_name = self.rename(&f.name, &param.name);
            let doc = member_doc(alloc_doc, &param.name);
            let arg = self.arg(p, f, param, rust_name.clone())?;
            if matches!(arg, AllocArg::Config { .. } | AllocArg::Scalar { .. }) {
                docs.push(ConfigDoc {
                    name: rust_name,
                    doc,
                });
            }
            args.push(arg);
        }
        Some(args)
    }

    /// One argument of `alloc` by the module's conventions: a pointer to a created object
    /// or a config, the driver's `void *` data, or an integer.
    fn arg(
        &self,
        p: &mut Problems<'_>,
        f: &Function,
        param: &Param,
        name: String,
    ) -> Option<AllocArg> {
        if let Some((target, false)) = param.ty.struct_pointer() {
            return self.record_arg(p, f, param, target, name);
        }
        if param.ty.is_void_pointer() {
            let data = (self.o.data.iter()).find(|(k, _)| k.value.is(&f.name, &param.name));
            return Some(match data {
                Some((_, assoc)) => AllocArg::TypedData {
                    name,
                    assoc: assoc.value.clone(),
                },
                None => AllocArg::Data { name },
            });
        }
        if let Some(ty) = param.ty.scalar() {
            return Some(AllocArg::Scalar { name, ty });
        }
        p.at(
            &self.alloc.span,
            format!(
                "`{}` takes `{}` (`{}`), which no alloc argument pattern fits",
                f.name, param.ty, param.name
            ),
        );
        None
    }

    /// A `struct target *` argument of `alloc`: an object made with `create`, kept, or a
    /// `[config.X]` struct.
    fn record_arg(
        &self,
        p: &mut Problems<'_>,
        f: &Function,
        param: &Param,
        target: &str,
        name: String,
    ) -> Option<AllocArg> {
        let created = self
            .spec
            .objects
            .iter()
            .find(|s| s.c_name.value == target && !s.create.is_empty());
        if let Some(created) = created {
            return Some(AllocArg::Keep {
                name,
                rust: created.rust.value.clone(),
                typed: self
                    .objects
                    .get(target)
                    .is_some_and(|x| x.typed_by.is_some()),
            });
        }
        if let Some(c) = self.configs.iter().find(|c| c.c_record == target) {
            return Some(AllocArg::Config {
                name,
                rust: c.rust_path(),
            });
        }
        if !p.rests_on_unresolved(self.ir, &param.ty) {
            p.at(&self.alloc.span, format!("`{}` takes `{}` (`{}`): an alloc argument is a created object, a [config.X] struct, `void *` driver data or an integer", f.name, param.ty, param.name));
        }
        None
    }

    /// `setup`: the calls made on the new object, in order; the doc of each integer they
    /// take goes to `docs`.
    fn setup_calls(
        &self,
        p: &mut Problems<'_>,
        docs: &mut Vec<ConfigDoc>,
    ) -> Option<Vec<SetupCall>> {
        let calls = &self.o.setup;
        let mut setup = Vec::new();
        for (i, call) in calls.iter().enumerate() {
            setup.push(self.setup_call(p, call, i + 1 == calls.len(), docs)?);
        }
        Some(setup)
    }

    /// One `setup` call: it takes the object first and integers after it, and returns
    /// `void`, or `int` (0/-errno) when it is the `last` one.
    fn setup_call(
        &self,
        p: &mut Problems<'_>,
        call: &At<String>,
        last: bool,
        docs: &mut Vec<ConfigDoc>,
    ) -> Option<SetupCall> {
        let (ir, record) = (self.ir, self.record);
        let f = p.function(ir, call)?;
        let errno = f.ret.scalar() == Some("i32");
        if !first_is(f, &record.name) || !(errno || f.ret.is_void()) {
            p.at(
                &call.span,
                format!(
                    "`{}` must take `struct {} *` first and return `int` (0/-errno) or `void`",
                    f.name, record.name
                ),
            );
            return None;
        }
        if errno && !last {
            p.at(&call.span, format!("`{}` can fail, so it must be the last `setup` call (an earlier failing call would leave later ones to undo)", f.name));
            return None;
        }
        let mut args = Vec::new();
        for param in &f.params[1..] {
            let Some(ty) = param.ty.scalar() else {
                p.at(
                    &call.span,
                    format!(
                        "`{}` takes `{}` (`{}`); setup calls take integers after the object",
                        f.name, param.ty, param.name
                    ),
                );
                return None;
            };
            let rust_name = self.rename(&f.name, &param.name);
            docs.push(ConfigDoc {
                name: rust_name.clone(),
                doc: member_doc(f.doc.as_ref(), &param.name),
            });
            args.push(ScalarArg {
                name: rust_name,
                ty,
            });
        }
        Some(SetupCall {
            function: f.name.clone(),
            errno,
            args,
        })
    }

    /// `teardown`: at least one call, each `void f(struct X *)`.
    fn teardown_calls(&self, p: &mut Problems<'_>) -> Option<Vec<String>> {
        let record = self.record;
        if self.o.teardown.is_empty() {
            p.at(
                &self.alloc.span,
                "`alloc` needs `teardown`: the calls that end the object, the last one undoing `alloc`",
            );
            return None;
        }
        let mut teardown = Vec::new();
        for call in &self.o.teardown {
            let f = p.function(self.ir, call)?;
            if !first_is(f, &record.name) || f.params.len() != 1 || !f.ret.is_void() {
                p.at(
                    &call.span,
                    format!(
                        "`{}` must be `void {}(struct {} *)`",
                        f.name, f.name, record.name
                    ),
                );
                return None;
            }
            teardown.push(f.name.clone());
        }
        Some(teardown)
    }

    /// `config`: integer and `char[N]` fields of the object, set after allocation; the
    /// doc of each goes to `docs`.
    fn config_fields(&self, p: &mut Problems<'_>, docs: &mut Vec<ConfigDoc>) -> Vec<AllocField> {
        let record = self.record;
        let mut fields = Vec::new();
        for field in &self.o.config {
            let Some(f) = record.fields.iter().find(|f| f.name == field.value) else {
                let names = record.fields.iter().map(|f| f.name.as_str());
                p.unknown(&format!("field of struct {}", record.name), field, names);
                continue;
            };
            let kind = if let Some(n) = f.ty.char_array() {
                FieldKind::Text(usize::try_from(n).unwrap_or(usize::MAX))
            } else if let Some(ty) = f.ty.scalar().filter(|_| f.bit_width.is_none()) {
                FieldKind::Scalar(ty)
            } else {
                p.at(
                    &field.span,
                    format!(
                        "`config` fields are integers or `char[N]` names; `{}` is `{}`",
                        f.name, f.ty
                    ),
                );
                continue;
            };
            docs.push(ConfigDoc {
                name: f.name.clone(),
                doc: member_doc(record.doc.as_ref(), &f.name),
            });
            fields.push(AllocField {
                field: f.name.clone(),
                kind,
            });
        }
        fields
    }

    /// The object's `const struct X *` fields that point to spec'd ops tables; one with an
    /// `owner` is made per object and freed after its `last` callback.
    fn ops_fields(&self, p: &mut Problems<'_>) -> Vec<AllocOps> {
        let (ir, spec, record) = (self.ir, self.spec, self.record);
        let mut out = Vec::new();
        for f in &record.fields {
            if let Some((target, true)) = f.ty.struct_pointer()
                && let Some(ops) = spec.ops.iter().find(|s| s.c_name.value == target)
            {
                let owner = ir.record(target).and_then(super::ops::owner_field);
                let last = ops.last.as_ref().filter(|_| owner.is_some());
                // A `last` that is no callback of the table is reported with the table.
                if let Some(last) = last
                    && last_takes_only(ir, target, &last.value, &record.name) == Some(false)
                {
                    p.at(
                        &last.span,
                        format!("`{}` must be `void (*)(struct {} *)`: it is handed the object whose table it frees", last.value, record.name),
                    );
                }
                let host = ops
                    .part_of
                    .as_ref()
                    .and_then(|h| spec.ops.iter().find(|s| s.c_name.value == h.value));
                out.push(AllocOps {
                    field: f.name.clone(),
                    table_path: ops.rust.value.suffixed("Table"),
                    trait_path: host.unwrap_or(ops).rust.value.clone(),
                    c_record: target.to_owned(),
                    owned: owner.zip(last).map(|(owner_field, last)| OwnedTable {
                        owner_field,
                        last: last.value.clone(),
                    }),
                });
            }
        }
        out
    }
}

/// Whether callback `name` of ops record `table` is `void (*)(struct object *)`; `None`
/// when the table has no such callback.
fn last_takes_only(ir: &Ir, table: &str, name: &str, object: &str) -> Option<bool> {
    let cb = ir
        .record(table)
        .and_then(|r| r.fields.iter().find(|f| f.name == name))
        .and_then(|f| f.callback.as_ref())?;
    Some(
        cb.ret.is_void()
            && cb.params.len() == 1
            && cb.params[0].struct_pointer() == Some((object, false)),
    )
}
