//! The QR encoder's memory: heap (must be none) and peak stack.
//!
//! - `qr_memory heap MODE SIZE COUNT`: encodes the benchmark's SIZE-byte payload COUNT
//!   times into buffers allocated before the first encode, whatever COUNT is.
//!   `scripts/bench.sh` runs it under valgrind's memcheck with COUNT 0 and 1: any
//!   difference between the two heap totals is the encoder's.
//! - `qr_memory stack MODE SIZE`: peak stack of one encode, in bytes, measured by
//!   painting (`c/stack_probe.c`) on a thread of its own. It includes the frame of the
//!   function that calls the encoder for the probe (a few dozen bytes): an upper bound.
//!
//! MODE `kernel` is `drm_panic_qr_generate`, `penalty` is `kbridge_qr_generate`.

use std::process::ExitCode;
use std::sync::Mutex;

use kbridge_bench::qr::payload;
use qr_panic::{MAX_IMAGE_LEN, MAX_SCRATCH_LEN};

/// One encode's inputs and buffers, set before the probe runs it.
struct Job {
    penalty: bool,
    input: Vec<u8>,
    data: Vec<u8>,
    tmp: Vec<u8>,
    width: u8,
}

static JOB: Mutex<Option<Job>> = Mutex::new(None);

fn encode(job: &mut Job) -> u8 {
    let size = job.input.len();
    job.data[..size].copy_from_slice(&job.input);
    match job.penalty {
        true => {
            qr_panic::kbridge_qr_generate(None, Some(&mut job.data), size, Some(&mut job.tmp), 0)
        }
        false => {
            qr_panic::drm_panic_qr_generate(None, Some(&mut job.data), size, Some(&mut job.tmp))
        }
    }
}

mod probe {
    unsafe extern "C" {
        fn kbridge_peak_stack(work: extern "C" fn()) -> usize;
    }

    /// Bytes of stack below the probe's frame that `work` wrote to.
    pub fn peak_stack(work: extern "C" fn()) -> usize {
        // SAFETY: the probe paints and reads 256 KiB below its own frame; the callers
        // run it on a thread whose stack is 1 MiB, every page of it mapped. `work` is a
        // plain Rust function without arguments.
        unsafe { kbridge_peak_stack(work) }
    }
}

extern "C" fn run_job() {
    let mut guard = JOB.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(job) = guard.as_mut() {
        job.width = encode(job);
    }
}

fn job(mode: &str, size: usize) -> Result<Job, String> {
    let penalty = match mode {
        "kernel" => false,
        "penalty" => true,
        other => return Err(format!("unknown mode `{other}`")),
    };
    Ok(Job {
        penalty,
        input: payload(size),
        data: vec![0; MAX_IMAGE_LEN],
        tmp: vec![0; MAX_SCRATCH_LEN],
        width: 0,
    })
}

fn heap(mode: &str, size: usize, count: usize) -> Result<(), String> {
    let mut job = job(mode, size)?;
    for _ in 0..count {
        job.width = encode(&mut job);
        if job.width == 0 {
            return Err(format!("{size} bytes did not encode"));
        }
    }
    println!("width {}", job.width);
    Ok(())
}

fn stack(mode: &str, size: usize) -> Result<(), String> {
    *JOB.lock().unwrap_or_else(|e| e.into_inner()) = Some(job(mode, size)?);
    let measured = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| probe::peak_stack(run_job))
        .map_err(|e| format!("thread: {e}"))?
        .join()
        .map_err(|_| "the probe thread panicked".to_string())?;
    let width = JOB
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map_or(0, |j| j.width);
    if width == 0 {
        return Err(format!("{size} bytes did not encode"));
    }
    println!("stack_bytes {measured}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |s: &String| s.parse::<usize>().map_err(|e| format!("`{s}`: {e}"));
    let result = match args.as_slice() {
        [what, mode, size, count] if what == "heap" => number(size)
            .and_then(|size| Ok((size, number(count)?)))
            .and_then(|(size, count)| heap(mode, size, count)),
        [what, mode, size] if what == "stack" => number(size).and_then(|size| stack(mode, size)),
        _ => Err("usage: qr_memory heap MODE SIZE COUNT | qr_memory stack MODE SIZE".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qr_memory: {e}");
            ExitCode::FAILURE
        }
    }
}
