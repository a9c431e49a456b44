//! Cross-crate tests of kbridge live in `tests/`; this library holds what they share.

use std::path::PathBuf;

// The model must be linked into every test binary: its C implements the kernel API.
use c_shim as _;

/// The shipped model headers.
pub fn model_headers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../headers")
}

/// The model's loader: what `insmod` does with a module's parameters before its init.
pub mod loader {
    use kernel::bindings::kernel_param;

    unsafe extern "C" {
        fn kbridge_model_apply_params(
            params: *const kernel_param,
            count: core::ffi::c_ulong,
            args: *const core::ffi::c_char,
        ) -> core::ffi::c_int;
    }

    /// Applies `name=value ...` to a module's parameter table, as the loader does: each
    /// value through its parameter's stock parser. `Err(errno)` for a value the parser
    /// refuses; unknown names are logged and ignored, as the kernel does.
    pub fn apply_params(params: &[kernel_param], args: &core::ffi::CStr) -> Result<(), i32> {
        // SAFETY: the table and string are live for the call; each entry's `arg` points
        // to the `Param` storage its module declared, which the stock parsers write.
        let ret = unsafe {
            kbridge_model_apply_params(params.as_ptr(), params.len() as _, args.as_ptr())
        };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }
}
