//! Attack on kernel::platform: the device data is lent to remove and shutdown for the
//! callback only (remove drops it right after). Keeping the reference does not compile.
#![forbid(unsafe_code)]

use std::sync::Mutex;

use kernel::platform::{Device, Driver};
use kernel::prelude::*;

struct Data(u32);

static KEPT: Mutex<Option<&'static Data>> = Mutex::new(None);

struct Keeper;

#[vtable]
impl Driver for Keeper {
    type DeviceData = Data;
    const NAME: &'static CStr = c"keeper";

    fn probe(_dev: &Device) -> Result<Data> {
        Ok(Data(1))
    }

    fn remove(_dev: &Device, data: &Data) {
        *KEPT.lock().unwrap() = Some(data);
    }

    fn shutdown(_dev: &Device, data: &Data) {
        let kept: &'static Data = data;
        let _ = kept;
    }
}

fn main() {}
