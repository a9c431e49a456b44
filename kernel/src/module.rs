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

/// The storage of one module parameter, set by the loader from `insmod mod.ko name=value`
/// (through the kernel's stock parser for its C type) before `init` runs.
///
/// # Invariants
///
/// Written only through the pointer in the module's `kernel_param` entry, whose
/// permission bits (0444) let the loader write it before `init` and nobody afterwards;
/// the value is always a valid `T` (the stock parsers store only valid values).
#[repr(transparent)]
pub struct Param<T: Copy>(core::cell::UnsafeCell<T>);

// SAFETY: after load, the value is only read (type invariant); the loader's writes happen
// before `init`, which every reader runs after.
unsafe impl<T: Copy + Sync> Sync for Param<T> {}

impl<T: Copy> Param<T> {
    pub const fn new(default: T) -> Self {
        Param(core::cell::UnsafeCell::new(default))
    }

    /// The value the module was loaded with (or the default).
    pub fn get(&self) -> T {
        // SAFETY: no write can overlap a read once the module is loaded (type invariant),
        // and the value is a valid `T`.
        unsafe { core::ptr::read_volatile(self.0.get()) }
    }

    /// Where the loader stores the value.
    pub const fn as_ptr(&self) -> *mut T {
        self.0.get()
    }
}

/// A module's `kernel_param` entries, as placed in the `__param` section (and given to
/// the model's loader).
#[repr(transparent)]
pub struct ParamTable<const N: usize>(pub [bindings::kernel_param; N]);

// SAFETY: the entries are never written after being built in a static; C only reads them.
unsafe impl<const N: usize> Sync for ParamTable<N> {}

impl<const N: usize> ParamTable<N> {
    pub fn entries(&self) -> &[bindings::kernel_param] {
        &self.0
    }
}

/// One `kernel_param`: `name`, parsed by `ops` into `arg`, visible read-only in sysfs.
pub const fn param_entry(
    name: &'static core::ffi::CStr,
    ops: *const bindings::kernel_param_ops,
    arg: *mut crate::ffi::c_void,
    owner: *mut bindings::module,
) -> bindings::kernel_param {
    bindings::kernel_param {
        name: name.as_ptr().cast(),
        mod_: owner,
        ops,
        perm: 0o444,
        level: -1,
        flags: 0,
        __bindgen_anon_1: bindings::kernel_param__bindgen_ty_1 { arg },
    }
}
