//! Holes 9 and 10 of issue 19, on the model's phylib, which behaves as Linux 6.12's does
//! here: phylib never writes `phydev->priv` (a C driver before us may leave it dangling),
//! a probe that fails, or a phylib step after a good one that fails, calls no `remove`
//! (the driver core releases devres instead), and the driver core calls
//! `match_phy_device` with no lock, on PHYs bound to other drivers too. Run under
//! valgrind by scripts/test.sh: a read of the freed `priv` is an error there.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use kbridge_tests::core_model::Baseline;
use kbridge_tests::loader;
use kbridge_tests::phy::{self, Bus, StalePrivDriver};
use kernel::net::phy::{CandidateDevice, Device, DeviceId, Driver};
use kernel::prelude::*;

const AX88772A: u32 = 0x003b_1861;
const AX88772C: u32 = 0x003b_1881;
const AX88796B: u32 = 0x003b_1841;

static SERIAL: Mutex<()> = Mutex::new(());
/// Private data dropped so far.
static DROPS: AtomicUsize = AtomicUsize::new(0);
/// What `Keeper`'s probe found in its private data: 1 nothing, 2 something.
static PROBE_SAW: AtomicU32 = AtomicU32::new(0);
/// What `Keeper`'s read_status found: the id it parked, or 0.
static STATUS_SAW: AtomicU32 = AtomicU32::new(0);

/// Per-device data that counts its drops.
struct Tracked(u32);

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

/// Parks data in probe and reads it back under the lock.
struct Keeper;

#[vtable]
impl Driver for Keeper {
    const NAME: &'static CStr = c"kbridge keeper";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(AX88772A);

    fn probe(dev: &mut Device) -> Result {
        PROBE_SAW.store(
            if dev.data::<Tracked>().is_none() {
                1
            } else {
                2
            },
            Ordering::SeqCst,
        );
        let id = dev.phy_id();
        dev.set_data(Tracked(id))
    }

    fn read_status(dev: &mut Device) -> Result {
        let id = dev.data::<Tracked>().map_or(0, |t| t.0);
        STATUS_SAW.store(id, Ordering::SeqCst);
        dev.genphy_read_status()
    }
}

/// Parks data, then fails its probe.
struct FailingProbe;

#[vtable]
impl Driver for FailingProbe {
    const NAME: &'static CStr = c"kbridge failing probe";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(AX88772C);

    fn probe(dev: &mut Device) -> Result {
        dev.set_data(Tracked(1))?;
        Err(EIO)
    }
}

/// Probes well; phylib's next step, reading the features, fails.
struct FailingFeatures;

#[vtable]
impl Driver for FailingFeatures {
    const NAME: &'static CStr = c"kbridge failing features";
    const DEVICE_ID: DeviceId = DeviceId::new_with_model_mask(AX88796B);

    fn probe(dev: &mut Device) -> Result {
        dev.set_data(Tracked(2))
    }

    fn get_features(_dev: &mut Device) -> Result {
        Err(EIO)
    }
}

#[kernel_driver(
    name = "private_data",
    license = "GPL",
    drivers = [Keeper, FailingProbe, FailingFeatures],
    device_table = "mdio"
)]
struct PrivateData(kernel::net::phy::Registration);

static MATCH_CALLS: AtomicUsize = AtomicUsize::new(0);
static MATCH_SAW: AtomicU32 = AtomicU32::new(0);

/// Asks about every PHY, and takes none.
struct Matcher;

#[vtable]
impl Driver for Matcher {
    const NAME: &'static CStr = c"kbridge matcher";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0);

    fn match_phy_device(dev: &CandidateDevice) -> bool {
        MATCH_CALLS.fetch_add(1, Ordering::SeqCst);
        MATCH_SAW.store(dev.phy_id(), Ordering::SeqCst);
        false
    }
}

#[kernel_driver(name = "matcher", license = "GPL", drivers = [Matcher], device_table = "mdio")]
struct Matching(kernel::net::phy::Registration);

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    DROPS.store(0, Ordering::SeqCst);
    (serial, Baseline::now())
}

/// Hole 9: a C driver bound before left `priv` pointing to freed memory (filled with
/// 0x41 first). Our driver binds the same PHY: its probe finds no data (the binding
/// claimed the field and dropped the stale pointer unread), parks its own, reads it back
/// in read_status, and unbinding drops it once.
#[test]
fn hole09_a_stale_priv_of_a_c_driver_is_never_read() {
    let (_serial, baseline) = serial();
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    let stale = StalePrivDriver::register(AX88772A).expect("C driver registers");
    let dev = bus.scan(1).expect("scan");
    assert_eq!(
        dev.driver().as_deref(),
        Some("c driver leaving priv dangling")
    );
    drop(stale);
    assert_eq!(
        dev.driver(),
        None,
        "the C driver unbound, priv left dangling"
    );
    assert_eq!(loader::load::<PrivateData>(c""), Ok(()));
    assert_eq!(dev.driver().as_deref(), Some("kbridge keeper"));
    assert_eq!(PROBE_SAW.load(Ordering::SeqCst), 1, "probe found no data");
    dev.attach().expect("attach");
    bus.cable(1, Some(0x01e1));
    dev.start();
    bus.settle(1);
    dev.poll();
    assert_eq!(
        STATUS_SAW.load(Ordering::SeqCst),
        AX88772A,
        "read_status saw its data"
    );
    dev.stop();
    dev.detach();
    assert_eq!(DROPS.load(Ordering::SeqCst), 0);
    assert_eq!(loader::unload::<PrivateData>(), Ok(()));
    assert_eq!(DROPS.load(Ordering::SeqCst), 1, "unbind dropped it once");
    drop(dev);
    drop(bus);
    baseline.check();
}

/// Hole 9: data parked by a probe that then fails, and by a good probe after which
/// phylib fails (no `remove` is called either way), is dropped by devres.
#[test]
fn hole09_data_of_a_failed_binding_is_dropped() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PrivateData>(c""), Ok(()));
    let bus = Bus::new();
    bus.add_phy(2, AX88772C);
    bus.add_phy(3, AX88796B);
    let failed_probe = bus.scan(2).expect("scan");
    assert_eq!(failed_probe.driver(), None, "the probe failed");
    assert_eq!(DROPS.load(Ordering::SeqCst), 1, "its data was dropped");
    let failed_features = bus.scan(3).expect("scan");
    assert_eq!(failed_features.driver(), None, "get_features failed");
    assert_eq!(
        DROPS.load(Ordering::SeqCst),
        2,
        "the good probe's data was dropped"
    );
    drop((failed_probe, failed_features));
    drop(bus);
    assert_eq!(loader::unload::<PrivateData>(), Ok(()));
    assert_eq!(DROPS.load(Ordering::SeqCst), 2);
    baseline.check();
}

/// Hole 10: registering a driver makes the driver core ask it about every PHY, also one
/// bound to another driver and running, with no lock held (__driver_attach() in
/// drivers/base/dd.c). `match_phy_device` gets a `CandidateDevice`: the id, nothing to
/// write (tests/ui/hole10_* pins that at compile time).
#[test]
fn hole10_match_runs_on_bound_devices_with_a_read_only_view() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PrivateData>(c""), Ok(()));
    let bus = Bus::new();
    bus.add_phy(1, AX88772A);
    let dev = bus.scan(1).expect("scan");
    assert_eq!(dev.driver().as_deref(), Some("kbridge keeper"));
    MATCH_CALLS.store(0, Ordering::SeqCst);
    assert_eq!(loader::load::<Matching>(c""), Ok(()));
    assert_eq!(
        MATCH_CALLS.load(Ordering::SeqCst),
        1,
        "asked about the bound PHY"
    );
    assert_eq!(MATCH_SAW.load(Ordering::SeqCst), AX88772A);
    assert_eq!(
        dev.driver().as_deref(),
        Some("kbridge keeper"),
        "still bound"
    );
    assert_eq!(loader::unload::<Matching>(), Ok(()));
    drop(dev);
    drop(bus);
    assert_eq!(loader::unload::<PrivateData>(), Ok(()));
    assert_eq!(phy::registered_drivers(), 0);
    baseline.check();
}

/// A driver of another module with the name `Keeper` already has.
struct Namesake;

#[vtable]
impl Driver for Namesake {
    const NAME: &'static CStr = c"kbridge keeper";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0x0000_0001);
}

#[kernel_driver(name = "namesake", license = "GPL", drivers = [Namesake], device_table = "mdio")]
struct Namesakes(kernel::net::phy::Registration);

/// Within one module, equal names do not compile (tests/ui/duplicate_driver_names.rs);
/// across modules the model refuses the second registration with EBUSY, as
/// driver_register() does, and the module does not load.
#[test]
fn a_second_driver_of_the_same_name_is_refused() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PrivateData>(c""), Ok(()));
    assert_eq!(loader::load::<Namesakes>(c""), Err(EBUSY.to_errno()));
    assert_eq!(loader::unload::<PrivateData>(), Ok(()));
    assert_eq!(
        loader::load::<Namesakes>(c""),
        Ok(()),
        "alone, it registers"
    );
    assert_eq!(loader::unload::<Namesakes>(), Ok(()));
    assert_eq!(phy::registered_drivers(), 0);
    baseline.check();
}
