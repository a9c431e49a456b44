//! Attack on kernel::platform: a `&Device` is lent for the callback only. Keeping it in
//! a static, or returning it as the device data, does not compile.
#![forbid(unsafe_code)]

use std::sync::Mutex;

use kernel::platform::{Device, Driver};
use kernel::prelude::*;

static KEPT: Mutex<Option<&'static Device>> = Mutex::new(None);

struct Keeper;

#[vtable]
impl Driver for Keeper {
    type DeviceData = ();
    const NAME: &'static CStr = c"keeper";

    fn probe(dev: &Device) -> Result {
        *KEPT.lock().unwrap() = Some(dev);
        Ok(())
    }
}

struct DataIsTheDevice;

#[vtable]
impl Driver for DataIsTheDevice {
    type DeviceData = &'static Device;
    const NAME: &'static CStr = c"data-is-the-device";

    fn probe(dev: &Device) -> Result<&'static Device> {
        Ok(dev)
    }
}

fn main() {}
