//! A freestanding program that reaches every entry point of the QR encoder. Its panic
//! handler calls `qr_panic_reachable`, which no object defines: the link succeeds only
//! if the optimiser removed every path to a panic.

#![no_std]
#![no_main]

use core::hint::black_box;

unsafe extern "C" {
    /// Defined nowhere, on purpose.
    fn qr_panic_reachable() -> !;

    // The C glue `#[export]` wrote in qr-panic, as C declares it (headers/kbridge/qr_panic.h).
    fn drm_panic_qr_generate(
        url: *const u8,
        data: *mut u8,
        data_len: usize,
        data_size: usize,
        tmp: *mut u8,
        tmp_size: usize,
    ) -> u8;
    fn kbridge_qr_generate(
        url: *const u8,
        data: *mut u8,
        data_len: usize,
        data_size: usize,
        tmp: *mut u8,
        tmp_size: usize,
        ecc: u8,
    ) -> u8;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: never runs in a program that links; calling it is how a reachable panic
    // becomes a link error.
    unsafe { qr_panic_reachable() }
}

/// The entry point: every exported call, in Rust and through the C glue, with inputs
/// the optimiser must treat as unknown.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    let mut data = [0u8; 4071];
    let mut tmp = [0u8; 3706];
    let url = black_box(Some(c"http://x/?d="));
    let len = black_box(100usize);
    black_box(qr_panic::drm_panic_qr_generate(
        url,
        black_box(Some(&mut data[..])),
        len,
        black_box(Some(&mut tmp[..])),
    ));
    black_box(qr_panic::kbridge_qr_generate(
        url,
        black_box(Some(&mut data[..])),
        len,
        black_box(Some(&mut tmp[..])),
        black_box(2),
    ));
    black_box(qr_panic::drm_panic_qr_max_data_size(
        black_box(7),
        black_box(20),
    ));
    let data_ptr = black_box(data.as_mut_ptr());
    let tmp_ptr = black_box(tmp.as_mut_ptr());
    // SAFETY: both buffers are valid for the sizes given; the URL is NUL-terminated.
    black_box(unsafe {
        drm_panic_qr_generate(
            black_box(c"http://x/?d=".as_ptr().cast()),
            data_ptr,
            len,
            4071,
            tmp_ptr,
            3706,
        )
    });
    // SAFETY: as above.
    black_box(unsafe {
        kbridge_qr_generate(core::ptr::null(), data_ptr, len, 4071, tmp_ptr, 3706, 1)
    });
    #[cfg(feature = "reachable-panic")]
    {
        let index = black_box(5000usize);
        black_box(data[index]);
    }
    loop {
        core::hint::spin_loop();
    }
}
