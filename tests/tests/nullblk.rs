//! examples/nullblk loaded into the model with module parameters, as `insmod` would:
//! data written over the whole capacity reads back, all hardware queues work at once,
//! every error status reaches the submitter, and allocation failures and tag exhaustion
//! surface as the right errno with nothing leaked.
//!
//! The module is a singleton and the model's counters are global, so the tests run one
//! at a time; each ends with the model's leak and misuse check.

#![forbid(unsafe_code)]

use std::ffi::CString;
use std::sync::{Mutex, MutexGuard};

use kbridge_tests::blk::{self, Disk};
use kbridge_tests::core_model::Baseline;
use kbridge_tests::loader;
use kernel::block::mq::Operation;
use kernel::prelude::*;
use nullblk::NullBlk;

static SERIAL: Mutex<()> = Mutex::new(());

/// Every parameter at its default; a test's own `name=value`s follow and win.
const DEFAULTS: &str = "capacity_mib=16 block_size=512 queues=1 queue_depth=64 \
                        memory_backed=1 bad_sector=0 bad_sectors=0";

struct Loaded {
    disk: Disk,
    _serial: MutexGuard<'static, ()>,
    baseline: Baseline,
}

type Refused = (i32, MutexGuard<'static, ()>, Baseline);

/// Sets the parameters and runs the module's init, with the allocation `fail_at`
/// allocations into it failing: `Err(errno)` if it refused to load.
fn try_load(args: &str, fail_at: Option<i64>) -> Result<Loaded, Refused> {
    let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = Baseline::now();
    let args = CString::new(format!("{DEFAULTS} {args}")).expect("no NUL");
    blk::fail_allocation(fail_at.unwrap_or(-1));
    let ret = loader::load::<NullBlk>(&args);
    blk::fail_allocation(-1);
    match ret {
        Ok(()) => Ok(Loaded {
            disk: Disk::find(c"rnullb0").expect("rnullb0 added"),
            _serial: serial,
            baseline,
        }),
        Err(e) => Err((e, serial, baseline)),
    }
}

fn load(args: &str) -> Loaded {
    try_load(args, None)
        .map_err(|(e, ..)| e)
        .expect("module loads")
}

impl Drop for Loaded {
    fn drop(&mut self) {
        assert_eq!(loader::unload::<NullBlk>(), Ok(()), "rmmod");
        if !std::thread::panicking() {
            assert_eq!(blk::disks(), 0, "rmmod removes the disk");
            self.baseline.check();
        }
    }
}

fn pattern(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

const MIB: usize = 1 << 20;

#[test]
fn patterns_written_over_the_whole_capacity_read_back() {
    let nb = load("capacity_mib=16 block_size=4096 queues=4");
    assert_eq!(blk::capacity(&nb.disk), 16 * 2048);
    assert_eq!(nb.disk.logical_block_size(), 4096);
    assert_eq!(nb.disk.hw_queues(), 4);
    let chunk = 256 * 1024;
    let chunks = 16 * MIB / chunk;
    for i in 0..chunks {
        let mut data = pattern(i as u64, chunk);
        let sector = (i * chunk / 512) as u64;
        blk::io(
            &nb.disk,
            (i % 4) as u32,
            Operation::Write,
            sector,
            &mut data,
            0,
        )
        .expect("write");
    }
    // Read back in other pieces, on other queues, from other page offsets.
    let piece = 96 * 1024;
    let mut whole = Vec::with_capacity(16 * MIB);
    for (i, start) in (0..16 * MIB).step_by(piece).enumerate() {
        let mut back = vec![0; piece.min(16 * MIB - start)];
        let offset = [0, 512, 3584][i % 3];
        let sector = (start / 512) as u64;
        blk::io(
            &nb.disk,
            (3 - i % 4) as u32,
            Operation::Read,
            sector,
            &mut back,
            offset,
        )
        .expect("read");
        whole.extend_from_slice(&back);
    }
    for i in 0..chunks {
        assert!(
            whole[i * chunk..(i + 1) * chunk] == pattern(i as u64, chunk)[..],
            "chunk {i} reads back"
        );
    }
    // Small writes inside the big ones change exactly their bytes.
    let mut small = pattern(99, 512);
    blk::io(&nb.disk, 0, Operation::Write, 1001, &mut small, 0).expect("write");
    let mut back = vec![0; 3 * 512];
    blk::io(&nb.disk, 1, Operation::Read, 1000, &mut back, 0).expect("read");
    assert_eq!(back[512..1024], small[..]);
    assert_eq!(back[..512], whole[1000 * 512..1001 * 512]);
    assert_eq!(back[1024..], whole[1002 * 512..1003 * 512]);
}

#[test]
fn all_hardware_queues_serve_concurrently() {
    let nb = load("capacity_mib=8 queues=4 queue_depth=2");
    let region = 2 * MIB;
    std::thread::scope(|s| {
        for q in 0..4u32 {
            let disk = &nb.disk;
            s.spawn(move || {
                let base = (q as usize * region / 512) as u64;
                for round in 0..40u64 {
                    let len = 4096 * (1 + (round as usize % 8));
                    let sector = base + (round * 37) % ((region - len) as u64 / 512);
                    let mut data = pattern(round * 4 + u64::from(q), len);
                    blk::io(disk, q, Operation::Write, sector, &mut data, 0).expect("write");
                    let mut back = vec![0; len];
                    blk::io(disk, q, Operation::Read, sector, &mut back, 512).expect("read");
                    assert!(back == data, "queue {q} round {round}");
                }
            });
        }
        // Readers over all regions at once, on every queue.
        for q in 0..4u32 {
            let disk = &nb.disk;
            s.spawn(move || {
                for round in 0..40u64 {
                    let mut back = vec![0; 64 * 1024];
                    let sector = (round * 613) % (8 * 2048 - 128);
                    blk::io(disk, q, Operation::Read, sector, &mut back, 0).expect("read");
                }
            });
        }
    });
}

#[test]
fn every_error_status_reaches_the_submitter() {
    let nb = load("capacity_mib=1 bad_sector=100 bad_sectors=8");
    let mut buf = vec![0u8; 4096];
    let last = 2048 - 8;
    blk::io(&nb.disk, 0, Operation::Write, last, &mut buf, 0).expect("the last 4 KiB");
    assert_eq!(
        blk::io(&nb.disk, 0, Operation::Write, last + 1, &mut buf, 0),
        Err(ENOSPC.to_errno()),
        "past the end: BLK_STS_NOSPC"
    );
    assert_eq!(
        blk::io(&nb.disk, 0, Operation::Read, u64::MAX - 2, &mut buf, 0),
        Err(ENOSPC.to_errno()),
        "a sector number that overflows"
    );
    for sector in [93, 100, 107] {
        assert_eq!(
            blk::io(&nb.disk, 0, Operation::Read, sector, &mut buf, 0),
            Err(EIO.to_errno()),
            "sectors {sector}..+8 touch the bad range 100..108: BLK_STS_IOERR"
        );
    }
    blk::io(&nb.disk, 0, Operation::Read, 108, &mut buf, 0).expect("just after the range");
    blk::io(&nb.disk, 0, Operation::Read, 92, &mut buf, 0).expect("just before it");
    for op in [Operation::Discard, Operation::WriteZeroes] {
        assert_eq!(
            blk::io(&nb.disk, 0, op, 0, &mut buf, 0),
            Err(EOPNOTSUPP.to_errno()),
            "{op:?}: BLK_STS_NOTSUPP"
        );
    }
    blk::io(&nb.disk, 0, Operation::Flush, 0, &mut [], 0).expect("flush");
    assert_eq!(
        blk::io(&nb.disk, 1, Operation::Read, 0, &mut buf, 0),
        Err(EINVAL.to_errno()),
        "one hardware queue only"
    );
}

#[test]
fn without_memory_backing_reads_return_zeros() {
    let nb = load("memory_backed=0 capacity_mib=4");
    let mut data = pattern(7, 8192);
    blk::io(&nb.disk, 0, Operation::Write, 64, &mut data, 0).expect("write");
    let mut back = vec![0xa5; 8192];
    blk::io(&nb.disk, 0, Operation::Read, 64, &mut back, 0).expect("read");
    assert!(back.iter().all(|&b| b == 0));
}

#[test]
fn bad_parameters_refuse_to_load_and_leave_nothing() {
    for (args, errno) in [
        ("block_size=1000", EINVAL),
        ("block_size=256", EINVAL),
        ("block_size=8192", EINVAL),
        ("capacity_mib=0", EINVAL),
        ("capacity_mib=18446744073709551615", EINVAL),
        ("capacity_mib=1125899906842624", EINVAL),
        ("queues=0", EINVAL),
        ("queue_depth=0", EINVAL),
        ("queues=-1", EINVAL),
        ("memory_backed=maybe", EINVAL),
    ] {
        match try_load(args, None) {
            Ok(_) => panic!("{args} loaded"),
            Err((e, serial, baseline)) => {
                assert_eq!(e, errno.to_errno(), "{args}");
                assert_eq!(blk::disks(), 0, "{args}");
                baseline.check();
                drop(serial);
            }
        }
    }
}

#[test]
fn allocation_failures_unwind_with_enomem() {
    let mut failed = 0;
    for step in 0..100 {
        match try_load("capacity_mib=2 queues=3 queue_depth=2", Some(step)) {
            Ok(nb) => {
                drop(nb);
                assert!(
                    failed > 5,
                    "init allocates at several steps ({failed} seen)"
                );
                return;
            }
            Err((e, serial, baseline)) => {
                assert_eq!(e, ENOMEM.to_errno(), "allocation {step}");
                assert_eq!(blk::disks(), 0);
                baseline.check();
                drop(serial);
                failed += 1;
            }
        }
    }
    panic!("init never succeeded");
}

#[test]
fn exhausted_tags_give_eagain_until_requests_finish() {
    let nb = load("queues=2 queue_depth=4");
    assert_eq!(
        blk::hold_tags(&nb.disk, 1, 10),
        4,
        "all four tags of queue 1"
    );
    let mut buf = vec![0u8; 4096];
    assert_eq!(
        blk::io(&nb.disk, 1, Operation::Read, 0, &mut buf, 0),
        Err(EAGAIN.to_errno()),
        "REQ_NOWAIT without a free tag"
    );
    blk::io(&nb.disk, 0, Operation::Read, 0, &mut buf, 0).expect("queue 0 has its own tags");
    blk::release_tags(&nb.disk, 1);
    blk::io(&nb.disk, 1, Operation::Read, 0, &mut buf, 0).expect("tags back");
}

/// Hole 12 of issue 19: `block_device_operations.owner` was NULL, so an open disk did not
/// pin the module (try_module_get(NULL) succeeds and takes nothing): rmmod went through
/// and the later close ran the freed module's code. The disk's operations now name the
/// module that made it, so while /dev/rnullb0 is open the model's rmmod, like
/// delete_module(), is refused with EWOULDBLOCK; after the close it works.
#[test]
fn hole12_an_open_disk_pins_the_module() {
    let nb = load("capacity_mib=1");
    let opened = blk::Opened::new(&nb.disk).expect("open /dev/rnullb0");
    assert_eq!(loader::refcount::<NullBlk>(), 1, "the opener's reference");
    assert_eq!(
        loader::unload::<NullBlk>(),
        Err(EWOULDBLOCK.to_errno()),
        "rmmod while open"
    );
    let mut data = pattern(7, 4096);
    blk::io(&nb.disk, 0, Operation::Write, 8, &mut data, 0).expect("still serves I/O");
    drop(opened);
    assert_eq!(loader::refcount::<NullBlk>(), 0);
    drop(nb);
}
