//! Procedural macros for kbridge drivers.
