//! Reads the QR symbol qr_panic.ko printed on a real kernel's console (scripts/
//! real-kernel.sh) and checks it: the `kbridge-qr:` lines give the payload, the width
//! and the rows in hex; the rows are decoded with rqrr, which must give back the payload
//! as bytes, at version (width - 17) / 4 and ECC level L.
//!
//! `cargo run -p kbridge-tests --example console_qr -- CONSOLE_LOG`

use std::process::ExitCode;

#[path = "../tests/support/qr_read.rs"]
#[allow(dead_code, reason = "shared with the QR tests, which use all of it")]
mod qr_read;

fn check(log: &str) -> Result<String, String> {
    let lines: Vec<&str> = log
        .lines()
        .filter_map(|l| {
            l.split_once("kbridge-qr: ")
                .map(|(_, rest)| rest.trim_end())
        })
        .collect();
    let header = lines
        .iter()
        .find(|l| l.starts_with("payload="))
        .ok_or("no `kbridge-qr: payload=` line")?;
    let (payload, rest) = header["payload=\"".len()..]
        .rsplit_once("\" width=")
        .ok_or("malformed payload line")?;
    let width: usize = rest
        .split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .ok_or("malformed width")?;
    let rows: Vec<Vec<u8>> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("row="))
        .map(|hex| {
            (0..hex.len() / 2)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
        })
        .collect::<Result<_, _>>()
        .map_err(|e| format!("bad hex in a row: {e}"))?;
    if width < 21 || rows.len() != width || rows.iter().any(|r| r.len() != width.div_ceil(8)) {
        return Err(format!("width {width} but {} rows", rows.len()));
    }
    let image: Vec<u8> = rows.concat();
    let (version, level, bytes) = qr_read::decode(&image, width)?;
    if 17 + 4 * version != width || level != qr_read::rqrr_level(0) {
        return Err(format!(
            "read version {version}, level {level} from width {width}"
        ));
    }
    if bytes != payload.as_bytes() {
        return Err(format!(
            "decoded {:?}, printed payload {payload:?}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    Ok(format!(
        "version {version} symbol decodes to the {}-byte payload",
        bytes.len()
    ))
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: console_qr CONSOLE_LOG");
        return ExitCode::from(2);
    };
    let result = std::fs::read_to_string(&path)
        .map_err(|e| format!("{path}: {e}"))
        .and_then(|log| check(&log));
    match result {
        Ok(summary) => {
            println!("console_qr: {summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("console_qr: {path}: {error}");
            ExitCode::FAILURE
        }
    }
}
