//! The module glue as the loader drives it (hole 3 of issue 19): the entry points run
//! once per load, re-entry and races on the module cell are refused, and the model's
//! loader refuses what Linux's delete_module() refuses.

use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

use kbridge_tests::loader;
use kernel::module::{ModuleCell, ModuleOf};
use kernel::prelude::*;

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
