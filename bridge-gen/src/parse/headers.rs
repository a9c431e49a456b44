//! Finding the headers of a header set and naming them the way `#include` does.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folders under the root whose headers are parsed, as the kernel's include/ has them.
const INCLUDE_TREES: &[&str] = &["linux", "uapi", "asm-generic"];

/// A folder of kernel-style headers: `root/linux/*.h`, `root/uapi/...`.
#[derive(Clone, Debug)]
pub struct HeaderSet {
    /// The folder as the user named it; used in messages.
    pub root: PathBuf,
    /// The same folder, absolute; given to clang.
    pub canonical_root: PathBuf,
    /// Include names (`linux/phy.h`), sorted.
    pub headers: Vec<String>,
}

impl HeaderSet {
    pub fn open(root: &Path) -> Result<HeaderSet> {
        let meta = std::fs::metadata(root).map_err(|source| Error::HeaderDir {
            path: root.to_owned(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(Error::NotADirectory {
                path: root.to_owned(),
            });
        }
        let canonical_root = root.canonicalize().map_err(|source| Error::HeaderDir {
            path: root.to_owned(),
            source,
        })?;
        let mut headers = Vec::new();
        for tree in INCLUDE_TREES {
            let dir = canonical_root.join(tree);
            if dir.is_dir() {
                collect(&canonical_root, &dir, &mut headers)?;
            }
        }
        if headers.is_empty() {
            return Err(Error::NoHeaders {
                path: root.to_owned(),
            });
        }
        headers.sort();
        Ok(HeaderSet {
            root: root.to_owned(),
            canonical_root,
            headers,
        })
    }

    /// The translation unit that includes every header once.
    pub fn umbrella(&self) -> String {
        self.headers
            .iter()
            .map(|h| format!("#include <{h}>\n"))
            .collect()
    }

    /// A path inside the root as `#include` names it, or None for a file outside the set.
    pub fn include_name(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.canonical_root).ok()?;
        Some(relative.to_string_lossy().into_owned())
    }

    /// A path for messages: under the folder the user gave.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.canonical_root) {
            Ok(relative) => self.root.join(relative),
            Err(_) => path.to_owned(),
        }
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::HeaderDir {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::HeaderDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "h")
            && let Ok(relative) = path.strip_prefix(root)
        {
            out.push(relative.to_string_lossy().into_owned());
        }
    }
    Ok(())
}
