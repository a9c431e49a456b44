//! [`KBox`]: a `Box` whose memory comes from `kmalloc`, the allocator every header set has.

use core::mem::{align_of, size_of};
use core::ops::{Deref, DerefMut};
use core::pin::Pin;
use core::ptr::NonNull;

use crate::bindings;
use crate::error::{Result, code};
use crate::ffi::c_void;
use crate::types::ForeignOwnable;

/// The alignment `kmalloc` guarantees on every architecture (`ARCH_KMALLOC_MINALIGN` is at
/// least the alignment of `unsigned long long`).
const KMALLOC_MIN_ALIGN: usize = 8;

/// A heap value in `kmalloc` memory.
///
/// # Invariants
///
/// `ptr` points to an initialised `T` that this box owns: `kmalloc` memory, or a dangling
/// well-aligned pointer when `T` is zero-sized.
pub struct KBox<T> {
    ptr: NonNull<T>,
}

// SAFETY: a `KBox<T>` owns its `T` like a `Box<T>` does.
unsafe impl<T: Send> Send for KBox<T> {}

// SAFETY: a shared `KBox<T>` only gives out `&T`.
unsafe impl<T: Sync> Sync for KBox<T> {}

impl<T> KBox<T> {
    /// Moves `value` into fresh `GFP_KERNEL` memory (may sleep).
    pub fn new(value: T) -> Result<KBox<T>> {
        let ptr = if size_of::<T>() == 0 {
            NonNull::dangling()
        } else {
            let size = Self::alloc_size().ok_or(code::ENOMEM)?;
            // SAFETY: kmalloc may be called with any size and flags; it returns NULL or
            // memory of at least `size` bytes aligned to KMALLOC_MIN_ALIGN, and for a
            // power-of-two size aligned to the size (`alloc_size`).
            let raw = unsafe { bindings::kmalloc(size, bindings::GFP_KERNEL) };
            NonNull::new(raw.cast::<T>()).ok_or(code::ENOMEM)?
        };
        // SAFETY: `ptr` is valid for a write of `T` and aligned for it (`alloc_size`).
        unsafe { ptr.as_ptr().write(value) };
        // INVARIANT: the memory now holds an initialised `T` owned by nobody else.
        Ok(KBox { ptr })
    }

    /// The size to ask `kmalloc` for a `T`: its size, rounded up to a power of two when
    /// `T` is aligned beyond `KMALLOC_MIN_ALIGN`. kmalloc() aligns a power-of-two size to
    /// the size (include/linux/slab.h, since 5.4; 6.12 extends it to the largest
    /// power-of-two divisor of any size), and a Rust size is a multiple of its alignment,
    /// so the rounded size's alignment is at least `T`'s. None when it overflows.
    fn alloc_size() -> Option<usize> {
        if align_of::<T>() <= KMALLOC_MIN_ALIGN {
            Some(size_of::<T>())
        } else {
            size_of::<T>().checked_next_power_of_two()
        }
    }

    /// [`KBox::new`], pinned: the value will not move until it is dropped.
    pub fn pin(value: T) -> Result<Pin<KBox<T>>> {
        KBox::new(value).map(KBox::into_pin)
    }

    pub fn into_pin(this: KBox<T>) -> Pin<KBox<T>> {
        // SAFETY: the value lives at a fixed heap address until the box is dropped, and a
        // `KBox` never moves its contents out except through `into_inner`, which needs an
        // unpinned box.
        unsafe { Pin::new_unchecked(this) }
    }

    /// Gives up ownership; [`KBox::from_raw`] takes it back.
    pub fn into_raw(this: KBox<T>) -> *mut T {
        core::mem::ManuallyDrop::new(this).ptr.as_ptr()
    }

    /// Takes back a box given up by [`KBox::into_raw`].
    ///
    /// # Safety
    ///
    /// `ptr` came from `KBox::<T>::into_raw` and was not taken back before.
    pub unsafe fn from_raw(ptr: *mut T) -> KBox<T> {
        // SAFETY: `into_raw` never returns NULL, as the caller's pointer came from it.
        let ptr = unsafe { NonNull::new_unchecked(ptr) };
        // INVARIANT: ownership comes back from `into_raw`.
        KBox { ptr }
    }

    /// Moves the value out and frees the memory.
    pub fn into_inner(this: KBox<T>) -> T {
        let ptr = KBox::into_raw(this);
        // SAFETY: the box owned an initialised `T`; it is read once and the memory is
        // freed without dropping it again.
        let value = unsafe { ptr.read() };
        free::<T>(ptr);
        value
    }
}

/// Frees the memory of a box whose value was already dropped or moved out.
fn free<T>(ptr: *mut T) {
    if size_of::<T>() != 0 {
        // SAFETY: non-zero-sized boxes always hold kmalloc memory, freed exactly once here.
        unsafe { bindings::kfree(ptr.cast::<c_void>()) };
    }
}

impl<T> Deref for KBox<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: by the type invariant the box owns an initialised `T`.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T> DerefMut for KBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: by the type invariant the box owns the `T`; `&mut self` is exclusive.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T> Drop for KBox<T> {
    fn drop(&mut self) {
        // SAFETY: the box owns an initialised `T` that is dropped once, here.
        unsafe { self.ptr.as_ptr().drop_in_place() };
        free::<T>(self.ptr.as_ptr());
    }
}

// SAFETY: `into_foreign` hands out the box's own pointer, which `from_foreign` takes back
// and `borrow` reads while the box is still parked.
unsafe impl<T: 'static> ForeignOwnable for KBox<T> {
    type Borrowed<'a> = &'a T;

    fn into_foreign(self) -> *mut c_void {
        KBox::into_raw(self).cast()
    }

    unsafe fn from_foreign(ptr: *mut c_void) -> Self {
        // SAFETY: the caller passes a pointer from `into_foreign`, i.e. from `into_raw`.
        unsafe { KBox::from_raw(ptr.cast()) }
    }

    unsafe fn borrow<'a>(ptr: *mut c_void) -> &'a T {
        // SAFETY: the caller keeps the box parked while the reference lives.
        unsafe { &*ptr.cast::<T>() }
    }
}

// SAFETY: as for `KBox<T>`; the value is not moved by parking, so the pin holds.
unsafe impl<T: 'static> ForeignOwnable for Pin<KBox<T>> {
    type Borrowed<'a> = Pin<&'a T>;

    fn into_foreign(self) -> *mut c_void {
        // SAFETY: the pointer is only turned back into a pinned box or a pinned reference.
        KBox::into_raw(unsafe { Pin::into_inner_unchecked(self) }).cast()
    }

    unsafe fn from_foreign(ptr: *mut c_void) -> Self {
        // SAFETY: the caller passes a pointer from `into_foreign` of a pinned box.
        KBox::into_pin(unsafe { KBox::from_raw(ptr.cast()) })
    }

    unsafe fn borrow<'a>(ptr: *mut c_void) -> Pin<&'a T> {
        // SAFETY: the caller keeps the box parked; the value was pinned and stays put.
        unsafe { Pin::new_unchecked(&*ptr.cast::<T>()) }
    }
}

/// A zeroed byte buffer in `vmalloc` memory: virtually contiguous, so it can be larger
/// than `kmalloc` gives (a RAM disk's contents).
///
/// # Invariants
///
/// `ptr` points to `len` initialised bytes of `vmalloc` memory that this buffer owns, or
/// is dangling when `len` is 0.
pub struct VBuffer {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: the buffer owns its bytes like a `Box<[u8]>` does.
unsafe impl Send for VBuffer {}

// SAFETY: a shared buffer only gives out `&[u8]`.
unsafe impl Sync for VBuffer {}

impl VBuffer {
    /// `len` zero bytes (may sleep). `ENOMEM` when `vzalloc` fails.
    pub fn zeroed(len: usize) -> Result<VBuffer> {
        let ptr = if len == 0 {
            NonNull::dangling()
        } else {
            // SAFETY: vzalloc may be called with any size; it returns NULL or `len`
            // zeroed bytes.
            let raw = unsafe { bindings::vzalloc(len as _) };
            NonNull::new(raw.cast::<u8>()).ok_or(code::ENOMEM)?
        };
        // INVARIANT: `len` zeroed (initialised) bytes owned by nobody else, or none.
        Ok(VBuffer { ptr, len })
    }
}

impl Deref for VBuffer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: `len` initialised bytes owned by the buffer (type invariant).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for VBuffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`; `&mut self` makes the access exclusive.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for VBuffer {
    fn drop(&mut self) {
        if self.len != 0 {
            // SAFETY: the buffer owns this vmalloc memory and frees it once, here.
            unsafe { bindings::vfree(self.ptr.as_ptr().cast::<c_void>()) };
        }
    }
}
