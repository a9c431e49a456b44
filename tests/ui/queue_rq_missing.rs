// blk-mq calls queue_rq without a NULL check, so the spec marks it required: an
// Operations implementation without it does not compile.
use kernel::block::mq;
use kernel::prelude::*;

struct Idle;

#[vtable]
impl mq::Operations for Idle {
    type QueueData = ();

    fn commit_rqs(_hw: &mq::HwCtx) {}
}

fn main() {}
