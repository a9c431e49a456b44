//! There is one owner of a request: the token cannot be copied to end it twice.
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::types::Owned;

fn keep_a_copy<T: mq::Operations>(
    rq: Owned<mq::Request<T>>,
) -> (Owned<mq::Request<T>>, Owned<mq::Request<T>>) {
    (rq.clone(), rq)
}

fn main() {}
