//! Cross-crate tests of kbridge live in `tests/`; this library holds what they share.

use std::path::PathBuf;

// The model must be linked into every test binary: its C implements the kernel API.
use c_shim as _;

/// The shipped model headers.
pub fn model_headers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../headers")
}

/// The clang flags that parse the model headers as the kernel's C (for x86_64), with
/// the folder by its canonical path, as clang names the files it reads.
pub fn model_clang_args() -> Vec<String> {
    bridge_gen::dialect::args()
        // The dialect and the target only: bridge-gen's own parse adds -x c,
        // -fno-builtin and -ferror-limit=0 (bridge_gen::parse::clang_args).
        .chain(["--target=x86_64-linux-gnu".to_string()])
        .chain([format!(
            "-I{}",
            model_headers()
                .canonicalize()
                .unwrap_or_else(|_| model_headers())
                .display()
        )])
        .collect()
}

/// The model's loader: `insmod` and `rmmod` of a module built by `#[kernel_driver]`.
pub mod loader {
    use kernel::bindings::{kernel_param, module};
    use kernel::module::ModuleOf;

    unsafe extern "C" {
        fn kbridge_model_apply_params(
            params: *const kernel_param,
            count: core::ffi::c_ulong,
            args: *const core::ffi::c_char,
        ) -> core::ffi::c_int;
        fn kbridge_model_module_load(
            module: *mut module,
            args: *const core::ffi::c_char,
        ) -> core::ffi::c_int;
        fn kbridge_model_module_unload(module: *mut module) -> core::ffi::c_int;
        fn kbridge_model_module_refcount(module: *mut module) -> core::ffi::c_int;
    }

    /// Applies `name=value ...` to a module's parameter table, as the loader does: each
    /// value through its parameter's stock parser. `Err(errno)` for a value the parser
    /// refuses; unknown names are logged and ignored, as the kernel does.
    pub fn apply_params(params: &[kernel_param], args: &core::ffi::CStr) -> Result<(), i32> {
        // SAFETY: the table and string are live for the call; each entry's `arg` points
        // to the `Param` storage its module declared, which the stock parsers write.
        let ret = unsafe {
            kbridge_model_apply_params(params.as_ptr(), params.len() as _, args.as_ptr())
        };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }

    /// `insmod M.ko args`: the parameters, then the module's init. `Err(errno)`: a
    /// parameter refused, init failed, or the module is loaded already (`EEXIST`).
    pub fn load<M: ModuleOf>(args: &core::ffi::CStr) -> Result<(), i32> {
        let object = M::module_object().as_ptr();
        // SAFETY: the object is the module's, built by `#[kernel_driver]` with its
        // entry points and parameter table; the model's loader calls them as the
        // kernel's does, and `args` is live for the call.
        let ret = unsafe { kbridge_model_module_load(object, args.as_ptr()) };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }

    /// `rmmod M`: `Err(EWOULDBLOCK)` while something holds a reference on the module,
    /// `Err(EBUSY)` when it is not loaded; otherwise its exit runs.
    pub fn unload<M: ModuleOf>() -> Result<(), i32> {
        // SAFETY: as for `load`: the model's loader runs exit only for a loaded module
        // nothing holds a reference on.
        let ret = unsafe { kbridge_model_module_unload(M::module_object().as_ptr()) };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }

    /// The module's `kernel_param` table, as its `struct module` gives it to the loader.
    pub fn params<M: ModuleOf>() -> &'static [kernel_param] {
        let object = M::module_object().as_ptr();
        // SAFETY: `#[kernel_driver]` built the object with its static parameter table:
        // `kp` points to `num_kp` entries that are never written, for the program's life.
        unsafe { core::slice::from_raw_parts((*object).kp, (*object).num_kp as usize) }
    }

    /// References held on the loaded module (`-1` when it is not loaded).
    pub fn refcount<M: ModuleOf>() -> i32 {
        // SAFETY: reads the object's state and count.
        unsafe { kbridge_model_module_refcount(M::module_object().as_ptr()) }
    }
}

/// The owner for what a test builds outside a module (a disk, say): a model `struct
/// module` named `kbridge_tests`, loaded on first use and never unloaded.
pub fn test_module() -> &'static kernel::ThisModule {
    use kernel::module::{ModuleObject, ParamTable};

    static PARAMS: ParamTable<0> = ParamTable([]);
    unsafe extern "C" fn init() -> core::ffi::c_int {
        0
    }
    unsafe extern "C" fn exit() {}
    // SAFETY: the name is NUL-ended and short; no parameters; init and exit do nothing.
    static OBJECT: ModuleObject =
        unsafe { ModuleObject::new(b"kbridge_tests\0", &PARAMS.0, init, exit) };
    // SAFETY: `OBJECT` is a static, alive for the whole test program.
    static THIS: kernel::ThisModule = unsafe { kernel::ThisModule::from_ptr(OBJECT.as_ptr()) };
    static LOADED: std::sync::Once = std::sync::Once::new();
    LOADED.call_once(|| {
        unsafe extern "C" {
            fn kbridge_model_module_load(
                module: *mut kernel::bindings::module,
                args: *const core::ffi::c_char,
            ) -> core::ffi::c_int;
        }
        // SAFETY: the object was built above with entry points that do nothing.
        let ret = unsafe { kbridge_model_module_load(OBJECT.as_ptr(), c"".as_ptr()) };
        assert_eq!(ret, 0, "the tests' module object loads");
    });
    &THIS
}

/// The model's block layer as a test drives it: submit an I/O and wait for its end.
pub mod blk {
    use core::ffi::{CStr, c_char};
    use core::ffi::{c_int, c_long, c_uint, c_void};
    use kernel::bindings::gendisk;
    use kernel::block::mq::{GenDisk, Operation, Operations};

    /// A disk a test submits to: one it built, or one a module added ([`Disk`]).
    pub trait RawDisk {
        fn raw(&self) -> *mut gendisk;
    }

    impl<T: Operations> RawDisk for GenDisk<T> {
        fn raw(&self) -> *mut gendisk {
            self.as_raw()
        }
    }

    impl<T: Operations> RawDisk for kernel::types::Built<GenDisk<T>> {
        fn raw(&self) -> *mut gendisk {
            self.as_raw()
        }
    }

    /// A disk some module added, found by name; valid while that module is loaded.
    pub struct Disk(core::ptr::NonNull<gendisk>);

    impl Disk {
        pub fn find(name: &CStr) -> Option<Disk> {
            // SAFETY: `name` is a NUL-terminated string live for the call.
            core::ptr::NonNull::new(unsafe { kbridge_model_find_disk(name.as_ptr()) }).map(Disk)
        }

        /// The logical block size the driver's queue limits set.
        pub fn logical_block_size(&self) -> u32 {
            // SAFETY: the disk and its queue are live while the module is loaded.
            unsafe { (*(*self.0.as_ptr()).queue).limits.logical_block_size }
        }

        pub fn hw_queues(&self) -> u32 {
            // SAFETY: the disk is live while the module is loaded.
            unsafe { kbridge_model_disk_hw_queues(self.0.as_ptr()) }
        }
    }

    // SAFETY: the model's block layer takes submissions from any thread (per-queue
    // locks); the handle is only a pointer to the disk it submits to.
    unsafe impl Send for Disk {}

    // SAFETY: as for `Send`: shared use only submits I/O and reads fixed fields.
    unsafe impl Sync for Disk {}

    impl RawDisk for Disk {
        fn raw(&self) -> *mut gendisk {
            self.0.as_ptr()
        }
    }

    unsafe extern "C" {
        fn kbridge_model_blk_io(
            disk: *mut gendisk,
            hctx: c_uint,
            op: c_uint,
            sector: u64,
            buf: *mut c_void,
            len: c_uint,
            offset: c_uint,
        ) -> c_int;
        fn kbridge_model_disk_count() -> c_int;
        fn kbridge_model_disk_capacity(disk: *mut gendisk) -> u64;
        fn kbridge_model_live_allocations() -> c_long;
        fn kbridge_model_errors() -> c_long;
        fn kbridge_model_fail_allocation(after: c_long);
        fn kbridge_model_find_disk(name: *const c_char) -> *mut gendisk;
        fn kbridge_model_disk_hw_queues(disk: *mut gendisk) -> c_uint;
        fn kbridge_model_hold_tags(disk: *mut gendisk, hctx: c_uint, count: c_uint) -> c_int;
        fn kbridge_model_release_tags(disk: *mut gendisk, hctx: c_uint);
        fn kbridge_model_disk_open(disk: *mut gendisk) -> c_int;
        fn kbridge_model_disk_close(disk: *mut gendisk);
        fn kbridge_model_busy_returns() -> core::ffi::c_ulong;
        fn kbridge_model_lld_busy(disk: *mut gendisk) -> c_int;
    }

    /// An open of the whole disk, as `open("/dev/<disk>")` makes: it holds the disk and
    /// the module that owns its operations until it is dropped (closed).
    pub struct Opened(core::ptr::NonNull<gendisk>);

    // SAFETY: the model's open and close may run on any thread.
    unsafe impl Send for Opened {}

    impl Opened {
        /// `Err(errno)` as bdev_open() gives it: ENXIO for a disk that is not live or
        /// whose module is going away, or the driver's `open` error.
        pub fn new(disk: &impl RawDisk) -> Result<Opened, i32> {
            let raw = disk.raw();
            // SAFETY: the disk is live for the call; the open takes its own reference.
            match unsafe { kbridge_model_disk_open(raw) } {
                0 => Ok(Opened(core::ptr::NonNull::new(raw).ok_or(-22)?)),
                e => Err(e),
            }
        }
    }

    impl Drop for Opened {
        fn drop(&mut self) {
            // SAFETY: the open holds a reference on the disk, so it is live.
            unsafe { kbridge_model_disk_close(self.0.as_ptr()) }
        }
    }

    /// Runs `op` over `buf` at `sector` on hardware queue `hctx`, the data starting
    /// `offset` bytes into its first page, and waits for the driver to end it.
    /// `Err(errno)` is the request's status as the block layer reports it.
    pub fn io(
        disk: &impl RawDisk,
        hctx: u32,
        op: Operation,
        sector: u64,
        buf: &mut [u8],
        offset: u32,
    ) -> Result<(), i32> {
        let len = u32::try_from(buf.len()).map_err(|_| -22)?;
        // SAFETY: the disk is live for the call and `buf` is a live buffer of `len` bytes.
        let ret = unsafe {
            kbridge_model_blk_io(
                disk.raw(),
                hctx,
                op.to_raw(),
                sector,
                buf.as_mut_ptr().cast(),
                len,
                offset,
            )
        };
        if ret == 0 { Ok(()) } else { Err(ret) }
    }

    /// Disks currently added (visible) in the model.
    pub fn disks() -> i32 {
        // SAFETY: reads a counter.
        unsafe { kbridge_model_disk_count() }
    }

    /// The capacity the driver set, in sectors.
    pub fn capacity(disk: &impl RawDisk) -> u64 {
        // SAFETY: the disk is live for the call.
        unsafe { kbridge_model_disk_capacity(disk.raw()) }
    }

    /// Allocations from kmalloc/vmalloc not yet freed.
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn live_allocations() -> i64 {
        // SAFETY: reads a counter.
        i64::from(unsafe { kbridge_model_live_allocations() })
    }

    /// API misuse the model detected (a request ended twice, ...).
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn model_errors() -> i64 {
        // SAFETY: reads a counter.
        i64::from(unsafe { kbridge_model_errors() })
    }

    /// Takes up to `count` free tags of hardware queue `hctx`, as requests in flight
    /// would; returns how many it took.
    pub fn hold_tags(disk: &impl RawDisk, hctx: u32, count: u32) -> i32 {
        // SAFETY: the disk is live for the call.
        unsafe { kbridge_model_hold_tags(disk.raw(), hctx, count) }
    }

    /// Gives back the tags [`hold_tags`] took on `hctx`.
    pub fn release_tags(disk: &impl RawDisk, hctx: u32) {
        // SAFETY: the disk is live for the call.
        unsafe { kbridge_model_release_tags(disk.raw(), hctx) }
    }

    /// How often a driver's `queue_rq` answered `BLK_STS_RESOURCE` or
    /// `BLK_STS_DEV_RESOURCE`, each time followed by a new dispatch of the request.
    #[allow(
        clippy::useless_conversion,
        reason = "c_ulong is u32 on 32-bit targets"
    )]
    pub fn busy_returns() -> u64 {
        // SAFETY: reads a counter.
        u64::from(unsafe { kbridge_model_busy_returns() })
    }

    /// What `blk_lld_busy()` answers for the disk's queue (dm-multipath's question), which
    /// Linux asks through an open device, also after the disk was deleted.
    pub fn lld_busy(disk: &Opened) -> bool {
        // SAFETY: the open holds the disk (and so its queue) alive.
        unsafe { kbridge_model_lld_busy(disk.0.as_ptr()) != 0 }
    }

    /// Makes the allocation `after` allocations from now fail (negative: none).
    pub fn fail_allocation(after: i64) {
        // SAFETY: sets a counter.
        unsafe { kbridge_model_fail_allocation(after as c_long) }
    }
}

/// The model's driver core: devices alive and API misuse, checked around every test.
pub mod core_model {
    use core::ffi::c_long;

    unsafe extern "C" {
        fn kbridge_model_live_devices() -> c_long;
        fn kbridge_model_errors() -> c_long;
        fn kbridge_model_slept_ms() -> core::ffi::c_ulong;
    }

    /// Milliseconds all msleep() calls asked for so far (the model does not sleep).
    #[allow(
        clippy::useless_conversion,
        reason = "c_ulong is u32 on 32-bit targets"
    )]
    pub fn slept_ms() -> u64 {
        // SAFETY: reads a counter.
        u64::from(unsafe { kbridge_model_slept_ms() })
    }

    /// Devices initialized and not yet released.
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn live_devices() -> i64 {
        // SAFETY: reads a counter.
        i64::from(unsafe { kbridge_model_live_devices() })
    }

    /// What a test must leave as it found: live devices, allocations, misuse count.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Baseline {
        pub devices: i64,
        pub allocations: i64,
        pub errors: i64,
    }

    impl Baseline {
        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        pub fn now() -> Baseline {
            Baseline {
                devices: live_devices(),
                allocations: super::blk::live_allocations(),
                // SAFETY: reads a counter.
                errors: i64::from(unsafe { kbridge_model_errors() }),
            }
        }

        /// Panics with what differs when the model is not back to this baseline.
        pub fn check(&self) {
            assert_eq!(&Baseline::now(), self, "leak or API misuse in the model");
        }
    }
}

/// The model's phylib and MDIO hardware as a test drives them: a bus with emulated PHYs,
/// the MAC driver's calls, the register traffic and injected MDIO errors.
pub mod phy {
    use core::ffi::{CStr, c_char, c_int, c_long};
    use core::ptr::NonNull;
    use kernel::bindings::{mii_bus, phy_device};

    /// One MDIO access; the ones tests compare come from [`Bus::take_traffic`], which
    /// checked their address and left it 0.
    #[repr(C)]
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Access {
        write: c_int,
        addr: c_int,
        reg: c_int,
        value: c_int,
    }

    impl Access {
        /// A read of `reg` that returned `value`.
        pub fn read(reg: u32, value: u16) -> Access {
            Access {
                write: 0,
                addr: 0,
                reg: reg as c_int,
                value: value.into(),
            }
        }

        /// A write of `value` to `reg`.
        pub fn write(reg: u32, value: u16) -> Access {
            Access {
                write: 1,
                addr: 0,
                reg: reg as c_int,
                value: value.into(),
            }
        }

        pub fn is_write(&self) -> bool {
            self.write != 0
        }

        pub fn reg(&self) -> u32 {
            self.reg as u32
        }

        pub fn value(&self) -> i32 {
            self.value
        }
    }

    unsafe extern "C" {
        fn kbridge_model_mdio_bus_new() -> *mut mii_bus;
        fn kbridge_model_mdio_bus_free(bus: *mut mii_bus);
        fn kbridge_model_emu_phy_add(bus: *mut mii_bus, addr: c_int, id: u32) -> c_int;
        fn kbridge_model_emu_cable(bus: *mut mii_bus, addr: c_int, connected: c_int, partner: u16);
        fn kbridge_model_emu_lpa_zero(bus: *mut mii_bus, addr: c_int, quirk: c_int);
        fn kbridge_model_emu_settle(bus: *mut mii_bus, addr: c_int);
        fn kbridge_model_emu_register(bus: *mut mii_bus, addr: c_int, reg: c_int) -> c_int;
        fn kbridge_model_mdio_log(bus: *mut mii_bus, out: *mut Access, max: c_int) -> c_int;
        fn kbridge_model_mdio_log_clear(bus: *mut mii_bus);
        fn kbridge_model_mdio_fail(bus: *mut mii_bus, after: c_long, err: c_int);
        fn kbridge_model_phy_scan(
            bus: *mut mii_bus,
            addr: c_int,
            out: *mut *mut phy_device,
        ) -> c_int;
        fn kbridge_model_phy_remove(phydev: *mut phy_device);
        fn kbridge_model_phy_attach(phydev: *mut phy_device) -> c_int;
        fn kbridge_model_phy_detach(phydev: *mut phy_device);
        fn kbridge_model_phy_start(phydev: *mut phy_device);
        fn kbridge_model_phy_poll(phydev: *mut phy_device) -> c_int;
        fn kbridge_model_phy_stop(phydev: *mut phy_device);
        fn phy_suspend(phydev: *mut phy_device) -> c_int;
        fn phy_resume(phydev: *mut phy_device) -> c_int;
        fn kbridge_model_phy_driver_name(phydev: *mut phy_device) -> *const c_char;
        fn kbridge_model_phy_drivers() -> c_int;
        fn kbridge_model_phy_transitions(
            phydev: *mut phy_device,
            out: *mut c_int,
            max: c_int,
        ) -> c_int;
        fn kbridge_model_phy_link_events(
            phydev: *mut phy_device,
            ups: *mut c_int,
            downs: *mut c_int,
        );
        fn kbridge_model_device_refs(dev: *mut kernel::bindings::device) -> c_long;
    }

    unsafe extern "C" {
        fn kbridge_test_stale_priv_register(phy_id: u32) -> c_int;
        fn kbridge_test_stale_priv_unregister();
    }

    /// A C PHY driver that frees its `phydev->priv` data when it unbinds and leaves the
    /// pointer behind (tests/c/stale_priv.c), registered until dropped.
    pub struct StalePrivDriver(());

    impl StalePrivDriver {
        /// Registers it for PHYs with exactly `phy_id`.
        pub fn register(phy_id: u32) -> Result<StalePrivDriver, i32> {
            // SAFETY: the driver is a static of the C file, registered once at a time.
            match unsafe { kbridge_test_stale_priv_register(phy_id) } {
                0 => Ok(StalePrivDriver(())),
                e => Err(e),
            }
        }
    }

    impl Drop for StalePrivDriver {
        fn drop(&mut self) {
            // SAFETY: registered by `register`; unbinds its PHYs, freeing their priv.
            unsafe { kbridge_test_stale_priv_unregister() }
        }
    }

    /// PHY drivers registered with the model's phylib.
    pub fn registered_drivers() -> i32 {
        // SAFETY: reads a counter.
        unsafe { kbridge_model_phy_drivers() }
    }

    /// An MDIO bus controller with emulated PHYs; freed on drop.
    ///
    /// # Invariants
    ///
    /// `raw` is a live model bus owned by this value.
    pub struct Bus {
        raw: NonNull<mii_bus>,
    }

    impl Bus {
        pub fn new() -> Bus {
            // SAFETY: no preconditions; NULL only when out of memory.
            let raw = NonNull::new(unsafe { kbridge_model_mdio_bus_new() }).expect("bus");
            Bus { raw }
        }

        /// Solders a PHY with `id` at `addr` (the emulation knows the ASIX quirks).
        pub fn add_phy(&self, addr: i32, id: u32) {
            // SAFETY: the bus is live (type invariant).
            assert_eq!(
                unsafe { kbridge_model_emu_phy_add(self.raw.as_ptr(), addr, id) },
                0
            );
        }

        /// Plugs in a cable to a partner advertising `partner` (LPA bits), or pulls it.
        pub fn cable(&self, addr: i32, partner: Option<u16>) {
            // SAFETY: the bus is live and `addr` has a PHY (the caller added it).
            unsafe {
                kbridge_model_emu_cable(
                    self.raw.as_ptr(),
                    addr,
                    partner.is_some().into(),
                    partner.unwrap_or(0),
                )
            }
        }

        /// Makes the PHY at `addr` read LPA as 0 after negotiation (an old switch).
        pub fn lpa_reads_zero(&self, addr: i32) {
            // SAFETY: as for `cable`.
            unsafe { kbridge_model_emu_lpa_zero(self.raw.as_ptr(), addr, 1) }
        }

        /// Time passes: a negotiation under way completes.
        pub fn settle(&self, addr: i32) {
            // SAFETY: as for `cable`.
            unsafe { kbridge_model_emu_settle(self.raw.as_ptr(), addr) }
        }

        /// A register as the chip holds it (no side effects).
        pub fn register(&self, addr: i32, reg: u32) -> u16 {
            // SAFETY: as for `cable`.
            unsafe { kbridge_model_emu_register(self.raw.as_ptr(), addr, reg as c_int) as u16 }
        }

        /// The accesses since the last take or clear, all of which must have gone to the
        /// PHY at `addr` (an access elsewhere panics); then clears the log.
        pub fn take_traffic(&self, addr: i32) -> Vec<Access> {
            let mut out = vec![Access::read(0, 0); 4096];
            // SAFETY: the bus is live and `out` has room for 4096 entries.
            let n = unsafe { kbridge_model_mdio_log(self.raw.as_ptr(), out.as_mut_ptr(), 4096) };
            self.clear_traffic();
            out.truncate(n.clamp(0, 4096) as usize);
            for a in &mut out {
                assert_eq!(a.addr, addr, "an access to another PHY: {a:?}");
                a.addr = 0;
            }
            out
        }

        /// Forgets the accesses so far.
        pub fn clear_traffic(&self) {
            // SAFETY: the bus is live.
            unsafe { kbridge_model_mdio_log_clear(self.raw.as_ptr()) };
        }

        /// The access `after` accesses from now fails with `-errno`.
        pub fn fail_access(&self, after: i64, errno: i32) {
            // SAFETY: the bus is live.
            unsafe { kbridge_model_mdio_fail(self.raw.as_ptr(), after as c_long, errno) }
        }

        /// Finds the PHY at `addr`, creates its device and lets phylib bind a driver.
        pub fn scan(&self, addr: i32) -> Result<Phy<'_>, i32> {
            let mut raw = core::ptr::null_mut();
            // SAFETY: the bus is live and `raw` is a valid out pointer.
            let ret = unsafe { kbridge_model_phy_scan(self.raw.as_ptr(), addr, &mut raw) };
            match NonNull::new(raw) {
                Some(raw) if ret == 0 => Ok(Phy { raw, _bus: self }),
                _ => Err(ret),
            }
        }
    }

    impl Default for Bus {
        fn default() -> Self {
            Bus::new()
        }
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            // SAFETY: the bus is owned and freed once; its PHY devices borrow it, so
            // they were removed first.
            unsafe { kbridge_model_mdio_bus_free(self.raw.as_ptr()) }
        }
    }

    /// A PHY device on a [`Bus`]; removed (unbound, reference dropped) on drop.
    ///
    /// # Invariants
    ///
    /// `raw` is a live model PHY device on the borrowed bus.
    pub struct Phy<'b> {
        raw: NonNull<phy_device>,
        _bus: &'b Bus,
    }

    impl Phy<'_> {
        fn raw(&self) -> *mut phy_device {
            self.raw.as_ptr()
        }

        /// The bound driver's name.
        pub fn driver(&self) -> Option<String> {
            // SAFETY: the device is live; the name is a C string or NULL.
            let name = unsafe { kbridge_model_phy_driver_name(self.raw()) };
            // SAFETY: a non-NULL name is a NUL-terminated string of the driver's table.
            (!name.is_null()).then(|| unsafe { CStr::from_ptr(name) }.to_string_lossy().into())
        }

        /// Reads a field of the phy_device (the MAC driver's view).
        pub fn with<R>(&self, f: impl FnOnce(&phy_device) -> R) -> R {
            // SAFETY: the device is live and not changed by phylib between the model's
            // calls, which all return before this one runs.
            f(unsafe { &*self.raw() })
        }

        pub fn state(&self) -> u32 {
            self.with(|p| p.state)
        }

        pub fn speed(&self) -> i32 {
            self.with(|p| p.speed)
        }

        pub fn duplex(&self) -> i32 {
            self.with(|p| p.duplex)
        }

        pub fn link(&self) -> bool {
            self.with(|p| p.link() != 0)
        }

        /// References held on the device.
        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        pub fn refs(&self) -> i64 {
            // SAFETY: the device is live; the embedded struct device is its first field.
            i64::from(unsafe { kbridge_model_device_refs(self.raw().cast()) })
        }

        /// phy_attach_direct(): reset, config_init, resume.
        pub fn attach(&self) -> Result<(), i32> {
            // SAFETY: the device is live.
            match unsafe { kbridge_model_phy_attach(self.raw()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        pub fn detach(&self) {
            // SAFETY: the device is live and was attached.
            unsafe { kbridge_model_phy_detach(self.raw()) }
        }

        pub fn start(&self) {
            // SAFETY: the device is live.
            unsafe { kbridge_model_phy_start(self.raw()) }
        }

        /// One run of the state machine; the new state.
        pub fn poll(&self) -> u32 {
            // SAFETY: the device is live.
            unsafe { kbridge_model_phy_poll(self.raw()) as u32 }
        }

        pub fn stop(&self) {
            // SAFETY: the device is live.
            unsafe { kbridge_model_phy_stop(self.raw()) }
        }

        pub fn suspend(&self) -> Result<(), i32> {
            // SAFETY: the device is live.
            match unsafe { phy_suspend(self.raw()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        pub fn resume(&self) -> Result<(), i32> {
            // SAFETY: the device is live.
            match unsafe { phy_resume(self.raw()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        /// The states the PHY went through, in order.
        pub fn transitions(&self) -> Vec<u32> {
            let mut out = [0 as c_int; 64];
            // SAFETY: the device is live and `out` has room for 64 entries.
            let n = unsafe { kbridge_model_phy_transitions(self.raw(), out.as_mut_ptr(), 64) };
            out[..n.clamp(0, 64) as usize]
                .iter()
                .map(|&s| s as u32)
                .collect()
        }

        /// (link up, link down) reports phylib made to the MAC.
        pub fn link_events(&self) -> (i32, i32) {
            let (mut ups, mut downs) = (0, 0);
            // SAFETY: the device is live; both are valid out pointers.
            unsafe { kbridge_model_phy_link_events(self.raw(), &mut ups, &mut downs) };
            (ups, downs)
        }
    }

    impl Drop for Phy<'_> {
        fn drop(&mut self) {
            // SAFETY: the device is live and removed once, here.
            unsafe { kbridge_model_phy_remove(self.raw()) }
        }
    }
}

/// The QR-panic driver and the model's C panic screen that calls it.
pub mod qr {
    pub use qr_panic;

    unsafe extern "C" {
        fn kbridge_model_panic_screen(
            url: *const core::ffi::c_char,
            msg: *const u8,
            msg_len: usize,
            fb: *mut u32,
            width: u32,
            height: u32,
        ) -> i32;
        fn kbridge_model_png(
            fb: *const u32,
            width: u32,
            height: u32,
            buf: *mut u8,
            size: usize,
        ) -> usize;
        fn kbridge_model_qr_bad_calls() -> i32;
    }

    /// A framebuffer the C panic screen drew.
    pub struct Screen {
        pub width: u32,
        pub height: u32,
        pub pixels: Vec<u32>,
        /// What the screen code returned: QR width, 0, or -errno.
        pub result: i32,
    }

    /// Runs the model's C panic screen: it calls the driver through the generated header.
    pub fn panic_screen(
        url: Option<&core::ffi::CStr>,
        msg: &[u8],
        width: u32,
        height: u32,
    ) -> Screen {
        let mut pixels = vec![0u32; (width * height) as usize];
        // SAFETY: `msg` and `pixels` are valid for the lengths given and the call keeps
        // no pointer; `url` is NULL or NUL-terminated.
        let result = unsafe {
            kbridge_model_panic_screen(
                url.map_or(core::ptr::null(), |u| u.as_ptr()),
                msg.as_ptr(),
                msg.len(),
                pixels.as_mut_ptr(),
                width,
                height,
            )
        };
        Screen {
            width,
            height,
            pixels,
            result,
        }
    }

    impl Screen {
        /// The screen as a PNG, encoded by the model's C encoder.
        pub fn png(&self) -> Vec<u8> {
            // SAFETY: `pixels` holds width * height pixels; a NULL, 0-byte buffer only
            // asks for the length.
            let len = unsafe {
                kbridge_model_png(
                    self.pixels.as_ptr(),
                    self.width,
                    self.height,
                    core::ptr::null_mut(),
                    0,
                )
            };
            let mut png = vec![0u8; len];
            // SAFETY: as above, with a buffer of the length it asked for.
            let written = unsafe {
                kbridge_model_png(
                    self.pixels.as_ptr(),
                    self.width,
                    self.height,
                    png.as_mut_ptr(),
                    len,
                )
            };
            assert_eq!(written, len);
            png
        }
    }

    /// The C side's calls with bad arguments: 0 when all were refused untouched, else the
    /// number of the first that was not.
    pub fn bad_calls_from_c() -> i32 {
        // SAFETY: takes no arguments; uses its own buffers.
        unsafe { kbridge_model_qr_bad_calls() }
    }
}

/// The model's timers as tests drive them: the clock, the timer thread, and C code with a
/// timer of its own (tests/c/timer_user.c).
pub mod timer {
    use core::ffi::{c_int, c_long, c_ulong};
    use core::ptr::NonNull;

    unsafe extern "C" {
        fn kbridge_model_jiffies_advance(ticks: c_ulong);
        fn kbridge_model_jiffies() -> c_ulong;
        fn kbridge_model_timers_settle();
        fn kbridge_model_work_settle();
        fn kbridge_model_timers_run() -> c_ulong;
        fn kbridge_model_timers_pending() -> c_long;
        fn kbridge_test_thread_token() -> c_long;
        fn kbridge_test_timer_new() -> *mut KbTimer;
        fn kbridge_test_timer_free(kt: *mut KbTimer);
        fn kbridge_test_timer_arm(kt: *mut KbTimer, delta: c_ulong) -> c_int;
        fn kbridge_test_timer_set(kt: *mut KbTimer, period: c_ulong, take_mutex: c_int);
        fn kbridge_test_timer_gate(kt: *mut KbTimer, shut: c_int);
        fn kbridge_test_timer_at_gate(kt: *mut KbTimer) -> c_int;
        fn kbridge_test_timer_delete(kt: *mut KbTimer, how: c_int) -> c_int;
        fn kbridge_test_timer_pending(kt: *mut KbTimer) -> c_int;
        fn kbridge_test_timer_stat(kt: *mut KbTimer, what: c_int) -> c_long;
    }

    /// The C object of tests/c/timer_user.c (opaque).
    #[repr(C)]
    pub struct KbTimer {
        _opaque: [u8; 0],
    }

    /// Time passes by `ticks` jiffies; due timers run on the timer thread, which this
    /// does not wait for.
    pub fn advance(ticks: u64) {
        // SAFETY: no preconditions; the model locks its timer base.
        unsafe { kbridge_model_jiffies_advance(ticks as c_ulong) }
    }

    /// The model clock.
    #[allow(
        clippy::useless_conversion,
        reason = "c_ulong is u32 on 32-bit targets"
    )]
    pub fn jiffies() -> u64 {
        // SAFETY: reads the clock.
        u64::from(unsafe { kbridge_model_jiffies() })
    }

    /// Waits until every timer due so far has run and none runs.
    pub fn settle() {
        // SAFETY: no preconditions.
        unsafe { kbridge_model_timers_settle() }
    }

    /// Waits until the model's kthread worker is idle.
    pub fn settle_work() {
        // SAFETY: no preconditions.
        unsafe { kbridge_model_work_settle() }
    }

    /// Timer functions run so far (all timers).
    #[allow(
        clippy::useless_conversion,
        reason = "c_ulong is u32 on 32-bit targets"
    )]
    pub fn runs() -> u64 {
        // SAFETY: reads a counter.
        u64::from(unsafe { kbridge_model_timers_run() })
    }

    /// Timers pending now.
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn pending() -> i64 {
        // SAFETY: reads the base under its lock.
        i64::from(unsafe { kbridge_model_timers_pending() })
    }

    /// A token of the calling thread, as the C code records it.
    #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
    pub fn thread_token() -> i64 {
        // SAFETY: no preconditions.
        i64::from(unsafe { kbridge_test_thread_token() })
    }

    /// How a test stops a [`Timer`].
    #[derive(Clone, Copy, Debug)]
    pub enum Delete {
        Delete = 0,
        DeleteSync = 1,
        DelTimerSync = 2,
        ShutdownSync = 3,
    }

    /// The C timer user; freed on drop after `timer_shutdown_sync()`.
    ///
    /// # Invariants
    ///
    /// `raw` is a live object of timer_user.c owned by this value.
    pub struct Timer {
        raw: NonNull<KbTimer>,
    }

    // SAFETY: the C object is used with atomics and the timer API, which the model
    // makes safe from any thread.
    unsafe impl Send for Timer {}
    // SAFETY: as for `Send`: every method is a timer call or an atomic access.
    unsafe impl Sync for Timer {}

    impl Timer {
        pub fn new() -> Timer {
            // SAFETY: allocates and initializes it with timer_setup().
            let raw = NonNull::new(unsafe { kbridge_test_timer_new() }).expect("memory");
            Timer { raw }
        }

        /// `mod_timer(timer, jiffies + delta)`: whether it was pending.
        pub fn arm(&self, delta: u64) -> bool {
            // SAFETY: the object is live (type invariant).
            unsafe { kbridge_test_timer_arm(self.raw.as_ptr(), delta as c_ulong) != 0 }
        }

        /// Makes the function re-arm itself `period` ticks on (0: no), and take a mutex.
        pub fn set(&self, period: u64, take_mutex: bool) {
            // SAFETY: as for `arm`.
            unsafe {
                kbridge_test_timer_set(self.raw.as_ptr(), period as c_ulong, take_mutex.into())
            }
        }

        /// Shuts (the function waits inside until opened) or opens the gate.
        pub fn gate(&self, shut: bool) {
            // SAFETY: as for `arm`.
            unsafe { kbridge_test_timer_gate(self.raw.as_ptr(), shut.into()) }
        }

        /// Waits until the function waits at the gate.
        pub fn wait_at_gate(&self) {
            // SAFETY: as for `arm`.
            while unsafe { kbridge_test_timer_at_gate(self.raw.as_ptr()) } == 0 {
                std::thread::yield_now();
            }
        }

        /// Stops it `how`; whether it was pending.
        pub fn delete(&self, how: Delete) -> bool {
            // SAFETY: as for `arm`.
            unsafe { kbridge_test_timer_delete(self.raw.as_ptr(), how as c_int) != 0 }
        }

        pub fn is_pending(&self) -> bool {
            // SAFETY: as for `arm`.
            unsafe { kbridge_test_timer_pending(self.raw.as_ptr()) != 0 }
        }

        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        fn stat(&self, what: c_int) -> i64 {
            // SAFETY: as for `arm`.
            i64::from(unsafe { kbridge_test_timer_stat(self.raw.as_ptr(), what) })
        }

        /// Runs of its function so far (counted when the function returns).
        pub fn runs(&self) -> i64 {
            self.stat(0)
        }

        /// The [`thread_token`] of the thread the function last ran on.
        pub fn ran_on(&self) -> i64 {
            self.stat(1)
        }

        /// Runs that found the timer pending when the function started.
        pub fn pending_in_fn(&self) -> i64 {
            self.stat(2)
        }

        /// The jiffies the function last saw.
        pub fn seen_jiffies(&self) -> u64 {
            self.stat(3) as u64
        }
    }

    impl Default for Timer {
        fn default() -> Self {
            Timer::new()
        }
    }

    impl Drop for Timer {
        fn drop(&mut self) {
            self.gate(false);
            self.delete(Delete::ShutdownSync);
            // SAFETY: the timer is shut down (not pending, its function not running and
            // never again), so nothing uses the object any more.
            unsafe { kbridge_test_timer_free(self.raw.as_ptr()) }
        }
    }
}

/// The model's platform bus as a test drives it: devices it adds and removes as board
/// code and user space (sysfs) would, and the C drivers of tests/c/platform_probe.c.
pub mod platform {
    use core::ffi::{CStr, c_char, c_int, c_long};
    use core::ptr::NonNull;
    use kernel::bindings::{
        platform_device, platform_device_add, platform_device_alloc, platform_device_put,
        platform_device_unregister,
    };

    unsafe extern "C" {
        fn kbridge_model_platform_set_compatible(
            pdev: *mut platform_device,
            compatible: *const c_char,
        ) -> c_int;
        fn kbridge_model_platform_set_override(
            pdev: *mut platform_device,
            name: *const c_char,
        ) -> c_int;
        fn kbridge_model_platform_unbind(pdev: *mut platform_device);
        fn kbridge_model_platform_reprobe(pdev: *mut platform_device);
        fn kbridge_model_platform_driver_name(pdev: *mut platform_device) -> *const c_char;
        fn kbridge_model_platform_drivers() -> c_int;
        fn kbridge_model_device_shutdown();
        fn kbridge_model_device_refs(dev: *mut kernel::bindings::device) -> c_long;
        fn kbridge_test_plat_register(which: c_int) -> c_int;
        fn kbridge_test_plat_unregister(which: c_int);
        fn kbridge_test_plat_stat(which: c_int, stat: c_int) -> c_long;
        fn kbridge_test_plat_reset(which: c_int, fail_with: c_int);
        fn kbridge_test_plat_owner(which: c_int) -> *const kernel::bindings::module;
    }

    /// A platform device the test made with `platform_device_alloc()`; added with
    /// [`Device::add`], unregistered (or just put) on drop.
    ///
    /// # Invariants
    ///
    /// `raw` is a live platform device on which this value holds the allocation's
    /// reference; `added` says whether `platform_device_add()` succeeded on it.
    pub struct Device {
        raw: NonNull<platform_device>,
        added: bool,
    }

    // SAFETY: the model's platform bus takes its calls from any thread (bus lock, device
    // lock); the value only owns a reference.
    unsafe impl Send for Device {}
    // SAFETY: as for `Send`: shared use only reads the name and the bound driver.
    unsafe impl Sync for Device {}

    impl Device {
        /// `platform_device_alloc(name, id)`; `id` -1 is PLATFORM_DEVID_NONE, -2 AUTO.
        pub fn new(name: &CStr, id: i32) -> Device {
            // SAFETY: `name` is a NUL-terminated string the call copies.
            let raw = unsafe { platform_device_alloc(name.as_ptr().cast(), id) };
            Device {
                raw: NonNull::new(raw).expect("memory"),
                added: false,
            }
        }

        pub fn raw(&self) -> *mut platform_device {
            self.raw.as_ptr()
        }

        /// Gives the device a device-tree node with this compatible, before it is added.
        pub fn set_compatible(&self, compatible: &CStr) {
            // SAFETY: the device is live and the string NUL-terminated (copied).
            let ret =
                unsafe { kbridge_model_platform_set_compatible(self.raw(), compatible.as_ptr()) };
            assert_eq!(ret, 0);
        }

        /// `platform_device_add()`: binds a matching driver before it returns.
        pub fn add(&mut self) -> Result<(), i32> {
            assert!(!self.added, "added twice");
            // SAFETY: the device is live and was not added yet.
            match unsafe { platform_device_add(self.raw()) } {
                0 => {
                    self.added = true;
                    Ok(())
                }
                e => Err(e),
            }
        }

        /// `dev_name()`.
        pub fn name(&self) -> String {
            // SAFETY: the device is live; its kobject name is set by add and NUL-ended.
            let name = unsafe { (*self.raw()).dev.kobj.name };
            if name.is_null() {
                return String::new();
            }
            // SAFETY: a non-NULL name is the NUL-terminated string dev_set_name() made.
            unsafe { CStr::from_ptr(name.cast()) }
                .to_string_lossy()
                .into()
        }

        /// `pdev->id`.
        pub fn id(&self) -> i32 {
            // SAFETY: the device is live; the id is written by add and del only.
            unsafe { (*self.raw()).id }
        }

        /// The name of the bound driver.
        pub fn driver(&self) -> Option<String> {
            // SAFETY: the device is live; the call reads dev->driver under the lock.
            let name = unsafe { kbridge_model_platform_driver_name(self.raw()) };
            // SAFETY: a non-NULL name is a registered driver's static name.
            (!name.is_null()).then(|| unsafe { CStr::from_ptr(name) }.to_string_lossy().into())
        }

        /// The `driver_data` of the id-table entry the device matched last, or None.
        pub fn id_entry_data(&self) -> Option<u64> {
            // SAFETY: the device is live; id_entry points into a registered driver's
            // static table or is NULL.
            unsafe {
                let entry = (*self.raw()).id_entry;
                (!entry.is_null()).then(|| (*entry).driver_data as u64)
            }
        }

        /// `echo name > .../driver_override`.
        pub fn set_override(&self, name: &CStr) -> Result<(), i32> {
            // SAFETY: the device is live and the string NUL-terminated (copied).
            match unsafe { kbridge_model_platform_set_override(self.raw(), name.as_ptr()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        /// `echo dev > .../unbind`.
        pub fn unbind(&self) {
            // SAFETY: the device is live.
            unsafe { kbridge_model_platform_unbind(self.raw()) }
        }

        /// `echo dev > /sys/bus/platform/drivers_probe`.
        pub fn reprobe(&self) {
            // SAFETY: the device is live.
            unsafe { kbridge_model_platform_reprobe(self.raw()) }
        }

        /// References held on the device.
        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        pub fn refs(&self) -> i64 {
            // SAFETY: the device is live.
            i64::from(unsafe { kbridge_model_device_refs(&raw mut (*self.raw()).dev) })
        }
    }

    impl Drop for Device {
        fn drop(&mut self) {
            if self.added {
                // SAFETY: the device was added and is removed once, dropping our
                // reference.
                unsafe { platform_device_unregister(self.raw()) }
            } else {
                // SAFETY: not added: the node a test may have given it goes, then our
                // reference, which frees it.
                unsafe {
                    kbridge_model_platform_set_compatible(self.raw(), core::ptr::null());
                    platform_device_put(self.raw());
                }
            }
        }
    }

    /// `device_shutdown()`: the bound drivers' shutdown, newest device first.
    pub fn shutdown_all() {
        // SAFETY: walks the registered devices with references of its own.
        unsafe { kbridge_model_device_shutdown() }
    }

    /// Platform drivers registered.
    pub fn registered_drivers() -> i32 {
        // SAFETY: reads a counter.
        unsafe { kbridge_model_platform_drivers() }
    }

    /// Which C driver of platform_probe.c.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Which {
        /// "kbtest-a": id table and OF compatible.
        A = 0,
        /// "kbtest-b": by name.
        B = 1,
    }

    /// What a C driver of platform_probe.c counts (its enum kbtest_stat).
    #[derive(Clone, Copy, Debug)]
    pub enum Stat {
        Probes = 0,
        ProbeLocked,
        ProbeSawDriver,
        ProbeSawDrvdata,
        LastIdData,
        Removes,
        RemoveLocked,
        RemoveDrvdataOk,
        DevresRuns,
        Shutdowns,
        ShutdownLocked,
    }

    /// One of the C drivers, registered until dropped; its counters start at 0.
    pub struct CDriver(Which);

    impl CDriver {
        /// Registers it; its probe fails with `fail_with` when not 0.
        pub fn register(which: Which, fail_with: i32) -> Result<CDriver, i32> {
            // SAFETY: resets the static driver's counters; it is not registered (a
            // second registration is what the caller may test: driver_register refuses).
            unsafe { kbridge_test_plat_reset(which as c_int, fail_with) };
            // SAFETY: registers the static driver.
            match unsafe { kbridge_test_plat_register(which as c_int) } {
                0 => Ok(CDriver(which)),
                e => Err(e),
            }
        }

        /// Registers it once more while it is registered: what driver_register() says.
        pub fn register_again(&self) -> i32 {
            // SAFETY: the driver is registered; the call must refuse it untouched.
            unsafe { kbridge_test_plat_register(self.0 as c_int) }
        }

        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        pub fn stat(&self, stat: Stat) -> i64 {
            // SAFETY: reads an atomic counter of the static driver.
            i64::from(unsafe { kbridge_test_plat_stat(self.0 as c_int, stat as c_int) })
        }

        /// Whether registration left the owner NULL (THIS_MODULE of built-in C).
        pub fn owner_is_builtin(&self) -> bool {
            // SAFETY: reads a field of the static driver.
            unsafe { kbridge_test_plat_owner(self.0 as c_int) }.is_null()
        }
    }

    impl Drop for CDriver {
        fn drop(&mut self) {
            // SAFETY: registered by `register`; unbinds its devices.
            unsafe { kbridge_test_plat_unregister(self.0 as c_int) }
        }
    }
}

/// The model's watchdog core as user space drives it (/dev/watchdogN), the reboot path,
/// and the C softdog platform driver of tests/c/softdog.c, a module of its own.
pub mod watchdog {
    use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
    use core::ptr::NonNull;
    use kernel::bindings::{module, watchdog_info};

    pub use kernel::bindings::{
        WDIOC_GETBOOTSTATUS, WDIOC_GETPRETIMEOUT, WDIOC_GETSTATUS, WDIOC_GETSUPPORT, WDIOC_GETTEMP,
        WDIOC_GETTIMELEFT, WDIOC_GETTIMEOUT, WDIOC_KEEPALIVE, WDIOC_SETOPTIONS,
        WDIOC_SETPRETIMEOUT, WDIOC_SETTIMEOUT, WDIOF_KEEPALIVEPING, WDIOF_MAGICCLOSE,
        WDIOF_PRETIMEOUT, WDIOF_SETTIMEOUT, WDIOS_DISABLECARD, WDIOS_ENABLECARD,
    };

    /// Opaque: the model's open file.
    #[repr(C)]
    struct ModelFile {
        _opaque: [u8; 0],
    }

    unsafe extern "C" {
        fn kbridge_model_watchdog_open(id: c_int, err: *mut c_int) -> *mut ModelFile;
        fn kbridge_model_watchdog_close(file: *mut ModelFile);
        fn kbridge_model_watchdog_write(
            file: *mut ModelFile,
            data: *const c_char,
            len: c_ulong,
        ) -> c_long;
        fn kbridge_model_watchdog_ioctl(
            file: *mut ModelFile,
            cmd: c_uint,
            arg: *mut c_void,
        ) -> c_long;
        fn kbridge_model_watchdog_status(id: c_int) -> c_long;
        fn kbridge_model_watchdogs() -> c_int;
        fn kbridge_model_reboot_notifiers(code: c_ulong) -> c_int;
        fn kbridge_model_restart_handlers(mode: c_ulong, cmd: *const c_char) -> c_int;
        fn kbridge_model_kernel_restart(cmd: *const c_char);
        fn kbridge_model_module_load(module: *mut module, args: *const c_char) -> c_int;
        fn kbridge_model_module_unload(module: *mut module) -> c_int;
        fn kbridge_model_module_refcount(module: *mut module) -> c_int;
        fn kbridge_test_softdog_module() -> *mut module;
        fn kbridge_test_softdog_params(nowayout: c_uint, timeout: c_uint);
        fn kbridge_test_softdog_stat(stat: c_int) -> c_long;
        fn kbridge_test_softdog_reset();
        fn kbridge_test_softdog_gate(gate: c_int, shut: c_int);
        fn kbridge_test_softdog_at_gate(gate: c_int) -> c_int;
        fn kbridge_test_softdog_clear_nowayout();
        fn kbridge_test_watchdog_register_bad(what: c_int) -> c_int;
    }

    /// How [`register_bad`] breaks the watchdog_device it registers.
    #[derive(Clone, Copy, Debug)]
    pub enum Bad {
        NoInfo = 0,
        NoOps,
        NoStart,
        NoStopNoMaxHwHeartbeat,
        NoStopWithMaxHwHeartbeat,
        MinAboveMax,
        ThirtyThird,
    }

    /// What watchdog_register_device() says to a device broken `how` (C, in softdog.c);
    /// for `MinAboveMax`, min * 1000 + max as registration left them.
    pub fn register_bad(how: Bad) -> i32 {
        // SAFETY: the C helper registers and unregisters devices of its own.
        unsafe { kbridge_test_watchdog_register_bad(how as c_int) }
    }

    /// `open("/dev/watchdogN")` (`Some(N)`) or `open("/dev/watchdog")` (`None`); closed
    /// on drop.
    ///
    /// # Invariants
    ///
    /// `raw` is an open file of the model, closed once, by drop.
    pub struct File {
        raw: NonNull<ModelFile>,
    }

    // SAFETY: the model's file operations take the core's lock; a file may be used and
    // closed from any thread.
    unsafe impl Send for File {}
    // SAFETY: as for `Send`: concurrent ioctls on one file are what user space may do.
    unsafe impl Sync for File {}

    impl File {
        pub fn open(id: Option<i32>) -> Result<File, i32> {
            let mut err = 0;
            // SAFETY: `err` is a valid out pointer.
            let raw = unsafe { kbridge_model_watchdog_open(id.unwrap_or(-1), &mut err) };
            NonNull::new(raw).map(|raw| File { raw }).ok_or(err)
        }

        /// `write(fd, data)`: the length or -errno.
        pub fn write(&self, data: &[u8]) -> Result<usize, i32> {
            // SAFETY: the file is open; `data` is live for the call, which only reads it.
            let ret = unsafe {
                kbridge_model_watchdog_write(
                    self.raw.as_ptr(),
                    data.as_ptr().cast(),
                    data.len() as c_ulong,
                )
            };
            if ret < 0 {
                Err(ret as i32)
            } else {
                Ok(ret as usize)
            }
        }

        /// An ioctl with an int argument (in and out); `cmd` is a WDIOC_* value.
        pub fn ioctl(&self, cmd: usize, arg: &mut u32) -> Result<(), i32> {
            // SAFETY: the file is open; the core and the driver read or write one int.
            let ret = unsafe {
                kbridge_model_watchdog_ioctl(
                    self.raw.as_ptr(),
                    cmd as c_uint,
                    (arg as *mut u32).cast(),
                )
            };
            if ret == 0 { Ok(()) } else { Err(ret as i32) }
        }

        /// WDIOC_GETSUPPORT.
        pub fn support(&self) -> Result<watchdog_info, i32> {
            // SAFETY: all-zero is a valid watchdog_info.
            let mut info: watchdog_info = unsafe { core::mem::zeroed() };
            // SAFETY: the file is open; the core copies one watchdog_info into `info`.
            let ret = unsafe {
                kbridge_model_watchdog_ioctl(
                    self.raw.as_ptr(),
                    WDIOC_GETSUPPORT as c_uint,
                    (&mut info as *mut watchdog_info).cast(),
                )
            };
            if ret == 0 { Ok(info) } else { Err(ret as i32) }
        }
    }

    impl Drop for File {
        fn drop(&mut self) {
            // SAFETY: the file is open and closed once, here.
            unsafe { kbridge_model_watchdog_close(self.raw.as_ptr()) }
        }
    }

    /// The WDOG_* status bits of watchdog `id`, None when there is none.
    pub fn status(id: i32) -> Option<u64> {
        // SAFETY: reads under the model's lock.
        let s = unsafe { kbridge_model_watchdog_status(id) };
        (s >= 0).then_some(s as u64)
    }

    /// Watchdogs registered.
    pub fn count() -> i32 {
        // SAFETY: reads under the model's lock.
        unsafe { kbridge_model_watchdogs() }
    }

    /// The reboot notifiers with SYS_DOWN (1), SYS_HALT (2) or SYS_POWER_OFF (3).
    pub fn reboot_notifiers(code: u64) -> i32 {
        // SAFETY: walks the chain; no arguments to keep.
        unsafe { kbridge_model_reboot_notifiers(code as c_ulong) }
    }

    /// The restart handlers (do_kernel_restart()).
    pub fn restart_handlers() -> i32 {
        // SAFETY: walks the chain with a NULL command.
        unsafe { kbridge_model_restart_handlers(0, core::ptr::null()) }
    }

    /// kernel_restart(): notifiers, device_shutdown(), restart handlers.
    pub fn kernel_restart() {
        // SAFETY: as for the two above.
        unsafe { kbridge_model_kernel_restart(core::ptr::null()) }
    }

    /// The C softdog module (tests/c/softdog.c): `insmod`/`rmmod` through the model's
    /// loader; its init registers the platform driver.
    pub mod softdog {
        use super::*;

        /// What it counts (its enum kbsd_stat).
        #[derive(Clone, Copy, Debug)]
        pub enum Stat {
            Probes = 0,
            Removes,
            Starts,
            StartsLocked,
            Stops,
            StopsLocked,
            Pings,
            PingsLocked,
            SetTimeouts,
            GetTimelefts,
            Restarts,
            RestartsLocked,
            Expiries,
            MaxInFlight,
            ExpiryThread,
            RemoveDone,
            Freed,
            OthersLocked,
        }

        /// Where an op can be held (its enum kbsd_gate).
        #[derive(Clone, Copy, Debug)]
        pub enum Gate {
            Ping = 0,
            Stop,
            Timer,
        }

        fn object() -> *mut module {
            // SAFETY: returns the static module object.
            unsafe { kbridge_test_softdog_module() }
        }

        /// `insmod` with its two parameters; resets its counters first.
        pub fn load(nowayout: bool, timeout: u32) -> Result<(), i32> {
            // SAFETY: sets the parameters and counters, which only its own code reads.
            unsafe {
                kbridge_test_softdog_reset();
                kbridge_test_softdog_params(nowayout.into(), timeout);
            }
            // SAFETY: the module object is static, with its init and exit.
            match unsafe { kbridge_model_module_load(object(), c"".as_ptr()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        /// `rmmod`.
        pub fn unload() -> Result<(), i32> {
            // SAFETY: as for `load`; the loader refuses while references are held.
            match unsafe { kbridge_model_module_unload(object()) } {
                0 => Ok(()),
                e => Err(e),
            }
        }

        /// References held on it; -1 when it is not loaded.
        pub fn refcount() -> i32 {
            // SAFETY: reads its state and count.
            unsafe { kbridge_model_module_refcount(object()) }
        }

        #[allow(clippy::useless_conversion, reason = "c_long is i32 on 32-bit targets")]
        pub fn stat(stat: Stat) -> i64 {
            // SAFETY: reads an atomic counter.
            i64::from(unsafe { kbridge_test_softdog_stat(stat as c_int) })
        }

        pub fn gate(gate: Gate, shut: bool) {
            // SAFETY: sets an atomic flag.
            unsafe { kbridge_test_softdog_gate(gate as c_int, shut.into()) }
        }

        /// Clears nowayout of the bound device's watchdog (the driver's own field).
        pub fn clear_nowayout() {
            // SAFETY: clears a bit atomically on the bound device's watchdog, if any.
            unsafe { kbridge_test_softdog_clear_nowayout() }
        }

        /// Waits until an op waits at `gate`.
        pub fn wait_at(gate: Gate) {
            // SAFETY: reads an atomic flag.
            while unsafe { kbridge_test_softdog_at_gate(gate as c_int) } == 0 {
                std::thread::yield_now();
            }
        }
    }
}
