//! The contract between `#[kernel_driver]` and a generated registration type, with no
//! subsystem in it: a registration takes a `'static` array of C ops tables, one per
//! driver type, each built at compile time from the driver's trait impl.

use crate::error::Result;
use crate::module::ThisModule;

/// A registration of an array of C ops tables, undone on drop (generated per ops table).
///
/// # Safety
///
/// `register` lends `entries` to C until the returned value is dropped, and that drop
/// unregisters them: afterwards neither C nor the value holds a pointer into `entries`.
/// Neither keeps `entries` (or anything derived from it) anywhere else.
pub unsafe trait Registrar: Sized + Send + Sync {
    /// One C ops table.
    type Entry: 'static;
    /// One device-id table entry.
    type Id: Copy + 'static;
    /// The all-zero entry that ends a device-id table.
    const ID_END: Self::Id;
    /// The `MODULE_DEVICE_TABLE` type of the id table (`mdio`), if the subsystem has one:
    /// a module exports its table as `__mod_<kind>__<module>_device_table` for modpost.
    const TABLE_KIND: Option<&'static str>;

    /// Registers the tables; they stay registered until the result is dropped.
    ///
    /// # Safety
    ///
    /// `entries` are the module's own tables, registered nowhere else, and the result is
    /// dropped before the module's memory is freed (by the module's exit entry point).
    unsafe fn register(
        module: &'static ThisModule,
        entries: &'static mut [Self::Entry],
    ) -> Result<Self>;
}

/// A driver type that can be registered through `R` (implemented by generated code for
/// every implementer of the ops trait).
pub trait DriverOf<R: Registrar> {
    /// The driver's C ops table.
    const ENTRY: R::Entry;
    /// The driver's device-id table entry.
    const ID: R::Id;
    /// The name the driver registers under, when the ops table has one: Linux refuses a
    /// second driver of the same name on a bus (-EBUSY, driver_register() in
    /// drivers/base/driver.c).
    const NAME: Option<&'static core::ffi::CStr>;
}

/// A hold on a flag: made only when the flag was clear, clears it when dropped. The
/// module glue holds one on its driver tables for as long as they are registered.
///
/// # Invariants
///
/// The flag is set, by this value, until it is dropped.
pub struct Claim(&'static core::sync::atomic::AtomicBool);

impl Claim {
    /// Sets `flag` and holds it, or `None` when it is already set.
    pub fn new(flag: &'static core::sync::atomic::AtomicBool) -> Option<Claim> {
        use core::sync::atomic::Ordering;
        // INVARIANT: this value set it.
        (!flag.swap(true, Ordering::AcqRel)).then_some(Claim(flag))
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.0.store(false, core::sync::atomic::Ordering::Release);
    }
}

/// Whether no two of `names` are equal (checked at compile time by `#[kernel_driver]`).
pub const fn names_distinct(names: &[Option<&core::ffi::CStr>]) -> bool {
    let mut i = 0;
    while i < names.len() {
        let mut j = i + 1;
        while j < names.len() {
            if let (Some(a), Some(b)) = (names[i], names[j])
                && crate::str::bytes_eq(a.to_bytes(), b.to_bytes())
            {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Whether a module's `device_table = "..."` names its registration's table kind
/// (checked at compile time by `#[kernel_driver]`).
pub const fn table_kind_is(kind: Option<&str>, given: Option<&str>) -> bool {
    match (kind, given) {
        (None, None) => true,
        (Some(a), Some(b)) => crate::str::bytes_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    }
}
