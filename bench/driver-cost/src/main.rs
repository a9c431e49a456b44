//! `driver_cost DRIVER COUNT`: loads one driver into the kernel model, drives COUNT
//! rounds of its hot path, checks the outcome, and unloads it. `scripts/bench.sh` runs it
//! under callgrind counting only inside the model's dispatch of the callback
//! (`kbridge_model_queue_rq`, `kbridge_model_read_status`), so the instructions are those
//! of the driver's callback and everything it calls: generated trampolines, safe
//! wrappers, shims, model.
//!
//! - `nullblk-rust` / `nullblk-c`: examples/nullblk (rnullb0) or its C twin (cnullb0) at
//!   the same settings; each round writes 4 KiB and reads them back (two requests), and
//!   the data read must be the data written.
//! - `phy-rust` / `phy-c`: examples/phy-asix or its C twin bound to an emulated
//!   AX88772A with the link up; each round is one state-machine poll, which calls
//!   read_status once. Prints the MDIO traffic of the last poll, which must match.

use std::process::ExitCode;

use kbridge_tests::blk::{self, Disk};
use kbridge_tests::{loader, phy};
use kernel::block::mq::Operation;

mod twins {
    unsafe extern "C" {
        fn cnullb_init() -> i32;
        fn cnullb_exit();
        fn cax88796b_init() -> i32;
        fn cax88796b_exit();
    }

    /// Loads the C null block twin: 0 or -errno.
    pub fn nullblk_load() -> i32 {
        // SAFETY: module init, called once before any use of cnullb0 (this process loads
        // one driver once).
        unsafe { cnullb_init() }
    }

    pub fn nullblk_unload() {
        // SAFETY: after a successful `nullblk_load`, once, with no request in flight.
        unsafe { cnullb_exit() }
    }

    /// Registers the C PHY twin's drivers: 0 or -errno.
    pub fn phy_load() -> i32 {
        // SAFETY: module init, called once; the drivers are static.
        unsafe { cax88796b_init() }
    }

    pub fn phy_unload() {
        // SAFETY: after a successful `phy_load`, once, with every PHY unbound.
        unsafe { cax88796b_exit() }
    }
}

const AX88772A: u32 = 0x003b_1861;
/// The link partner: 10/100, half and full duplex (LPA bits), as phy_asix's tests use.
const PARTNER: u16 = 0x01e1;

fn blk_rounds(name: &core::ffi::CStr, rounds: u64) -> Result<(), String> {
    let disk = Disk::find(name).ok_or_else(|| format!("{name:?} was not added"))?;
    let mut data = vec![0u8; 4096];
    let mut back = vec![0u8; 4096];
    for round in 0..rounds {
        data.iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (round as usize).wrapping_mul(31).wrapping_add(i) as u8);
        let sector = (round % 4096) * 8;
        blk::io(&disk, 0, Operation::Write, sector, &mut data, 0)
            .map_err(|e| format!("write at sector {sector}: errno {e}"))?;
        blk::io(&disk, 0, Operation::Read, sector, &mut back, 0)
            .map_err(|e| format!("read at sector {sector}: errno {e}"))?;
        if back != data {
            return Err(format!("sector {sector} read back other data"));
        }
    }
    Ok(())
}

fn nullblk(rust: bool, rounds: u64) -> Result<(), String> {
    if rust {
        let args = c"capacity_mib=16 block_size=512 queues=1 queue_depth=64 memory_backed=1";
        loader::load::<nullblk::NullBlk>(args).map_err(|e| format!("rnullb load: errno {e}"))?;
    } else {
        match twins::nullblk_load() {
            0 => {}
            e => return Err(format!("cnullb init: errno {e}")),
        }
    }
    let result = blk_rounds(if rust { c"rnullb0" } else { c"cnullb0" }, rounds);
    match rust {
        true => loader::unload::<nullblk::NullBlk>()
            .map_err(|e| format!("rnullb unload: errno {e}"))?,
        false => twins::nullblk_unload(),
    }
    result
}

fn phy(rust: bool, rounds: u64) -> Result<(), String> {
    let load = match rust {
        true => loader::load::<phy_asix::AsixPhy>(c"").err().unwrap_or(0),
        false => twins::phy_load(),
    };
    if load != 0 {
        return Err(format!("PHY driver init: errno {load}"));
    }
    let result = (|| {
        let bus = phy::Bus::new();
        bus.add_phy(1, AX88772A);
        let dev = bus.scan(1).map_err(|e| format!("scan: errno {e}"))?;
        dev.attach().map_err(|e| format!("attach: errno {e}"))?;
        bus.cable(1, Some(PARTNER));
        dev.start();
        bus.settle(1);
        dev.poll();
        if !dev.link() {
            return Err("the link did not come up".into());
        }
        for _ in 0..rounds {
            bus.clear_traffic();
            dev.poll();
        }
        let last: Vec<String> = bus
            .take_traffic(1)
            .iter()
            .map(|a| format!("{}{}", if a.is_write() { "w" } else { "r" }, a.reg()))
            .collect();
        println!(
            "driver: {}; last poll's MDIO traffic: {}; link {} speed {} duplex {}",
            dev.driver().unwrap_or_default(),
            last.join(" "),
            dev.link(),
            dev.speed(),
            dev.duplex()
        );
        dev.stop();
        dev.detach();
        Ok(())
    })();
    match rust {
        true => loader::unload::<phy_asix::AsixPhy>()
            .map_err(|e| format!("asix_phy unload: errno {e}"))?,
        false => twins::phy_unload(),
    }
    result
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [driver, count] = args.as_slice() else {
        eprintln!("usage: driver_cost nullblk-rust|nullblk-c|phy-rust|phy-c COUNT");
        return ExitCode::from(2);
    };
    let Ok(rounds) = count.parse::<u64>() else {
        eprintln!("driver_cost: COUNT must be a number, not `{count}`");
        return ExitCode::from(2);
    };
    let result = match driver.as_str() {
        "nullblk-rust" => nullblk(true, rounds),
        "nullblk-c" => nullblk(false, rounds),
        "phy-rust" => phy(true, rounds),
        "phy-c" => phy(false, rounds),
        other => Err(format!("unknown driver `{other}`")),
    }
    .and_then(|()| match blk::model_errors() {
        0 => Ok(()),
        n => Err(format!("the model caught {n} API misuses (logged above)")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("driver_cost {driver}: {e}");
            ExitCode::FAILURE
        }
    }
}
