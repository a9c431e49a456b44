//! A bus driver's typed per-device data, kept in the device's driver-data slot
//! (`dev->driver_data`, `dev_set_drvdata()`) from a successful probe until remove.
//!
//! The generated trampolines of an ops table with `makes_data`/`ends_data`/`lends_data`
//! are the only callers: `probe` parks what the driver's `probe` returned, `remove` takes
//! it back after the driver's `remove` has seen it and drops it, and callbacks such as
//! `shutdown` borrow it. Each call states, in its SAFETY argument, the driver-core fact
//! that makes it exclusive (the spec's `why` for that callback).
//!
//! The data is boxed, so it never moves while parked: a timer or a registration inside it
//! may hand its address to C.

use core::ffi::c_void;

use crate::alloc::KBox;
use crate::bindings;
use crate::error::Result;

/// Boxes `data` and stores it in `dev`'s driver-data slot.
///
/// On `Err` (no memory), `data` has been dropped and the slot is unchanged.
///
/// # Safety
///
/// `dev` is a live `struct device` bound, by the calling probe, to this driver, and
/// nothing else reads or writes its driver-data slot until [`take`] is called on it: the
/// caller is the driver's probe, which the driver core runs with the device lock held
/// and no other callback of the binding running.
pub unsafe fn park<D: Send + Sync + 'static>(dev: *mut bindings::device, data: D) -> Result {
    let boxed = KBox::new(data)?;
    let ptr = KBox::into_raw(boxed).cast::<c_void>();
    // SAFETY: the caller vouches that `dev` is live and that its slot is this binding's to
    // write.
    unsafe { bindings::dev_set_drvdata(dev, ptr) };
    Ok(())
}

/// Takes back what [`park`] stored in `dev`'s slot and clears the slot; `None` when the
/// slot is empty.
///
/// # Safety
///
/// `dev` is live, its slot is NULL or was set by [`park`]`::<D>` of this binding and not
/// taken back since, and no reference from [`borrow`] on it is alive: the caller is the
/// driver's remove, which the driver core runs with the device lock held, once, after a
/// probe that succeeded.
pub unsafe fn take<D: Send + Sync + 'static>(dev: *mut bindings::device) -> Option<KBox<D>> {
    // SAFETY: the caller vouches that `dev` is live.
    let ptr = unsafe { bindings::dev_get_drvdata(dev) }.cast::<D>();
    if ptr.is_null() {
        return None;
    }
    // SAFETY: as above; the slot is cleared so that nothing reads the pointer again.
    unsafe { bindings::dev_set_drvdata(dev, core::ptr::null_mut()) };
    // SAFETY: the caller vouches that a non-NULL slot holds a box of `D` from `park`, not
    // taken back before.
    Some(unsafe { KBox::from_raw(ptr) })
}

/// Borrows what [`park`] stored in `dev`'s slot; `None` when the slot is empty.
///
/// # Safety
///
/// `dev` is live, its slot is NULL or was set by [`park`]`::<D>` of this binding, and
/// [`take`] is not called on it while the result is alive: the caller is a callback the
/// driver core runs only for a bound device and with the device lock held (so not at the
/// same time as remove), and the result does not outlive the callback.
pub unsafe fn borrow<'a, D: Send + Sync + 'static>(dev: *mut bindings::device) -> Option<&'a D> {
    // SAFETY: the caller vouches that `dev` is live.
    let ptr = unsafe { bindings::dev_get_drvdata(dev) }.cast::<D>();
    // SAFETY: a non-NULL slot holds a live box of `D` that nothing frees while the result
    // is alive (the caller's promise); `D: Sync` makes a shared reference fine on any
    // thread.
    unsafe { ptr.as_ref() }
}
