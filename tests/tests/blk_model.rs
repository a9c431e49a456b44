//! The generated blk-mq layer running on the model: a tag set, a disk built with
//! `GenDisk::new`, requests dispatched to a memory-backed driver that moves data with
//! `for_each_segment`, and teardown that leaves nothing allocated or registered.
//!
//! The driver here uses std's `Mutex` for its store (a test, not a kernel driver); the
//! model's allocation and error counters are global, so the tests run one at a time.

#![forbid(unsafe_code)]

use std::sync::Mutex;

use kbridge_tests::blk;
use kernel::block::mq::{
    self, Busy, GenDisk, GenDiskConfig, Operation, Operations, QueueLimits, Request, TagSet,
    TagSetConfig,
};
use kernel::error::code;
use kernel::prelude::*;
use kernel::types::Owned;

static SERIAL: Mutex<()> = Mutex::new(());

struct MemDisk;

/// The disk's contents, shared by every hardware queue.
struct Store {
    bytes: Mutex<Vec<u8>>,
}

fn transfer(rq: &Request<MemDisk>) -> Result {
    let store = rq.queue().data();
    let mut bytes = store.bytes.lock().map_err(|_| code::EIO)?;
    let mut pos = usize::try_from(rq.sector()).map_err(|_| code::EINVAL)? * 512;
    let op = rq.operation();
    match op {
        Some(Operation::Flush) => return Ok(()),
        Some(Operation::Read | Operation::Write) => {}
        _ => return Err(code::EOPNOTSUPP),
    }
    rq.for_each_segment(|seg| {
        let end = pos + seg.len();
        let Some(range) = bytes.get_mut(pos..end) else {
            return Err(code::ENOSPC);
        };
        if op == Some(Operation::Write) {
            seg.copy_to_slice(range)?;
        } else {
            seg.copy_from_slice(range)?;
        }
        pos = end;
        Ok(())
    })
}

#[vtable]
impl Operations for MemDisk {
    type QueueData = Store;

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        let result = transfer(&rq);
        Request::end(rq, result);
        Ok(())
    }
}

const SECTORS: u64 = 2048;

fn disk(name: &str, queues: u32) -> Result<kernel::types::Built<GenDisk<MemDisk>>> {
    let set = TagSet::new(TagSetConfig {
        nr_hw_queues: queues,
        queue_depth: 4,
        ..TagSetConfig::default()
    })?;
    let store = Store {
        bytes: Mutex::new(vec![0; SECTORS as usize * 512]),
    };
    GenDisk::new(
        kbridge_tests::test_module(),
        set,
        store,
        GenDiskConfig {
            limits: QueueLimits::new().logical_block_size(512)?,
            disk_name: name,
            sectors: SECTORS,
        },
    )
}

fn pattern(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

#[test]
fn written_data_reads_back_through_segments_and_teardown_frees_everything() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    {
        let disk = disk("kbmem0", 2).expect("disk");
        assert_eq!(blk::disks(), 1);
        assert_eq!(blk::capacity(&disk), SECTORS);
        // Lengths and page offsets that give one to four page-bounded segments.
        for (i, (sector, len, offset)) in [
            (0u64, 512usize, 0u32),
            (7, 4096, 0),
            (100, 12 * 1024, 512),
            (SECTORS - 8, 4096, 3584),
            (513, 65536, 1024),
        ]
        .into_iter()
        .enumerate()
        {
            let mut data = pattern(i as u8, len);
            let hctx = (i % 2) as u32;
            blk::io(&disk, hctx, Operation::Write, sector, &mut data, offset).expect("write");
            let mut back = vec![0u8; len];
            blk::io(&disk, 1 - hctx, Operation::Read, sector, &mut back, 0).expect("read");
            assert_eq!(back, pattern(i as u8, len), "sector {sector}, {len} bytes");
        }
        blk::io(&disk, 0, Operation::Flush, 0, &mut [], 0).expect("flush");
    }
    assert_eq!(blk::disks(), 0, "the disk is gone after drop");
    assert_eq!(blk::live_allocations(), baseline, "nothing leaked");
    assert_eq!(blk::model_errors(), errors);
}

#[test]
fn error_statuses_reach_the_submitter() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let disk = disk("kbmem1", 1).expect("disk");
    let mut past_end = vec![0u8; 1024];
    assert_eq!(
        blk::io(&disk, 0, Operation::Write, SECTORS - 1, &mut past_end, 0),
        Err(code::ENOSPC.to_errno()),
        "ENOSPC -> BLK_STS_NOSPC -> -ENOSPC"
    );
    assert_eq!(
        blk::io(&disk, 0, Operation::Discard, 0, &mut [], 0),
        Err(code::EOPNOTSUPP.to_errno())
    );
}

#[test]
fn every_hardware_queue_takes_io_concurrently() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let disk = disk("kbmem2", 4).expect("disk");
    std::thread::scope(|s| {
        for q in 0..4u32 {
            let disk = &disk;
            s.spawn(move || {
                for round in 0..50u64 {
                    let sector = u64::from(q) * 512 + (round % 8) * 64;
                    let mut data = pattern((q * 50) as u8 ^ round as u8, 8192);
                    blk::io(disk, q, Operation::Write, sector, &mut data, 0).expect("write");
                    let mut back = vec![0; 8192];
                    blk::io(disk, q, Operation::Read, sector, &mut back, 0).expect("read");
                    assert_eq!(back, data);
                }
            });
        }
    });
}

#[test]
fn failures_while_building_unwind_without_leaks() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    for after in 0..12 {
        blk::fail_allocation(after);
        let result = disk("kbmem3", 2);
        blk::fail_allocation(-1);
        match result {
            Err(e) => assert_eq!(e, code::ENOMEM, "allocation {after} failing"),
            Ok(d) => drop(d),
        }
        assert_eq!(
            blk::live_allocations(),
            baseline,
            "allocation {after} failing"
        );
        assert_eq!(blk::disks(), 0);
    }
    assert!(
        QueueLimits::new().logical_block_size(1000).is_err(),
        "a bad block size never reaches C"
    );
    let taken = disk("kbmem4", 1).expect("disk");
    assert_eq!(
        disk("kbmem4", 1).err(),
        Some(code::EEXIST),
        "add_disk refuses a second disk of the same name, and the failed one is undone"
    );
    drop(taken);
    assert_eq!(blk::live_allocations(), baseline);
}

/// A driver may drop its disk while user space holds it open (del_gendisk() does not
/// wait for openers): the disk lives until the last close, which calls `free_disk` and
/// frees the disk's own operations table. Nothing is read after it is freed (valgrind),
/// nothing leaks.
#[test]
fn a_disk_dropped_while_open_is_released_by_the_last_close() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    let disk = disk("kbopen0", 1).expect("disk");
    let opened = blk::Opened::new(&disk).expect("open");
    let again = blk::Opened::new(&disk).expect("a second open");
    drop(disk);
    assert_eq!(blk::disks(), 0, "del_gendisk removed it from view");
    drop(again);
    assert!(
        blk::live_allocations() > baseline,
        "still open: the disk stays"
    );
    drop(opened);
    assert_eq!(
        blk::live_allocations(),
        baseline,
        "the last close released everything"
    );
    assert_eq!(blk::model_errors(), errors);
}

/// Hole 11 of issue 19: `numa_node` and `flags` reached `blk_mq_alloc_tag_set()`
/// unchecked. Linux checks neither; the allocators index per-node arrays with the node
/// (the model reports what SLUB would read out of bounds), and TAG_QUEUE_SHARED is
/// blk-mq's own flag. `TagSet::new` refuses both with EINVAL before C sees them.
#[test]
fn hole11_tag_set_nodes_and_flags_are_checked() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    let config = |numa_node: i32, flags: u32| TagSetConfig {
        nr_hw_queues: 1,
        queue_depth: 4,
        numa_node,
        flags,
        ..TagSetConfig::default()
    };
    for node in [5000, i32::MAX, -2, i32::MIN, 3] {
        assert_eq!(
            TagSet::<MemDisk>::new(config(node, 0)).err(),
            Some(code::EINVAL),
            "node {node}"
        );
    }
    for flags in [1 << 1, 1 << 2, 1 << 3, 1 << 7, u32::MAX] {
        assert_eq!(
            TagSet::<MemDisk>::new(config(-1, flags)).err(),
            Some(code::EINVAL),
            "flags {flags:#x}"
        );
    }
    // Found by the attack on the typed block API: `cmd_size` wraps `sizeof(struct
    // request) + cmd_size` on 32-bit (overlapping requests) and, past what an order-4 page
    // block holds, makes blk_mq_alloc_rqs() allocate forever.
    for cmd_size in [4097, 1 << 16, u32::MAX - 100, u32::MAX] {
        let too_big = TagSetConfig {
            cmd_size,
            ..config(-1, 0)
        };
        assert_eq!(
            TagSet::<MemDisk>::new(too_big).err(),
            Some(code::EINVAL),
            "cmd_size {cmd_size}"
        );
    }
    assert_eq!(
        blk::model_errors(),
        errors,
        "nothing reached the allocators"
    );
    for (node, flags) in [(-1, 0), (0, 1), (0, 1 << 4), (-1, (1 << 5) | (1 << 6))] {
        let set = TagSet::<MemDisk>::new(config(node, flags));
        assert!(set.is_ok(), "node {node}, flags {flags:#x}");
    }
    assert_eq!(blk::live_allocations(), baseline);
    assert_eq!(blk::model_errors(), errors);
}

static INITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static EXITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Lent a request in init_request and exit_request: it can only count them.
struct Counting;

#[vtable]
impl Operations for Counting {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        Request::end(rq, Ok(()));
        Ok(())
    }

    fn init_request(
        _set: &TagSet<Self>,
        _request: &mq::BorrowedRequest,
        _hctx: u32,
        _node: u32,
    ) -> Result {
        INITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    fn exit_request(_set: &TagSet<Self>, _request: &mq::BorrowedRequest, _hctx: u32) {
        EXITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Holes 6 and 7 of issue 19, at run time: the model lends init_request a request whose
/// `q` is NULL, and exit_request (the tag set outlives the disk) one whose `q` is the
/// disk's freed queue, as blk-mq does (it never clears `rq->q`). The driver gets
/// `BorrowedRequest`, which reads neither (tests/ui/hole06_07_* pins that); valgrind
/// sees nothing read after the queue was freed.
#[test]
fn lent_requests_with_null_and_stale_queues_are_never_read() {
    use std::sync::atomic::Ordering::SeqCst;
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let (inits, exits) = (INITS.load(SeqCst), EXITS.load(SeqCst));
    let set = TagSet::<Counting>::new(TagSetConfig {
        nr_hw_queues: 2,
        queue_depth: 3,
        ..TagSetConfig::default()
    })
    .expect("tag set");
    assert_eq!(
        INITS.load(SeqCst) - inits,
        6,
        "one init_request per tag, q NULL"
    );
    let disk = GenDisk::new(
        kbridge_tests::test_module(),
        set,
        (),
        GenDiskConfig {
            limits: QueueLimits::new(),
            disk_name: "kblent0",
            sectors: 8,
        },
    )
    .expect("disk");
    let mut data = vec![0u8; 512];
    blk::io(&disk, 1, Operation::Write, 0, &mut data, 0).expect("write: q set");
    drop(disk);
    assert_eq!(
        EXITS.load(SeqCst) - exits,
        6,
        "exit_request after the queue was freed"
    );
    assert_eq!(blk::live_allocations(), baseline);
}

/// Gives each request back twice (once per resource status) before serving it.
struct Backpressure;

static GIVEN_BACK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[vtable]
impl Operations for Backpressure {
    type QueueData = Store;

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        use std::sync::atomic::Ordering::SeqCst;
        rq.start();
        match GIVEN_BACK.fetch_add(1, SeqCst) % 3 {
            0 => return Err(Busy::Resource(rq)),
            1 => return Err(Busy::DevResource(rq)),
            _ => {}
        }
        let store = rq.queue().data();
        let result = (|| {
            let mut bytes = store.bytes.lock().map_err(|_| code::EIO)?;
            let mut pos = usize::try_from(rq.sector()).map_err(|_| code::EINVAL)? * 512;
            let write = rq.operation() == Some(Operation::Write);
            rq.for_each_segment(|seg| {
                let range = bytes.get_mut(pos..pos + seg.len()).ok_or(code::ENOSPC)?;
                match write {
                    true => seg.copy_to_slice(range)?,
                    false => seg.copy_from_slice(range)?,
                }
                pos += seg.len();
                Ok(())
            })
        })();
        Request::end(rq, result);
        Ok(())
    }
}

/// `queue_rq` answers `BLK_STS_RESOURCE` and `BLK_STS_DEV_RESOURCE` by handing the request
/// back (`Err(Busy::..(rq))`): blk-mq keeps it and dispatches it again, as the model does
/// after blk_mq_dispatch_rq_list(); the data still reads back, every give-back is seen,
/// and nothing is ended twice (tests/ui/busy_after_end.rs pins that at compile time).
#[test]
fn a_request_handed_back_busy_is_dispatched_again() {
    use std::sync::atomic::Ordering::SeqCst;
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    let busy = blk::busy_returns();
    GIVEN_BACK.store(0, SeqCst);
    {
        let set = TagSet::new(TagSetConfig {
            nr_hw_queues: 1,
            queue_depth: 2,
            ..TagSetConfig::default()
        })
        .expect("tag set");
        let store = Store {
            bytes: Mutex::new(vec![0; 64 * 512]),
        };
        let config = GenDiskConfig {
            limits: QueueLimits::new(),
            disk_name: "kbbusy0",
            sectors: 64,
        };
        let disk = GenDisk::<Backpressure>::new(kbridge_tests::test_module(), set, store, config)
            .expect("disk");
        let mut data = pattern(9, 8192);
        blk::io(&disk, 0, Operation::Write, 4, &mut data, 0).expect("write");
        let mut back = vec![0u8; 8192];
        blk::io(&disk, 0, Operation::Read, 4, &mut back, 0).expect("read");
        assert_eq!(back, pattern(9, 8192));
    }
    assert_eq!(GIVEN_BACK.load(SeqCst), 6, "three dispatches per request");
    assert_eq!(blk::busy_returns() - busy, 4, "two give-backs per request");
    assert_eq!(blk::live_allocations(), baseline);
    assert_eq!(blk::model_errors(), errors);
}

/// A request `Swapper` keeps in flight, and whether the next one gives it back.
static KEPT: Mutex<Option<Owned<Request<Swapper>>>> = Mutex::new(None);

/// Keeps the first request; for the next, ends it and gives the kept one back as busy.
struct Swapper;

#[vtable]
impl Operations for Swapper {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        match kept.take() {
            None => {
                *kept = Some(rq);
                Ok(())
            }
            Some(first) => {
                Request::end(rq, Ok(()));
                Err(Busy::Resource(first))
            }
        }
    }
}

/// Found by the attack on the typed block API: `Busy` held any request the driver owned,
/// and the trampoline told blk-mq that the request it had dispatched was busy, so blk-mq
/// took back a request the driver had ended (or kept: two owners of one request), while
/// the one given back was never ended. Only the dispatched request goes back to C now;
/// another one is ended with its release status (`BLK_STS_IOERR`).
#[test]
fn a_request_given_back_in_place_of_the_dispatched_one_is_ended() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    let busy = blk::busy_returns();
    {
        let set = TagSet::new(TagSetConfig {
            nr_hw_queues: 1,
            queue_depth: 4,
            ..TagSetConfig::default()
        })
        .expect("tag set");
        let config = GenDiskConfig {
            limits: QueueLimits::new(),
            disk_name: "kbswap0",
            sectors: 64,
        };
        let disk =
            GenDisk::<Swapper>::new(kbridge_tests::test_module(), set, (), config).expect("disk");
        std::thread::scope(|s| {
            let first = s.spawn(|| {
                let mut buf = vec![0u8; 512];
                blk::io(&disk, 0, Operation::Read, 0, &mut buf, 0)
            });
            while KEPT.lock().unwrap_or_else(|e| e.into_inner()).is_none() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let mut buf = vec![0u8; 512];
            let second = blk::io(&disk, 0, Operation::Write, 8, &mut buf, 0);
            assert_eq!(
                second,
                Ok(()),
                "the dispatched request was ended by the driver"
            );
            let first = first.join().expect("the kept request ends");
            assert_eq!(
                first,
                Err(code::EIO.to_errno()),
                "ended with its release status"
            );
        });
    }
    assert_eq!(
        blk::busy_returns(),
        busy,
        "nothing went back to blk-mq as busy"
    );
    assert_eq!(blk::live_allocations(), baseline);
    assert_eq!(blk::model_errors(), errors);
}

static BUSY_DATA_DROPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Queue data that counts its drops and answers `busy` from its contents.
struct Gauge(u32);

impl Drop for Gauge {
    fn drop(&mut self) {
        BUSY_DATA_DROPS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A driver whose `busy` reads its queue data, as an array driver would read a load gauge.
struct Gauged;

#[vtable]
impl Operations for Gauged {
    type QueueData = Gauge;

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        Request::end(rq, Ok(()));
        Ok(())
    }

    fn busy(queue: &mq::RequestQueue<Self>) -> bool {
        queue.data().0 > 7
    }
}

/// Found by the attack on the typed block API: the queue data was dropped with the
/// `Built` disk, right after put_disk(), while an opener still held the disk; the queue
/// lives on with `mq_ops` unchanged, and blk_lld_busy() (dm-multipath, through the
/// device it holds open) calls `busy` on it. The data now lives until `free_disk`, which
/// disk_release() calls after the last close.
#[test]
fn queue_data_lives_until_the_disk_is_released() {
    use std::sync::atomic::Ordering::SeqCst;
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let baseline = blk::live_allocations();
    let errors = blk::model_errors();
    let drops = BUSY_DATA_DROPS.load(SeqCst);
    let set = TagSet::new(TagSetConfig {
        nr_hw_queues: 1,
        queue_depth: 2,
        ..TagSetConfig::default()
    })
    .expect("tag set");
    let config = GenDiskConfig {
        limits: QueueLimits::new(),
        disk_name: "kbgauge0",
        sectors: 8,
    };
    let disk =
        GenDisk::<Gauged>::new(kbridge_tests::test_module(), set, Gauge(9), config).expect("disk");
    let opened = blk::Opened::new(&disk).expect("open");
    assert!(blk::lld_busy(&opened));
    drop(disk);
    assert_eq!(
        BUSY_DATA_DROPS.load(SeqCst),
        drops,
        "kept while the disk is open"
    );
    assert!(
        blk::lld_busy(&opened),
        "the deleted disk's queue still reads its data"
    );
    drop(opened);
    assert_eq!(
        BUSY_DATA_DROPS.load(SeqCst),
        drops + 1,
        "dropped when the disk is released"
    );
    assert_eq!(blk::live_allocations(), baseline);
    assert_eq!(blk::model_errors(), errors);
}

/// Starts every request twice.
struct Eager;

#[vtable]
impl Operations for Eager {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        rq.start();
        Request::end(rq, Ok(()));
        Ok(())
    }
}

/// Found by the attack on the typed block API: a second `start()` reached
/// blk_mq_start_request() on a request in flight, which WARNs (a panic with
/// panic_on_warn). `start()` does nothing on a started request now.
#[test]
fn starting_a_request_twice_starts_it_once() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let errors = blk::model_errors();
    let set = TagSet::new(TagSetConfig {
        nr_hw_queues: 1,
        queue_depth: 2,
        ..TagSetConfig::default()
    })
    .expect("tag set");
    let config = GenDiskConfig {
        limits: QueueLimits::new(),
        disk_name: "kbeager0",
        sectors: 8,
    };
    let disk = GenDisk::<Eager>::new(kbridge_tests::test_module(), set, (), config).expect("disk");
    let mut buf = vec![0u8; 512];
    blk::io(&disk, 0, Operation::Read, 0, &mut buf, 0).expect("read");
    assert_eq!(blk::model_errors(), errors, "no start of a started request");
}
