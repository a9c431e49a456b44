//! Reading criterion's results back (`<target>/criterion/<group>/<function>/<input>/new/`)
//! as per-iteration times, so the report can give min, median and max of the samples.

use std::path::Path;

/// One benchmark's samples, in nanoseconds per iteration, sorted.
#[derive(Debug, Clone)]
pub struct Samples(Vec<f64>);

impl Samples {
    /// Samples from measured values (at least one).
    pub fn new(mut values: Vec<f64>) -> Result<Self, String> {
        if values.is_empty() {
            return Err("no samples".into());
        }
        values.sort_by(f64::total_cmp);
        Ok(Self(values))
    }

    /// Reads `sample.json` of `group/function/input` under `criterion_dir`.
    pub fn read(criterion_dir: &Path, id: &str) -> Result<Self, String> {
        let path = criterion_dir.join(id).join("new/sample.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (run the benchmark first)", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let numbers = |key: &str| -> Result<Vec<f64>, String> {
            json[key]
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
                .ok_or_else(|| format!("{}: no `{key}` array", path.display()))
        };
        let (iters, times) = (numbers("iters")?, numbers("times")?);
        if iters.len() != times.len() || iters.is_empty() {
            return Err(format!("{}: malformed samples", path.display()));
        }
        let mut per_iter: Vec<f64> = times.iter().zip(&iters).map(|(t, n)| t / n).collect();
        per_iter.sort_by(f64::total_cmp);
        Ok(Self(per_iter))
    }

    /// How many samples there are.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    pub fn min(&self) -> f64 {
        self.0[0]
    }

    pub fn max(&self) -> f64 {
        self.0[self.0.len() - 1]
    }

    pub fn median(&self) -> f64 {
        let n = self.0.len();
        if n % 2 == 1 {
            self.0[n / 2]
        } else {
            (self.0[n / 2 - 1] + self.0[n / 2]) / 2.0
        }
    }
}

/// A count with thousands separators: 49,679.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Nanoseconds in the unit that keeps 3-4 significant digits.
pub fn duration(ns: f64) -> String {
    match ns {
        ns if ns >= 1e9 => format!("{:.2} s", ns / 1e9),
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.1} µs", ns / 1e3),
        ns => format!("{ns:.0} ns"),
    }
}
