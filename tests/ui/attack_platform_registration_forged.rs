//! Attack on kernel::platform: a `Registration` (whose drop unregisters its tables) can
//! only come from the module glue: its field is private, so safe code cannot forge one
//! and have its drop unregister tables that were never registered, or someone else's.
#![forbid(unsafe_code)]

use kernel::platform::{DriverTable, Registration};

fn forge() -> Registration {
    let tables: &'static mut [DriverTable] = Box::leak(Box::new([]));
    Registration { tables }
}

fn main() {
    drop(forge());
}
