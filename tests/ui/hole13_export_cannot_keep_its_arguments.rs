//! Third attack round: the glue inferred the references' lifetime from the function, so a
//! function taking `&'static CStr` (given to the glue macro directly, or reached through
//! an `Option` alias that adds `'static`) kept the C caller's buffer past the call. The
//! references now borrow a local of the glue: a `'static` parameter does not compile.
#![forbid(unsafe_code)]

use kernel::prelude::*;

pub fn keep(name: &'static CStr, _label: Option<&'static CStr>, _twice: bool, _delta: i64) -> i64 {
    name.to_bytes().len() as i64
}

kernel::__kbridge_export! {
    checked symbol: kbridge_selftest_strings, function: keep, returns: [i64],
    invalid: [0],
    params: [name: str, label: str_opt, twice: scalar(bool), delta: scalar(i64),],
}

mod alias {
    use kernel::prelude::*;

    /// `Option<&mut T>` made `'static`: the attribute sees an `Option` of a reference.
    pub type Option<T> = core::option::Option<&'static mut <T as core::ops::Deref>::Target>;

    #[export(invalid = 0)]
    pub fn kbridge_selftest_buffers(
        input: &[u8],
        #[len(output_size, after = used)] output: Option<&mut [u8]>,
        used: usize,
        #[len(table_len)] table: core::option::Option<&[u16]>,
        #[len(scratch_len)] scratch: &mut [u16],
    ) -> usize {
        let _ = (input, output, table, scratch);
        used
    }
}

fn main() {}
