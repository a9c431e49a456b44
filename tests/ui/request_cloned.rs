//! There is one owner of a request: the token cannot be copied to end it twice.
#![forbid(unsafe_code)]

use kernel::block::mq;
use kernel::types::Owned;

fn keep_a_copy(rq: Owned<mq::Request>) -> (Owned<mq::Request>, Owned<mq::Request>) {
    (rq.clone(), rq)
}

fn main() {}
