//! Third attack round: `kernel::__kbridge_module!`'s `@` arms invoked on their own. The
//! module object was built from whatever `PARAMS` was in scope (a table of the crate's,
//! with a parser writing 8 bytes into a `bool`); now the table, the object and the entry
//! points are one expansion. And `@drivers` made its value nameable, whose safe `init`
//! registered the drivers outside the loader; that `init` is now an `unsafe fn`.
#![forbid(unsafe_code)]

use kernel::net::phy::{self, DeviceId};
use kernel::prelude::*;

pub static FLAG: kernel::module::Param<bool> = kernel::module::Param::new(false);

static PARAMS: kernel::module::ParamTable<1> = kernel::module::ParamTable([
    kernel::bindings::kernel_param {
        name: c"flag".as_ptr().cast(),
        mod_: core::ptr::null_mut(),
        ops: <u64 as kernel::module::ParamType>::OPS,
        perm: 0o444,
        level: -1,
        flags: 0,
        __bindgen_anon_1: kernel::bindings::kernel_param__bindgen_ty_1 {
            arg: FLAG.as_ptr().cast(),
        },
    },
]);

pub struct Evil;

impl kernel::Module for Evil {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Evil)
    }
}

kernel::__kbridge_module!(@common "evil", Evil, Evil,
    { license: "GPL", authors: [], description: [], aliases: [] }, []);

pub struct Chip;

#[vtable]
impl phy::Driver for Chip {
    const NAME: &'static CStr = c"attack chip";
    const DEVICE_ID: DeviceId = DeviceId::new_with_exact_mask(0x0044_0001);
}

pub struct Leaky(phy::Registration);

kernel::__kbridge_module!(@drivers "leaky", Leaky, phy::Registration, [Chip], ["mdio"]);

pub fn register_outside_the_loader(module: &'static ThisModule) {
    let drivers = <Drivers as kernel::module::ModuleValue>::init(module);
    core::mem::forget(drivers);
}

fn main() {}
