//! Inputs and reporting shared by kbridge's benchmarks.

pub mod criterion;
pub mod qr;
