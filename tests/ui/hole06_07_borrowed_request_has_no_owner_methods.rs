//! Holes 6 and 7: callbacks that are lent a request the driver does not own
//! (`init_request`, where `rq->q` is still NULL; `exit_request`, where it may point to a
//! freed queue, since blk-mq never clears it; `timeout`, while the owner may end the
//! request on another CPU) got the owner's `&Request`, with `start()`, `queue()` and
//! `for_each_segment()`. They get a `BorrowedRequest` now, which offers none of them.
#![forbid(unsafe_code)]

use kernel::block::mq::{self, BorrowedRequest, TagSet, TimerReturn};
use kernel::prelude::*;
use kernel::types::Owned;

struct Peeker;

#[vtable]
impl mq::Operations for Peeker {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        mq::Request::end(rq, Ok(()));
        Ok(())
    }

    fn exit_request(_set: &TagSet<Self>, rq: &BorrowedRequest, _hctx: u32) {
        let _queue = rq.queue();
    }

    fn init_request(_set: &TagSet<Self>, rq: &BorrowedRequest, _hctx: u32, _node: u32) -> Result {
        rq.start();
        Ok(())
    }

    fn timeout(rq: &BorrowedRequest) -> TimerReturn {
        let _ = rq.for_each_segment(|_segment| Ok(()));
        TimerReturn::ResetTimer
    }
}

fn main() {}
