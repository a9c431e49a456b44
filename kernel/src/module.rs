//! What every module has: the module object and the init/exit contract.

use crate::bindings;
use crate::error::Result;

/// The `struct module` of the module being built (`THIS_MODULE`), or NULL where there is
/// none (built-in code, the user-space model).
///
/// # Invariants
///
/// The pointer is NULL or points to the module object, which outlives all module code.
pub struct ThisModule(*mut bindings::module);

// SAFETY: the module object is owned by the module loader and only ever passed to C, which
// synchronises its own accesses.
unsafe impl Sync for ThisModule {}

impl ThisModule {
    /// # Safety
    ///
    /// `ptr` is NULL or the module object of the code that will use this value.
    pub const unsafe fn from_ptr(ptr: *mut bindings::module) -> ThisModule {
        // INVARIANT: guaranteed by the caller.
        ThisModule(ptr)
    }

    /// The pointer C registration functions take as `owner`.
    pub const fn as_ptr(&self) -> *mut bindings::module {
        self.0
    }
}

/// A loadable module: `init` runs at load time and the value lives until unload, when it
/// is dropped (the exit path). `#[kernel_driver]` writes the C entry points.
pub trait Module: Sized + Sync + Send {
    fn init(module: &'static ThisModule) -> Result<Self>;
}
