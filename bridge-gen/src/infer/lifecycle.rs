//! Functions that begin or end an object's or a table's life with the kernel: the spec's
//! registration pairs, constructors and destructors, and any function named as a
//! registration. None of them is ever a method: a method is callable from inside a
//! callback, and `unregister` there would free what the callback runs on. The RAII types
//! of `register`, `create`, `alloc` and `get`/`put` are their only callers.

use crate::spec::{At, Spec};

/// What `name` does to a life, as the end of "`f` ...", or None for an ordinary function.
pub(super) fn role(spec: &Spec, name: &str) -> Option<String> {
    spec_role(spec, name).or_else(|| {
        named_as_registration(name).then(|| {
            "is named as a registration with the kernel: it runs only through a \
             `register` pair of an `[ops]` table or an object's `create`"
                .to_owned()
        })
    })
}

fn spec_role(spec: &Spec, name: &str) -> Option<String> {
    let is = |list: &[At<String>]| list.iter().any(|f| f.value == name);
    let is_one = |f: &Option<At<String>>| f.as_ref().is_some_and(|f| f.value == name);
    for ops in &spec.ops {
        if is(&ops.register) {
            return Some(format!(
                "is the `register` pair of [ops.{}]: the registration's RAII calls it",
                ops.c_name.value
            ));
        }
    }
    for o in &spec.objects {
        let what = if is(&o.create) {
            "`create`"
        } else if is_one(&o.alloc) || is(&o.setup) || is(&o.teardown) {
            "`alloc`, `setup` or `teardown`"
        } else if is_one(&o.get) || is_one(&o.put) {
            "`get`/`put`"
        } else {
            continue;
        };
        return Some(format!(
            "is the {what} of [object.{}]: its constructor and drop call it",
            o.c_name.value
        ));
    }
    None
}

/// `watchdog_register_device`, `phy_drivers_unregister`, `register_netdev`: the
/// kernel's naming for functions that make something visible to it or take it back.
fn named_as_registration(name: &str) -> bool {
    name.split('_')
        .any(|word| matches!(word, "register" | "unregister"))
}
