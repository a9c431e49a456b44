//! Attack on kernel::platform: what the trampolines use is out of safe code's reach.
//! The device-data primitives are `unsafe fn`s, the C table's callbacks are
//! `unsafe extern "C" fn`s and the trampolines' module is private: each line below is
//! an error.
#![forbid(unsafe_code)]

use kernel::platform::{Device, Driver, DriverTable};
use kernel::prelude::*;

struct Data(u32);

struct Victim;

#[vtable]
impl Driver for Victim {
    type DeviceData = Data;
    const NAME: &'static CStr = c"victim";

    fn probe(_dev: &Device) -> Result<Data> {
        Ok(Data(1))
    }

    fn shutdown(dev: &Device, _data: &Data) {
        let raw = dev.as_raw();
        // A second take would free the data under the caller's feet.
        let _stolen = kernel::device_data::take::<Data>(&raw mut (*raw).dev);
        // Re-read the slot as another type.
        let _other = kernel::device_data::borrow::<u64>(core::ptr::null_mut());
        // Call the remove trampoline out of turn.
        let table = DriverTable::raw::<Victim>();
        (table.__bindgen_anon_1.remove.unwrap())(raw);
        kernel::platform::platform_driver_callbacks::remove::<Victim>(raw);
    }
}

fn main() {}
