//! `queue_rq` hands a request back to blk-mq as busy by moving it into `Busy`: one it
//! ended (or completed, or kept) is gone, so it cannot also be reported busy, and blk-mq
//! never requeues a request whose tag it already freed.
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;

struct Both;

#[vtable]
impl mq::Operations for Both {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        rq.start();
        mq::Request::end(rq, Ok(()));
        Err(mq::Busy::Resource(rq))
    }
}

fn main() {}
