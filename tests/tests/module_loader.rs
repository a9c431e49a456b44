//! The module glue as the loader drives it (hole 3 of issue 19): the entry points run
//! once per load, re-entry and races on the module cell are refused, the model's loader
//! refuses what Linux's delete_module() refuses, and a failed init never leaves a
//! reference to freed module code.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};

use kbridge_tests::{blk, loader};
use kernel::block::mq;
use kernel::module::{ModuleCell, ModuleOf};
use kernel::prelude::*;
use kernel::types::Owned;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static MOST: AtomicIsize = AtomicIsize::new(0);
static INITS: AtomicUsize = AtomicUsize::new(0);

/// Counts its live values: more than one at a time would mean two `init`s won.
struct Counted;

impl kernel::Module for Counted {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        INITS.fetch_add(1, Ordering::SeqCst);
        let live = LIVE.fetch_add(1, Ordering::SeqCst) + 1;
        MOST.fetch_max(live, Ordering::SeqCst);
        Ok(Counted)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

static CELL: ModuleCell<Counted> = ModuleCell::new();

#[test]
fn hole03_module_cell_refuses_reentry_and_races() {
    // SAFETY: NULL is the owner of code that is not a loadable module.
    static THIS: ThisModule = unsafe { ThisModule::from_ptr(core::ptr::null_mut()) };
    let this = &THIS;
    // This test stands in for the loader, which holds no module code borrowed.
    // SAFETY: as above, for every call below.
    assert_eq!(unsafe { CELL.init(this) }, 0);
    assert_eq!(
        unsafe { CELL.init(this) },
        EBUSY.to_errno(),
        "init while loaded"
    );
    unsafe { CELL.exit() };
    unsafe { CELL.exit() };
    assert_eq!(
        LIVE.load(Ordering::SeqCst),
        0,
        "a second exit touches nothing"
    );
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                for _ in 0..2000 {
                    // SAFETY: as above.
                    unsafe {
                        let _ = CELL.init(this);
                        CELL.exit();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("no panic");
    }
    assert_eq!(
        MOST.load(Ordering::SeqCst),
        1,
        "never two module values at once"
    );
    assert_eq!(LIVE.load(Ordering::SeqCst), 0, "every value dropped once");
    assert!(INITS.load(Ordering::SeqCst) > 1);
}

/// A module with nothing in it, for the loader's refusals.
struct Empty;

impl kernel::Module for Empty {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(Empty)
    }
}

#[kernel_driver(name = "loader_test", license = "GPL")]
struct LoaderTest(Empty);

impl kernel::Module for LoaderTest {
    fn init(module: &'static ThisModule) -> Result<Self> {
        Empty::init(module).map(LoaderTest)
    }
}

unsafe extern "C" {
    fn try_module_get(module: *mut kernel::bindings::module) -> bool;
    fn module_put(module: *mut kernel::bindings::module);
}

#[test]
fn the_loader_refuses_what_delete_module_refuses() {
    let object = LoaderTest::module_object().as_ptr();
    assert_eq!(
        loader::unload::<LoaderTest>(),
        Err(EBUSY.to_errno()),
        "not loaded"
    );
    assert_eq!(loader::load::<LoaderTest>(c""), Ok(()));
    assert_eq!(
        loader::load::<LoaderTest>(c""),
        Err(EEXIST.to_errno()),
        "loaded twice"
    );
    // SAFETY: the object is the loaded module's.
    assert!(unsafe { try_module_get(object) });
    assert_eq!(loader::refcount::<LoaderTest>(), 1);
    assert_eq!(
        loader::unload::<LoaderTest>(),
        Err(EWOULDBLOCK.to_errno()),
        "a reference holds it"
    );
    // SAFETY: drops the reference taken above.
    unsafe { module_put(object) };
    assert_eq!(loader::unload::<LoaderTest>(), Ok(()));
    // SAFETY: the module is gone: no reference can be taken.
    assert!(!unsafe { try_module_get(object) });
    assert_eq!(loader::load::<LoaderTest>(c""), Ok(()), "loads again");
    assert_eq!(loader::unload::<LoaderTest>(), Ok(()));
}

/// A block device whose requests all succeed, for the module below.
struct NullDev;

#[vtable]
impl mq::Operations for NullDev {
    type QueueData = ();

    fn queue_rq(
        _hw: &mq::HwCtx,
        rq: Owned<mq::Request<Self>>,
        _last: bool,
    ) -> Result<(), mq::Busy<Self>> {
        rq.start();
        mq::Request::end(rq, Ok(()));
        Ok(())
    }
}

/// Whether `FailsLate` lets its disk be opened (as udev does) before it fails.
static OPEN_DURING_INIT: AtomicBool = AtomicBool::new(false);
/// The open made during init, which outlives it.
static OPENER: Mutex<Option<blk::Opened>> = Mutex::new(None);

/// Adds a disk, then fails: ordinary driver code, which drops (deletes) the disk on the
/// way out.
#[kernel_driver(name = "fails_late", license = "GPL")]
struct FailsLate;

impl kernel::Module for FailsLate {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let set = mq::TagSet::<NullDev>::new(mq::TagSetConfig {
            nr_hw_queues: 1,
            queue_depth: 2,
            ..mq::TagSetConfig::default()
        })?;
        let config = mq::GenDiskConfig {
            limits: mq::QueueLimits::new(),
            disk_name: "fails_late0",
            sectors: 8,
        };
        let disk = mq::GenDisk::new(module, set, (), config)?;
        if OPEN_DURING_INIT.load(Ordering::SeqCst) {
            // add_disk() announced the disk; udev opens it at once (bdev_open() takes a
            // reference on the module, which succeeds while it is COMING).
            let opened = blk::Opened::new(&disk).map_err(|_| EIO)?;
            *OPENER.lock().map_err(|_| EIO)? = Some(opened);
        }
        drop(disk);
        Err(ENODEV)
    }
}

/// Linux frees a module whose init failed whatever references others hold
/// (do_init_module()), so a reference taken on it during init would outlive its code. The
/// glue keeps such a module loaded, with nothing registered, until it can be unloaded.
#[test]
fn a_failed_init_with_references_held_keeps_the_module_until_they_are_dropped() {
    let errors = blk::model_errors();
    assert_eq!(
        loader::load::<FailsLate>(c""),
        Err(ENODEV.to_errno()),
        "nobody holds it: the error stands"
    );
    OPEN_DURING_INIT.store(true, Ordering::SeqCst);
    assert_eq!(loader::load::<FailsLate>(c""), Ok(()), "the open holds it");
    assert_eq!(loader::refcount::<FailsLate>(), 1);
    assert!(
        blk::Disk::find(c"fails_late0").is_none(),
        "the disk is deleted"
    );
    assert_eq!(
        loader::unload::<FailsLate>(),
        Err(EWOULDBLOCK.to_errno()),
        "the open still holds it"
    );
    let opened = OPENER.lock().expect("no panic").take();
    drop(opened);
    assert_eq!(loader::refcount::<FailsLate>(), 0);
    assert_eq!(loader::unload::<FailsLate>(), Ok(()));
    assert_eq!(
        blk::model_errors(),
        errors,
        "no reference outlived the module"
    );
}
