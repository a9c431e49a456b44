//! Two things the spec makes that the generated Rust would give one name: refused at the
//! second, naming both and what renames one. Rust would refuse the duplicate item (or, for
//! a parameter, shadow one value with another) in the generated code instead.
//!
//! Two namespaces are checked here: the inherent items of one object's wrapper (its
//! methods, getters and setters, and what every wrapper has: `from_raw`, `as_raw`, the
//! private data's `data`, the constructor `new`, loop methods), and the types of one
//! module (enums, objects and their views, configs, id types, newtypes, traits and the
//! types made from their names). The associated constants of a newtype are checked in
//! `constants`, the parameters of a callback in `ops`.

use std::collections::HashMap;
use std::ops::Range;

use super::Problems;
use super::method::glob;
use super::model::{Access, Object};
use crate::spec::{ObjectSpec, Spec};

/// What a name is claimed by, where the spec says so, and how the spec renames it.
struct Claim {
    /// `method `fix_read` (renamed `id`)`, `[enum.fix_state]`.
    what: String,
    span: Range<usize>,
    /// What to give it another of (`name in `rename``, `` `rust` path``), or `None` for a
    /// name the spec does not choose.
    renamed_by: Option<&'static str>,
    /// `the method`, `the field`: how the fix calls it.
    noun: &'static str,
}

/// The names claimed in one namespace, first come first kept.
struct Namespace {
    /// How a name is shown: `Device::id`, `fix::Device`.
    prefix: String,
    claims: HashMap<String, Claim>,
}

impl Namespace {
    fn new(prefix: String) -> Self {
        Namespace {
            prefix,
            claims: HashMap::new(),
        }
    }

    /// Claims `name`, or reports at the claim's place that an earlier one has it.
    fn claim(&mut self, p: &mut Problems<'_>, name: &str, claim: Claim) {
        let Some(earlier) = self.claims.get(name) else {
            self.claims.insert(name.to_owned(), claim);
            return;
        };
        let fix = match (earlier.renamed_by, claim.renamed_by) {
            (Some(a), Some(b)) if a == b => format!("give one of them another {a}"),
            (Some(_), Some(_)) => "give one of them another name".to_owned(),
            (None, Some(b)) => format!("give {} another {b}", claim.noun),
            (Some(a), None) => format!("give {} another {a}", earlier.noun),
            (None, None) => "rename one of them".to_owned(),
        };
        p.at(
            &claim.span,
            format!(
                "{} and {} would both be `{}{name}`: {fix}",
                earlier.what, claim.what, self.prefix
            ),
        );
    }
}

const RENAME: Option<&str> = Some("name in `rename`");

/// The inherent items of one object's wrapper: what every wrapper has, the private data's
/// accessors, the constructor and loops, then the getters and setters, then the methods.
pub(super) fn object_members(p: &mut Problems<'_>, spec: &Spec, o: &ObjectSpec, object: &Object) {
    let mut names = Namespace::new(format!("{}::", object.name));
    let fixed = |what: String, span: &Range<usize>| Claim {
        what,
        span: span.clone(),
        renamed_by: None,
        noun: "it",
    };
    let mut own = vec!["from_raw", "as_raw"];
    if object.access == Access::LockedMut {
        own.push("from_raw_mut");
    }
    for name in own {
        let what = format!("the wrapper's own `{name}`");
        names.claim(p, name, fixed(what, &o.c_name.span));
    }
    if let (Some(_), Some(private)) = (&object.private, &o.private) {
        let what = "the private data's getter".to_owned();
        names.claim(p, "data", fixed(what, &private.span));
        if !matches!(object.access, Access::Shared | Access::RefCounted) {
            let what = "the private data's setter".to_owned();
            names.claim(p, "set_data", fixed(what, &private.span));
        }
    }
    let constructor = o.alloc.as_ref().or(o.create.first());
    if let Some(at) = constructor.filter(|_| object.create.is_some() || object.alloc.is_some()) {
        names.claim(p, "new", fixed("the constructor".to_owned(), &at.span));
    }
    for each in spec
        .loops
        .iter()
        .filter(|l| l.object.value == object.c_record)
    {
        let what = format!("the loop method of [each.{}]", each.c_name.value);
        let claim = Claim {
            what,
            span: each.method.span.clone(),
            renamed_by: Some("`method`"),
            noun: "the loop",
        };
        names.claim(p, &each.method.value, claim);
    }
    accessor_names(p, o, object, &mut names);
    method_names(p, o, object, &mut names);
}

/// The getter and setter of each field accessor, at its `rename` or its `fields` entry.
fn accessor_names(p: &mut Problems<'_>, o: &ObjectSpec, object: &Object, names: &mut Namespace) {
    for a in &object.accessors {
        let renamed = o.rename.iter().find(|(k, _)| k.value.is_member(&a.field));
        let listed = (o.fields.iter().chain(&o.fields_mut)).find(|f| f.value == a.field);
        let span = match (renamed, listed) {
            (Some((_, v)), _) => v.span.clone(),
            (None, Some(f)) => f.span.clone(),
            (None, None) => o.c_name.span.clone(),
        };
        let shown = match renamed {
            Some(_) => format!("field `{}` (renamed `{}`)", a.field, a.rust_name),
            None => format!("field `{}`", a.field),
        };
        let getter = Claim {
            what: format!("the getter of {shown}"),
            span: span.clone(),
            renamed_by: RENAME,
            noun: "the field",
        };
        names.claim(p, &a.rust_name, getter);
        if a.writable {
            let setter = Claim {
                what: format!("the setter of {shown}"),
                span,
                renamed_by: RENAME,
                noun: "the field",
            };
            names.claim(p, &format!("set_{}", a.rust_name), setter);
        }
    }
}

/// Each method, at its `rename` or the `methods` entry that matched it.
fn method_names(p: &mut Problems<'_>, o: &ObjectSpec, object: &Object, names: &mut Namespace) {
    for m in &object.methods {
        let renamed = o.rename.iter().find(|(k, _)| k.value.is_member(&m.c_name));
        let pattern = o.methods.iter().find(|pat| glob(&pat.value, &m.c_name));
        let span = match (renamed, pattern) {
            (Some((_, v)), _) => v.span.clone(),
            (None, Some(pat)) => pat.span.clone(),
            (None, None) => o.c_name.span.clone(),
        };
        let what = match renamed {
            Some(_) => format!("method `{}` (renamed `{}`)", m.c_name, m.rust_name),
            None => format!("method `{}`", m.c_name),
        };
        let claim = Claim {
            what,
            span,
            renamed_by: RENAME,
            noun: "the method",
        };
        names.claim(p, &m.rust_name, claim);
    }
}

/// The types of every module, in the order of inference: enums, newtypes, configs,
/// objects (with their views and config types), id types, then ops tables (their trait,
/// table types, registration and hand-back types).
pub(super) fn module_items(p: &mut Problems<'_>, spec: &Spec) {
    let mut modules: HashMap<String, Namespace> = HashMap::new();
    let mut claim = |p: &mut Problems<'_>, module: &str, name: &str, claim: Claim| {
        let names =
            (modules.entry(module.to_owned())).or_insert_with(|| Namespace::new(prefix(module)));
        names.claim(p, name, claim);
    };
    let path = Some("`rust` path");
    let entry = |what: String, span: &Range<usize>, renamed_by| Claim {
        what,
        span: span.clone(),
        renamed_by,
        noun: "it",
    };
    for e in &spec.enums {
        let what = format!("[enum.{}]", e.c_name.value);
        let r = &e.rust.value;
        claim(p, &r.module, &r.name, entry(what, &e.rust.span, path));
    }
    for c in &spec.constants {
        let module = c.rust.value.to_string();
        for (name, _) in &c.newtypes {
            let what = format!(
                "the newtype `{}` of [constants.{}]",
                name.value, c.label.value
            );
            claim(
                p,
                &module,
                &name.value,
                entry(what, &name.span, Some("name")),
            );
        }
    }
    for c in &spec.configs {
        let what = format!("[config.{}]", c.c_name.value);
        let r = &c.rust.value;
        claim(p, &r.module, &r.name, entry(what, &c.rust.span, path));
    }
    for o in &spec.objects {
        let (r, at) = (&o.rust.value, &o.rust.span);
        let name = &o.c_name.value;
        claim(
            p,
            &r.module,
            &r.name,
            entry(format!("[object.{name}]"), at, path),
        );
        if !o.create.is_empty() || o.alloc.is_some() || !o.config.is_empty() {
            let what = format!("the config of [object.{name}]");
            claim(
                p,
                &r.module,
                &format!("{}Config", r.name),
                entry(what, at, path),
            );
        }
        for (view, _) in &o.views {
            let what = format!("view `{}` of [object.{name}]", view.value);
            claim(
                p,
                &r.module,
                &view.value,
                entry(what, &view.span, Some("name")),
            );
        }
    }
    for id in &spec.ids {
        let what = format!("[id.{}]", id.c_name.value);
        let r = &id.rust.value;
        claim(p, &r.module, &r.name, entry(what, &id.rust.span, path));
    }
    for o in &spec.ops {
        for (name, claim_of) in ops_items(o) {
            claim(p, &o.rust.value.module, &name, claim_of);
        }
    }
}

/// The types an `[ops.X]` entry makes in its module, each with its claim: its trait
/// (unless it is `part_of` another's), its table types, its registration and its
/// hand-back types.
fn ops_items(o: &crate::spec::OpsSpec) -> Vec<(String, Claim)> {
    let (r, at, table) = (&o.rust.value, &o.rust.span, &o.c_name.value);
    let claim = |what: String, span: &Range<usize>, renamed_by| Claim {
        what,
        span: span.clone(),
        renamed_by,
        noun: "it",
    };
    let path = Some("`rust` path");
    let mut out = Vec::new();
    if o.part_of.is_none() {
        out.push((r.name.clone(), claim(format!("[ops.{table}]"), at, path)));
    }
    let what = format!("the table type of [ops.{table}]");
    out.push((format!("{}Table", r.name), claim(what, at, path)));
    let what = format!("the static table of [ops.{table}]");
    out.push((format!("{}StaticTable", r.name), claim(what, at, path)));
    if let Some(first) = o.register.first() {
        let what = format!("the registration of [ops.{table}]");
        out.push(("Registration".to_owned(), claim(what, &first.span, path)));
    }
    for (callback, hand_back) in &o.hand_back {
        let name = &hand_back.value.type_name;
        let what = format!("the hand-back type of `{table}.{}`", callback.value);
        out.push((name.value.clone(), claim(what, &name.span, Some("name"))));
    }
    out
}

/// `fix::` for module `fix`.
fn prefix(module: &str) -> String {
    match module {
        "" => String::new(),
        module => format!("{module}::"),
    }
}
