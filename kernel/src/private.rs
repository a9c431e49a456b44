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
