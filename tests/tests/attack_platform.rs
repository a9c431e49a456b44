//! Attacks on `kernel::platform`'s per-device data (kernel/src/device_data.rs and the
//! generated trampolines), from safe driver code only: two Rust drivers of different
//! data types taking the same device in turn (driver_override), C drivers of
//! tests/c/platform_probe.c binding it before and after and leaving their driver data
//! set, a probe that fails after a C one stored its data, zero-sized and over-aligned
//! data, data holding `'static` references, a probe and a remove that call into the bus
//! (unbinding, adding and reprobing other devices), the same driver type in two modules,
//! a module whose second driver is refused after the first bound a device, unloading
//! while bound, shutdown before and after unbind, an allocation failure when the data is
//! parked, concurrent unbind/reprobe/override/shutdown, and a probe that panics.
//!
//! Each test checks that the data a callback sees is the one its own probe made (a magic
//! value and a checksum per type), that it is dropped exactly once, after remove, and
//! that the model is back to its baseline; scripts/test.sh's valgrind run turns a read of
//! freed data or a lost box into a failure.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use kbridge_tests::blk;
use kbridge_tests::core_model::Baseline;
use kbridge_tests::loader;
use kbridge_tests::platform::{self as bus, CDriver, Device as BusDevice, Stat, Which};
use kernel::platform::{Device, Driver};
use kernel::prelude::*;

static SERIAL: Mutex<()> = Mutex::new(());

// --- what the drivers record ----------------------------------------------------------

/// Live data of every driver: made by a probe and not yet dropped.
static LIVE: AtomicI32 = AtomicI32::new(0);
/// Data dropped, per kind.
static ALPHA_DROPS: AtomicUsize = AtomicUsize::new(0);
static BETA_DROPS: AtomicUsize = AtomicUsize::new(0);
static ZST_DROPS: AtomicUsize = AtomicUsize::new(0);
static BIG_ALIGN_DROPS: AtomicUsize = AtomicUsize::new(0);
/// Callbacks that found data that was not what their probe made (must stay 0).
static CORRUPT: AtomicUsize = AtomicUsize::new(0);
/// Removes and shutdowns per kind.
static ALPHA_REMOVES: AtomicUsize = AtomicUsize::new(0);
static ALPHA_SHUTDOWNS: AtomicUsize = AtomicUsize::new(0);
static BETA_REMOVES: AtomicUsize = AtomicUsize::new(0);
static BETA_SHUTDOWNS: AtomicUsize = AtomicUsize::new(0);
static ZST_REMOVES: AtomicUsize = AtomicUsize::new(0);
static ZST_SHUTDOWNS: AtomicUsize = AtomicUsize::new(0);
static BIG_ALIGN_PROBES: AtomicUsize = AtomicUsize::new(0);
static BIG_ALIGN_REMOVES: AtomicUsize = AtomicUsize::new(0);
/// Number given to the next Alpha/Beta data; what remove saw last.
static NEXT: AtomicU32 = AtomicU32::new(1);
static ALPHA_REMOVE_SAW: AtomicU32 = AtomicU32::new(0);
static BETA_REMOVE_SAW: AtomicU32 = AtomicU32::new(0);
/// The device address a probe was given, kept as a plain number (never dereferenced) so
/// remove can check it gets the data of its own device.
static LAST_PROBED_ADDR: AtomicU64 = AtomicU64::new(0);

fn reset() {
    LIVE.store(0, Ordering::SeqCst);
    for counter in [
        &ALPHA_DROPS,
        &BETA_DROPS,
        &ZST_DROPS,
        &BIG_ALIGN_DROPS,
        &CORRUPT,
        &ALPHA_REMOVES,
        &ALPHA_SHUTDOWNS,
        &BETA_REMOVES,
        &BETA_SHUTDOWNS,
        &ZST_REMOVES,
        &ZST_SHUTDOWNS,
        &BIG_ALIGN_PROBES,
        &BIG_ALIGN_REMOVES,
        &REENTRANT_PROBES,
        &REENTRANT_REMOVES,
        &REF_SHUTDOWNS,
        &BYID_DROPS,
        &WIDE_PROBES,
    ] {
        counter.store(0, Ordering::SeqCst);
    }
    NEXT.store(1, Ordering::SeqCst);
    ALPHA_REMOVE_SAW.store(0, Ordering::SeqCst);
    BETA_REMOVE_SAW.store(0, Ordering::SeqCst);
    ALPHA_FAIL.store(false, Ordering::SeqCst);
    REF_COUNTER.store(0, Ordering::SeqCst);
}

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    reset();
    (serial, Baseline::now())
}

fn corrupt() {
    CORRUPT.fetch_add(1, Ordering::SeqCst);
}

fn addr(dev: &Device) -> u64 {
    dev.as_raw() as usize as u64
}

// --- Alpha: a number, a magic, the device's address and a heap payload ----------------

const ALPHA_MAGIC: u64 = 0xA1FA_A1FA_A1FA_A1FA;

struct AlphaData {
    magic: u64,
    number: u32,
    device: u64,
    payload: Vec<u8>,
}

impl AlphaData {
    fn check(&self, dev: &Device) {
        let sum: u32 = self.payload.iter().map(|&b| u32::from(b)).sum();
        if self.magic != ALPHA_MAGIC
            || self.device != addr(dev)
            || self.payload.len() != 64
            || sum != 64 * (self.number & 0xff)
        {
            corrupt();
        }
    }
}

impl Drop for AlphaData {
    fn drop(&mut self) {
        if self.magic != ALPHA_MAGIC {
            corrupt();
        }
        self.magic = 0;
        ALPHA_DROPS.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

static ALPHA_FAIL: AtomicBool = AtomicBool::new(false);

struct Alpha;

#[vtable]
impl Driver for Alpha {
    type DeviceData = AlphaData;
    const NAME: &'static CStr = c"atk-alpha";

    fn probe(dev: &Device) -> Result<AlphaData> {
        let number = NEXT.fetch_add(1, Ordering::SeqCst);
        LAST_PROBED_ADDR.store(addr(dev), Ordering::SeqCst);
        LIVE.fetch_add(1, Ordering::SeqCst);
        let data = AlphaData {
            magic: ALPHA_MAGIC,
            number,
            device: addr(dev),
            payload: vec![(number & 0xff) as u8; 64],
        };
        if ALPHA_FAIL.load(Ordering::SeqCst) {
            // The data is made and dropped here: nothing may be left in the device.
            drop(data);
            return Err(EIO);
        }
        Ok(data)
    }

    fn remove(dev: &Device, data: &AlphaData) {
        data.check(dev);
        ALPHA_REMOVES.fetch_add(1, Ordering::SeqCst);
        ALPHA_REMOVE_SAW.store(data.number, Ordering::SeqCst);
    }

    fn shutdown(dev: &Device, data: &AlphaData) {
        data.check(dev);
        ALPHA_SHUTDOWNS.fetch_add(1, Ordering::SeqCst);
    }
}

// --- Beta: a different type, laid out differently (a String first) -----------------

struct BetaData {
    text: String,
    number: u32,
    /// kmalloc memory of its own, which the model counts: a leak or a double free of
    /// the data shows in the baseline and under valgrind.
    boxed: KBox<[u64; 4]>,
}

impl BetaData {
    fn check(&self) {
        let n = u64::from(self.number);
        if self.text != format!("beta-{}", self.number) || *self.boxed != [n, n + 1, n + 2, n + 3] {
            corrupt();
        }
    }
}

impl Drop for BetaData {
    fn drop(&mut self) {
        self.check();
        BETA_DROPS.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Beta;

#[vtable]
impl Driver for Beta {
    type DeviceData = BetaData;
    const NAME: &'static CStr = c"atk-beta";

    fn probe(_dev: &Device) -> Result<BetaData> {
        let number = NEXT.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_add(1, Ordering::SeqCst);
        let n = u64::from(number);
        let boxed = match KBox::new([n, n + 1, n + 2, n + 3]) {
            Ok(boxed) => boxed,
            Err(error) => {
                LIVE.fetch_sub(1, Ordering::SeqCst);
                return Err(error);
            }
        };
        Ok(BetaData {
            text: format!("beta-{number}"),
            number,
            boxed,
        })
    }

    fn remove(_dev: &Device, data: &BetaData) {
        data.check();
        BETA_REMOVES.fetch_add(1, Ordering::SeqCst);
        BETA_REMOVE_SAW.store(data.number, Ordering::SeqCst);
    }

    fn shutdown(_dev: &Device, data: &BetaData) {
        data.check();
        BETA_SHUTDOWNS.fetch_add(1, Ordering::SeqCst);
    }
}

// --- zero-sized data, of alignment 1 and 8 --------------------------------------------

struct ZstData;

impl Drop for ZstData {
    fn drop(&mut self) {
        ZST_DROPS.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Zst;

#[vtable]
impl Driver for Zst {
    type DeviceData = ZstData;
    const NAME: &'static CStr = c"atk-zst";

    fn probe(_dev: &Device) -> Result<ZstData> {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Ok(ZstData)
    }

    fn remove(_dev: &Device, _data: &ZstData) {
        ZST_REMOVES.fetch_add(1, Ordering::SeqCst);
    }

    fn shutdown(_dev: &Device, _data: &ZstData) {
        ZST_SHUTDOWNS.fetch_add(1, Ordering::SeqCst);
    }
}

struct ZstAligned([u64; 0]);

impl Drop for ZstAligned {
    fn drop(&mut self) {
        ZST_DROPS.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Zst8;

#[vtable]
impl Driver for Zst8 {
    type DeviceData = ZstAligned;
    const NAME: &'static CStr = c"atk-zst8";

    fn probe(_dev: &Device) -> Result<ZstAligned> {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Ok(ZstAligned([]))
    }

    fn remove(_dev: &Device, data: &ZstAligned) {
        if !(core::ptr::from_ref(data) as usize).is_multiple_of(8) {
            corrupt();
        }
        ZST_REMOVES.fetch_add(1, Ordering::SeqCst);
    }
}

// --- data aligned beyond what kmalloc guarantees --------------------------------------

#[repr(align(64))]
struct BigAlign {
    bytes: [u8; 64],
}

impl Drop for BigAlign {
    fn drop(&mut self) {
        if self.bytes != [0x5a; 64] {
            corrupt();
        }
        BIG_ALIGN_DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

struct Aligned64;

#[vtable]
impl Driver for Aligned64 {
    type DeviceData = BigAlign;
    const NAME: &'static CStr = c"atk-align64";

    fn probe(_dev: &Device) -> Result<BigAlign> {
        BIG_ALIGN_PROBES.fetch_add(1, Ordering::SeqCst);
        Ok(BigAlign { bytes: [0x5a; 64] })
    }

    fn remove(_dev: &Device, data: &BigAlign) {
        if !(core::ptr::from_ref(data) as usize).is_multiple_of(64) {
            corrupt();
        }
        BIG_ALIGN_REMOVES.fetch_add(1, Ordering::SeqCst);
    }
}

/// `u128` is 16-aligned on x86_64 (Rust 1.77+), so data holding one is refused too.
static WIDE_PROBES: AtomicUsize = AtomicUsize::new(0);

struct Wide;

#[vtable]
impl Driver for Wide {
    type DeviceData = u128;
    const NAME: &'static CStr = c"atk-wide";

    fn probe(_dev: &Device) -> Result<u128> {
        WIDE_PROBES.fetch_add(1, Ordering::SeqCst);
        Ok(u128::MAX)
    }
}

// --- data holding 'static references ----------------------------------------------------

static REF_COUNTER: AtomicU32 = AtomicU32::new(0);
static REF_SHUTDOWNS: AtomicUsize = AtomicUsize::new(0);
static GREETING: &str = "a 'static str kept in device data";

struct RefData {
    counter: &'static AtomicU32,
    text: &'static str,
    table: &'static [u64],
}

struct Refs;

#[vtable]
impl Driver for Refs {
    type DeviceData = RefData;
    const NAME: &'static CStr = c"atk-refs";

    fn probe(_dev: &Device) -> Result<RefData> {
        static TABLE: [u64; 3] = [1, 2, 3];
        REF_COUNTER.fetch_add(1, Ordering::SeqCst);
        Ok(RefData {
            counter: &REF_COUNTER,
            text: GREETING,
            table: &TABLE,
        })
    }

    fn remove(_dev: &Device, data: &RefData) {
        if data.text != GREETING || data.table != [1, 2, 3] {
            corrupt();
        }
        data.counter.fetch_add(100, Ordering::SeqCst);
    }

    fn shutdown(_dev: &Device, data: &RefData) {
        data.counter.fetch_add(10, Ordering::SeqCst);
        REF_SHUTDOWNS.fetch_add(1, Ordering::SeqCst);
    }
}

// --- a driver whose probe and remove call into the bus ----------------------------------

/// A device a Reentrant probe unbinds (bound to Alpha), and one its remove reprobes.
static VICTIM: Mutex<Option<BusDevice>> = Mutex::new(None);
/// A device a Reentrant probe adds (matching Alpha), kept until the test drops it.
static SPAWNED: Mutex<Option<BusDevice>> = Mutex::new(None);
static REENTRANT_PROBES: AtomicUsize = AtomicUsize::new(0);
static REENTRANT_REMOVES: AtomicUsize = AtomicUsize::new(0);

struct ReentrantData {
    magic: u64,
}

const REENTRANT_MAGIC: u64 = 0x5EE5_5EE5_0000_0001;

impl Drop for ReentrantData {
    fn drop(&mut self) {
        if self.magic != REENTRANT_MAGIC {
            corrupt();
        }
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Reentrant;

#[vtable]
impl Driver for Reentrant {
    type DeviceData = ReentrantData;
    const NAME: &'static CStr = c"atk-reentrant";

    fn probe(_dev: &Device) -> Result<ReentrantData> {
        REENTRANT_PROBES.fetch_add(1, Ordering::SeqCst);
        LIVE.fetch_add(1, Ordering::SeqCst);
        // Unbind another device (Alpha's remove runs inside this probe)...
        if let Some(victim) = VICTIM.lock().unwrap().as_ref() {
            victim.unbind();
        }
        // ...and add one more, which Alpha probes inside this probe.
        let mut spawned = BusDevice::new(c"atk-alpha", 77);
        spawned.add().map_err(|_| ENODEV)?;
        *SPAWNED.lock().unwrap() = Some(spawned);
        Ok(ReentrantData {
            magic: REENTRANT_MAGIC,
        })
    }

    fn remove(_dev: &Device, data: &ReentrantData) {
        if data.magic != REENTRANT_MAGIC {
            corrupt();
        }
        REENTRANT_REMOVES.fetch_add(1, Ordering::SeqCst);
        // Rebind the victim (Alpha probes inside this remove) and take the spawned
        // device away (Alpha's remove runs inside this remove).
        if let Some(victim) = VICTIM.lock().unwrap().as_ref() {
            victim.reprobe();
        }
        drop(SPAWNED.lock().unwrap().take());
    }
}

// --- modules ------------------------------------------------------------------------------

#[kernel_driver(name = "attack_platform", license = "GPL",
                drivers = [Alpha, Beta, Zst, Zst8, Aligned64, Wide, Refs, Reentrant])]
struct AttackPlatform(kernel::platform::Registration);

/// Alpha again, in a module of its own: refused while `attack_platform` has it.
#[kernel_driver(name = "attack_platform_again", license = "GPL", drivers = [Alpha])]
struct AttackPlatformAgain(kernel::platform::Registration);

/// Its first driver binds; its second is named as the C driver "kbtest-b".
struct Clash;

#[vtable]
impl Driver for Clash {
    type DeviceData = ();
    const NAME: &'static CStr = c"kbtest-b";

    fn probe(_dev: &Device) -> Result {
        corrupt();
        Ok(())
    }
}

#[kernel_driver(name = "attack_platform_clash", license = "GPL", drivers = [Alpha, Clash])]
struct AttackPlatformClash(kernel::platform::Registration);

/// A Rust driver named like the C driver "kbtest-a"'s id-table entry, so that a device
/// "kbtest-id" matches both (kbtest-a by its id table, this one by name).
struct ById;

static BYID_DROPS: AtomicUsize = AtomicUsize::new(0);

struct ByIdData(u64);

impl Drop for ByIdData {
    fn drop(&mut self) {
        if self.0 != 0xB1D {
            corrupt();
        }
        BYID_DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

#[vtable]
impl Driver for ById {
    type DeviceData = ByIdData;
    const NAME: &'static CStr = c"kbtest-id";

    fn probe(_dev: &Device) -> Result<ByIdData> {
        Ok(ByIdData(0xB1D))
    }

    fn remove(_dev: &Device, data: &ByIdData) {
        if data.0 != 0xB1D {
            corrupt();
        }
    }
}

#[kernel_driver(name = "attack_platform_byid", license = "GPL", drivers = [ById])]
struct AttackPlatformById(kernel::platform::Registration);

fn added(name: &CStr, id: i32) -> BusDevice {
    let mut dev = BusDevice::new(name, id);
    dev.add().expect("added");
    dev
}

fn load() {
    assert_eq!(loader::load::<AttackPlatform>(c""), Ok(()));
}

fn unload() {
    assert_eq!(loader::unload::<AttackPlatform>(), Ok(()));
}

fn end(baseline: &Baseline) {
    assert_eq!(
        CORRUPT.load(Ordering::SeqCst),
        0,
        "a callback saw foreign data"
    );
    assert_eq!(LIVE.load(Ordering::SeqCst), 0, "data made and not dropped");
    baseline.check();
}

// --- the attacks ----------------------------------------------------------------------------

/// Alpha and Beta take the same device in turn through driver_override: each callback
/// sees its own driver's data, never the other's, each dropped once after its remove.
#[test]
fn two_rust_drivers_take_one_device_in_turn_each_sees_only_its_own_data() {
    let (_serial, baseline) = serial();
    load();
    let dev = added(c"atk-alpha", 1);
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    for round in 0..3 {
        dev.unbind();
        dev.set_override(c"atk-beta").unwrap();
        dev.reprobe();
        assert_eq!(dev.driver().as_deref(), Some("atk-beta"), "round {round}");
        bus::shutdown_all();
        dev.unbind();
        dev.set_override(c"atk-alpha").unwrap();
        dev.reprobe();
        assert_eq!(dev.driver().as_deref(), Some("atk-alpha"), "round {round}");
        bus::shutdown_all();
    }
    assert_eq!(ALPHA_SHUTDOWNS.load(Ordering::SeqCst), 3);
    assert_eq!(BETA_SHUTDOWNS.load(Ordering::SeqCst), 3);
    assert_eq!(BETA_REMOVES.load(Ordering::SeqCst), 3);
    assert_eq!(BETA_DROPS.load(Ordering::SeqCst), 3);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 3);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 3);
    // Unloading while bound: the last Alpha data goes with the module.
    unload();
    assert_eq!(dev.driver(), None);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 4);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 4);
    assert_eq!(
        ALPHA_REMOVE_SAW.load(Ordering::SeqCst),
        NEXT.load(Ordering::SeqCst) - 1,
        "the last remove saw the last probe's data"
    );
    drop(dev);
    end(&baseline);
}

/// The C drivers bind the device before and after ours, each storing a kmalloc'ed
/// pointer of its own in the driver data (freed by devres at unbind): the Rust probe
/// replaces nothing it later frees, the Rust remove never frees the C pointer, and the C
/// probe after ours finds the slot clear.
#[test]
fn c_drivers_before_and_after_leave_nothing_the_rust_driver_takes() {
    let (_serial, baseline) = serial();
    load();
    let b = CDriver::register(Which::B, 0).unwrap();
    let dev = BusDevice::new(c"atk-alpha", 2);
    dev.set_override(c"kbtest-b").unwrap();
    let mut dev = dev;
    dev.add().unwrap();
    assert_eq!(dev.driver().as_deref(), Some("kbtest-b"));
    // C -> Rust
    dev.unbind();
    assert_eq!(b.stat(Stat::RemoveDrvdataOk), 1);
    dev.set_override(c"atk-alpha").unwrap();
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    // Rust -> C: the C probe must find the slot empty.
    dev.unbind();
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    dev.set_override(c"kbtest-b").unwrap();
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("kbtest-b"));
    assert_eq!(
        b.stat(Stat::ProbeSawDrvdata),
        0,
        "the C probe found driver data the Rust remove left"
    );
    // C bound, then Rust again while C still registered; shutdown goes to C only.
    bus::shutdown_all();
    assert_eq!(b.stat(Stat::Shutdowns), 1);
    assert_eq!(ALPHA_SHUTDOWNS.load(Ordering::SeqCst), 0);
    dev.unbind();
    dev.set_override(c"atk-alpha").unwrap();
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    // The C driver goes while the device is bound to Rust: nothing of Rust's is touched.
    drop(b);
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 1);
    drop(dev);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 2);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 2);
    unload();
    end(&baseline);
}

/// A C probe that stores its data and then fails, followed on the same device by the next
/// matching driver, a Rust one: the Rust driver binds with a clean slot, and its remove
/// drops only its own data. Then the reverse order: Rust bound first keeps the device.
#[test]
fn a_failed_c_probe_that_stored_driver_data_then_a_rust_probe() {
    let (_serial, baseline) = serial();
    const EIO_C: i32 = -5;
    let a = CDriver::register(Which::A, EIO_C).unwrap();
    assert_eq!(loader::load::<AttackPlatformById>(c""), Ok(()));
    // kbtest-a (id table) was registered first, so it is tried first and fails.
    let dev = added(c"kbtest-id", 1);
    assert_eq!(a.stat(Stat::Probes), 1);
    assert_eq!(a.stat(Stat::DevresRuns), 1);
    assert_eq!(
        dev.driver().as_deref(),
        Some("kbtest-id"),
        "the Rust driver bound next"
    );
    dev.unbind();
    assert_eq!(BYID_DROPS.load(Ordering::SeqCst), 1);
    // The C driver is now made to succeed: reprobe tries kbtest-a first again.
    drop(a);
    let a = CDriver::register(Which::A, 0).unwrap();
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("kbtest-a"));
    assert_eq!(a.stat(Stat::ProbeSawDrvdata), 0);
    dev.unbind();
    dev.set_override(c"kbtest-id").unwrap();
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("kbtest-id"));
    drop(dev);
    assert_eq!(BYID_DROPS.load(Ordering::SeqCst), 2);
    assert_eq!(loader::unload::<AttackPlatformById>(), Ok(()));
    drop(a);
    end(&baseline);
}

/// Zero-sized data (alignment 1 and 8): no allocation, a dangling well-aligned pointer in
/// the slot, dropped once after remove; shutdown borrows it.
#[test]
fn zero_sized_data_is_made_seen_and_dropped_once() {
    let (_serial, baseline) = serial();
    load();
    let one = added(c"atk-zst", -1);
    let eight = added(c"atk-zst8", -1);
    assert_eq!(one.driver().as_deref(), Some("atk-zst"));
    assert_eq!(eight.driver().as_deref(), Some("atk-zst8"));
    bus::shutdown_all();
    assert_eq!(ZST_SHUTDOWNS.load(Ordering::SeqCst), 1);
    one.unbind();
    let allocations = blk::live_allocations();
    one.reprobe();
    assert_eq!(one.driver().as_deref(), Some("atk-zst"));
    assert_eq!(
        blk::live_allocations(),
        allocations,
        "no allocation for a ZST"
    );
    assert_eq!(ZST_REMOVES.load(Ordering::SeqCst), 1);
    assert_eq!(ZST_DROPS.load(Ordering::SeqCst), 1);
    drop((one, eight));
    assert_eq!(ZST_REMOVES.load(Ordering::SeqCst), 3);
    assert_eq!(ZST_DROPS.load(Ordering::SeqCst), 3);
    unload();
    end(&baseline);
}

/// Data aligned to 64 bytes, more than kmalloc's minimum, and a plain `u128` (16-aligned
/// on x86_64). The attack found such a driver could never bind (KBox refused the
/// alignment with EINVAL at run time); KBox now asks kmalloc for a power-of-two size,
/// which kmalloc aligns to the size (include/linux/slab.h), so the data binds at its
/// alignment (remove checks it) and is dropped once.
#[test]
fn over_aligned_data_is_boxed_at_its_alignment() {
    let (_serial, baseline) = serial();
    load();
    let dev = added(c"atk-align64", -1);
    assert_eq!(BIG_ALIGN_PROBES.load(Ordering::SeqCst), 1);
    assert_eq!(dev.driver().as_deref(), Some("atk-align64"));
    let wide = added(c"atk-wide", -1);
    assert_eq!(WIDE_PROBES.load(Ordering::SeqCst), 1);
    assert_eq!(wide.driver().as_deref(), Some("atk-wide"));
    drop((dev, wide));
    assert_eq!(
        BIG_ALIGN_REMOVES.load(Ordering::SeqCst),
        1,
        "remove saw 64-aligned data"
    );
    assert_eq!(BIG_ALIGN_DROPS.load(Ordering::SeqCst), 1);
    unload();
    end(&baseline);
}

/// The allocation that parks the data fails: probe returns ENOMEM after the driver's
/// probe succeeded, the data is dropped once, nothing is parked and no remove follows.
#[test]
fn parking_fails_for_want_of_memory_and_the_data_is_dropped_once() {
    let (_serial, baseline) = serial();
    load();
    let mut dev = BusDevice::new(c"atk-alpha", 9);
    // Alpha's probe allocates the payload (a Vec: the host allocator, not kmalloc),
    // then park's KBox::new is the first kmalloc after platform_device_add's own.
    // Find the allocation that is park's by trying each in turn.
    let mut hit = None;
    let mut removes_before = 0;
    for after in 0..8 {
        removes_before = ALPHA_REMOVES.load(Ordering::SeqCst);
        blk::fail_allocation(after);
        let probes_before = NEXT.load(Ordering::SeqCst);
        let ret = dev.add();
        blk::fail_allocation(-1);
        if ret.is_err() {
            // An allocation of the add itself failed: a fresh device for the next try.
            drop(dev);
            dev = BusDevice::new(c"atk-alpha", 9);
            continue;
        }
        let probed = NEXT.load(Ordering::SeqCst) != probes_before;
        if probed && dev.driver().is_none() {
            hit = Some(after);
            break;
        }
        drop(dev);
        dev = BusDevice::new(c"atk-alpha", 9);
    }
    assert!(hit.is_some(), "no allocation failure made the probe fail");
    assert_eq!(
        ALPHA_REMOVES.load(Ordering::SeqCst),
        removes_before,
        "no remove after ENOMEM"
    );
    assert_eq!(
        ALPHA_DROPS.load(Ordering::SeqCst) as u32,
        NEXT.load(Ordering::SeqCst) - 1,
        "every probe's data dropped"
    );
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    drop(dev);
    unload();
    end(&baseline);
}

/// A probe that fails after making its data: nothing parked, no remove, no shutdown.
#[test]
fn a_failed_probe_leaves_nothing_for_remove_or_shutdown() {
    let (_serial, baseline) = serial();
    load();
    ALPHA_FAIL.store(true, Ordering::SeqCst);
    let dev = added(c"atk-alpha", 3);
    assert_eq!(dev.driver(), None);
    bus::shutdown_all();
    dev.unbind();
    assert_eq!(ALPHA_SHUTDOWNS.load(Ordering::SeqCst), 0);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 0);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    ALPHA_FAIL.store(false, Ordering::SeqCst);
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    drop(dev);
    unload();
    end(&baseline);
}

/// Shutdown borrows the data while bound only; after an unbind it is not called, and a
/// remove after a shutdown still finds the data intact.
#[test]
fn shutdown_after_unbind_and_remove_after_shutdown() {
    let (_serial, baseline) = serial();
    load();
    let dev = added(c"atk-alpha", 4);
    let refs = added(c"atk-refs", -1);
    bus::shutdown_all();
    bus::shutdown_all();
    assert_eq!(ALPHA_SHUTDOWNS.load(Ordering::SeqCst), 2);
    assert_eq!(REF_SHUTDOWNS.load(Ordering::SeqCst), 2);
    assert_eq!(REF_COUNTER.load(Ordering::SeqCst), 21);
    dev.unbind();
    refs.unbind();
    assert_eq!(
        REF_COUNTER.load(Ordering::SeqCst),
        121,
        "remove used the reference"
    );
    bus::shutdown_all();
    assert_eq!(
        ALPHA_SHUTDOWNS.load(Ordering::SeqCst),
        2,
        "no shutdown unbound"
    );
    assert_eq!(REF_SHUTDOWNS.load(Ordering::SeqCst), 2);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    drop((dev, refs));
    unload();
    end(&baseline);
}

/// A probe that unbinds another device (whose remove and drop run inside it) and adds a
/// third (probed inside it), and a remove that rebinds the first and deletes the third.
#[test]
fn probe_and_remove_that_call_into_the_bus() {
    let (_serial, baseline) = serial();
    load();
    *VICTIM.lock().unwrap() = Some(added(c"atk-alpha", 5));
    let dev = added(c"atk-reentrant", -1);
    assert_eq!(REENTRANT_PROBES.load(Ordering::SeqCst), 1);
    assert_eq!(dev.driver().as_deref(), Some("atk-reentrant"));
    assert_eq!(
        ALPHA_REMOVES.load(Ordering::SeqCst),
        1,
        "victim unbound in probe"
    );
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    {
        let spawned = SPAWNED.lock().unwrap();
        assert_eq!(
            spawned.as_ref().and_then(BusDevice::driver).as_deref(),
            Some("atk-alpha"),
            "probed inside the probe"
        );
    }
    bus::shutdown_all();
    dev.unbind();
    assert_eq!(REENTRANT_REMOVES.load(Ordering::SeqCst), 1);
    assert_eq!(
        ALPHA_REMOVES.load(Ordering::SeqCst),
        2,
        "the spawned device's remove ran inside the remove"
    );
    assert!(SPAWNED.lock().unwrap().is_none());
    {
        let victim = VICTIM.lock().unwrap();
        assert_eq!(
            victim.as_ref().and_then(BusDevice::driver).as_deref(),
            Some("atk-alpha"),
            "victim rebound inside the remove"
        );
    }
    drop(dev);
    drop(VICTIM.lock().unwrap().take());
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 3);
    unload();
    end(&baseline);
}

/// The same driver type in a second module is refused (its name is taken) and leaves the
/// first module's bindings alone; once the first is gone it loads and binds on its own.
#[test]
fn the_same_driver_type_in_two_modules() {
    let (_serial, baseline) = serial();
    load();
    let dev = added(c"atk-alpha", 6);
    let drivers = bus::registered_drivers();
    assert_eq!(loader::load::<AttackPlatformAgain>(c""), Err(-16), "EBUSY");
    assert_eq!(bus::registered_drivers(), drivers);
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 0);
    unload();
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    assert_eq!(loader::load::<AttackPlatformAgain>(c""), Ok(()));
    assert_eq!(
        dev.driver().as_deref(),
        Some("atk-alpha"),
        "bound by module 2"
    );
    // Module 1 cannot come back while module 2 has Alpha.
    assert_eq!(loader::load::<AttackPlatform>(c""), Err(-16));
    assert_eq!(dev.driver().as_deref(), Some("atk-alpha"));
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 1);
    assert_eq!(loader::unload::<AttackPlatformAgain>(), Ok(()));
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 2);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 2);
    drop(dev);
    end(&baseline);
}

/// A module whose first driver binds a device and whose second is refused: the load fails,
/// the first driver is unregistered again, its device unbound and its data dropped once.
#[test]
fn a_module_whose_second_driver_is_refused_unbinds_what_the_first_bound() {
    let (_serial, baseline) = serial();
    let b = CDriver::register(Which::B, 0).unwrap();
    let dev = added(c"atk-alpha", 7);
    let drivers = bus::registered_drivers();
    assert_eq!(loader::load::<AttackPlatformClash>(c""), Err(-16));
    assert_eq!(bus::registered_drivers(), drivers);
    assert_eq!(dev.driver(), None);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), 1);
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), 1);
    drop(dev);
    drop(b);
    end(&baseline);
}

/// Unbind, reprobe, driver_override flips and shutdowns from four threads at once on
/// three devices shared by Alpha and Beta: every callback sees its own live data, every
/// made datum is dropped exactly once.
#[test]
fn concurrent_unbind_reprobe_override_and_shutdown() {
    let (_serial, baseline) = serial();
    load();
    let devs: Vec<BusDevice> = (10..13).map(|id| added(c"atk-alpha", id)).collect();
    let rounds = 40;
    std::thread::scope(|s| {
        for (t, dev) in devs.iter().enumerate() {
            s.spawn(move || {
                for i in 0..rounds {
                    dev.unbind();
                    if (i + t) % 2 == 0 {
                        dev.set_override(c"atk-beta").unwrap();
                    } else {
                        dev.set_override(c"atk-alpha").unwrap();
                    }
                    dev.reprobe();
                }
            });
        }
        s.spawn(|| {
            for _ in 0..rounds {
                bus::shutdown_all();
            }
        });
    });
    drop(devs);
    let made = NEXT.load(Ordering::SeqCst) as usize - 1;
    assert_eq!(
        ALPHA_DROPS.load(Ordering::SeqCst) + BETA_DROPS.load(Ordering::SeqCst),
        made
    );
    assert_eq!(
        ALPHA_REMOVES.load(Ordering::SeqCst) + BETA_REMOVES.load(Ordering::SeqCst),
        made
    );
    unload();
    end(&baseline);
}

/// Module load and unload racing device add, unbind, reprobe, delete and shutdown on
/// other threads:
/// a probe that found the driver before it was unregistered finishes under the device
/// lock, and the unregistration then unbinds it; every datum is dropped once, none after
/// the module is gone.
#[test]
fn module_load_and_unload_race_device_add_and_delete() {
    let (_serial, baseline) = serial();
    let rounds = 30;
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..2 {
            let stop = &stop;
            s.spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let dev = added(c"atk-alpha", 100 + t);
                    if i % 3 == 0 {
                        dev.unbind();
                        dev.reprobe();
                    }
                    drop(dev);
                    i += 1;
                }
            });
        }
        s.spawn(|| {
            while !stop.load(Ordering::SeqCst) {
                bus::shutdown_all();
            }
        });
        for _ in 0..rounds {
            load();
            std::thread::yield_now();
            unload();
        }
        stop.store(true, Ordering::SeqCst);
    });
    let made = NEXT.load(Ordering::SeqCst) as usize - 1;
    assert_eq!(ALPHA_DROPS.load(Ordering::SeqCst), made);
    assert_eq!(ALPHA_REMOVES.load(Ordering::SeqCst), made);
    end(&baseline);
}

// --- a probe that panics ----------------------------------------------------------------------

static PANIC_PROBE: AtomicBool = AtomicBool::new(false);

struct Panicky;

#[vtable]
impl Driver for Panicky {
    type DeviceData = AlphaData;
    const NAME: &'static CStr = c"atk-panicky";

    fn probe(_dev: &Device) -> Result<AlphaData> {
        assert!(!PANIC_PROBE.load(Ordering::SeqCst), "a probe that panics");
        Err(ENODEV)
    }
}

#[kernel_driver(name = "attack_platform_panicky", license = "GPL", drivers = [Panicky])]
struct AttackPlatformPanicky(kernel::platform::Registration);

const CHILD: &str = "KBRIDGE_ATTACK_PLATFORM_CHILD";

/// Run by [`a_panicking_probe_aborts_and_never_unwinds_into_c`] in a child process.
#[test]
#[ignore = "run in a child process by a_panicking_probe_aborts_and_never_unwinds_into_c"]
fn child_panicking_probe() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    assert_eq!(loader::load::<AttackPlatformPanicky>(c""), Ok(()));
    PANIC_PROBE.store(true, Ordering::SeqCst);
    let mut dev = BusDevice::new(c"atk-panicky", -1);
    let _ = dev.add();
    // Not reached: the panic cannot unwind through the extern "C" trampoline.
    std::process::exit(0);
}

/// A probe that panics on the host (panic = unwind) does not unwind through the C bus:
/// the `extern "C"` trampoline aborts the process. In the kernel (panic = abort) the
/// panic handler BUG()s. Nothing of the device is left half-bound either way.
#[test]
fn a_panicking_probe_aborts_and_never_unwinds_into_c() {
    use std::os::unix::process::ExitStatusExt;
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_panicking_probe",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), Some(6), "SIGABRT; stderr: {stderr}");
    assert!(stderr.contains("a probe that panics"), "{stderr}");
    assert!(
        stderr.contains("panic in a function that cannot unwind"),
        "{stderr}"
    );
}
