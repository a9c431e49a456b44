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

/// The model's block layer as a test drives it: submit an I/O and wait for its end.
pub mod blk {
    use core::ffi::{c_int, c_long, c_uint, c_void};
    use kernel::bindings::gendisk;
    use kernel::block::mq::{GenDisk, Operation};

    unsafe extern "C" {
        fn kbridge_model_blk_io(
            disk: *mut gendisk,
            hctx: c_uint,
            op: c_uint,
            sector: u64,
            buf: *mut c_void,
            len: c_uint,
            offset: c_uint,
        ) -> c_int;
        fn kbridge_model_disk_count() -> c_int;
        fn kbridge_model_disk_capacity(disk: *mut gendisk) -> u64;
        fn kbridge_model_live_allocations() -> c_long;
        fn kbridge_model_errors() -> c_long;
        fn kbridge_model_fail_allocation(after: c_long);
    }

    /// Runs `op` over `buf` at `sector` on hardware queue `hctx`, the data starting
    /// `offset` bytes into its first page, and waits for the driver to end it.
    /// `Err(errno)` is the request's status as the block layer reports it.
    pub fn io(
        disk: &GenDisk,
        hctx: u32,
        op: Operation,
        sector: u64,
        buf: &mut [u8],
        offset: u32,
    ) -> Result<(), i32> {
        let len = u32::try_from(buf.len()).map_err(|_| -22)?;
        // SAFETY: the disk is live for the call and `buf` is a live buffer of `len` bytes.
        let ret = unsafe {
            kbridge_model_blk_io(
                disk.as_raw(),
                hctx,
                op.to_raw(),
                sector,
                buf.as_mut_ptr().cast(),
                len,
                offset,
            )
        };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }

    /// Disks currently added (visible) in the model.
    pub fn disks() -> i32 {
        // SAFETY: reads a counter.
        unsafe { kbridge_model_disk_count() }
    }

    /// The capacity the driver set, in sectors.
    pub fn capacity(disk: &GenDisk) -> u64 {
        // SAFETY: the disk is live for the call.
        unsafe { kbridge_model_disk_capacity(disk.as_raw()) }
    }

    /// Allocations from kmalloc/vmalloc not yet freed.
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn live_allocations() -> i64 {
        // SAFETY: reads a counter.
        i64::from(unsafe { kbridge_model_live_allocations() })
    }

    /// API misuse the model detected (a request ended twice, ...).
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn model_errors() -> i64 {
        // SAFETY: reads a counter.
        i64::from(unsafe { kbridge_model_errors() })
    }

    /// Makes the allocation `after` allocations from now fail (negative: none).
    pub fn fail_allocation(after: i64) {
        // SAFETY: sets a counter.
        unsafe { kbridge_model_fail_allocation(after as c_long) }
    }
}
