//! The generated safe API as a driver sees it, in a crate that forbids `unsafe`: ops
//! traits with #[vtable], a module with #[kernel_driver], device-id tables derived from
//! the drivers, errno constants and the return patterns.

#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::driver::{DriverOf, Registrar};
use kernel::error::{self, code};
use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

struct Exact;

#[vtable]
impl phy::Driver for Exact {
    const NAME: &'static CStr = c"kbridge exact";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0x003b_1861);

    fn read_status(dev: &mut phy::Device) -> Result {
        let status = dev.genphy_read_status();
        dev.set_link(true);
        status
    }

    fn soft_reset(dev: &phy::UnlockedDevice) -> Result {
        dev.write(0, 0x8000)
    }
}

struct Model;

#[vtable]
impl phy::Driver for Model {
    const NAME: &'static CStr = c"kbridge model";
    const FLAGS: u32 = 4;
    const DEVICE_ID: DeviceId = DeviceId::new_with_model_mask(0x003b_1841);

    fn match_phy_device(dev: &phy::CandidateDevice) -> bool {
        Self::DEVICE_ID.matches(dev.phy_id())
    }
}

#[kernel_driver(
    name = "kbridge_test_phys",
    license = "GPL",
    author = "kbridge",
    description = "two PHY drivers in one module",
    drivers = [Exact, Model],
    device_table = "mdio",
    params = {
        /// How many times to retry a register read
        retries: u32 = 3,
        /// Log every register access
        verbose: bool = false,
        /// Signed offset applied to the link speed
        speed_offset: i32 = -1,
        /// A 64-bit budget
        budget: u64 = 1 << 40,
    },
)]
struct TestPhys(phy::Registration);

struct Queue;

#[vtable]
impl mq::Operations for Queue {
    type QueueData = ();

    fn queue_rq(
        _hw: &mq::HwCtx,
        rq: kernel::types::Owned<mq::Request<Self>>,
        _last: bool,
    ) -> Result<(), mq::Busy<Self>> {
        rq.start();
        mq::Request::end(rq, Err(code::EIO));
        Ok(())
    }
}

#[test]
fn vtable_marks_exactly_the_implemented_callbacks() {
    let marked = [
        <Exact as phy::Driver>::HAS_READ_STATUS,
        <Exact as phy::Driver>::HAS_SOFT_RESET,
        <Exact as phy::Driver>::HAS_MATCH_PHY_DEVICE,
        <Exact as phy::Driver>::HAS_SUSPEND,
        <Model as phy::Driver>::HAS_MATCH_PHY_DEVICE,
        <Model as phy::Driver>::HAS_READ_STATUS,
        <Queue as mq::Operations>::HAS_QUEUE_RQ,
        <Queue as mq::Operations>::HAS_COMPLETE,
    ];
    assert_eq!(marked, [true, true, false, false, true, false, true, false]);
}

#[test]
fn the_device_table_is_derived_from_the_drivers() {
    let table = TestPhys::DEVICE_TABLE;
    assert_eq!(table.len(), 3);
    assert_eq!((table[0].id(), table[0].mask()), (0x003b_1861, 0xffff_ffff));
    assert_eq!((table[1].id(), table[1].mask()), (0x003b_1841, 0xffff_fff0));
    assert_eq!(
        (table[2].id(), table[2].mask()),
        (0, 0),
        "the table ends with a zero entry"
    );
    assert_eq!(
        <Exact as DriverOf<phy::Registration>>::ID.id(),
        table[0].id()
    );
    assert_eq!(
        <phy::Registration as Registrar>::ID_END.mask(),
        0,
        "the end marker matches nothing"
    );
}

#[test]
fn device_ids_match_under_their_masks() {
    let model = DeviceId::new_with_model_mask(0x003b_1841);
    assert!(
        model.matches(0x003b_1849),
        "model mask ignores the revision nibble"
    );
    assert!(!model.matches(0x003b_1851));
    let vendor = DeviceId::new_with_vendor_mask(0x003b_1841);
    assert!(vendor.matches(0x003b_1800));
    assert!(!vendor.matches(0x003c_1841));
    let exact = DeviceId::new_with_exact_mask(0x003b_1861);
    assert!(exact.matches(0x003b_1861) && !exact.matches(0x003b_1862));
    let custom = DeviceId::new_with_custom_mask(0x10, 0xf0);
    assert!(custom.matches(0x1f) && !custom.matches(0x20));
}

#[test]
fn errno_constants_come_from_the_headers() {
    assert_eq!(code::EINVAL.to_errno(), -22);
    assert_eq!(code::EOPNOTSUPP.to_errno(), -95);
    assert_eq!(code::EPROBE_DEFER.to_errno(), -517);
    assert_eq!(format!("{:?}", code::ENODEV), "ENODEV");
    assert_eq!(
        format!("{:?}", Error::from_errno(-11)),
        "EAGAIN",
        "duplicates name the first"
    );
    assert_eq!(Error::from_errno(-100_000), code::EINVAL, "not an errno");
    assert_eq!(
        Error::from_errno(7),
        code::EINVAL,
        "success is not an error"
    );
}

#[test]
fn return_patterns_convert_both_ways() {
    assert_eq!(error::to_result(0), Ok(()));
    assert_eq!(error::to_result(3), Ok(()));
    assert_eq!(error::to_result(-5), Err(code::EIO));
    assert_eq!(error::to_value::<u16>(0x1234), Ok(0x1234));
    assert_eq!(error::to_value::<u16>(0x1_0000), Err(code::ERANGE));
    assert_eq!(error::to_value::<u16>(-19), Err(code::ENODEV));
    // A signed value type holds an errno too: it must still come out as the error.
    assert_eq!(error::to_value::<i32>(-19), Err(code::ENODEV));
    assert_eq!(error::to_value::<i32>(i32::MAX), Ok(i32::MAX));
    assert_eq!(error::to_value::<u32>(0), Ok(0));
    assert_eq!(error::from_result(Err(code::EBUSY)), -16);
    assert_eq!(
        error::from_value::<u32>(Ok(u32::MAX)),
        code::ERANGE.to_errno()
    );
    assert_eq!(error::from_value::<u16>(Ok(7)), 7);
}

#[test]
fn generated_enums_reject_values_the_headers_do_not_name() {
    assert_eq!(
        phy::DeviceState::from_raw(5),
        Some(phy::DeviceState::Running)
    );
    assert_eq!(phy::DeviceState::from_raw(99), None);
    assert_eq!(phy::DeviceState::NoLink.to_raw(), 6);
    assert_eq!(mq::Operation::from_raw(1), Some(mq::Operation::Write));
    assert_eq!(mq::Operation::from_raw(4), None, "a gap in req_op");
}

#[test]
fn queue_limits_refuse_what_the_block_layer_would_reject() {
    let limits = mq::QueueLimits::new();
    for bad in [0, 256, 511, 1000, 3072, 8192, 65536] {
        assert_eq!(
            limits.logical_block_size(bad).err(),
            Some(code::EINVAL),
            "logical block size {bad}"
        );
        assert_eq!(
            limits.physical_block_size(bad).err(),
            Some(code::EINVAL),
            "physical block size {bad}"
        );
    }
    // blk_validate_limits() WARNs on less than a page per request (PAGE_SECTORS).
    for bad in [0, 1, 7] {
        assert_eq!(
            limits.max_hw_sectors(bad).err(),
            Some(code::EINVAL),
            "max_hw_sectors {bad}"
        );
    }
    let set = limits
        .logical_block_size(512)
        .and_then(|l| l.physical_block_size(4096))
        .and_then(|l| l.max_hw_sectors(255))
        .expect("512 and 4096 are powers of two in 512..=PAGE_SIZE, 255 sectors hold a page");
    let raw = set.to_raw();
    assert_eq!(
        (
            raw.logical_block_size,
            raw.physical_block_size,
            raw.max_hw_sectors
        ),
        (512, 4096, 255)
    );
    assert_eq!(
        raw.max_dev_sectors, 0,
        "fields not set stay 0 (C's default)"
    );
}

#[test]
fn disk_names_must_fit_their_c_field() {
    use kernel::str::{NameBuf, name_array};
    let name: [u8; 32] = name_array("nullb0").expect("fits");
    assert_eq!(&name[..7], b"nullb0\0");
    assert_eq!(name_array::<32>(&"x".repeat(31)).map(|n| n[31]), Ok(0));
    assert_eq!(name_array::<32>(&"x".repeat(32)).err(), Some(code::EINVAL));
    assert_eq!(name_array::<32>("").err(), Some(code::EINVAL));
    assert_eq!(name_array::<32>("nul\0b").err(), Some(code::EINVAL));
    let made = NameBuf::<8>::format(format_args!("nullb{}", 12)).expect("fits");
    assert_eq!(made.as_str(), "nullb12");
    assert!(NameBuf::<8>::format(format_args!("nullb{}", 1234)).is_err());
}

#[test]
fn module_parameters_are_typed_and_set_by_the_loader_as_the_kernel_does() {
    use kbridge_tests::loader::apply_params;
    let table = kbridge_tests::loader::params::<TestPhys>();
    assert_eq!(table.len(), 4);
    assert_eq!(
        (params::retries(), params::verbose(), params::speed_offset()),
        (3, false, -1),
        "defaults before load"
    );
    assert_eq!(params::budget(), 1 << 40);
    assert_eq!(
        apply_params(
            table,
            c"retries=0x10 verbose speed-offset=-42 budget=18446744073709551615 unknown=1"
        ),
        Ok(())
    );
    assert_eq!(params::retries(), 16, "base 0: 0x is hex");
    assert!(params::verbose(), "a bare bool parameter means true");
    assert_eq!(params::speed_offset(), -42, "dashes match underscores");
    assert_eq!(params::budget(), u64::MAX);
    assert_eq!(apply_params(table, c"verbose=off"), Ok(()));
    assert!(!params::verbose());
    // Refused values: the parser's errno, and the value is unchanged.
    assert_eq!(
        apply_params(table, c"retries=4294967296"),
        Err(-34),
        "ERANGE"
    );
    assert_eq!(apply_params(table, c"retries=12abc"), Err(-22), "EINVAL");
    assert_eq!(
        apply_params(table, c"retries"),
        Err(-22),
        "a uint needs a value"
    );
    assert_eq!(apply_params(table, c"verbose=maybe"), Err(-22));
    assert_eq!(apply_params(table, c"speed_offset=2147483648"), Err(-34));
    assert_eq!(params::retries(), 16);
}
