//! Errors the generator reports. Each names the place at fault: a header position, a
//! path, or the option given.

use std::path::PathBuf;

use thiserror::Error;

/// One problem at `file:line:column`: found by clang in a header, or by the spec reader
/// in `bridge.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Debug, Error)]
pub enum Error {
    #[error("{}: cannot read the header folder: {source}", path.display())]
    HeaderDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: not a folder (give the folder that holds linux/*.h)", path.display())]
    NotADirectory { path: PathBuf },

    #[error("{}: no headers found under linux/", path.display())]
    NoHeaders { path: PathBuf },

    #[error("unknown target `{triple}`; supported: {}", supported.join(", "))]
    UnknownTarget {
        triple: String,
        supported: Vec<&'static str>,
    },

    #[error("{}", diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Header { diagnostics: Vec<Diagnostic> },

    #[error("{}: not a usable kernel header tree: {why}", path.display())]
    KernelTree { path: PathBuf, why: String },

    #[error("{}", diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    KernelMismatch { diagnostics: Vec<Diagnostic> },

    #[error("libclang: {0}")]
    Libclang(String),

    #[error("bindgen failed: {0}")]
    Bindgen(String),

    #[error("generated Rust does not parse ({what}): {message}")]
    GeneratedRust { what: &'static str, message: String },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} is out of date; these files differ from a fresh generation: {}", out.display(), files.join(", "))]
    Stale { out: PathBuf, files: Vec<String> },

    #[error("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Spec { errors: Vec<Diagnostic> },

    #[error("cbindgen failed: {0}")]
    Cbindgen(String),

    #[error("compiling the C shim failed: {0}")]
    ShimCompile(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
