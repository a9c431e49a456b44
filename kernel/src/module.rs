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

/// What a module's cell holds: a driver's own [`Module`], or the value
/// `#[kernel_driver(drivers = [...])]` makes, whose `init` registers the module's tables
/// and so may run only from the module's init entry point.
pub trait ModuleValue: Sized + Send + Sync {
    /// Makes the value; dropping it undoes what `init` did.
    ///
    /// # Safety
    ///
    /// Called only by [`ModuleCell::init`], from the module's init entry point.
    unsafe fn init(module: &'static ThisModule) -> Result<Self>;
}

impl<T: Module> ModuleValue for T {
    unsafe fn init(module: &'static ThisModule) -> Result<Self> {
        T::init(module)
    }
}

/// Where a module is between its C entry points; the states of [`ModuleCell`].
const UNLOADED: u8 = 0;
const LOADING: u8 = 1;
const LOADED: u8 = 2;
const UNLOADING: u8 = 3;

/// The module value between `init_module` and `cleanup_module`.
///
/// The loader calls each entry point once, in order (kernel/module/main.c: do_init_module()
/// runs `mod->init` once; delete_module() runs `mod->exit` only for a LIVE module, after
/// it set the state to GOING). The cell does not rely on that: its state moves by
/// compare-and-swap, so a second `init` while loaded, an `exit` without a good `init`,
/// and two calls at once are refused instead of touching the value.
///
/// # Invariants
///
/// `value` holds a `T` exactly when `state` is `LOADED`, or `UNLOADING` until `exit` has
/// moved it out; only the thread that moved `state` to `LOADING` or `UNLOADING` touches
/// `value`.
pub struct ModuleCell<T> {
    state: core::sync::atomic::AtomicU8,
    value: core::cell::UnsafeCell<core::mem::MaybeUninit<T>>,
}

// SAFETY: the value is touched only by the one thread that won the state transition
// (type invariant), and moved across threads between `init` and `exit`, which `T: Send`
// allows; a `&ModuleCell` gives no access to the value itself.
unsafe impl<T: Send> Sync for ModuleCell<T> {}

impl<T: ModuleValue> Default for ModuleCell<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ModuleValue> ModuleCell<T> {
    pub const fn new() -> Self {
        // INVARIANT: unloaded, no value.
        ModuleCell {
            state: core::sync::atomic::AtomicU8::new(UNLOADED),
            value: core::cell::UnsafeCell::new(core::mem::MaybeUninit::uninit()),
        }
    }

    fn advance(&self, from: u8, to: u8) -> bool {
        use core::sync::atomic::Ordering;
        self.state
            .compare_exchange(from, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Runs `T::init` and keeps the value: `0`, or `-errno` (`-EBUSY` when the module is
    /// not unloaded).
    ///
    /// # Safety
    ///
    /// Called only from the module's `init_module` entry point, which only the module
    /// loader calls: no code of the module can be running a callback that borrows from a
    /// previous value.
    pub unsafe fn init(&self, module: &'static ThisModule) -> crate::ffi::c_int {
        if !self.advance(UNLOADED, LOADING) {
            return crate::error::code::EBUSY.to_errno();
        }
        // SAFETY: this is the module's init entry point (this function's contract).
        match unsafe { T::init(module) } {
            Ok(value) => {
                // SAFETY: this thread moved the state to LOADING, so no other touches the
                // value (type invariant); the slot holds nothing (UNLOADED before).
                unsafe { (*self.value.get()).write(value) };
                self.state
                    .store(LOADED, core::sync::atomic::Ordering::Release);
                0
            }
            Err(error) => {
                self.state
                    .store(UNLOADED, core::sync::atomic::Ordering::Release);
                failed_init(module, error)
            }
        }
    }

    /// Drops the value (unregistering what it registered). Nothing happens unless a good
    /// `init` came before.
    ///
    /// # Safety
    ///
    /// Called only from the module's `cleanup_module` entry point, which only the module
    /// loader calls once nothing holds a reference on the module: no callback of the
    /// module runs, and none can start once the value's registrations are dropped.
    pub unsafe fn exit(&self) {
        if !self.advance(LOADED, UNLOADING) {
            return;
        }
        // SAFETY: this thread moved the state from LOADED to UNLOADING, so the slot holds
        // a value (type invariant) that no other thread touches; it is moved out once.
        let value = unsafe { (*self.value.get()).assume_init_read() };
        core::mem::drop(value);
        self.state
            .store(UNLOADED, core::sync::atomic::Ordering::Release);
    }
}

/// What `init_module` returns for a failed `init`: its error, unless somebody still holds
/// a reference on the module, in which case `0`.
///
/// A failed init makes the loader free the module at once, however many references
/// others hold (kernel/module/main.c: do_init_module(), `fail:` frees after dropping only
/// its own init reference). A driver can publish an object during init that somebody
/// takes a reference through before a later step fails: a disk, which udev opens as soon
/// as add_disk() announces it (block/bdev.c: bdev_open() takes `fops->owner` with
/// try_module_get(), which succeeds while the module is COMING). The failed `init` has
/// dropped everything it made, so no new reference can be taken through it; one taken
/// before stays, and would point into freed code. Such a module stays loaded instead,
/// with nothing registered, until the references are dropped and it is unloaded (its exit
/// does nothing: the cell holds no value).
fn failed_init(module: &ThisModule, error: crate::error::Error) -> crate::ffi::c_int {
    let object = module.as_ptr();
    if object.is_null() {
        return error.to_errno();
    }
    // SAFETY: `object` is this module's object (`ThisModule` invariant), alive while its
    // code runs; module_refcount() only reads its count.
    let held = unsafe { bindings::module_refcount(object) };
    // During init the loader holds one reference of its own (module_unload_init()).
    if held > 1 {
        crate::pr_warn!(
            "init failed ({:?}) while {} reference(s) to the module are held: staying \
             loaded with nothing registered until they are dropped\n",
            error,
            held - 1
        );
        return 0;
    }
    error.to_errno()
}

/// The `struct module` of a module in the user-space model, which has no module loader
/// writing one (a kernel build gets `__this_module` from modpost's `.mod.c`).
///
/// # Invariants
///
/// Built by [`ModuleObject::new`]: `name` NUL-terminated, `kp`/`num_kp` the module's
/// parameter table, `init`/`exit` its entry points. After that only the model's loader
/// (C) writes it.
#[cfg(not(target_os = "none"))]
#[repr(transparent)]
pub struct ModuleObject(crate::types::Opaque<bindings::module>);

// SAFETY: only C reads and writes the object after it is built (type invariant), with
// atomics for the state and count; Rust only hands out its address.
#[cfg(not(target_os = "none"))]
unsafe impl Sync for ModuleObject {}

#[cfg(not(target_os = "none"))]
impl ModuleObject {
    /// # Safety
    ///
    /// `name` ends with a NUL and fits `MODULE_NAME_LEN`; `params` is the module's own
    /// `kernel_param` table, whose entries point to live storage of their parsers' C
    /// types; `init` and `exit` are the module's entry points, which the model's loader
    /// calls as the kernel's does.
    pub const unsafe fn new(
        name: &[u8],
        params: &'static [bindings::kernel_param],
        init: unsafe extern "C" fn() -> crate::ffi::c_int,
        exit: unsafe extern "C" fn(),
    ) -> Self {
        // SAFETY: an all-zero `struct module` is valid: NULL pointers and `None`
        // callbacks, an empty name, a zero count.
        let mut object: bindings::module = unsafe { core::mem::zeroed() };
        let mut i = 0;
        while i < name.len() && i < object.name.len() {
            object.name[i] = name[i];
            i += 1;
        }
        object.state = bindings::module_state_MODULE_STATE_UNFORMED;
        object.kp = params.as_ptr();
        // A module has a handful of parameters; the count always fits.
        object.num_kp = params.len() as crate::ffi::c_uint;
        object.init = Some(init);
        object.exit = Some(exit);
        // INVARIANT: guaranteed by the caller.
        ModuleObject(crate::types::Opaque::new(object))
    }

    /// The object, as C takes it.
    pub const fn as_ptr(&self) -> *mut bindings::module {
        self.0.get()
    }
}

/// The module object of a module built by `#[kernel_driver]`, for the model's loader
/// (the tests' `insmod`/`rmmod`). A kernel build has no such object in Rust: modpost
/// writes `__this_module`.
#[cfg(not(target_os = "none"))]
pub trait ModuleOf {
    /// The module's `struct module`.
    fn module_object() -> &'static ModuleObject;
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

/// The Rust types a module parameter may have, each with the kernel's stock parser for
/// its C type (`param_ops_*`, kernel/params.c). Sealed: the parser must store a valid
/// value of exactly this type.
pub trait ParamType: Copy + Sync + private::Sealed {
    /// The parser.
    const OPS: *const bindings::kernel_param_ops;
}

mod private {
    pub trait Sealed {}
}

macro_rules! param_types {
    ($($t:ty => $ops:ident;)*) => {$(
        impl private::Sealed for $t {}
        impl ParamType for $t {
            const OPS: *const bindings::kernel_param_ops = &raw const bindings::$ops;
        }
    )*};
}

// Each parser stores its C type (kernel/params.c: STANDARD_PARAM_DEF and param_set_bool),
// whose size and representation the Rust type has on every kernel architecture.
param_types! {
    bool => param_ops_bool;
    i32 => param_ops_int;
    u32 => param_ops_uint;
    u16 => param_ops_ushort;
    usize => param_ops_ulong;
    u64 => param_ops_ullong;
}

/// One `kernel_param`: `name`, parsed by `T`'s stock parser into `store`, visible
/// read-only in sysfs.
///
/// # Safety
///
/// `store` belongs to the module `owner` is the object of, and `owner` is NULL or that
/// module's object.
pub const unsafe fn param_entry<T: ParamType>(
    name: &'static core::ffi::CStr,
    store: &'static Param<T>,
    owner: *mut bindings::module,
) -> bindings::kernel_param {
    bindings::kernel_param {
        name: name.as_ptr().cast(),
        mod_: owner,
        ops: T::OPS,
        perm: 0o444,
        level: -1,
        flags: 0,
        __bindgen_anon_1: bindings::kernel_param__bindgen_ty_1 {
            arg: store.as_ptr().cast(),
        },
    }
}

/// Whether `name` can name a module: 1 to 55 bytes (`MODULE_NAME_LEN - 1` on 64-bit
/// kernels) of `[A-Za-z0-9_]`, the characters kbuild leaves in `KBUILD_MODNAME`.
pub const fn name_ok(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > 55 {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `value` can be a `.modinfo` value: the loader reads the section as
/// NUL-separated `key=value` strings (kernel/module/main.c: module_next_tag_pair()), so a
/// NUL would end the entry and start one of the author's choosing (an `intree` or
/// `import_ns` tag, say); a line break garbles modinfo(8)'s output.
pub const fn modinfo_ok(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], 0 | b'\n' | b'\r') {
            return false;
        }
        i += 1;
    }
    true
}

/// `text` as an array of its `N` bytes (`N` is its length), for a `.modinfo` static.
pub const fn modinfo_bytes<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    let mut out = [0; N];
    let mut i = 0;
    while i < N && i < bytes.len() {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// `text`, which ends with its only NUL, as a C string.
pub const fn c_name(text: &'static str) -> &'static core::ffi::CStr {
    match core::ffi::CStr::from_bytes_with_nul(text.as_bytes()) {
        Ok(name) => name,
        Err(_) => panic!("a parameter name ends with its only NUL"),
    }
}

/// How many items a list has (the macros' count of parameters and drivers).
pub const fn count(items: &[&str]) -> usize {
    items.len()
}
