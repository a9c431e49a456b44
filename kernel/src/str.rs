//! Text crossing into C: names copied into fixed `char[N]` fields.

use crate::error::{Result, code};
use crate::ffi::c_char;

/// `name` as the contents of a `char[N]` field: its bytes, then NUL padding.
///
/// `EINVAL` if it does not fit with its NUL, is empty, or holds a NUL of its own (C would
/// see a different, shorter name).
pub fn name_array<const N: usize>(name: &str) -> Result<[c_char; N]> {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() >= N || bytes.contains(&0) {
        return Err(code::EINVAL);
    }
    let mut out = [0; N];
    for (slot, byte) in out.iter_mut().zip(bytes) {
        *slot = *byte as c_char;
    }
    Ok(out)
}

/// Whether two byte strings are equal, in a constant.
pub(crate) const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two strings are equal, in a constant.
pub(crate) const fn const_eq(a: &str, b: &str) -> bool {
    bytes_eq(a.as_bytes(), b.as_bytes())
}

/// A small formatting buffer for names made at run time (`nullb0`, `nullb1`, ...).
pub struct NameBuf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> NameBuf<N> {
    /// `args` formatted, or `EINVAL` when it is longer than `N` bytes.
    pub fn format(args: core::fmt::Arguments<'_>) -> Result<Self> {
        let mut buf = NameBuf {
            bytes: [0; N],
            len: 0,
        };
        core::fmt::write(&mut buf, args).map_err(|_| code::EINVAL)?;
        Ok(buf)
    }

    pub fn as_str(&self) -> &str {
        // Only whole `&str`s are ever appended, so the prefix is valid UTF-8.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> core::fmt::Write for NameBuf<N> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(core::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
