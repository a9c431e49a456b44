//! `[ops.X] hand_back`: a callback that is handed an object may give it back to C with a
//! status that tells C to keep it (blk-mq's `BLK_STS_RESOURCE`: requeue and retry),
//! instead of ending it. In Rust the callback returns `Result<(), Busy<Self>>` and each
//! error variant holds the object: one that was ended, completed or kept is moved away,
//! so it cannot also be handed back.

use super::callback::Callback;
use super::model::{HandBack, HandBackVariant};
use super::{Problems, Ty};
use crate::ir::Ir;
use crate::spec::values::HandBack as HandBackSpec;

/// Checks the spec's hand-back against the callback and the headers.
pub(super) fn infer(
    p: &mut Problems<'_>,
    ir: &Ir,
    spec: &HandBackSpec,
    cb: &Callback,
    c_ret: &crate::ir::CType,
) -> Option<HandBack> {
    let owned = cb.params.iter().find_map(|p| match &p.ty {
        Ty::Owned { rust, typed, .. } => Some((rust.clone(), *typed)),
        _ => None,
    });
    let Some((object, typed)) = owned.filter(|_| cb.handoff) else {
        p.at(
            &spec.type_name.span,
            format!(
                "`{}` hands nothing over (no `owned` parameter and a status return): there is \
                 nothing to give back",
                cb.field
            ),
        );
        return None;
    };
    let mut ok = true;
    for (_, constant) in &spec.variants {
        match ir.constants.iter().find(|c| c.name == constant.value) {
            Some(c) if c.ty.same_as(c_ret) => {}
            Some(c) => {
                p.at(
                    &constant.span,
                    format!(
                        "`{}` is `{}`; `{}` returns `{c_ret}`",
                        c.name, c.ty, cb.field
                    ),
                );
                ok = false;
            }
            None => {
                p.unknown(
                    "constant",
                    constant,
                    ir.constants.iter().map(|c| c.name.as_str()),
                );
                ok = false;
            }
        }
    }
    ok.then(|| HandBack {
        type_name: spec.type_name.value.clone(),
        object,
        typed,
        variants: spec
            .variants
            .iter()
            .map(|(v, c)| HandBackVariant {
                variant: v.value.clone(),
                constant: c.value.clone(),
            })
            .collect(),
    })
}
