//! Inputs and reporting shared by kbridge's benchmarks.

pub mod criterion;
pub mod plot;
pub mod qr;
pub mod tsv;
