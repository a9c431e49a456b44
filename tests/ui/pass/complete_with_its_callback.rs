//! The other side of hole 8: a driver that implements `complete` may complete a
//! request through it (and this program builds and links).
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;
// The model links in through the tests crate: the program runs in user space.
use kbridge_tests as _;

struct Deferred;

#[vtable]
impl mq::Operations for Deferred {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        rq.start();
        mq::Request::complete(rq);
        Ok(())
    }

    fn complete(rq: Owned<mq::Request<Self>>) {
        mq::Request::end(rq, Ok(()));
    }
}

fn main() {
    let _ = mq::OperationsTable::new::<Deferred>();
}
