//! A request is ended by consuming its ownership token: ending it twice does not compile.
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::prelude::*;
use kernel::types::Owned;

struct Twice;

#[vtable]
impl mq::Operations for Twice {
    type QueueData = ();

    fn queue_rq(_hw: &mq::HwCtx, rq: Owned<mq::Request<Self>>, _last: bool) -> Result<(), mq::Busy<Self>> {
        mq::Request::end(rq, Ok(()));
        mq::Request::end(rq, Ok(()));
        Ok(())
    }
}

fn main() {}
