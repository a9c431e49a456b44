//! `[object.X] unless = { method_fn = "predicate" }`: a void method that does nothing while
//! a predicate on the object holds. For calls C WARNs on when repeated
//! (`blk_mq_start_request()` on a started request, block/blk-mq.c): a second call from
//! safe code becomes a no-op instead of a kernel warning (a panic with `panic_on_warn`).

use super::Problems;
use super::Ret;
use super::method::first_is;
use super::model::Object;
use super::overrides::{Methods, NotMade};
use crate::ir::Ir;
use crate::spec::ObjectSpec;

pub(super) fn apply(
    p: &mut Problems<'_>,
    ir: &Ir,
    o: &ObjectSpec,
    object: &mut Object,
    not_made: &[NotMade],
) {
    for (method, predicate) in &o.unless {
        let made = Methods {
            spec: o,
            object,
            not_made,
        };
        let refused = made.refuse_or(p, "unless", method, |p| {
            let names = object.methods.iter().map(|m| m.c_name.as_str());
            let what = format!("method of {}", object.name);
            p.unknown_in(&what, "`methods`", method, names);
        });
        let found = object.methods.iter_mut().find(|m| m.c_name == method.value);
        let Some(m) = found.filter(|_| !refused) else {
            continue;
        };
        if m.ret != Ret::Unit {
            p.at(
                &method.span,
                format!(
                    "`{}` returns a value: `unless` fits methods that return nothing",
                    method.value
                ),
            );
            continue;
        }
        let Some(f) = p.function(ir, predicate) else {
            continue;
        };
        let takes_object = f.params.len() == 1 && first_is(f, &object.c_record);
        if !takes_object || f.ret.scalar() != Some("i32") {
            p.at(
                &predicate.span,
                format!(
                    "`{}` must be `int {}(struct {} *)`",
                    f.name, f.name, object.c_record
                ),
            );
            continue;
        }
        m.unless = Some(f.name.clone());
    }
}
