//! A null block device, `/dev/rnullb0`, on the generated blk-mq API:
//!
//! - memory-backed by default: reads return what was written (a `vmalloc`ed RAM disk);
//!   without backing, writes are dropped and reads return zeros;
//! - capacity, logical block size, hardware queues and queue depth are module parameters
//!   (`insmod rnullb.ko capacity_mib=64 block_size=4096 queues=4`);
//! - flushes complete at once; other operations than read, write and flush end with
//!   `EOPNOTSUPP` (`BLK_STS_NOTSUPP`), I/O past the end with `ENOSPC`, and I/O touching
//!   the bad-sector range given as parameters with `EIO` (`BLK_STS_IOERR`).

#![no_std]
#![forbid(unsafe_code)]

use core::ops::Range;

use kernel::alloc::VBuffer;
use kernel::block::mq::{self, Busy, GenDisk, GenDiskConfig, HwCtx, Operation, QueueLimits};
use kernel::block::mq::{Request, TagSet, TagSetConfig};
use kernel::prelude::*;
use kernel::sync::SpinLock;
use kernel::types::{Built, Owned};

#[kernel_driver(
    name = "rnullb",
    license = "GPL",
    author = "kbridge",
    description = "Null block device, memory-backed",
    params = {
        /// Device size in MiB
        capacity_mib: u64 = 16,
        /// Logical block size in bytes: a power of two from 512 to 4096
        block_size: u32 = 512,
        /// Number of hardware queues
        queues: u32 = 1,
        /// Requests in flight per hardware queue
        queue_depth: u32 = 64,
        /// Keep written data; without it writes are dropped and reads return zeros
        memory_backed: bool = true,
        /// First sector of a range whose I/O fails with EIO
        bad_sector: u64 = 0,
        /// Length of that range in sectors (0: none)
        bad_sectors: u64 = 0,
    },
)]
pub struct NullBlk {
    _disk: Built<GenDisk<NullDevice>>,
}

const SECTOR_SIZE: u64 = 512;

impl kernel::Module for NullBlk {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let mib = params::capacity_mib();
        let bytes = mib.checked_mul(1 << 20).filter(|&b| b > 0).ok_or(EINVAL)?;
        let bytes = usize::try_from(bytes).map_err(|_| EINVAL)?;
        let sectors = mib * 2048;
        let memory = match params::memory_backed() {
            true => Some(SpinLock::new(VBuffer::zeroed(bytes)?)?),
            false => None,
        };
        let bad_end = params::bad_sector().saturating_add(params::bad_sectors());
        let device = NullDevice {
            sectors,
            memory,
            bad: params::bad_sector()..bad_end,
        };
        let tag_set = TagSet::new(TagSetConfig {
            nr_hw_queues: params::queues(),
            queue_depth: params::queue_depth(),
            ..TagSetConfig::default()
        })?;
        let limits = QueueLimits::new()
            .logical_block_size(params::block_size())?
            .physical_block_size(params::block_size())?;
        let config = GenDiskConfig {
            limits,
            disk_name: "rnullb0",
            sectors,
        };
        let disk = GenDisk::new(module, tag_set, device, config)?;
        pr_info!(
            "rnullb0: {} MiB, {} queues\n",
            params::capacity_mib(),
            params::queues()
        );
        Ok(NullBlk { _disk: disk })
    }
}

/// The disk's state, shared by all hardware queues.
struct NullDevice {
    sectors: u64,
    memory: Option<SpinLock<VBuffer>>,
    bad: Range<u64>,
}

impl NullDevice {
    fn serve(&self, rq: &Request<Self>) -> Result {
        let write = match rq.operation() {
            Some(Operation::Flush) => return Ok(()),
            Some(Operation::Read) => false,
            Some(Operation::Write) => true,
            _ => return Err(EOPNOTSUPP),
        };
        let first = rq.sector();
        let end = first.checked_add(u64::from(rq.sectors())).ok_or(ENOSPC)?;
        if end > self.sectors {
            return Err(ENOSPC);
        }
        if first < self.bad.end && self.bad.start < end {
            return Err(EIO);
        }
        let Some(memory) = &self.memory else {
            return match write {
                true => Ok(()),
                false => rq.for_each_segment(|segment| {
                    segment.fill(0);
                    Ok(())
                }),
            };
        };
        let mut at = usize::try_from(first * SECTOR_SIZE).map_err(|_| ENOSPC)?;
        let mut bytes = memory.lock();
        rq.for_each_segment(|segment| {
            let stored = bytes.get_mut(at..at + segment.len()).ok_or(ENOSPC)?;
            match write {
                true => segment.copy_to_slice(stored)?,
                false => segment.copy_from_slice(stored)?,
            }
            at += segment.len();
            Ok(())
        })
    }
}

#[vtable]
impl mq::Operations for NullDevice {
    type QueueData = Self;

    fn queue_rq(_hw: &HwCtx, rq: Owned<Request<Self>>, _last: bool) -> Result<(), Busy<Self>> {
        rq.start();
        let result = rq.queue().data().serve(&rq);
        Request::end(rq, result);
        Ok(())
    }
}
