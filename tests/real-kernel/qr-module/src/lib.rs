//! qr_panic.ko's Rust object: the encoder's `#[export]` functions (kept by the linker as
//! `#[no_mangle]` symbols of a dependency), and the kernel crate's panic handler.

#![no_std]
#![forbid(unsafe_code)]

pub use kernel;
pub use qr_panic::{drm_panic_qr_generate, drm_panic_qr_max_data_size, kbridge_qr_generate};
