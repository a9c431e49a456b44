//! Fuzzes both QR entry points (kernel-compatible and extended) with any URL, data,
//! level and buffer sizes; see tests/tests/support/qr_fuzz.rs for what is checked.
#![no_main]

#[path = "../../tests/tests/support"]
mod support {
    pub mod qr_fuzz;
    #[allow(
        dead_code,
        reason = "the test-run helpers (reads_back) are not used here"
    )]
    pub mod qr_read;
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| support::qr_fuzz::check_reading_back(input, true));
