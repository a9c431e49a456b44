//! The user-space kernel model: C code implementing the kernel API the headers declare,
//! linked into test binaries so drivers and the generated layer run without a kernel.
//!
//! Implemented so far (model/): the MDIO bus core (`mdiobus_read`/`mdiobus_write` and
//! their unlocked forms, `__mdiobus_modify_changed`), which dispatches to the bus
//! driver's `read`/`write` callbacks as phylib's does.

#![no_std]
