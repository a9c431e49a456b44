//! A bus driver's typed per-device data (`[ops.X] makes_data`, `ends_data`,
//! `lends_data`): the callback that binds a driver to a device returns the driver's data
//! for it, kept in the device's driver-data slot (`kernel::device_data`); the callback C
//! calls when the binding ends sees it and drops it after; callbacks C calls only for a
//! bound device borrow it. The trait gets `type DeviceData`.
//!
//! What makes this sound is the driver core's, and the spec states it in each callback's
//! `why`: the binding callback and the ending one run under the device lock, the ending
//! one once per binding that succeeded, the lending ones only while bound.

use std::collections::HashMap;

use super::Problems;
use super::Ret;
use super::callback::{CallContext, Callback, RustParam};
use super::model::Object;
pub use super::model::{DataRole, DeviceData};
use super::types::Ty;
use crate::spec::{At, OpsSpec};

/// The safe callbacks of an ops table, and why each other slot is not one.
pub(super) struct Table<'a> {
    pub c_record: &'a str,
    pub callbacks: &'a mut [Callback],
    /// (slot, reason).
    pub skipped: Vec<(&'a str, &'a str)>,
}

/// Checks the spec's three keys and marks each callback with its role.
pub(super) fn device_data(
    p: &mut Problems<'_>,
    o: &OpsSpec,
    mut ops: Table<'_>,
    objects: &HashMap<String, Object>,
) -> Option<DeviceData> {
    let (makes, ends) = match (&o.makes_data, &o.ends_data) {
        (None, None) => {
            for lends in &o.lends_data {
                p.at(
                    &lends.span,
                    "`lends_data` needs `makes_data` and `ends_data`",
                );
            }
            return None;
        }
        (Some(makes), Some(ends)) => (makes, ends),
        (Some(one), None) | (None, Some(one)) => {
            p.at(
                &one.span,
                "`makes_data` and `ends_data` go together: the data the binding callback \
                 makes is dropped after the callback that ends the binding",
            );
            return None;
        }
    };
    let mut device = None;
    let roles = [(makes, DataRole::Makes, "makes_data")]
        .into_iter()
        .chain([(ends, DataRole::Ends, "ends_data")])
        .chain(
            o.lends_data
                .iter()
                .map(|l| (l, DataRole::Lends, "lends_data")),
        );
    let mut ok = true;
    for (name, role, key) in roles {
        match role_of(p, &mut ops, objects, (name, role, key)) {
            Some(path) => {
                device.get_or_insert(path);
            }
            None => ok = false,
        }
    }
    (ok).then_some(DeviceData { device: device? })
}

/// Marks the callback `name` with `role`, after checking its shape; returns the device
/// path of the object it acts on.
fn role_of(
    p: &mut Problems<'_>,
    ops: &mut Table<'_>,
    objects: &HashMap<String, Object>,
    (name, role, key): (&At<String>, DataRole, &str),
) -> Option<Vec<String>> {
    let Some(c) = ops.callbacks.iter_mut().find(|c| c.field == name.value) else {
        let skipped = ops.skipped.iter().find(|(f, _)| *f == name.value);
        let why = match skipped {
            Some((_, reason)) => format!("`{}` is no safe callback: {reason}", name.value),
            None => format!(
                "no safe callback of struct {} is named `{}`",
                ops.c_record, name.value
            ),
        };
        p.at(&name.span, format!("`{key}`: {why}"));
        return None;
    };
    if let Err(why) = fits(c, role) {
        p.at(
            &name.span,
            format!("`{key}` names `{}`, which {why}", name.value),
        );
        return None;
    }
    if !matches!(c.context, CallContext::Plain) {
        p.at(
            &name.span,
            format!(
                "`{key}` names `{}`, which is `locked` or `take_lock`: the data is kept under \
                 the device lock the driver core holds, not under an object's lock",
                name.value
            ),
        );
        return None;
    }
    if c.why.is_none() {
        p.at(
            &name.span,
            format!(
                "`{key}` names `{}`, which needs a `why`: where the driver core makes the call \
                 (the function and file that hold the device lock, and when it calls it), \
                 which the data's SAFETY arguments quote",
                name.value
            ),
        );
        return None;
    }
    let device = first_device(c, objects);
    if device.is_none() {
        p.at(
            &name.span,
            format!(
                "`{key}` names `{}`, whose first parameter is no spec'd object with a \
                 `device` (the `struct device` whose driver data keeps the data)",
                name.value
            ),
        );
    }
    c.device_data = Some(role);
    c.required |= role == DataRole::Makes;
    device
}

/// Whether the callback's return fits its role.
fn fits(c: &Callback, role: DataRole) -> Result<(), &'static str> {
    match (role, &c.ret) {
        (_, _) if c.hand_back.is_some() || c.handoff => Err("hands an object over"),
        (DataRole::Makes, Ret::Errno) => Ok(()),
        (DataRole::Makes, _) => Err("must return `int` 0/-errno: the data takes the place of 0"),
        (DataRole::Ends, Ret::Unit) => Ok(()),
        (DataRole::Ends, _) => Err("must return `void`: the data is dropped whatever it says"),
        (DataRole::Lends, Ret::Unit | Ret::Errno) => Ok(()),
        (DataRole::Lends, _) => Err("must return `void` or `int` 0/-errno"),
    }
}

/// The `device` path of the object the callback's first parameter is.
fn first_device(c: &Callback, objects: &HashMap<String, Object>) -> Option<Vec<String>> {
    match c.params.first() {
        Some(RustParam {
            ty: Ty::Object { c_record, .. },
            ..
        }) => objects.get(c_record)?.device.clone(),
        _ => None,
    }
}
