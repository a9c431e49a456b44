// A module parameter has one of the types the kernel has a stock parser for.
use kernel::prelude::*;

#[kernel_driver(
    name = "bad_param",
    license = "GPL",
    params = {
        /// A ratio
        ratio: f32 = 0.5,
    },
)]
struct BadParam;

impl kernel::Module for BadParam {
    fn init(_module: &'static kernel::ThisModule) -> Result<Self> {
        Ok(BadParam)
    }
}

fn main() {}
