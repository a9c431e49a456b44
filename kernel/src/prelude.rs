//! What a driver needs in scope: `use kernel::prelude::*;`.

pub use core::pin::Pin;

pub use bridge_macros::{export, kernel_driver, vtable};

pub use crate::alloc::KBox;
pub use crate::error::{Error, Result, code::*};
pub use crate::module::{Module, ThisModule};
pub use crate::types::{ARef, ForeignOwnable, Opaque};
pub use crate::{pr_alert, pr_crit, pr_debug, pr_emerg, pr_err, pr_info, pr_notice, pr_warn};
pub use core::ffi::CStr;
