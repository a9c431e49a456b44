//! The hygiene crate on the model: it loads with its parameters, binds PHYs, serves a
//! disk and answers C through its exports exactly as a crate without any shadowing
//! would. Had an expansion picked up one of its look-alikes, the registration would
//! leak through its `drop` (drivers left registered after rmmod), a parameter would
//! not reach the loader, or an export's length check would pass anything.

use std::ffi::{CString, c_char};
use std::sync::{Mutex, MutexGuard};

use kbridge_hygiene::{Hygiene, params};
use kbridge_tests::core_model::Baseline;
use kbridge_tests::{blk, loader, phy};
use kernel::block::mq::Operation;

/// The model's counters are global: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const AX88772A: u32 = 0x003b_1861;
const AX88772C: u32 = 0x003b_1881;

#[test]
fn the_module_loads_binds_and_unloads() {
    let _serial = serial();
    let baseline = Baseline::now();
    let drivers = phy::registered_drivers();
    let args = c"retries=5 verbose offset=-7 budget=18446744073709551615 small=65535 big=12";
    assert_eq!(loader::load::<Hygiene>(args), Ok(()));
    assert_eq!(
        phy::registered_drivers(),
        drivers + 2,
        "both drivers registered"
    );
    assert_eq!(
        (params::retries(), params::verbose(), params::offset()),
        (5, true, -7)
    );
    assert_eq!(
        (params::budget(), params::small(), params::big()),
        (u64::MAX, u16::MAX, 12)
    );
    assert_eq!(
        Hygiene::DEVICE_TABLE.map(|id| id.id()),
        [AX88772A, AX88772C, 0],
        "the device table follows the drivers"
    );

    let bus = phy::Bus::new();
    bus.add_phy(1, AX88772A);
    bus.add_phy(2, AX88772C);
    let a = bus.scan(1).expect("scan");
    let c = bus.scan(2).expect("scan");
    assert_eq!(a.driver().as_deref(), Some("hygiene AX88772A"));
    assert_eq!(
        c.driver().as_deref(),
        Some("hygiene AX88772C"),
        "by match_phy_device"
    );
    a.attach().expect("attach: soft_reset through the view");
    bus.cable(1, Some(0x01e1));
    a.start();
    bus.settle(1);
    a.poll();
    assert!(a.link(), "read_status with its data");
    a.stop();
    a.detach();
    drop((a, c));
    drop(bus);

    assert_eq!(loader::unload::<Hygiene>(), Ok(()));
    assert_eq!(
        phy::registered_drivers(),
        drivers,
        "the registration was dropped, not leaked through the crate's `drop`"
    );
    assert_eq!(loader::load::<Hygiene>(c""), Ok(()), "and loads again");
    assert_eq!(params::retries(), 5, "parameters keep their last value");
    assert_eq!(loader::unload::<Hygiene>(), Ok(()));
    baseline.check();
}

#[test]
fn the_disk_serves_io() {
    let _serial = serial();
    let baseline = Baseline::now();
    let disk = kbridge_hygiene::disk(kbridge_tests::test_module()).expect("disk");
    let opened = blk::Opened::new(&disk).expect("open");
    let mut data: Vec<u8> = (0..4096).map(|i| (i % 251) as u8).collect();
    blk::io(&disk, 0, Operation::Write, 0, &mut data, 0).expect("write");
    let mut back = vec![0u8; 4096];
    blk::io(&disk, 0, Operation::Read, 0, &mut back, 512).expect("read");
    assert_eq!(back, data);
    drop(opened);
    drop(disk);
    baseline.check();
}

unsafe extern "C" {
    fn kbridge_selftest_strings(
        name: *const c_char,
        label: *const c_char,
        twice: bool,
        delta: i64,
    ) -> i64;
    fn kbridge_selftest_buffers(
        input: *const u8,
        input_len: usize,
        output: *mut u8,
        used: usize,
        output_size: usize,
        table: *const u16,
        table_len: usize,
        scratch: *mut u16,
        scratch_len: usize,
    ) -> usize;
    fn kbridge_selftest_plain(value: u32);
}

#[test]
fn every_kind_of_exported_parameter_crosses() {
    let _serial = serial();
    let name = CString::new("hygiene").expect("no NUL");
    // SAFETY: every pointer is NULL or a live string or buffer of the length given.
    unsafe {
        kbridge_selftest_plain(100);
        assert_eq!(
            kbridge_selftest_strings(name.as_ptr(), c"ab".as_ptr(), true, -1),
            14 + 2 - 1 + 100
        );
        assert_eq!(
            kbridge_selftest_strings(name.as_ptr(), std::ptr::null(), false, 0),
            107
        );
        assert_eq!(
            kbridge_selftest_strings(std::ptr::null(), c"ab".as_ptr(), false, 5),
            0,
            "a required string is NULL: refused"
        );
        let input = [1u8, 2, 3];
        let mut output = [9u8; 8];
        let table = [10u16, 20];
        let mut scratch = [7u16; 4];
        let got = kbridge_selftest_buffers(
            input.as_ptr(),
            3,
            output.as_mut_ptr(),
            2,
            8,
            table.as_ptr(),
            2,
            scratch.as_mut_ptr(),
            4,
        );
        assert_eq!(got, 3 + 30);
        assert_eq!(output, [9, 9, 1, 2, 3, 9, 9, 9]);
        assert_eq!(scratch, [0, 1, 2, 3]);
        let none = kbridge_selftest_buffers(
            input.as_ptr(),
            3,
            std::ptr::null_mut(),
            0,
            0,
            std::ptr::null(),
            0,
            scratch.as_mut_ptr(),
            4,
        );
        assert_eq!(none, 0, "optional buffers NULL");
        // A length over isize::MAX bytes: refused before any reference exists (through
        // the crate's `isize::MAX`, which is usize::MAX, it would have passed).
        let huge = kbridge_selftest_buffers(
            input.as_ptr(),
            3,
            std::ptr::null_mut(),
            0,
            0,
            std::ptr::null(),
            0,
            scratch.as_mut_ptr(),
            usize::MAX / 2,
        );
        assert_eq!(huge, 0);
        // Overlapping buffers where one is written: refused.
        let overlap = kbridge_selftest_buffers(
            output.as_ptr(),
            4,
            output.as_mut_ptr(),
            0,
            8,
            std::ptr::null(),
            0,
            scratch.as_mut_ptr(),
            4,
        );
        assert_eq!(overlap, 0);
    }
}
