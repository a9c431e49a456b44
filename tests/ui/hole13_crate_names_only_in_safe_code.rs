//! Fourth attack round: a name the glue macros resolve in the crate (the parameter
//! storage `__KBRIDGE_PARAMS`, the export's `function`) was used inside an `unsafe`
//! block or an `unsafe extern "C" fn` body, so a crate's union (a `&Param<bool>` read as
//! a `&Param<u64>`) or `static mut` got read there without an `unsafe` of its own. Such
//! names are now used only in safe code: the storage by a typed `let` before the
//! `unsafe` block, the function in the glue's safe half.
#![forbid(unsafe_code)]
#![allow(static_mut_refs)]

use kernel::module::Param;
use kernel::prelude::*;

pub struct Evil;

impl kernel::Module for Evil {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Evil)
    }
}

pub static FLAG: Param<bool> = Param::new(false);

/// Reading `flag` reads a `&Param<bool>` as a `&Param<u64>`.
pub union Pun {
    flag: &'static Param<u64>,
    real: &'static Param<bool>,
}
static __KBRIDGE_PARAMS: Pun = Pun { real: &FLAG };

kernel::__kbridge_module!(@common "evil_union", Evil, Evil,
    { license: "GPL", authors: [], description: [], aliases: [] },
    [flag: u64 = 0]);

pub fn keep(name: &CStr, _label: Option<&CStr>, _twice: bool, _delta: i64) -> i64 {
    name.to_bytes().len() as i64
}

/// The function, read from a `static mut` by the glue.
#[allow(non_upper_case_globals)]
pub static mut kf: for<'a, 'b> fn(&'a CStr, Option<&'b CStr>, bool, i64) -> i64 = keep;

kernel::__kbridge_export! {
    checked symbol: kbridge_selftest_strings, function: kf, returns: [i64],
    invalid: [0],
    params: [name: str, label: str_opt, twice: scalar(bool), delta: scalar(i64),],
}

fn main() {}
