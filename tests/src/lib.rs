//! Cross-crate tests of kbridge live in `tests/`; this library holds what they share.

use std::path::PathBuf;

/// The shipped model headers.
pub fn model_headers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../headers")
}
