//! Paths to items of the generated safe API, as one typed value from inference to
//! emission: nothing splits a `"net::phy::Device"` string again.

use std::fmt;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// An item of the kernel crate: `net::phy::Device` is the item `Device` of the module
/// `net::phy`. The spec's paths are read into it (`spec::values::rust_path`), checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustPath {
    /// The module path inside the crate, `::`-separated (`net::phy`).
    pub module: String,
    pub name: String,
}

impl RustPath {
    pub fn new(module: impl Into<String>, name: impl Into<String>) -> RustPath {
        RustPath {
            module: module.into(),
            name: name.into(),
        }
    }

    /// Another item of the same module.
    pub fn sibling(&self, name: impl Into<String>) -> RustPath {
        RustPath::new(self.module.clone(), name)
    }

    /// The item named like this one with `suffix` appended (`Operations` ->
    /// `OperationsTable`).
    pub fn suffixed(&self, suffix: &str) -> RustPath {
        self.sibling(format!("{}{suffix}", self.name))
    }

    /// The path as code in module `current`: the bare name there, else from the crate
    /// root.
    pub fn tokens(&self, current: &str) -> TokenStream {
        let name = format_ident!("{}", self.name);
        if self.module == current {
            quote!(#name)
        } else {
            let parts = self.module.split("::").map(|p| format_ident!("{p}"));
            quote!(crate #(::#parts)* :: #name)
        }
    }
}

impl fmt::Display for RustPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.module.as_str() {
            "" => f.write_str(&self.name),
            module => write!(f, "{module}::{}", self.name),
        }
    }
}
