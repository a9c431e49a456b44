//! The generated C shim, compiled and linked by the kernel crate's build script, called
//! from Rust: static inline functions, function-like macros, and a chain through the
//! c-shim model back into Rust callbacks.
//!
//! These tests exercise the raw layer, which is `unsafe` by nature; each call says why
//! its pointers are valid.

use std::cell::RefCell;
use std::ptr;

use kernel::bindings::*;
use kernel::ffi::{c_int, c_long, c_void};

// The model crate provides the MDIO core; make sure it is linked.
use c_shim as _;

thread_local! {
    /// (addr, regnum, written value) of each bus access, in order.
    static BUS_LOG: RefCell<Vec<(c_int, c_int, Option<u16>)>> = const { RefCell::new(Vec::new()) };
}

/// The value the fake PHY's registers read as: the register number in the high byte.
fn register_value(regnum: c_int) -> c_int {
    0x4000 | (regnum << 8) | 0x21
}

extern "C" fn bus_read(_bus: *mut mii_bus, addr: c_int, regnum: c_int) -> c_int {
    BUS_LOG.with(|log| log.borrow_mut().push((addr, regnum, None)));
    register_value(regnum)
}

extern "C" fn bus_write(_bus: *mut mii_bus, addr: c_int, regnum: c_int, val: u16) -> c_int {
    BUS_LOG.with(|log| log.borrow_mut().push((addr, regnum, Some(val))));
    0
}

fn take_bus_log() -> Vec<(c_int, c_int, Option<u16>)> {
    BUS_LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
}

unsafe extern "C" {
    /// The lockdep class the model's `__blk_mq_alloc_disk` was last given (opaque here,
    /// as `struct lock_class_key` is an empty struct in the model).
    fn kbridge_model_last_lock_class() -> *mut c_void;
}

#[test]
fn phy_read_and_phy_write_reach_the_bus_driver() {
    let mut bus = mii_bus {
        read: Some(bus_read),
        write: Some(bus_write),
        ..Default::default()
    };
    let mut phy = phy_device::default();
    phy.mdio.bus = &mut bus;
    phy.mdio.addr = 3;

    // SAFETY: `phy` and `bus` outlive the calls; the shims only read phy.mdio and the
    // model only calls bus.read/bus.write.
    let (bmsr, written, set) = unsafe {
        (
            phy_read(&mut phy, MII_BMSR as u32_),
            phy_write(&mut phy, MII_BMCR as u32_, BMCR_RESET as u16),
            phy_set_bits(&mut phy, MII_BMCR as u32_, BMCR_ANENABLE as u16),
        )
    };
    assert_eq!(bmsr, register_value(MII_BMSR));
    assert_eq!(written, 0);
    assert_eq!(set, 0);
    let before = register_value(MII_BMCR) as u16;
    assert_eq!(
        take_bus_log(),
        [
            (3, MII_BMSR, None),
            (3, MII_BMCR, Some(BMCR_RESET as u16)),
            (3, MII_BMCR, None),
            (3, MII_BMCR, Some(before | BMCR_ANENABLE as u16)),
        ]
    );
}

#[test]
fn bus_errors_come_back_as_negative_errno() {
    let mut bus = mii_bus {
        read: Some(bus_read),
        ..Default::default()
    };
    let mut phy = phy_device::default();
    phy.mdio.bus = &mut bus;
    phy.mdio.addr = PHY_MAX_ADDR;
    // SAFETY: as above; the model rejects the address before calling the bus.
    let out_of_range = unsafe { phy_read(&mut phy, MII_BMSR as u32_) };
    phy.mdio.addr = 1;
    // SAFETY: as above; the bus has no write callback, which the model reports.
    let no_write = unsafe { phy_write(&mut phy, MII_BMCR as u32_, 0) };
    assert_eq!(out_of_range, -ENXIO);
    assert_eq!(no_write, -EOPNOTSUPP);
    assert!(take_bus_log().is_empty());
}

#[test]
fn error_pointers_round_trip() {
    let value = 7u32;
    let valid = (&raw const value).cast::<c_void>();
    // SAFETY: these functions only compare and convert pointer values.
    unsafe {
        let err = ERR_PTR(-(ENOMEM as c_long));
        assert!(IS_ERR(err));
        assert_eq!(PTR_ERR(err), -(ENOMEM as c_long));
        assert_eq!(PTR_ERR_OR_ZERO(err), -ENOMEM);
        assert!(!IS_ERR(valid));
        assert_eq!(PTR_ERR_OR_ZERO(valid), 0);
        assert!(IS_ERR_OR_NULL(ptr::null()));
        assert!(!IS_ERR_OR_NULL(valid));
        assert!(IS_ERR(ERR_PTR(-(MAX_ERRNO as c_long))));
        assert!(!IS_ERR(ERR_PTR(-(MAX_ERRNO as c_long) - 1)));
    }
}

#[test]
fn request_helpers_read_the_request() {
    #[repr(C)]
    struct WithPdu {
        rq: request,
        pdu: [u64; 2],
    }
    let mut cmd = WithPdu {
        rq: request::default(),
        pdu: [0; 2],
    };
    cmd.rq.__sector = 2048;
    cmd.rq.__data_len = 8192;
    cmd.rq.cmd_flags = req_op_REQ_OP_WRITE | (1 << REQ_OP_BITS);
    let rq = &raw mut cmd.rq;
    // SAFETY: `rq` points to a request followed by its PDU, as blk-mq allocates them.
    unsafe {
        assert_eq!(blk_mq_rq_to_pdu(rq), (&raw mut cmd.pdu).cast::<c_void>());
        assert_eq!(blk_mq_rq_from_pdu(blk_mq_rq_to_pdu(rq)), rq);
        assert_eq!(blk_rq_pos(rq), 2048);
        assert_eq!(blk_rq_bytes(rq), 8192);
        assert_eq!(blk_rq_sectors(rq), 16);
        assert_eq!(req_op(rq), req_op_REQ_OP_WRITE);
        assert!(op_is_write(cmd.rq.cmd_flags));
        assert!(!op_is_write(req_op_REQ_OP_READ));
    }
}

#[test]
fn driver_data_is_stored_in_the_device() {
    let mut dev = device::default();
    let mut data = 42u32;
    // SAFETY: `dev` is a live device; the pointer stored is only compared.
    unsafe {
        assert!(dev_get_drvdata(&dev).is_null());
        dev_set_drvdata(&mut dev, (&raw mut data).cast());
        assert_eq!(dev_get_drvdata(&dev), (&raw mut data).cast::<c_void>());
    }
    assert_eq!(dev.driver_data, (&raw mut data).cast::<c_void>());
}

#[test]
fn macro_shims_forward_through_inline_functions() {
    // kzalloc is a macro over kzalloc_noprof (static inline), which adds __GFP_ZERO and
    // calls kmalloc_noprof (static inline), which calls the model's __kmalloc_noprof.
    // A block is dirtied and freed first, so the allocator's reuse of it shows whether
    // __GFP_ZERO arrived.
    // SAFETY: each block is used within its 64 bytes and freed once.
    let zeroed = unsafe {
        let dirty = kmalloc(64, GFP_KERNEL);
        assert!(!dirty.is_null());
        ptr::write_bytes(dirty.cast::<u8>(), 0xaa, 64);
        kfree(dirty);
        let p = kzalloc(64, GFP_KERNEL);
        assert!(!p.is_null());
        let zeroed = std::slice::from_raw_parts(p.cast::<u8>(), 64)
            .iter()
            .all(|b| *b == 0);
        kfree(p);
        zeroed
    };
    assert!(zeroed, "kzalloc memory is zeroed");
}

#[test]
fn blk_mq_alloc_disk_passes_one_static_lock_class() {
    let mut set = blk_mq_tag_set::default();
    let mut lim = queue_limits::default();
    let mut queuedata = 0u8;
    // SAFETY: the tag set was never allocated, so the model refuses both calls after
    // noting the lock class; nothing is kept.
    let (first, first_key, second, second_key) = unsafe {
        let first = blk_mq_alloc_disk(&mut set, &mut lim, (&raw mut queuedata).cast());
        let first_key = kbridge_model_last_lock_class();
        let second = blk_mq_alloc_disk(&mut set, ptr::null_mut(), ptr::null_mut());
        (first, first_key, second, kbridge_model_last_lock_class())
    };
    // SAFETY: these only compare pointer values.
    unsafe {
        assert_eq!(
            PTR_ERR(first.cast()),
            -(EINVAL as c_long),
            "no tags: EINVAL"
        );
        assert_eq!(PTR_ERR(second.cast()), -(EINVAL as c_long));
    }
    assert!(
        !first_key.is_null(),
        "the macro's static lock_class_key is passed"
    );
    assert_eq!(first_key, second_key, "one shim, one static key");
}

#[test]
fn typed_constants_keep_their_c_types() {
    let status: blk_status_t = BLK_STS_IOERR;
    assert_eq!(status, 10);
    let flags: gfp_t = GFP_KERNEL;
    assert_eq!(flags, (1 << 10) | (1 << 11) | (1 << 6) | (1 << 7));
    assert_eq!(PHY_ANY_ID.to_bytes(), b"MATCH ANY PHY");
    assert_eq!(SPEED_UNKNOWN, -1);
}
