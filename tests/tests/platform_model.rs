//! The model's platform bus binds as Linux 6.12's does (drivers/base/platform.c, dd.c),
//! shown with C platform drivers (tests/c/platform_probe.c): devices and drivers in
//! either order; platform_match()'s order (driver_override alone, OF compatible, id table,
//! name only without an id table); probe and remove under the device lock with
//! dev->driver set; a failed probe's devres released and its driver data cleared, with no
//! remove; unregistering a driver or a device unbinds; device_shutdown(); the names and
//! refusals of registration. Run under valgrind by scripts/test.sh.

#![forbid(unsafe_code)]

use std::sync::{Mutex, MutexGuard};

use kbridge_tests::core_model::Baseline;
use kbridge_tests::platform::{self, CDriver, Device, Stat, Which};

static SERIAL: Mutex<()> = Mutex::new(());

const EIO: i32 = 5;
const EBUSY: i32 = 16;
const EEXIST: i32 = 17;

fn serial() -> (MutexGuard<'static, ()>, Baseline) {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    (serial, Baseline::now())
}

fn added(name: &core::ffi::CStr, id: i32) -> Device {
    let mut dev = Device::new(name, id);
    dev.add().expect("added");
    dev
}

#[test]
fn a_driver_binds_by_name_whichever_registers_first() {
    let (_serial, baseline) = serial();
    let before = added(c"kbtest-b", -1);
    assert_eq!(
        before.name(),
        "kbtest-b",
        "PLATFORM_DEVID_NONE: the bare name"
    );
    assert_eq!(before.driver(), None);
    let b = CDriver::register(Which::B, 0).unwrap();
    assert_eq!(
        before.driver().as_deref(),
        Some("kbtest-b"),
        "bound at driver registration"
    );
    let after = added(c"kbtest-b", 4);
    assert_eq!(after.name(), "kbtest-b.4");
    assert_eq!(
        after.driver().as_deref(),
        Some("kbtest-b"),
        "bound at device registration"
    );
    assert_eq!(b.stat(Stat::Probes), 2);
    assert_eq!(
        b.stat(Stat::ProbeLocked),
        2,
        "probe runs under the device lock"
    );
    assert_eq!(
        b.stat(Stat::ProbeSawDriver),
        2,
        "dev->driver is set before probe"
    );
    assert_eq!(b.stat(Stat::LastIdData), -1, "no id table, no id entry");
    assert!(
        b.owner_is_builtin(),
        "platform_driver_register() passes THIS_MODULE"
    );
    drop((before, after));
    assert_eq!(b.stat(Stat::Removes), 2);
    assert_eq!(
        b.stat(Stat::RemoveLocked),
        2,
        "remove runs under the device lock"
    );
    assert_eq!(b.stat(Stat::RemoveDrvdataOk), 2);
    assert_eq!(b.stat(Stat::DevresRuns), 2, "devres runs after remove");
    drop(b);
    assert_eq!(platform::registered_drivers(), 0);
    baseline.check();
}

#[test]
fn an_id_table_replaces_the_name_match() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, 0).unwrap();
    let by_id = added(c"kbtest-id2", 3);
    assert_eq!(by_id.name(), "kbtest-id2.3");
    assert_eq!(by_id.driver().as_deref(), Some("kbtest-a"));
    assert_eq!(
        a.stat(Stat::LastIdData),
        8,
        "probe sees the entry that matched"
    );
    assert_eq!(by_id.id_entry_data(), Some(8));
    let by_name = added(c"kbtest-a", -1);
    assert_eq!(
        by_name.driver(),
        None,
        "with an id table the driver's name is not matched"
    );
    drop((by_id, by_name));
    drop(a);
    baseline.check();
}

#[test]
fn of_compatible_matches_first_and_without_case() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, 0).unwrap();
    let mut dev = Device::new(c"kbtest-id", -1);
    dev.set_compatible(c"KBridge,Test-A");
    dev.add().unwrap();
    assert_eq!(dev.driver().as_deref(), Some("kbtest-a"));
    assert_eq!(
        a.stat(Stat::LastIdData),
        -1,
        "an OF match stops before the id table"
    );
    let mut other = Device::new(c"elsewhere", -1);
    other.set_compatible(c"kbridge,test-b");
    other.add().unwrap();
    assert_eq!(other.driver(), None);
    // A node never added goes with its device.
    let never = Device::new(c"kbtest-id", 9);
    never.set_compatible(c"kbridge,test-a");
    drop((dev, other, never));
    drop(a);
    baseline.check();
}

#[test]
fn driver_override_alone_decides() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, 0).unwrap();
    let b = CDriver::register(Which::B, 0).unwrap();
    let mut dev = Device::new(c"kbtest-id", 1);
    dev.set_override(c"kbtest-b\n").unwrap();
    dev.add().unwrap();
    assert_eq!(
        dev.driver().as_deref(),
        Some("kbtest-b"),
        "the id table of kbtest-a is not asked"
    );
    assert_eq!(a.stat(Stat::Probes), 0);
    dev.unbind();
    assert_eq!(b.stat(Stat::Removes), 1);
    dev.set_override(c"nobody").unwrap();
    dev.reprobe();
    assert_eq!(
        dev.driver(),
        None,
        "an override naming no driver binds none"
    );
    dev.set_override(c"").unwrap();
    dev.reprobe();
    assert_eq!(
        dev.driver().as_deref(),
        Some("kbtest-a"),
        "cleared: the id table matches"
    );
    drop(dev);
    drop((a, b));
    baseline.check();
}

#[test]
fn a_failed_probe_releases_devres_and_clears_the_binding() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, -EIO).unwrap();
    let dev = added(c"kbtest-id", 2);
    assert_eq!(dev.driver(), None);
    assert_eq!(a.stat(Stat::Probes), 1);
    assert_eq!(a.stat(Stat::DevresRuns), 1, "devres released on failure");
    assert_eq!(a.stat(Stat::Removes), 0, "no remove after a failed probe");
    dev.reprobe();
    assert_eq!(a.stat(Stat::Probes), 2);
    assert_eq!(
        a.stat(Stat::ProbeSawDrvdata),
        0,
        "the driver data was cleared"
    );
    assert_eq!(a.stat(Stat::DevresRuns), 2);
    drop(dev);
    assert_eq!(a.stat(Stat::Removes), 0);
    drop(a);
    baseline.check();
}

#[test]
fn a_failed_probe_lets_the_next_matching_driver_try() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, -EIO).unwrap();
    let b = CDriver::register(Which::B, 0).unwrap();
    let mut dev = Device::new(c"kbtest-b", -1);
    dev.set_compatible(c"kbridge,test-a");
    dev.add().unwrap();
    assert_eq!(a.stat(Stat::Probes), 1);
    assert_eq!(dev.driver().as_deref(), Some("kbtest-b"));
    assert_eq!(b.stat(Stat::ProbeSawDriver), 1);
    drop(dev);
    drop((a, b));
    baseline.check();
}

#[test]
fn unregistering_a_driver_unbinds_its_devices_only() {
    let (_serial, baseline) = serial();
    let a = CDriver::register(Which::A, 0).unwrap();
    let b = CDriver::register(Which::B, 0).unwrap();
    let one = added(c"kbtest-id", 10);
    let two = added(c"kbtest-id2", 11);
    let other = added(c"kbtest-b", 12);
    assert_eq!(a.stat(Stat::Probes), 2);
    drop(a);
    assert_eq!((one.driver(), two.driver()), (None, None));
    assert_eq!(other.driver().as_deref(), Some("kbtest-b"));
    assert_eq!(b.stat(Stat::Removes), 0);
    let a = CDriver::register(Which::A, 0).unwrap();
    assert_eq!(
        a.stat(Stat::Probes),
        2,
        "registered again, it binds them again"
    );
    drop(a);
    drop((one, two, other));
    assert_eq!(b.stat(Stat::Removes), 1);
    drop(b);
    baseline.check();
}

#[test]
fn registration_refusals() {
    let (_serial, baseline) = serial();
    let b = CDriver::register(Which::B, 0).unwrap();
    assert_eq!(
        b.register_again(),
        -EBUSY,
        "driver_register(): a name already on the bus"
    );
    assert_eq!(platform::registered_drivers(), 1);
    let first = added(c"kbtest-b", 7);
    let mut second = Device::new(c"kbtest-b", 7);
    assert_eq!(second.add(), Err(-EEXIST), "a device name is taken");
    assert_eq!(second.driver(), None);
    assert_eq!(b.stat(Stat::Probes), 1);
    drop((first, second));
    drop(b);
    baseline.check();
}

#[test]
fn auto_ids_are_the_lowest_free_and_come_back() {
    let (_serial, baseline) = serial();
    let x = added(c"kbtest-auto", -2);
    let y = added(c"kbtest-auto", -2);
    assert_eq!((x.id(), x.name().as_str()), (0, "kbtest-auto.0.auto"));
    assert_eq!((y.id(), y.name().as_str()), (1, "kbtest-auto.1.auto"));
    drop(x);
    let z = added(c"kbtest-auto", -2);
    assert_eq!(z.id(), 0);
    drop((y, z));
    baseline.check();
}

#[test]
fn shutdown_reaches_bound_drivers_under_the_device_lock() {
    let (_serial, baseline) = serial();
    let b = CDriver::register(Which::B, 0).unwrap();
    let bound = added(c"kbtest-b", 1);
    let unbound = added(c"nobody", 1);
    platform::shutdown_all();
    assert_eq!(b.stat(Stat::Shutdowns), 1);
    assert_eq!(b.stat(Stat::ShutdownLocked), 1);
    assert_eq!(bound.refs(), 1, "device_shutdown() dropped its references");
    drop((bound, unbound));
    drop(b);
    baseline.check();
}
