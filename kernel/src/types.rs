//! Ownership vocabulary shared by every generated subsystem module: [`Opaque`] for C
//! objects Rust never reads directly, [`ARef`] for kernel reference counts, and
//! [`ForeignOwnable`] for Rust values parked in a C `void *`.

use core::cell::UnsafeCell;
use core::marker::{PhantomData, PhantomPinned};
use core::mem::MaybeUninit;
use core::ops::Deref;
use core::ptr::NonNull;

use crate::ffi::c_void;

/// A C object owned and mutated by C: Rust holds it only behind a pointer or in place, and
/// never assumes its bytes are initialised or unchanged between two reads.
///
/// The generated wrappers (`phy::Device`, `mq::Request`, ...) are `#[repr(transparent)]`
/// over `Opaque<bindings::T>`, so a `*mut bindings::T` from C is also a pointer to the
/// wrapper.
#[repr(transparent)]
pub struct Opaque<T> {
    value: UnsafeCell<MaybeUninit<T>>,
    _pin: PhantomPinned,
}

impl<T> Opaque<T> {
    /// An object with the given contents.
    pub const fn new(value: T) -> Self {
        Opaque {
            value: UnsafeCell::new(MaybeUninit::new(value)),
            _pin: PhantomPinned,
        }
    }

    /// An object whose bytes are all zero: how C statics and `kzalloc`ed objects start.
    pub const fn zeroed() -> Self {
        Opaque {
            value: UnsafeCell::new(MaybeUninit::zeroed()),
            _pin: PhantomPinned,
        }
    }

    /// The pointer C expects. Using it is up to the caller: C may change the object at any
    /// time it is not excluded by the subsystem's locking.
    pub const fn get(&self) -> *mut T {
        UnsafeCell::raw_get(&self.value).cast::<T>()
    }

    /// [`Opaque::get`] without a reference, for a pointer that may not be dereferenced yet.
    pub const fn raw_get(this: *const Self) -> *mut T {
        UnsafeCell::raw_get(this.cast::<UnsafeCell<MaybeUninit<T>>>()).cast::<T>()
    }
}

/// A C type with its own reference count.
///
/// # Safety
///
/// Implementers guarantee that `inc_ref` keeps the object alive until the matching
/// `dec_ref`, and that a shared reference to the object is valid while a count is held.
pub unsafe trait AlwaysRefCounted {
    /// Takes one reference.
    fn inc_ref(&self);

    /// Drops one reference.
    ///
    /// # Safety
    ///
    /// The caller owns a reference it has not dropped yet; after the call it must not use
    /// `obj` again unless it holds another.
    unsafe fn dec_ref(obj: NonNull<Self>);
}

/// An owned reference count on a `T`: clone takes one more, drop gives one back.
///
/// # Invariants
///
/// `ptr` points to a live `T` on which this value owns one reference.
pub struct ARef<T: AlwaysRefCounted> {
    ptr: NonNull<T>,
    _owns: PhantomData<T>,
}

// SAFETY: an `ARef<T>` only gives out `&T`, so moving it to another thread is sound when
// `T` may be shared (`Sync`) and dropped (`Send`) from any thread.
unsafe impl<T: AlwaysRefCounted + Sync + Send> Send for ARef<T> {}

// SAFETY: as for `Send`: a shared `ARef<T>` gives out `&T` only.
unsafe impl<T: AlwaysRefCounted + Sync + Send> Sync for ARef<T> {}

impl<T: AlwaysRefCounted> ARef<T> {
    /// Adopts a reference the caller owns.
    ///
    /// # Safety
    ///
    /// `ptr` points to a live `T` and the caller hands over one reference it owns.
    pub unsafe fn from_raw(ptr: NonNull<T>) -> Self {
        // INVARIANT: the caller transfers one owned reference on a live object.
        ARef {
            ptr,
            _owns: PhantomData,
        }
    }

    /// Gives up ownership of the reference without dropping it.
    pub fn into_raw(this: Self) -> NonNull<T> {
        core::mem::ManuallyDrop::new(this).ptr
    }
}

impl<T: AlwaysRefCounted> From<&T> for ARef<T> {
    fn from(obj: &T) -> Self {
        obj.inc_ref();
        // SAFETY: the reference taken just above is handed to the new `ARef`.
        unsafe { ARef::from_raw(NonNull::from(obj)) }
    }
}

impl<T: AlwaysRefCounted> Clone for ARef<T> {
    fn clone(&self) -> Self {
        ARef::from(&**self)
    }
}

impl<T: AlwaysRefCounted> Deref for ARef<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: by the type invariant the object is live while this reference is owned.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: AlwaysRefCounted> Drop for ARef<T> {
    fn drop(&mut self) {
        // SAFETY: by the type invariant this value owns one reference; it is not used again.
        unsafe { T::dec_ref(self.ptr) };
    }
}

/// A Rust value that can be parked in a C `void *` and taken back later: per-device or
/// per-queue private data.
///
/// # Safety
///
/// `into_foreign` returns a pointer that `borrow` and `from_foreign` accept; `borrow` gives
/// a reference valid until `from_foreign` is called on the same pointer.
pub unsafe trait ForeignOwnable: Sized {
    /// The borrowed form handed to callbacks.
    type Borrowed<'a>;

    /// Parks the value; it is owned by the pointer from now on.
    fn into_foreign(self) -> *mut c_void;

    /// Takes the value back.
    ///
    /// # Safety
    ///
    /// `ptr` came from `into_foreign` of this type and was not taken back before.
    unsafe fn from_foreign(ptr: *mut c_void) -> Self;

    /// Borrows the parked value.
    ///
    /// # Safety
    ///
    /// `ptr` came from `into_foreign` of this type and is not taken back while the result
    /// is alive.
    unsafe fn borrow<'a>(ptr: *mut c_void) -> Self::Borrowed<'a>;
}

// SAFETY: `()` parks as NULL and needs no storage; every pointer is accepted back.
unsafe impl ForeignOwnable for () {
    type Borrowed<'a> = ();

    fn into_foreign(self) -> *mut c_void {
        core::ptr::null_mut()
    }

    unsafe fn from_foreign(_: *mut c_void) -> Self {}

    unsafe fn borrow<'a>(_: *mut c_void) -> Self::Borrowed<'a> {}
}

/// Runs a closure when dropped unless dismissed: undo steps of a multi-step set-up.
pub struct ScopeGuard<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> ScopeGuard<F> {
    pub fn new(cleanup: F) -> Self {
        ScopeGuard(Some(cleanup))
    }

    /// The set-up succeeded: do not run the cleanup.
    pub fn dismiss(mut self) {
        self.0 = None;
    }
}

impl<F: FnOnce()> Drop for ScopeGuard<F> {
    fn drop(&mut self) {
        if let Some(cleanup) = self.0.take() {
            cleanup();
        }
    }
}

/// A C object whose life ends with a call the owner must make exactly once (a request is
/// ended, a buffer is returned).
///
/// # Safety
///
/// `release` ends the object's life in a way that is always allowed for an owner that has
/// not finished it, and the object may be owned, used and released from any thread.
pub unsafe trait Release {
    /// Finishes an object its owner dropped without finishing.
    ///
    /// # Safety
    ///
    /// The caller owns `obj` and does not use it afterwards.
    unsafe fn release(obj: NonNull<Self>);
}

/// Ownership of a C object between the call that handed it over and the call that ends
/// it. Not `Clone`: a second owner cannot exist, so the object cannot be ended twice.
/// It derefs to `&T` only: C may be handed a borrowed pointer to the same object (a
/// timeout callback, say) while the token exists, so Rust never claims exclusivity.
///
/// # Invariants
///
/// `ptr` points to a live object owned by this token alone.
pub struct Owned<T: Release> {
    ptr: NonNull<T>,
}

// SAFETY: `Release` requires that the object may be owned and released from any thread.
unsafe impl<T: Release> Send for Owned<T> {}

impl<T: Release> Owned<T> {
    /// Takes ownership of `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` points to a live object and the caller hands its ownership over.
    pub unsafe fn from_raw(ptr: NonNull<T>) -> Self {
        // INVARIANT: guaranteed by the caller.
        Owned { ptr }
    }

    /// Gives ownership back to C, e.g. to the function that ends the object.
    pub fn into_raw(this: Self) -> NonNull<T> {
        core::mem::ManuallyDrop::new(this).ptr
    }
}

impl<T: Release> Deref for Owned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: by the type invariant the object is live and owned by this token.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: Release> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: the token owns the object and is never used again.
        unsafe { T::release(self.ptr) };
    }
}

/// A C object Rust created and set up in place, torn down by a C call on drop.
///
/// # Safety
///
/// `teardown` undoes the setup of an object that was set up, and the object may be used
/// through `&` and torn down from any thread (C synchronises it).
pub unsafe trait Teardown {
    /// # Safety
    ///
    /// `obj` was set up, is not used afterwards, and is torn down once.
    unsafe fn teardown(obj: NonNull<Self>);
}

/// A set-up C object at a fixed heap address (C keeps pointers into it), torn down and
/// freed on drop. Derefs to `&T` only, so the object never moves.
///
/// # Invariants
///
/// `obj` holds an object that was set up and not yet torn down.
pub struct Managed<T: Teardown> {
    obj: crate::alloc::KBox<T>,
}

// SAFETY: `Teardown` requires that the object may be torn down from any thread.
unsafe impl<T: Teardown> Send for Managed<T> {}

// SAFETY: `Teardown` requires that the object may be used through `&` from any thread.
unsafe impl<T: Teardown> Sync for Managed<T> {}

impl<T: Teardown> Managed<T> {
    /// # Safety
    ///
    /// The object in `obj` was set up (its setup call succeeded).
    pub unsafe fn from_box(obj: crate::alloc::KBox<T>) -> Self {
        // INVARIANT: guaranteed by the caller.
        Managed { obj }
    }
}

impl<T: Teardown> Deref for Managed<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.obj
    }
}

impl<T: Teardown> Drop for Managed<T> {
    fn drop(&mut self) {
        // SAFETY: by the type invariant the object is set up; it is torn down once, here,
        // and the box (which has no drop glue of its own to run on it) frees it after.
        unsafe { T::teardown(NonNull::from(&*self.obj)) };
    }
}

/// An ops table made for one C object, with values the object uses until C calls the
/// table's last callback (the driver's data a disk's queue points to): they live as long
/// as the table. C reads the table at the holder's address (`repr(C)`, table first).
#[repr(C)]
pub struct TableWith<T, K> {
    table: T,
    kept: K,
}

impl<T, K> TableWith<T, K> {
    /// A table and what it keeps.
    pub fn new(table: T, kept: K) -> Self {
        TableWith { table, kept }
    }
}

/// A C object that C allocated and that ends with C calls (unpublish, then free).
///
/// # Safety
///
/// `destroy` ends the life of an object whose setup completed, freeing it, and may run on
/// any thread; the object may be used through `&` from any thread (C synchronises it).
pub unsafe trait Destroy {
    /// What the object points to that its constructor moved in (a tag set, the driver's
    /// data), kept by [`Built`] until after `destroy`.
    type Kept;

    /// # Safety
    ///
    /// `obj` was set up, is not used afterwards, and is destroyed once.
    unsafe fn destroy(obj: NonNull<Self>);
}

/// A set-up C object that C allocated, destroyed on drop, with the values it points to
/// (its [`Destroy::Kept`]: a tag set, the driver's data) kept alive until after it is gone.
///
/// # Invariants
///
/// `obj` is a set-up object not yet destroyed; it refers to nothing owned outside `kept`.
pub struct Built<T: Destroy> {
    obj: NonNull<T>,
    kept: core::mem::ManuallyDrop<T::Kept>,
}

// SAFETY: `Destroy` requires that the object may be destroyed from any thread; what it
// keeps is sent along with it.
unsafe impl<T: Destroy> Send for Built<T> where T::Kept: Send {}

// SAFETY: `Destroy` requires that the object may be used through `&` from any thread;
// what it keeps is only reachable through `&self` as well.
unsafe impl<T: Destroy> Sync for Built<T> where T::Kept: Sync {}

impl<T: Destroy> Built<T> {
    /// # Safety
    ///
    /// `obj` points to an object whose setup completed, that nothing else destroys, and
    /// that refers only to values in `kept` (or to values that outlive it).
    pub unsafe fn from_raw(obj: NonNull<T>, kept: T::Kept) -> Self {
        // INVARIANT: guaranteed by the caller.
        Built {
            obj,
            kept: core::mem::ManuallyDrop::new(kept),
        }
    }

    /// The values the object refers to.
    pub fn kept(&self) -> &T::Kept {
        &self.kept
    }
}

impl<T: Destroy> Deref for Built<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: by the type invariant the object is live until `drop`.
        unsafe { self.obj.as_ref() }
    }
}

impl<T: Destroy> Drop for Built<T> {
    fn drop(&mut self) {
        // SAFETY: by the type invariant the object is set up; it is destroyed once, here.
        unsafe { T::destroy(self.obj) };
        // SAFETY: the object that referred to `kept` is gone, and `kept` is dropped once.
        unsafe { core::mem::ManuallyDrop::drop(&mut self.kept) };
    }
}
