//! The bus-driver pattern (`makes_data`, `ends_data`, `lends_data`) on the model's
//! platform bus, which binds as Linux 6.12's does: by name, probe and remove under the
//! device lock, remove once per good probe when the device or the driver goes, shutdown
//! only for a bound device. The driver's typed per-device data is made by its probe, seen
//! by remove and shutdown, and dropped exactly once after remove; a probe that fails
//! leaves nothing behind. A driver with id tables binds by OF compatible and by id-table
//! name, and then no longer by its own name, as platform_match() does. Run under valgrind
//! by scripts/test.sh: a leak or a read of freed data fails there.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use kbridge_tests::core_model::Baseline;
use kbridge_tests::loader;
use kbridge_tests::platform::{self as bus, Device as BusDevice};
use kernel::of;
use kernel::platform::{self, Device, Driver};
use kernel::prelude::*;

static SERIAL: Mutex<()> = Mutex::new(());
/// Per-device data dropped so far.
static DROPS: AtomicUsize = AtomicUsize::new(0);
/// The number the next probe gives its data.
static NEXT: AtomicU32 = AtomicU32::new(1);
/// Whether the next probe fails.
static FAIL_NEXT: AtomicBool = AtomicBool::new(false);
/// What remove and shutdown saw: the data's number.
static REMOVE_SAW: AtomicU32 = AtomicU32::new(0);
static SHUTDOWN_SAW: AtomicU32 = AtomicU32::new(0);

/// Per-device state that counts its drops.
struct State {
    number: u32,
}

impl Drop for State {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

struct SoftWdt;

#[vtable]
impl Driver for SoftWdt {
    type DeviceData = State;
    const NAME: &'static CStr = c"kbridge-softwdt";

    fn probe(_dev: &Device) -> Result<State> {
        if FAIL_NEXT.swap(false, Ordering::SeqCst) {
            return Err(EIO);
        }
        Ok(State {
            number: NEXT.fetch_add(1, Ordering::SeqCst),
        })
    }

    fn remove(_dev: &Device, data: &State) {
        REMOVE_SAW.store(data.number, Ordering::SeqCst);
    }

    fn shutdown(_dev: &Device, data: &State) {
        SHUTDOWN_SAW.store(data.number, Ordering::SeqCst);
    }
}

#[kernel_driver(name = "platform_data", license = "GPL", drivers = [SoftWdt])]
struct PlatformData(kernel::platform::Registration);

/// Binds by its tables only.
struct TableWdt;

#[vtable]
impl Driver for TableWdt {
    type DeviceData = State;
    const NAME: &'static CStr = c"kbridge-table";
    const OF_MATCH_TABLE: &'static [of::DeviceId] =
        &[of::DeviceId::new(c"kbridge,softwdt"), of::DeviceId::END];
    const ID_TABLE: &'static [platform::DeviceId] = &[
        platform::DeviceId::new(c"kbridge-wdt-a"),
        platform::DeviceId::new(c"kbridge-wdt-b"),
        platform::DeviceId::END,
    ];

    fn probe(_dev: &Device) -> Result<State> {
        Ok(State {
            number: NEXT.fetch_add(1, Ordering::SeqCst),
        })
    }
}

#[kernel_driver(name = "platform_ids", license = "GPL", drivers = [TableWdt])]
struct PlatformIds(kernel::platform::Registration);

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    DROPS.store(0, Ordering::SeqCst);
    NEXT.store(1, Ordering::SeqCst);
    FAIL_NEXT.store(false, Ordering::SeqCst);
    REMOVE_SAW.store(0, Ordering::SeqCst);
    SHUTDOWN_SAW.store(0, Ordering::SeqCst);
    (serial, Baseline::now())
}

#[test]
fn probe_makes_the_data_remove_sees_it_and_it_is_dropped_once() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PlatformData>(c""), Ok(()));
    let mut dev = BusDevice::new(c"kbridge-softwdt", -1);
    dev.add().expect("add");
    assert_eq!(
        dev.driver().as_deref(),
        Some("kbridge-softwdt"),
        "bound by name"
    );
    assert_eq!(DROPS.load(Ordering::SeqCst), 0);
    dev.unbind();
    assert_eq!(dev.driver(), None);
    assert_eq!(
        REMOVE_SAW.load(Ordering::SeqCst),
        1,
        "remove saw the probe's data"
    );
    assert_eq!(DROPS.load(Ordering::SeqCst), 1, "dropped after remove");
    // Bound again: new data, dropped when the driver goes.
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("kbridge-softwdt"));
    assert_eq!(loader::unload::<PlatformData>(), Ok(()));
    assert_eq!(dev.driver(), None, "unregistering the driver unbinds it");
    assert_eq!(REMOVE_SAW.load(Ordering::SeqCst), 2);
    assert_eq!(DROPS.load(Ordering::SeqCst), 2);
    drop(dev);
    baseline.check();
}

#[test]
fn a_failed_probe_leaves_no_data_and_a_later_one_binds() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PlatformData>(c""), Ok(()));
    FAIL_NEXT.store(true, Ordering::SeqCst);
    let mut dev = BusDevice::new(c"kbridge-softwdt", 3);
    dev.add().expect("a failed probe does not fail the add");
    assert_eq!(dev.driver(), None, "the probe failed");
    assert_eq!(
        REMOVE_SAW.load(Ordering::SeqCst),
        0,
        "no remove after a failed probe"
    );
    dev.reprobe();
    assert_eq!(dev.driver().as_deref(), Some("kbridge-softwdt"));
    // The device goes first this time.
    drop(dev);
    assert_eq!(REMOVE_SAW.load(Ordering::SeqCst), 1);
    assert_eq!(DROPS.load(Ordering::SeqCst), 1);
    assert_eq!(loader::unload::<PlatformData>(), Ok(()));
    assert_eq!(DROPS.load(Ordering::SeqCst), 1);
    baseline.check();
}

#[test]
fn shutdown_borrows_the_data_of_bound_devices_only() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PlatformData>(c""), Ok(()));
    let mut other = BusDevice::new(c"kbridge-other", -1);
    other.add().expect("add");
    let mut dev = BusDevice::new(c"kbridge-softwdt", -1);
    dev.add().expect("add");
    bus::shutdown_all();
    assert_eq!(
        SHUTDOWN_SAW.load(Ordering::SeqCst),
        1,
        "shutdown saw the data"
    );
    assert_eq!(DROPS.load(Ordering::SeqCst), 0, "and did not drop it");
    drop((dev, other));
    assert_eq!(DROPS.load(Ordering::SeqCst), 1);
    assert_eq!(loader::unload::<PlatformData>(), Ok(()));
    baseline.check();
}

#[test]
fn id_tables_match_by_compatible_and_by_name_and_then_the_driver_name_does_not() {
    let (_serial, baseline) = serial();
    assert_eq!(loader::load::<PlatformIds>(c""), Ok(()));
    let mut by_id = BusDevice::new(c"kbridge-wdt-b", -1);
    by_id.add().expect("add");
    assert_eq!(by_id.driver().as_deref(), Some("kbridge-table"), "id_table");
    let mut by_of = BusDevice::new(c"some-node", -1);
    by_of.set_compatible(c"kbridge,softwdt");
    by_of.add().expect("add");
    assert_eq!(
        by_of.driver().as_deref(),
        Some("kbridge-table"),
        "OF compatible"
    );
    let mut by_name = BusDevice::new(c"kbridge-table", -1);
    by_name.add().expect("add");
    assert_eq!(
        by_name.driver(),
        None,
        "a driver with an id table is not matched by name"
    );
    drop((by_id, by_of, by_name));
    assert_eq!(DROPS.load(Ordering::SeqCst), 2);
    assert_eq!(loader::unload::<PlatformIds>(), Ok(()));
    baseline.check();
}
