//! Hole 4 of issue 19: the macros' expansions are hygienic.
//!
//! The glue used to start with `use super::*` and to name `Option`, `Some`, `None` and
//! `drop` unqualified inside `unsafe` blocks, so a driver's own `Option` with
//! `fn take(&'static mut self)` got a `&'static mut` into the glue's cell, and its own
//! `drop` leaked the registration while the module reported itself unloaded.
//!
//! This crate's root, where every macro expands, shadows the prelude's names, the kernel
//! prelude's, the primitive types and the `kernel` crate name with look-alikes that would
//! misbehave if an expansion used them (`drop` leaks, `isize::MAX` is `usize::MAX`,
//! `Option::take` hands out `&'static mut`). It also takes over `::core` itself
//! (`extern crate self as core;`, the second attack round's finding): an expansion that
//! named `::core::ptr::addr_of_mut!` got this crate's, which hands out a table of its
//! choosing, and `::core::sync::atomic::AtomicBool` is one that never says "taken". The
//! macros now reach `core` only as `$crate::__private::core`. It uses every
//! macro with every option: `#[kernel_driver]` with parameters of every type, two drivers
//! and a device table, `#[vtable]` on each ops trait, `#[export]` with every kind of
//! parameter. tests/model.rs loads it into the model and checks that it behaves.

#![no_std]
#![forbid(unsafe_code)]
#![allow(
    dead_code,
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    unused_macros,
    clippy::all,
    reason = "the look-alikes are named after what they shadow"
)]

// --- the prelude ------------------------------------------------------------------

/// An `Option` whose `take` hands out `&'static mut`, as the attack had it.
pub enum Option<T> {
    Some(T),
    None,
}
pub use self::Option::{None, Some};

impl<T> Option<T> {
    pub fn take(&'static mut self) -> &'static mut Self {
        self
    }
}

pub enum Result<T, E> {
    Ok(T),
    Err(E),
}
pub use self::Result::{Err, Ok};

/// A `drop` that leaks.
pub fn drop<T>(value: T) {
    real_core::mem::forget(value)
}

pub struct Box<T>(T);
pub struct Vec;
pub struct String;
pub trait Drop {}
pub trait Send {}
pub trait Sync {}
pub trait Sized {}
pub trait Copy {}
pub trait Clone {}
pub trait Default {}
pub trait Fn {}
pub trait FnMut {}
pub trait FnOnce {}
pub trait Iterator {}
pub trait IntoIterator {}
pub trait From {}
pub trait Into {}
pub trait TryFrom {}
pub trait TryInto {}
pub trait AsRef {}
pub trait AsMut {}
pub trait PartialEq {}
pub trait Eq {}
pub trait PartialOrd {}
pub trait Ord {}
pub trait ToOwned {}
pub trait ToString {}
pub trait Extend {}
pub trait Unpin {}

macro_rules! assert {
    ($($anything:tt)*) => {};
}
macro_rules! panic {
    ($($anything:tt)*) => {};
}
macro_rules! concat {
    ($($anything:tt)*) => {
        ""
    };
}

// --- `::core` is this crate ------------------------------------------------------

extern crate core as real_core;
extern crate self as core;

/// `::core::ptr`, as the second attack round had it: `addr_of_mut!` of anything is a
/// pointer to this crate's bytes.
pub mod ptr {
    pub use real_core::ptr::{NonNull, null, null_mut};
    #[macro_export]
    macro_rules! fake_addr_of_mut {
        ($place:expr) => {
            (&raw const $crate::FAKE).cast_mut()
        };
    }
    pub use crate::fake_addr_of_mut as addr_of_mut;
}

/// Bytes a hijacked expansion would hand to C as a driver table.
pub static FAKE: [real_core::primitive::u8; 4096] = [0x41; 4096];

/// `::core::sync::atomic`: an `AtomicBool` that is never set.
pub mod sync {
    pub mod atomic {
        pub use real_core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
        pub struct AtomicBool;
        impl AtomicBool {
            pub const fn new(_: real_core::primitive::bool) -> Self {
                AtomicBool
            }
            pub fn swap(
                &self,
                _: real_core::primitive::bool,
                _: Ordering,
            ) -> real_core::primitive::bool {
                false
            }
            pub fn store(&self, _: real_core::primitive::bool, _: Ordering) {}
        }
    }
}

/// `::core::option` and `::core::result`: the look-alikes below.
pub mod option {
    pub use crate::Option;
}
pub mod result {
    pub use crate::Result;
}
/// `::core::mem`: a `forget` that is `drop`'s look-alike, and the look-alike `drop`.
pub mod mem {
    pub use crate::drop;
    pub use crate::drop as forget;
}
/// `::core::primitive`: the look-alike primitive types.
pub mod primitive {
    pub use crate::{bool, i8, i16, i32, i64, str, u8, u16, u32, u64, usize};
}

// --- the primitive types ------------------------------------------------------------

pub struct bool;
pub struct u8;
pub struct u16;
pub struct u32;
pub struct u64;
pub struct usize;
pub struct i8;
pub struct i16;
pub struct i32;
pub struct i64;
pub struct str;
/// `isize::MAX` that is `usize::MAX`: a length check through it passes anything.
pub mod isize {
    pub const MAX: real_core::primitive::usize = real_core::primitive::usize::MAX;
}

// --- the crates and the kernel prelude ---------------------------------------------

pub mod kernel {}
pub mod alloc {}
pub mod std {}
pub mod bindings {}
pub mod ffi {}
pub struct ThisModule;
pub trait Module {}
pub struct CStr;
pub struct Error;
pub struct KBox;
pub struct ARef;
pub struct Opaque;
pub struct Pin;
pub const EBUSY: real_core::primitive::i32 = 0;
pub const EINVAL: real_core::primitive::i32 = 0;
pub const EIO: real_core::primitive::i32 = 0;

// --- a PHY module: two drivers, a device table, parameters of every type -----------

type Res = ::kernel::error::Result;

/// Per-device data: the parameters the driver was bound with.
pub struct Bound {
    pub retries: real_core::primitive::u32,
}

pub struct Chip772a;

#[::kernel::prelude::vtable]
impl ::kernel::net::phy::Driver for Chip772a {
    const NAME: &'static real_core::ffi::CStr = c"hygiene AX88772A";
    const DEVICE_ID: ::kernel::net::phy::DeviceId =
        ::kernel::net::phy::DeviceId::new_with_exact_mask(0x003b_1861);

    fn probe(dev: &mut ::kernel::net::phy::Device) -> Res {
        dev.set_data(Bound {
            retries: params::retries(),
        })
    }

    fn soft_reset(dev: &::kernel::net::phy::UnlockedDevice) -> Res {
        dev.write(0, 0)?;
        dev.modify(0, 0x0400, 0x8000)?;
        ::kernel::delay::msleep(1);
        dev.genphy_resume()
    }

    fn read_status(dev: &mut ::kernel::net::phy::Device) -> Res {
        let retries = dev.data::<Bound>().map_or(0, |b| b.retries);
        ::kernel::prelude::pr_debug!("read_status, {} retries\n", retries);
        dev.genphy_read_status()
    }
}

pub struct Chip772c;

#[::kernel::prelude::vtable]
impl ::kernel::net::phy::Driver for Chip772c {
    const NAME: &'static real_core::ffi::CStr = c"hygiene AX88772C";
    const FLAGS: real_core::primitive::u32 = ::kernel::net::phy::PHY_IS_INTERNAL;
    const DEVICE_ID: ::kernel::net::phy::DeviceId =
        ::kernel::net::phy::DeviceId::new_with_model_mask(0x003b_1881);

    fn match_phy_device(dev: &::kernel::net::phy::CandidateDevice) -> real_core::primitive::bool {
        Self::DEVICE_ID.matches(dev.phy_id())
    }

    fn suspend(dev: &mut ::kernel::net::phy::Device) -> Res {
        dev.genphy_suspend()
    }
}

/// Default values are ordinary constant expressions of the crate.
const DEFAULT_BUDGET: real_core::primitive::u64 = 1 << 40;

#[::kernel::prelude::kernel_driver(
    name = "hygiene",
    license = "GPL",
    author = "kbridge",
    author = "the hygiene test",
    description = "every macro option, every prelude name shadowed",
    alias = "mdio:hygiene",
    drivers = [Chip772a, Chip772c],
    device_table = "mdio",
    params = {
        /// How many times to retry
        retries: u32 = 3,
        /// Log more
        verbose: bool = false,
        /// A signed offset
        offset: i32 = -1,
        /// A budget
        budget: u64 = DEFAULT_BUDGET,
        /// A small one
        small: u16 = 7,
        /// A big one
        big: usize = 9,
    },
)]
pub struct Hygiene(::kernel::net::phy::Registration);

// --- blk-mq: #[vtable] on both ops traits ------------------------------------------

/// A disk's bytes, behind a lock.
pub struct Store {
    bytes: ::kernel::sync::SpinLock<[real_core::primitive::u8; 4096]>,
    pub opens: real_core::sync::atomic::AtomicUsize,
}

impl Store {
    fn serve(&self, rq: &::kernel::block::mq::Request<Self>) -> Res {
        let write = match rq.operation() {
            real_core::option::Option::Some(::kernel::block::mq::Operation::Read) => false,
            real_core::option::Option::Some(::kernel::block::mq::Operation::Write) => true,
            _ => return real_core::result::Result::Err(::kernel::error::code::EOPNOTSUPP),
        };
        let mut at = real_core::primitive::usize::try_from(rq.sector() * 512)?;
        let mut bytes = self.bytes.lock();
        rq.for_each_segment(|segment| {
            let len = segment.len();
            let stored = bytes
                .get_mut(at..at + len)
                .ok_or(::kernel::error::code::ENOSPC)?;
            match write {
                true => segment.copy_to_slice(stored)?,
                false => segment.copy_from_slice(stored)?,
            }
            at += len;
            real_core::result::Result::Ok(())
        })
    }
}

#[::kernel::prelude::vtable]
impl ::kernel::block::mq::Operations for Store {
    type QueueData = Store;

    fn queue_rq(
        _hw: &::kernel::block::mq::HwCtx,
        rq: ::kernel::types::Owned<::kernel::block::mq::Request<Self>>,
        _last: real_core::primitive::bool,
    ) -> real_core::result::Result<(), ::kernel::block::mq::Busy<Self>> {
        rq.start();
        let result = rq.queue().data().serve(&rq);
        ::kernel::block::mq::Request::end(rq, result);
        real_core::result::Result::Ok(())
    }

    fn open(disk: &::kernel::block::mq::GenDisk<Self>, _mode: real_core::primitive::u32) -> Res {
        let _ = disk;
        real_core::result::Result::Ok(())
    }
}

/// A built disk.
pub type Disk = ::kernel::types::Built<::kernel::block::mq::GenDisk<Store>>;

/// An 8-sector disk named `hygiene0`.
pub fn disk(module: &'static ::kernel::ThisModule) -> ::kernel::error::Result<Disk> {
    let set = ::kernel::block::mq::TagSet::new(::kernel::block::mq::TagSetConfig {
        nr_hw_queues: 1,
        queue_depth: 2,
        numa_node: ::kernel::numa::NUMA_NO_NODE,
        ..real_core::default::Default::default()
    })?;
    let store = Store {
        bytes: ::kernel::sync::SpinLock::new([0; 4096])?,
        opens: real_core::sync::atomic::AtomicUsize::new(0),
    };
    let config = ::kernel::block::mq::GenDiskConfig {
        limits: ::kernel::block::mq::QueueLimits::new(),
        disk_name: "hygiene0",
        sectors: 8,
    };
    ::kernel::block::mq::GenDisk::new(module, set, store, config)
}

// --- #[export] with every kind of parameter ----------------------------------------

static PLAIN: real_core::sync::atomic::AtomicU32 = real_core::sync::atomic::AtomicU32::new(0);

/// A required string, an optional one, a flag and a signed integer.
#[::kernel::prelude::export(invalid = 0)]
pub fn kbridge_selftest_strings(
    name: &real_core::ffi::CStr,
    label: real_core::option::Option<&real_core::ffi::CStr>,
    twice: real_core::primitive::bool,
    delta: real_core::primitive::i64,
) -> real_core::primitive::i64 {
    let name = name.to_bytes().len() as real_core::primitive::i64;
    let label = label.map_or(0, |l| l.to_bytes().len() as real_core::primitive::i64);
    let plain =
        real_core::primitive::i64::from(PLAIN.load(real_core::sync::atomic::Ordering::Relaxed));
    (if twice { 2 * name } else { name }) + label + delta + plain
}

/// A required read-only buffer, an optional writable one with its size after another
/// parameter, an optional read-only one and a required writable one, of two widths.
#[::kernel::prelude::export(invalid = 0)]
pub fn kbridge_selftest_buffers(
    input: &[real_core::primitive::u8],
    #[len(output_size, after = used)] output: real_core::option::Option<
        &mut [real_core::primitive::u8],
    >,
    used: real_core::primitive::usize,
    #[len(table_len)] table: real_core::option::Option<&[real_core::primitive::u16]>,
    #[len(scratch_len)] scratch: &mut [real_core::primitive::u16],
) -> real_core::primitive::usize {
    let mut copied = 0;
    if let real_core::option::Option::Some(output) = output
        && let real_core::option::Option::Some(room) = output.get_mut(used..)
    {
        copied = input.len().min(room.len());
        room[..copied].copy_from_slice(&input[..copied]);
    }
    for (i, slot) in scratch.iter_mut().enumerate() {
        *slot = i as real_core::primitive::u16;
    }
    let sum: real_core::primitive::usize = table.map_or(0, |t| {
        t.iter()
            .map(|&v| real_core::primitive::usize::from(v))
            .sum()
    });
    copied + sum
}

/// A plain value in, nothing out: no glue check can fail.
#[::kernel::prelude::export]
pub fn kbridge_selftest_plain(value: real_core::primitive::u32) {
    PLAIN.store(value, real_core::sync::atomic::Ordering::Relaxed);
}
