//! Driver data parked in a C object's `void *` field, tagged with its Rust type.
//!
//! A C object's private pointer can be read by any code that holds the object, including
//! a different driver type of the same module. Storing the value behind a header with its
//! `TypeId` makes every read check the type first, so a wrong guess is `None`, never a
//! reinterpretation of someone else's memory.

use core::any::TypeId;

use crate::alloc::KBox;
use crate::error::Result;
use crate::ffi::c_void;

/// The header every parked value starts with (`repr(C)`: at offset 0 whatever `T` is).
#[repr(C)]
struct Tagged<T> {
    type_id: TypeId,
    drop: unsafe fn(*mut c_void),
    value: T,
}

/// Frees a parked `Tagged<T>`.
///
/// # Safety
///
/// `ptr` came from [`park`] with this `T` and is not used again.
unsafe fn drop_tagged<T>(ptr: *mut c_void) {
    // SAFETY: the caller passes the pointer `park::<T>` made from a `KBox<Tagged<T>>`.
    drop(unsafe { KBox::from_raw(ptr.cast::<Tagged<T>>()) });
}

/// Moves `value` to the heap behind a type tag; the result goes into the C field.
pub fn park<T: Send + Sync + 'static>(value: T) -> Result<*mut c_void> {
    let tagged = KBox::new(Tagged {
        type_id: TypeId::of::<T>(),
        drop: drop_tagged::<T>,
        value,
    })?;
    Ok(KBox::into_raw(tagged).cast())
}

/// The parked value if `ptr` holds a `T`.
///
/// # Safety
///
/// `ptr` is NULL or came from [`park`] and stays parked for `'a`.
pub unsafe fn borrow<'a, T: 'static>(ptr: *mut c_void) -> Option<&'a T> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: every parked value starts with the `type_id` field (repr(C), offset 0), so
    // it can be read through any `Tagged<_>` pointer; `()` has no effect on the offset.
    let type_id = unsafe { (*ptr.cast::<Tagged<()>>()).type_id };
    if type_id != TypeId::of::<T>() {
        return None;
    }
    // SAFETY: the tag says the value is a `Tagged<T>`, parked for `'a` per the caller.
    Some(unsafe { &(*ptr.cast::<Tagged<T>>()).value })
}

/// The parked value at `ptr`, where the type is known without reading the tag (the field
/// of an object typed by an ops trait, which only that trait's data is parked in).
///
/// # Safety
///
/// `ptr` came from [`park`] with this `T` and stays parked for `'a`.
pub unsafe fn borrow_known<'a, T: 'static>(ptr: *mut c_void) -> &'a T {
    let tagged = ptr.cast::<Tagged<T>>();
    // SAFETY: the caller vouches that `ptr` is a `Tagged<T>` from `park`, parked for `'a`.
    let tagged = unsafe { &*tagged };
    debug_assert!(tagged.type_id == TypeId::of::<T>());
    &tagged.value
}

/// Drops whatever is parked at `ptr` (nothing for NULL).
///
/// # Safety
///
/// `ptr` is NULL or came from [`park`], no borrow of it is alive, and it is not used again.
pub unsafe fn release(ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: as in `borrow`: the header is readable through any `Tagged<_>` pointer.
    let drop_fn = unsafe { (*ptr.cast::<Tagged<()>>()).drop };
    // SAFETY: `drop_fn` is the dropper `park` stored for this value's type.
    unsafe { drop_fn(ptr) };
}

/// What a binding's devres action needs to withdraw and drop the private data.
struct Claim {
    slot: *mut *mut c_void,
    lock: *mut crate::bindings::mutex,
}

/// Claims a C object's private field for the driver binding that starts: whatever is in
/// it is dropped unread (a driver bound before may have left a pointer to freed memory
/// there: phylib never clears `phydev->priv`), and when the binding ends the device's
/// devres withdraws what this binding parked there, under the object's lock, and drops
/// it. The driver core runs devres when probing fails (a failed probe, or a failure of
/// the subsystem after a good one) and after `remove` on unbind
/// (device_unbind_cleanup() in drivers/base/dd.c): the data is never leaked, and never
/// dropped while a callback holding the lock borrows it.
///
/// # Safety
///
/// `slot` is the private field and `lock` the mutex of a live C object, and the caller
/// holds `lock`; `dev` is that object's device, being probed by the caller's driver; the
/// object outlives the device's devres. Values in `slot` are parked by [`park`].
pub unsafe fn claim(
    slot: *mut *mut c_void,
    lock: *mut crate::bindings::mutex,
    dev: *mut crate::bindings::device,
) -> Result {
    // SAFETY: the caller holds `lock`, which guards the field of the live object.
    unsafe { *slot = core::ptr::null_mut() };
    let claim = KBox::into_raw(KBox::new(Claim { slot, lock })?);
    // SAFETY: `dev` is live and being probed (the caller's contract); `claim` is a live
    // allocation that `withdraw` takes back exactly once.
    let ret = unsafe {
        crate::bindings::__devm_add_action(
            dev,
            Some(withdraw),
            claim.cast(),
            c"kbridge private data".as_ptr().cast(),
        )
    };
    if ret != 0 {
        // SAFETY: the action was not registered, so nothing else takes `claim` back.
        drop(unsafe { KBox::from_raw(claim) });
        return Err(crate::error::Error::from_errno(ret));
    }
    Ok(())
}

/// The devres action of [`claim`]: withdraws the binding's data under the object's lock
/// and drops it.
///
/// # Safety
///
/// Called once, by devres, with the `Claim` that `claim` registered, while the object it
/// names is alive.
unsafe extern "C" fn withdraw(data: *mut c_void) {
    // SAFETY: `data` is the `Claim` `claim` allocated and registered; devres runs it once.
    let claim = unsafe { KBox::from_raw(data.cast::<Claim>()) };
    // SAFETY: the object is alive while its device's devres runs; devres runs outside the
    // callbacks that hold the lock, so this thread does not hold it.
    unsafe { crate::bindings::mutex_lock(claim.lock) };
    // SAFETY: the lock guards the field; what is in it was parked during this binding.
    let parked = unsafe { claim.slot.replace(core::ptr::null_mut()) };
    // SAFETY: taken above.
    unsafe { crate::bindings::mutex_unlock(claim.lock) };
    // SAFETY: the value came from `park`, no borrow of it is alive (borrows are made
    // under the lock, which this function held while taking the value out), and the
    // field no longer holds it.
    unsafe { release(parked) };
}

/// A value parked for C to hold (a `void *` argument of a constructor), released when
/// this owner is dropped, after whatever C object held it is gone.
///
/// # Invariants
///
/// `ptr` came from [`park`] and is released only by `drop`.
pub struct Parked {
    ptr: core::ptr::NonNull<c_void>,
}

// SAFETY: `park` only takes `Send + Sync` values, so the parked value may be dropped on
// and shared with any thread.
unsafe impl Send for Parked {}

// SAFETY: as for `Send`; `&Parked` only gives out the pointer.
unsafe impl Sync for Parked {}

impl Parked {
    /// Parks `value`.
    pub fn new<T: Send + Sync + 'static>(value: T) -> Result<Self> {
        let ptr = park(value)?;
        // INVARIANT: `ptr` comes from `park`; a `KBox` pointer is never NULL.
        core::ptr::NonNull::new(ptr)
            .map(|ptr| Parked { ptr })
            .ok_or(crate::error::code::ENOMEM)
    }

    /// The pointer to hand to C, which reads it back with [`borrow`].
    pub fn as_ptr(&self) -> *mut c_void {
        self.ptr.as_ptr()
    }
}

impl Drop for Parked {
    fn drop(&mut self) {
        // SAFETY: by the type invariant the value is parked and released once, here; the
        // C object that held the pointer is gone before its owner drops this.
        unsafe { release(self.ptr.as_ptr()) };
    }
}
