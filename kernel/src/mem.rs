//! Memory that C or a device may touch while Rust works on it: I/O buffers of a request.

use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::error::{Result, code};

/// A mapped piece of I/O memory, valid for one callback.
///
/// User space can reach the same pages (direct I/O from a buffer another thread writes),
/// so Rust never holds a `&[u8]` or `&mut [u8]` to them: bytes are only copied in and
/// out, as C's `memcpy` would.
///
/// # Invariants
///
/// `ptr..ptr + len` is mapped, readable and writable for `'a`.
pub struct IoMem<'a> {
    ptr: NonNull<u8>,
    len: usize,
    _mapped: PhantomData<&'a mut [u8]>,
}

impl<'a> IoMem<'a> {
    /// # Safety
    ///
    /// `ptr..ptr + len` is mapped, readable and writable for `'a`.
    pub unsafe fn new(ptr: NonNull<u8>, len: usize) -> Self {
        // INVARIANT: guaranteed by the caller.
        IoMem {
            ptr,
            len,
            _mapped: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Copies the whole piece into `dst`, which must be exactly as long (`EINVAL`).
    pub fn copy_to_slice(&self, dst: &mut [u8]) -> Result {
        if dst.len() != self.len {
            return Err(code::EINVAL);
        }
        // SAFETY: the source is mapped for `len` bytes (type invariant) and `dst` is a
        // distinct Rust buffer of the same length.
        unsafe { core::ptr::copy_nonoverlapping(self.ptr.as_ptr(), dst.as_mut_ptr(), self.len) };
        Ok(())
    }

    /// Copies `src`, which must be exactly as long (`EINVAL`), over the whole piece.
    pub fn copy_from_slice(&mut self, src: &[u8]) -> Result {
        if src.len() != self.len {
            return Err(code::EINVAL);
        }
        // SAFETY: the destination is mapped and writable for `len` bytes (type invariant)
        // and `src` is a distinct Rust buffer of the same length.
        unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr.as_ptr(), self.len) };
        Ok(())
    }

    /// Sets every byte to `byte`.
    pub fn fill(&mut self, byte: u8) {
        // SAFETY: mapped and writable for `len` bytes (type invariant).
        unsafe { core::ptr::write_bytes(self.ptr.as_ptr(), byte, self.len) };
    }
}
