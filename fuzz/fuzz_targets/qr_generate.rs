//! Fuzzes both QR entry points (kernel-compatible and extended) with any URL, data,
//! level and buffer sizes; see tests/tests/support/qr_fuzz.rs for what is checked.
#![no_main]

#[path = "../../tests/tests/support"]
mod support {
    pub mod qr_fuzz;
    pub mod qr_read;
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| support::qr_fuzz::check(input));
