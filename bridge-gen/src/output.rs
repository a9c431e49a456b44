//! Writing the output folder as a whole, and comparing it with a fresh generation.

use std::path::{Path, PathBuf};

use crate::emit::Artifact;
use crate::error::{Error, Result};

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes the artifacts to a folder beside `out`, then renames it into place.
pub fn replace_folder(out: &Path, artifacts: &[Artifact]) -> Result<()> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    let staging = sibling(out, "new");
    let result = write_staging(&staging, artifacts).and_then(|()| swap_in(&staging, out));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_staging(staging: &Path, artifacts: &[Artifact]) -> Result<()> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(Error::io(staging))?;
    }
    std::fs::create_dir(staging).map_err(Error::io(staging))?;
    for artifact in artifacts {
        let path = staging.join(&artifact.name);
        std::fs::write(&path, &artifact.contents).map_err(Error::io(&path))?;
    }
    Ok(())
}

fn swap_in(staging: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(Error::io(out));
    }
    let old = sibling(out, "old");
    std::fs::rename(out, &old).map_err(Error::io(out))?;
    if let Err(source) = std::fs::rename(staging, out) {
        // Put the previous output back; the caller removes the staging folder.
        let _ = std::fs::rename(&old, out);
        return Err(Error::Io {
            path: out.to_owned(),
            source,
        });
    }
    std::fs::remove_dir_all(&old).map_err(Error::io(&old))
}

/// Every artifact must exist in `out` with the same contents, and `out` must hold
/// nothing else.
pub fn compare_folder(out: &Path, artifacts: &[Artifact]) -> Result<()> {
    let mut differing = Vec::new();
    for artifact in artifacts {
        match std::fs::read_to_string(out.join(&artifact.name)) {
            Ok(existing) if existing == artifact.contents => {}
            Ok(_) => differing.push(artifact.name.clone()),
            Err(_) => differing.push(format!("{} (missing)", artifact.name)),
        }
    }
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != crate::freshness::RECORD && !artifacts.iter().any(|a| a.name == name) {
                differing.push(format!("{name} (not generated)"));
            }
        }
    } else {
        return Err(Error::Stale {
            out: out.to_owned(),
            files: vec!["the folder itself (missing)".into()],
        });
    }
    if differing.is_empty() {
        Ok(())
    } else {
        Err(Error::Stale {
            out: out.to_owned(),
            files: differing,
        })
    }
}
