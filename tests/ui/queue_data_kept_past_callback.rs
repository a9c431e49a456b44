// The queue a request belongs to, and its data, are borrowed from the request: neither
// can be kept once the request is ended.
use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;

struct Keeper;

#[vtable]
impl mq::Operations for Keeper {
    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) {
        let queue: &'static mq::RequestQueue = rq.queue().unwrap();
        let _ = queue;
        mq::Request::end(rq, Ok(()));
    }
}

fn main() {}
