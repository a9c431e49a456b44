//! The user-space kernel model: C code implementing the kernel API the headers declare,
//! linked into test binaries so drivers and the generated layer run without a kernel.
//!
//! Implemented so far (model/):
//! - `mdio.c`: the MDIO bus core (`mdiobus_read`/`mdiobus_write` and their unlocked
//!   forms, `__mdiobus_modify_changed`), dispatching to the bus driver's callbacks;
//! - `slab.c`: kmalloc/vmalloc over libc with a live-allocation count (leak checks) and
//!   fault injection (the Nth allocation from now fails), `page_address`;
//! - `moduleparam.c`: the stock parameter parsers and the loader's `name=value` step;
//! - `blk_mq.c`: tag sets (a request and PDU per tag, `init_request`/`exit_request`),
//!   disks with validated queue limits, `add_disk`/`del_gendisk`/`put_disk`, request
//!   life-cycle checks, and a test API that submits an I/O over pages on a chosen
//!   hardware queue (per-queue lock, no global one) and waits for its end;
//! - `platform.c`: the platform bus (platform_match() with driver_override, OF
//!   compatible, id table and name; probe and remove under the device lock; unbinding
//!   on driver or device unregistration; device_shutdown());
//! - `timer.c`: timers on a model clock tests advance, run on a softirq thread of their
//!   own concurrently with the tests; a kthread worker;
//! - `reboot.c`: the reboot notifier and restart handler chains;
//! - `watchdog.c`: the watchdog core and /dev/watchdogN's file operations, with the
//!   core's lock where Linux takes it and not where it does not.

#![no_std]
