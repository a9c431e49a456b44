//! The kernel log: `pr_info!` and friends.
//!
//! Messages are formatted in Rust into a bounded stack buffer and handed to `_printk` as
//! `%.*s`, so no C format string is ever built from Rust data and no `%pA` support (which
//! needs CONFIG_RUST) is required of the kernel. Longer messages are cut, never overflowed.

use core::fmt::{self, Write};

use crate::bindings;
use crate::ffi::{c_char, c_int};

/// Bytes of one log message after formatting; the kernel's own line limit is 1024.
pub const LINE_MAX: usize = 512;

/// Log levels, as the `KERN_*` prefixes of the headers spell them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Emerg,
    Alert,
    Crit,
    Err,
    Warning,
    Notice,
    Info,
    Debug,
}

impl Level {
    /// The `printk` format for this level: the KERN_* prefix, then `%.*s`.
    fn format(self) -> &'static [u8] {
        match self {
            Level::Emerg => b"\x010%.*s\0",
            Level::Alert => b"\x011%.*s\0",
            Level::Crit => b"\x012%.*s\0",
            Level::Err => b"\x013%.*s\0",
            Level::Warning => b"\x014%.*s\0",
            Level::Notice => b"\x015%.*s\0",
            Level::Info => b"\x016%.*s\0",
            Level::Debug => b"\x017%.*s\0",
        }
    }
}

/// A fixed buffer that keeps what fits and drops the rest.
struct Line {
    bytes: [u8; LINE_MAX],
    len: usize,
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = LINE_MAX - self.len;
        let take = s.len().min(room);
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

/// Formats and logs one message (`pr_*!` call this; use them instead).
#[doc(hidden)]
pub fn log(level: Level, module: &str, args: fmt::Arguments<'_>) {
    let mut line = Line {
        bytes: [0; LINE_MAX],
        len: 0,
    };
    // Writing to a `Line` never fails; a failing `Display` impl just ends the message.
    let _ = writeln!(line, "{module}: {args}");
    // `len` is at most LINE_MAX, far below c_int::MAX.
    let len = line.len as c_int;
    let format = level.format();
    // SAFETY: `format` is NUL-terminated and consumes exactly one int and one pointer;
    // `%.*s` reads at most `len` bytes from `line.bytes`, which holds that many.
    unsafe {
        bindings::_printk(
            format.as_ptr().cast::<c_char>(),
            len,
            line.bytes.as_ptr().cast::<c_char>(),
        )
    };
}

/// Logs at the given level, prefixed with the module name.
#[macro_export]
macro_rules! pr_level {
    ($level:ident, $($arg:tt)*) => {
        $crate::print::log(
            $crate::print::Level::$level,
            $crate::__private::core::module_path!(),
            $crate::__private::core::format_args!($($arg)*),
        )
    };
}

#[macro_export]
macro_rules! pr_emerg { ($($arg:tt)*) => { $crate::pr_level!(Emerg, $($arg)*) }; }
#[macro_export]
macro_rules! pr_alert { ($($arg:tt)*) => { $crate::pr_level!(Alert, $($arg)*) }; }
#[macro_export]
macro_rules! pr_crit { ($($arg:tt)*) => { $crate::pr_level!(Crit, $($arg)*) }; }
#[macro_export]
macro_rules! pr_err { ($($arg:tt)*) => { $crate::pr_level!(Err, $($arg)*) }; }
#[macro_export]
macro_rules! pr_warn { ($($arg:tt)*) => { $crate::pr_level!(Warning, $($arg)*) }; }
#[macro_export]
macro_rules! pr_notice { ($($arg:tt)*) => { $crate::pr_level!(Notice, $($arg)*) }; }
#[macro_export]
macro_rules! pr_info { ($($arg:tt)*) => { $crate::pr_level!(Info, $($arg)*) }; }
#[macro_export]
macro_rules! pr_debug { ($($arg:tt)*) => { $crate::pr_level!(Debug, $($arg)*) }; }
