//! [`SpinLock`]: data shared between CPUs behind the kernel's `spinlock_t`.

use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};

use crate::alloc::KBox;
use crate::bindings;
use crate::error::Result;
use crate::types::Opaque;

/// The C lock and the value it guards, at a fixed heap address.
struct Inner<T> {
    lock: Opaque<bindings::spinlock_t>,
    value: UnsafeCell<T>,
}

/// A `T` that one CPU at a time may use, guarded by a `spinlock_t`.
///
/// The holder runs with preemption disabled and must not sleep; the guard is not `Send`,
/// so it is released on the CPU and task that took it. The C lock lives in `kmalloc`
/// memory, so moving a `SpinLock` never moves the lock word (which lockdep and the
/// spinning CPUs address).
///
/// # Invariants
///
/// `inner.lock` was initialised by `spin_lock_init` and guards `inner.value`.
pub struct SpinLock<T> {
    inner: KBox<Inner<T>>,
}

// SAFETY: the lock hands the value to one thread at a time, so sending the lock across
// threads only needs the value to be sendable.
unsafe impl<T: Send> Send for SpinLock<T> {}

// SAFETY: a shared `SpinLock` gives `&mut T` only under the lock, one holder at a time,
// which is what moving `T` between threads needs.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// A lock around `value` (allocates; may sleep).
    pub fn new(value: T) -> Result<SpinLock<T>> {
        let inner = KBox::new(Inner {
            lock: Opaque::zeroed(),
            value: UnsafeCell::new(value),
        })?;
        // SAFETY: the lock is at its final heap address and not yet shared with anyone.
        unsafe { bindings::spin_lock_init(inner.lock.get()) };
        // INVARIANT: initialised just above.
        Ok(SpinLock { inner })
    }

    /// Takes the lock, spinning until it is free; released when the guard drops.
    pub fn lock(&self) -> Guard<'_, T> {
        // SAFETY: the lock was initialised (type invariant) and lives as long as `self`.
        unsafe { bindings::spin_lock(self.inner.lock.get()) };
        // INVARIANT: the lock is held, by this guard.
        Guard {
            lock: self,
            _not_send: PhantomData,
        }
    }
}

/// The held lock: access to the value until dropped.
///
/// # Invariants
///
/// The guard's thread holds `lock`.
pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
    _not_send: PhantomData<*mut ()>,
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the lock is held (type invariant), so no one else reaches the value.
        unsafe { &*self.lock.inner.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the lock is held (type invariant) and `&mut self` is the only way in.
        unsafe { &mut *self.lock.inner.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the lock (type invariant) and releases it once.
        unsafe { bindings::spin_unlock(self.lock.inner.lock.get()) };
    }
}
