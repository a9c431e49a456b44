// The queue a request belongs to, and its data, are borrowed from the request: neither
// can be kept once the request is ended.
use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;

struct Keeper;

#[vtable]
impl mq::Operations for Keeper {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        let queue: &'static mq::RequestQueue<Self> = rq.queue();
        let _ = queue;
        mq::Request::end(rq, Ok(()));
        Ok(())
    }
}

fn main() {}
