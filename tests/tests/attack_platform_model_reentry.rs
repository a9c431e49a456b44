//! Re-entry from a driver's callback into the bus through the test harness: a
//! `shutdown` (device lock held, as device_shutdown() holds it) that unbinds its own
//! device. In Linux that is a deadlock: device_release_driver() takes the same device lock
//! (drivers/base/dd.c, __device_driver_lock()). The generated API gives a driver no way to
//! unbind a device, so this goes through `kbridge_tests::platform::Device::unbind`.

#![forbid(unsafe_code)]

use std::sync::Mutex;

use kbridge_tests::loader;
use kbridge_tests::platform::{self as bus, Device as BusDevice};
use kernel::platform::{Device, Driver};
use kernel::prelude::*;

static SELF_DEV: Mutex<Option<BusDevice>> = Mutex::new(None);

struct Data(Vec<u64>);

struct SelfUnbind;

#[vtable]
impl Driver for SelfUnbind {
    type DeviceData = Data;
    const NAME: &'static CStr = c"atk-self-unbind";

    fn probe(_dev: &Device) -> Result<Data> {
        Ok(Data(vec![7; 8]))
    }

    fn shutdown(_dev: &Device, data: &Data) {
        if let Some(dev) = SELF_DEV.lock().unwrap().as_ref() {
            dev.unbind();
        }
        // `data` was dropped by the nested remove: a read of freed memory.
        std::hint::black_box(data.0[3]);
    }
}

#[kernel_driver(name = "attack_platform_model_reentry", license = "GPL", drivers = [SelfUnbind])]
struct AttackPlatformModelReentry(kernel::platform::Registration);

const CHILD: &str = "KBRIDGE_ATTACK_REENTRY_CHILD";

/// Run by [`a_shutdown_that_unbinds_its_own_device_deadlocks_as_in_linux`] in a child.
#[test]
#[ignore = "run in a child process by a_shutdown_that_unbinds_its_own_device_deadlocks_as_in_linux"]
fn child_self_unbind() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    assert_eq!(loader::load::<AttackPlatformModelReentry>(c""), Ok(()));
    let mut dev = BusDevice::new(c"atk-self-unbind", -1);
    dev.add().unwrap();
    *SELF_DEV.lock().unwrap() = Some(dev);
    bus::shutdown_all();
    // Not reached: the second device_lock() of the thread stops the model.
    std::process::exit(0);
}

/// Found by an attack: a `shutdown` that unbinds its own device through the test
/// harness took the device lock its caller holds; the model reported it and went on, so
/// the nested remove freed the data `shutdown` was reading (a use after free under
/// valgrind). Linux hangs there (device_shutdown() in core.c holds the lock that
/// device_release_driver_internal() in dd.c takes). The model now stops at such a
/// deadlock, before the data is freed.
#[test]
fn a_shutdown_that_unbinds_its_own_device_deadlocks_as_in_linux() {
    use std::os::unix::process::ExitStatusExt;
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_self_unbind", "--ignored", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), Some(6), "SIGABRT; stderr: {stderr}");
    assert!(
        stderr.contains("mutex_lock of a mutex this thread holds"),
        "{stderr}"
    );
}
