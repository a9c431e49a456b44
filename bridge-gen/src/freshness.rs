//! Skipping a regeneration that would write what is already there.
//!
//! A successful write leaves a record in the output folder: a key for how the run was
//! asked for (the generator binary and its options) and the size and modification time
//! of every file the run read (each header clang opened, the spec, export crates'
//! sources), of the folders they were found in, and of every output. The next run with
//! the same key finds the output up to date when none changed, by `stat`ing them: no
//! parse, no libclang.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{Error, Result};

/// The record's name inside the output folder.
pub const RECORD: &str = ".bridge-gen-inputs";

/// A file's identity for change detection: size and modification time (ns).
fn identity(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), modified.as_nanos()))
}

/// The key of a run: this generator binary (path, size, modification time), the
/// libclang it would load, and the run's arguments with the folder they are relative to.
pub fn key(args: &[String]) -> String {
    let exe = std::env::current_exe().ok();
    let exe_identity = exe.as_deref().and_then(identity);
    format!(
        "{} {:?} {:?} libclang={:?} cwd={:?} args={:?}",
        env!("CARGO_PKG_VERSION"),
        exe,
        exe_identity,
        std::env::var_os("LIBCLANG_PATH"),
        std::env::current_dir().ok(),
        args
    )
}

/// Writes the record of a run asked for as `key` that read `inputs` and wrote `outputs`
/// (names inside `out`) into `out`.
pub fn write_record(key: &str, inputs: &[PathBuf], out: &Path, outputs: &[String]) -> Result<()> {
    let text = record(key, inputs, out, outputs)?;
    let path = out.join(RECORD);
    std::fs::write(&path, text).map_err(Error::io(&path))
}

fn record(key: &str, inputs: &[PathBuf], out: &Path, outputs: &[String]) -> Result<String> {
    let mut text = format!("key {}\n", key.replace('\n', " "));
    let mut line = |kind: &str, path: &Path| -> Result<()> {
        let (size, mtime) = identity(path).ok_or_else(|| Error::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "read by this run, now gone"),
        })?;
        let _ = writeln!(text, "{kind} {size} {mtime} {}", path.display());
        Ok(())
    };
    for input in inputs {
        line("in", input)?;
    }
    for name in outputs {
        line("out", &out.join(name))?;
    }
    Ok(text)
}

/// Whether `out` holds the output of a run asked for as `key` whose inputs, and whose
/// outputs, are all unchanged since. Any doubt (no record, a file gone) means no.
pub fn is_fresh(out: &Path, key: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(out.join(RECORD)) else {
        return false;
    };
    let mut lines = text.lines();
    if lines.next() != Some(format!("key {}", key.replace('\n', " ")).as_str()) {
        return false;
    }
    let mut files = 0;
    for line in lines {
        let mut fields = line.splitn(4, ' ');
        let (Some(kind), Some(size), Some(mtime), Some(path)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return false;
        };
        let recorded = (size.parse::<u64>().ok(), mtime.parse::<u128>().ok());
        let now = identity(Path::new(path)).map(|(s, m)| (Some(s), Some(m)));
        if !matches!(kind, "in" | "out") || now != Some(recorded) {
            return false;
        }
        files += 1;
    }
    files > 0
}

/// Every folder and regular file under `dir`, `dir` included, sorted. The folders
/// count: a header set is whatever its folders hold, and a folder's modification time
/// changes when a file is added, removed or renamed in it.
pub fn inputs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![dir.to_owned()];
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    found.push(path.clone());
                    pending.push(path);
                }
                Ok(t) if t.is_file() => found.push(path),
                _ => {}
            }
        }
    }
    found.sort();
    found
}
