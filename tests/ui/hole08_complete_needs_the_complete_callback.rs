//! Hole 8: `Request::complete()` makes blk-mq call `mq_ops->complete`, which it calls
//! without a NULL check (blk_mq_complete_request(), blk_complete_reqs()). A driver whose
//! `Operations` has no `complete` cannot call it: the request is typed by its ops, and
//! the method asserts at compile time that the ops implement `complete`.
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;

struct Hasty;

#[vtable]
impl mq::Operations for Hasty {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        rq.start();
        mq::Request::complete(rq);
        Ok(())
    }
}

fn main() {
    let _ = mq::OperationsTable::new::<Hasty>();
}
