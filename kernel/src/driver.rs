//! The contract between `#[kernel_driver]` and a generated registration type, with no
//! subsystem in it: a registration takes a `'static` array of C ops tables, one per
//! driver type, each built at compile time from the driver's trait impl.

use crate::error::Result;
use crate::module::ThisModule;

/// A registration of an array of C ops tables, undone on drop (generated per ops table).
pub trait Registrar: Sized + Send + Sync {
    /// One C ops table.
    type Entry: 'static;
    /// One device-id table entry.
    type Id: Copy + 'static;
    /// The all-zero entry that ends a device-id table.
    const ID_END: Self::Id;

    /// Registers the tables; they stay registered until the result is dropped.
    fn register(module: &'static ThisModule, entries: &'static mut [Self::Entry]) -> Result<Self>;
}

/// A driver type that can be registered through `R` (implemented by generated code for
/// every implementer of the ops trait).
pub trait DriverOf<R: Registrar> {
    /// The driver's C ops table.
    const ENTRY: R::Entry;
    /// The driver's device-id table entry.
    const ID: R::Id;
}
