//! The tab-separated results `scripts/bench.sh` writes: a header line, then rows.

use std::collections::HashMap;
use std::path::Path;

/// The rows of `path`, each a map from column name to value.
pub fn read(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e} (run scripts/bench.sh)", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("{}: empty", path.display()))?
        .split('\t')
        .collect();
    lines
        .enumerate()
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != header.len() {
                return Err(format!(
                    "{}:{}: {} fields, expected {}",
                    path.display(),
                    i + 2,
                    fields.len(),
                    header.len()
                ));
            }
            Ok(header
                .iter()
                .map(|h| h.to_string())
                .zip(fields.iter().map(|f| f.to_string()))
                .collect())
        })
        .collect()
}

/// A column of a row as a number.
pub fn number(row: &HashMap<String, String>, column: &str) -> Result<f64, String> {
    row.get(column)
        .ok_or_else(|| format!("no column `{column}`"))?
        .parse()
        .map_err(|e| format!("column `{column}`: {e}"))
}
