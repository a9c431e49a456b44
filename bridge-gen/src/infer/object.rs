//! `[object.X]`: a C struct behind a `#[repr(transparent)]` wrapper, with methods from the
//! functions that take it first and accessors for the fields the spec names.

use std::collections::HashMap;

use super::members::{accessor, release_call};
pub(super) use super::method::first_is;
use super::method::{MethodSpec, method};
pub use super::method::{default_ret, enum_table, glob, param_type};
use super::model::{Access, AccessorKind, ConfigDefault, Create, Object};
use super::overrides::{Methods, NotMade};
use super::unresolved::Entry;
use super::{Api, Problems, ReportLine, Ret, Verdict, split_path};
use crate::ir::{Function, Ir, Record};
use crate::rust_path::RustPath;
use crate::spec::values::ReturnPattern;
use crate::spec::{At, ObjectSpec, Spec};

/// `field_types`: an integer field in `fields` shown as a newtype of the same integer.
fn newtype_fields(p: &mut Problems<'_>, o: &ObjectSpec, api: &Api, object: &mut Object) {
    for (field, name) in &o.field_types {
        let found: Vec<_> = (api.modules.iter())
            .filter_map(|(path, m)| {
                let n = m.newtypes.iter().find(|n| n.name == name.value)?;
                Some((RustPath::new(path.clone(), n.name.clone()), n.repr.clone()))
            })
            .collect();
        let [(rust, repr)] = found.as_slice() else {
            if found.is_empty() {
                let all = api.modules.values().flat_map(|m| m.newtypes.iter());
                p.unknown_in("newtype", super::SPEC, name, all.map(|n| n.name.as_str()));
            } else {
                let paths: Vec<String> = found.iter().map(|(r, _)| format!("`{r}`")).collect();
                let message = format!(
                    "`{}` names newtypes of several modules ({}): a field type names one \
                     newtype, so give them different names",
                    name.value,
                    paths.join(", ")
                );
                p.at(&name.span, message);
            }
            continue;
        };
        let (rust, repr) = (rust.clone(), repr.clone());
        let accessor = object.accessors.iter_mut().find(|a| a.field == field.value);
        match accessor {
            Some(a) if matches!(a.kind, AccessorKind::Scalar(t) if t == repr) => {
                a.kind = AccessorKind::Newtype { rust };
            }
            _ => p.at(
                &field.span,
                format!("`{}` is not a `{repr}` field in `fields`", field.value),
            ),
        }
    }
}

/// `defaults`: each names a config field and a constant of the field's type.
fn config_defaults(
    p: &mut Problems<'_>,
    ir: &Ir,
    o: &ObjectSpec,
    create: &Create,
) -> Vec<ConfigDefault> {
    let mut out = Vec::new();
    for (field, constant) in &o.defaults {
        let Some(f) = create.config.iter().find(|f| f.field == field.value) else {
            let names = create.config.iter().map(|f| f.field.as_str());
            p.unknown_in("field", "`config`", field, names);
            continue;
        };
        match ir.constants.iter().find(|c| c.name == constant.value) {
            Some(c) if c.ty.scalar() == Some(f.ty) => {
                out.push(ConfigDefault {
                    field: f.field.clone(),
                    constant: c.name.clone(),
                });
            }
            Some(c) => p.at(
                &constant.span,
                format!("`{}` is `{}`; `{}` is `{}`", c.name, c.ty, f.field, f.ty),
            ),
            None => p.unknown(
                "constant",
                constant,
                ir.constants.iter().map(|c| c.name.as_str()),
            ),
        }
    }
    out
}

/// Pointer fields to other objects: typed like their owner, and not `Option` where the
/// spec's `non_null` says why C never leaves them NULL.
fn object_fields(
    p: &mut Problems<'_>,
    o: &ObjectSpec,
    objects: &HashMap<String, Object>,
    object: &mut Object,
) {
    let owner_table = object.typed_by.as_ref().map(|t| t.c_record.clone());
    for a in &mut object.accessors {
        let AccessorKind::Object {
            rust,
            typed,
            non_null,
        } = &mut a.kind
        else {
            continue;
        };
        let target = objects.values().find(|t| t.rust_path() == *rust);
        if let Some(table) = target.and_then(|t| t.typed_by.as_ref()) {
            *typed = true;
            if owner_table.as_deref() != Some(table.c_record.as_str())
                && !p.unresolved(Entry::Ops, &table.c_record)
            {
                let at = o.fields.iter().find(|f| f.value == a.field);
                let span = at.map_or(o.c_name.span.clone(), |f| f.span.clone());
                let what = format!(
                    "`{}` points to a {rust} typed by struct {}; {} is not typed by it, so the \
                     getter could not name the type",
                    a.field, table.c_record, object.name
                );
                p.at(&span, what);
            }
        }
        *non_null = o
            .non_null
            .iter()
            .find(|(f, _)| f.value == a.field)
            .map(|(_, why)| why.value.clone());
    }
    for (field, _) in &o.non_null {
        let is_object = object
            .accessors
            .iter()
            .any(|a| a.field == field.value && matches!(a.kind, AccessorKind::Object { .. }));
        if !is_object {
            p.at(
                &field.span,
                format!(
                    "`{}` is not in `fields` as a pointer to a spec'd object",
                    field.value
                ),
            );
        }
    }
}

/// All objects, keyed by C record name, for the ops tables to refer to.
pub(crate) fn infer_all(
    p: &mut Problems<'_>,
    spec: &Spec,
    ir: &Ir,
    api: &mut Api,
) -> HashMap<String, Object> {
    let mut objects = HashMap::new();
    // Objects first without methods, so a method can take another object.
    let mut shells = Vec::new();
    for o in &spec.objects {
        let Some(record) = p.record(ir, &o.c_name) else {
            continue;
        };
        let (module, name) = split_path(&o.rust.value);
        let access = o.access.as_ref().map_or(Access::LockedMut, |a| a.value);
        let object = Object {
            module,
            name,
            c_record: record.name.clone(),
            access,
            private: None,
            methods: Vec::new(),
            accessors: Vec::new(),
            get: None,
            put: None,
            release: None,
            create: None,
            alloc: None,
            loops: Vec::new(),
            doc: record.doc.clone(),
            lock: None,
            device: None,
            views: Vec::new(),
            borrowed: None,
            typed_by: None,
        };
        objects.insert(record.name.clone(), object.clone());
        shells.push((o, record));
    }
    super::typing::pre_type(p, spec, ir, &mut objects);
    for (o, record) in shells {
        let mut object = objects[&record.name].clone();
        let cx = FillContext {
            spec,
            ir,
            o,
            record,
            objects: &objects,
        };
        cx.fill(p, &mut object, api);
        api.report.push(ReportLine {
            item: format!("struct {} -> {}::from_raw", record.name, object.rust_path()),
            verdict: Verdict::Unsafe("the pointer is live and the access rule holds for the chosen lifetime (trampolines supply both)".into()),
        });
        objects.insert(record.name.clone(), object.clone());
        let module = object.module.clone();
        api.module(&module).objects.push(object);
    }
    objects
}

/// One `[object.X]` while it is filled in: its spec entry and C record, and what its
/// members are looked up in.
struct FillContext<'a> {
    spec: &'a Spec,
    ir: &'a Ir,
    o: &'a ObjectSpec,
    record: &'a Record,
    /// Every object, with its name, access and typing (no members yet).
    objects: &'a HashMap<String, Object>,
}

impl FillContext<'_> {
    /// The object's members from its spec entry, in the order their errors are reported:
    /// private data, release, the constructors, get/put and what the access pattern needs,
    /// loops, accessors, methods, then lock, device, views, typing and guards.
    fn fill(&self, p: &mut Problems<'_>, object: &mut Object, api: &mut Api) {
        let (spec, ir, o, record) = (self.spec, self.ir, self.o, self.record);
        object.private = self.private_field(p);
        if let Some(release) = &o.release {
            object.release = release_call(p, ir, record, release);
        }
        self.allocated(p, object, api);
        self.created(p, object, api);
        object.get = self.takes_object(p, o.get.as_ref());
        object.put = self.takes_object(p, o.put.as_ref());
        self.check_access_needs(p, object);
        object.loops = super::each::loops_of(p, ir, spec, record, &object.name, &mut api.report);
        self.accessors(p, object, api);
        object_fields(p, o, self.objects, object);
        newtype_fields(p, o, api, object);
        let not_made = self.methods(p, object, api);
        let made = Methods {
            spec: o,
            object,
            not_made: &not_made,
        };
        super::overrides::check_overrides(p, ir, &made);
        super::views::lock_and_device(p, ir, record, o, object);
        super::views::views(p, o, object, &not_made);
        super::views::typed_by(p, ir, spec, o, object, &not_made);
        super::guards::apply(p, ir, o, object, &not_made);
        super::clashes::object_members(p, spec, o, object);
    }

    /// `private`: the object's `void *` field that holds the driver's data.
    fn private_field(&self, p: &mut Problems<'_>) -> Option<String> {
        let (private, record) = (self.o.private.as_ref()?, self.record);
        match record.fields.iter().find(|f| f.name == private.value) {
            Some(f) if f.ty.is_void_pointer() => Some(f.name.clone()),
            Some(f) => {
                p.at(
                    &private.span,
                    format!(
                        "`private` must name a `void *` field; `{}` is `{}`",
                        f.name, f.ty
                    ),
                );
                None
            }
            None => {
                p.unknown(
                    &format!("field of struct {}", record.name),
                    private,
                    record.fields.iter().map(|f| f.name.as_str()),
                );
                None
            }
        }
    }

    /// `alloc` (with `setup` and `teardown`, which go with it only): C allocates the
    /// object; its calls are reported as the Rust constructor and drop.
    fn allocated(&self, p: &mut Problems<'_>, object: &mut Object, api: &mut Api) {
        let o = self.o;
        if o.alloc.is_none() {
            if !o.setup.is_empty() || !o.teardown.is_empty() {
                p.at(&o.c_name.span, "`setup` and `teardown` go with `alloc`");
            }
            return;
        }
        let configs: Vec<_> = api
            .modules
            .values()
            .flat_map(|m| m.configs.iter().cloned())
            .collect();
        let (ir, spec, record, objects) = (self.ir, self.spec, self.record, self.objects);
        object.alloc = super::alloc::alloc(p, ir, spec, &configs, record, o, objects);
        let Some(a) = &object.alloc else {
            return;
        };
        let made =
            std::iter::once(a.alloc.clone()).chain(a.setup.iter().map(|s| s.function.clone()));
        for f in made {
            api.report.push(ReportLine {
                item: format!("fn {f} -> {}::new", object.name),
                verdict: Verdict::Safe,
            });
        }
        for f in &a.teardown {
            api.report.push(ReportLine {
                item: format!("fn {f} -> drop of {}", object.name),
                verdict: Verdict::Safe,
            });
        }
    }

    /// `create` (or `config` without `alloc`): Rust creates the object, with the config's
    /// `defaults`; its calls are reported as the Rust constructor and drop.
    fn created(&self, p: &mut Problems<'_>, object: &mut Object, api: &mut Api) {
        let (ir, o) = (self.ir, self.o);
        if o.create.is_empty() && (o.config.is_empty() || o.alloc.is_some()) {
            return;
        }
        object.create = super::members::create(p, ir, self.spec, self.record, o, object.access);
        let Some(create) = &mut object.create else {
            return;
        };
        create.defaults = config_defaults(p, ir, o, create);
        for (f, what) in [
            (&create.setup, "new"),
            (&create.teardown, "drop of Managed"),
        ] {
            api.report.push(ReportLine {
                item: format!("fn {f} -> {}::{what}", object.name),
                verdict: Verdict::Safe,
            });
        }
    }

    /// The function the spec names for `get` or `put`, which must take the object first.
    fn takes_object(&self, p: &mut Problems<'_>, name: Option<&At<String>>) -> Option<String> {
        let (ir, record) = (self.ir, self.record);
        let name = name?;
        match ir.function(&name.value) {
            Some(f) if first_is(f, &record.name) => Some(f.name.clone()),
            Some(_) => {
                p.at(
                    &name.span,
                    format!(
                        "`{}` does not take `struct {} *` first",
                        name.value, record.name
                    ),
                );
                None
            }
            None => {
                p.unknown(
                    "function",
                    name,
                    ir.functions.iter().map(|f| f.name.as_str()),
                );
                None
            }
        }
    }

    /// What the access pattern needs: `get` and `put` for a refcounted object, `release`
    /// for an owned one. One the spec gives but that was refused is reported as that.
    fn check_access_needs(&self, p: &mut Problems<'_>, object: &Object) {
        let (o, at) = (self.o, &self.o.c_name.span);
        if object.access == Access::RefCounted && (o.get.is_none() || o.put.is_none()) {
            p.at(
                at,
                "access = \"refcounted\" needs `get` and `put` functions",
            );
        }
        if object.access == Access::Owned && o.release.is_none() {
            p.at(
                at,
                "access = \"owned\" needs a `release` function for a token dropped unfinished",
            );
        }
    }

    /// `fields` and `fields_mut`: a getter for each, a setter for each in `fields_mut`.
    fn accessors(&self, p: &mut Problems<'_>, object: &mut Object, api: &mut Api) {
        let (ir, spec, o, record) = (self.ir, self.spec, self.o, self.record);
        for field in &o.fields {
            let written = o.fields_mut.iter().find(|f| f.value == field.value);
            accessor(p, ir, spec, api, record, object, field, written);
        }
        for field in o
            .fields_mut
            .iter()
            .filter(|f| !o.fields.iter().any(|g| g.value == f.value))
        {
            accessor(p, ir, spec, api, record, object, field, Some(field));
        }
    }

    /// A function `pattern` matched that begins or ends a life (`lifecycle::role`): no
    /// method, and an error where the pattern names it exactly.
    fn lifecycle(
        &self,
        p: &mut Problems<'_>,
        pattern: &At<String>,
        f: &Function,
        api: &mut Api,
    ) -> Option<NotMade> {
        let role = super::lifecycle::role(self.spec, &f.name)?;
        let exact = !pattern.value.contains('*');
        let rust = &self.o.rust.value;
        if exact {
            let message = format!("`{}` cannot be a method of {rust}: it {role}", f.name);
            p.at(&pattern.span, message);
        }
        api.report.push(ReportLine {
            item: format!("fn {} (`methods` of {rust})", f.name),
            verdict: Verdict::Skipped(format!("no method: it {role}")),
        });
        Some(NotMade {
            function: f.name.clone(),
            why: format!("is no method: it {role}"),
            silent: exact,
        })
    }

    /// `methods`: the functions each pattern names that take the object first, as methods,
    /// or reported with the reason they are not.
    /// Returns the functions they match that are no methods, with the reason.
    fn methods(&self, p: &mut Problems<'_>, object: &mut Object, api: &mut Api) -> Vec<NotMade> {
        let (ir, o, record) = (self.ir, self.o, self.record);
        let enums = enum_table(api);
        let returns: HashMap<&str, &ReturnPattern> = o
            .returns
            .iter()
            .map(|(k, v)| (k.value.as_str(), &v.value))
            .collect();
        let mut not_made = Vec::new();
        for pattern in &o.methods {
            let matched: Vec<&Function> = ir
                .functions
                .iter()
                .filter(|f| glob(&pattern.value, &f.name))
                .collect();
            if matched.is_empty() {
                let names = || ir.functions.iter().map(|f| f.name.as_str());
                p.unknown("function", pattern, names());
                p.note_unresolved_member((Entry::Method, &record.name), &pattern.value, names());
                continue;
            }
            for f in matched {
                if let Some(refused) = self.lifecycle(p, pattern, f, api) {
                    not_made.push(refused);
                    continue;
                }
                if !first_is(f, &record.name) {
                    let exact = !pattern.value.contains('*');
                    if exact {
                        p.at(&pattern.span, format!("`{}` does not take `struct {} *` first, so it cannot be a method of {}", f.name, record.name, object.name));
                    }
                    not_made.push(NotMade {
                        function: f.name.clone(),
                        why: format!(
                            "does not take `struct {} *` first, so it is no method of {}",
                            record.name, object.name
                        ),
                        silent: exact,
                    });
                    continue;
                }
                let spec = self.method_spec(f, &returns);
                match method(ir, self.objects, object, f, spec, &enums) {
                    Ok(m) => {
                        api.report.push(ReportLine {
                            item: format!("fn {} -> {}::{}", f.name, object.name, m.rust_name),
                            verdict: Verdict::Safe,
                        });
                        object.methods.push(m);
                    }
                    Err(reason) => {
                        let blocked = (f.params.iter().map(|x| &x.ty))
                            .chain([&f.ret])
                            .any(|ty| p.rests_on_unresolved(ir, ty));
                        not_made.push(NotMade {
                            function: f.name.clone(),
                            why: format!("cannot be made a method: {reason}"),
                            silent: blocked,
                        });
                        api.report.push(ReportLine {
                            item: format!("fn {}", f.name),
                            verdict: Verdict::Skipped(reason),
                        });
                    }
                }
            }
        }
        not_made
    }

    /// What the spec says about method `f`: the object's prefix, and `f`'s entries in
    /// `consumes`, `returns`, `params` and `rename`.
    fn method_spec<'s>(
        &'s self,
        f: &Function,
        returns: &HashMap<&str, &ReturnPattern>,
    ) -> MethodSpec<'s> {
        let o = self.o;
        MethodSpec {
            prefix: o
                .method_prefix
                .as_ref()
                .map(|s| s.value.as_str())
                .unwrap_or(""),
            consumes: o.consumes.iter().any(|c| c.value == f.name),
            ret_override: returns.get(f.name.as_str()).map(|r| Ret::from_pattern(r)),
            params: o
                .params
                .iter()
                .filter(|(k, _)| k.value.owner == f.name)
                .map(|(k, v)| (k.value.name.as_str(), &v.value))
                .collect(),
            rename: o
                .rename
                .iter()
                .find(|(k, _)| k.value.is_member(&f.name))
                .map(|(_, v)| v.value.as_str()),
        }
    }
}
