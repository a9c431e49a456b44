//! Attack on kernel::platform: remove may drop the data on another thread than the probe
//! that made it, and callbacks of different devices run at once, so the data must be
//! `Send + Sync + 'static`: an `Rc`, a `Cell`, the device's raw pointer or a borrow of a
//! local do not compile.
#![forbid(unsafe_code)]

use std::cell::Cell;
use std::rc::Rc;

use kernel::bindings::platform_device;
use kernel::platform::{Device, Driver};
use kernel::prelude::*;

struct RcData;

#[vtable]
impl Driver for RcData {
    type DeviceData = Rc<u32>;
    const NAME: &'static CStr = c"rc-data";

    fn probe(_dev: &Device) -> Result<Rc<u32>> {
        Ok(Rc::new(1))
    }
}

struct CellData;

#[vtable]
impl Driver for CellData {
    type DeviceData = Cell<u32>;
    const NAME: &'static CStr = c"cell-data";

    fn probe(_dev: &Device) -> Result<Cell<u32>> {
        Ok(Cell::new(1))
    }
}

struct RawData;

#[vtable]
impl Driver for RawData {
    type DeviceData = *mut platform_device;
    const NAME: &'static CStr = c"raw-data";

    fn probe(dev: &Device) -> Result<*mut platform_device> {
        Ok(dev.as_raw())
    }
}

fn main() {}
