//! Waiting on hardware.

use crate::bindings;

/// Sleeps for at least `ms` milliseconds (`msleep()`, kernel/time/timer.c in 6.12).
///
/// Sleeping belongs in process context, as for every sleeping kernel call a driver
/// reaches (an MDIO access takes the bus mutex, a `GFP_KERNEL` allocation may reclaim):
/// the callbacks that run in atomic context say so in their documentation. The kernel
/// catches a sleep there with its `might_sleep()` debugging; it is not something the
/// types check (see docs/soundness.md, "What stays outside").
pub fn msleep(ms: u32) {
    // SAFETY: msleep() takes a plain number and has no memory precondition.
    unsafe { bindings::msleep(ms) }
}
