//! What `#[export]`'s glue is made of: the C arguments as it receives them, the checks it
//! runs before it makes a reference, and the description of its parameters that must
//! match the spec's (`kernel::exports`).
//!
//! The glue itself is written by [`__kbridge_export!`](crate::__kbridge_export). Every
//! argument moves through three stages, each a type of this module that only the glue
//! can make:
//!
//! 1. [`Len`]: a C parameter the spec names as a buffer's length. A buffer is built from
//!    its pointer and a `Len`, so its length is always the C argument the spec pairs it
//!    with, never a value from the crate's scope.
//! 2. [`Buffer`], [`BufferMut`], [`Str`]: a pointer checked without being dereferenced
//!    past what the contract allows (non-NULL, aligned, at most `isize::MAX` bytes; a
//!    string read up to its NUL).
//! 3. The references, made by [`Arg::take`] once [`disjoint`] found no written buffer
//!    overlapping another argument.

use core::ffi::CStr;
use core::ptr::NonNull;

use crate::ffi::c_char;

/// One C parameter of an exported function, as the spec describes it.
#[derive(Clone, Copy, Debug)]
pub enum CParam {
    /// An integer or `bool` (lengths included).
    Value(&'static str),
    /// A NUL-terminated string.
    String(&'static str),
    /// A buffer, and the parameter that holds its length in elements.
    Buffer(&'static str, &'static str),
}

/// Whether two descriptions are the same parameters in the same order, each bounded the
/// same way (checked at compile time by the glue).
pub const fn same_params(a: &[CParam], b: &[CParam]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let same = match (a[i], b[i]) {
            (CParam::Value(x), CParam::Value(y)) | (CParam::String(x), CParam::String(y)) => {
                crate::str::const_eq(x, y)
            }
            (CParam::Buffer(x, xl), CParam::Buffer(y, yl)) => {
                crate::str::const_eq(x, y) && crate::str::const_eq(xl, yl)
            }
            _ => false,
        };
        if !same {
            return false;
        }
        i += 1;
    }
    true
}

/// A length argument.
///
/// # Invariants
///
/// Holds the value of a C parameter of the running glue, one the spec's `[exports.bounds]`
/// names as the length of the buffer it will be paired with (the glue's description,
/// compared with the spec's at compile time, says which).
pub struct Len(usize);

impl Len {
    /// # Safety
    ///
    /// `value` is a C parameter of the calling glue that the spec names as the length, in
    /// elements, of the buffer this `Len` is paired with.
    pub unsafe fn new(value: usize) -> Len {
        // INVARIANT: guaranteed by the caller.
        Len(value)
    }
}

/// Why the glue refuses its arguments: it then returns the export's `invalid` value.
#[derive(Debug)]
pub struct Refused;

/// A pointer and length that passed the checks that need no access.
fn checked<T>(pointer: *mut T, len: Len) -> Result<Option<(NonNull<T>, usize)>, Refused> {
    let Some(pointer) = NonNull::new(pointer) else {
        return Ok(None);
    };
    let too_long = len.0 > isize::MAX as usize / core::mem::size_of::<T>().max(1);
    if !pointer.as_ptr().is_aligned() || too_long {
        return Err(Refused);
    }
    Ok(Some((pointer, len.0)))
}

/// A read-only buffer argument: non-NULL, aligned, at most `isize::MAX` bytes.
///
/// # Invariants
///
/// `pointer` is the glue's C argument and `len` the one the spec bounds it by; the
/// caller's contract makes it valid for reads of `len` elements nobody writes during the
/// call.
pub struct Buffer<T> {
    pointer: NonNull<T>,
    len: usize,
}

impl<T> Buffer<T> {
    /// The checked buffer, `None` for NULL, or [`Refused`].
    ///
    /// # Safety
    ///
    /// `pointer` is a C parameter of the calling glue, which `len` bounds in the spec, and
    /// the glue's caller promised it readable for `len` elements and unwritten for the
    /// call.
    pub unsafe fn new(pointer: *const T, len: Len) -> Result<Option<Self>, Refused> {
        // INVARIANT: guaranteed by the caller, and checked here.
        Ok(checked(pointer.cast_mut(), len)?.map(|(pointer, len)| Buffer { pointer, len }))
    }
}

/// A writable buffer argument: non-NULL, aligned, at most `isize::MAX` bytes.
///
/// # Invariants
///
/// As [`Buffer`], but the caller's contract makes it valid for reads and writes of `len`
/// elements nothing else accesses during the call.
pub struct BufferMut<T> {
    pointer: NonNull<T>,
    len: usize,
}

impl<T> BufferMut<T> {
    /// The checked buffer, `None` for NULL, or [`Refused`].
    ///
    /// # Safety
    ///
    /// As [`Buffer::new`], and the caller also promised the elements writable and accessed
    /// by nothing else for the call.
    pub unsafe fn new(pointer: *mut T, len: Len) -> Result<Option<Self>, Refused> {
        // INVARIANT: guaranteed by the caller, and checked here.
        Ok(checked(pointer, len)?.map(|(pointer, len)| BufferMut { pointer, len }))
    }
}

/// A string argument, read up to its NUL.
///
/// # Invariants
///
/// `pointer` is the C argument and `len` its length with the NUL; the caller's contract
/// keeps those bytes readable and unchanged for the call.
pub struct Str {
    pointer: NonNull<c_char>,
    len: usize,
}

impl Str {
    /// The string, or `None` for NULL.
    ///
    /// # Safety
    ///
    /// `pointer` is a C parameter of the calling glue that the spec calls a string, and the
    /// glue's caller promised it NULL or NUL-terminated, readable, and unchanged until the
    /// call returns.
    pub unsafe fn new(pointer: *const c_char) -> Option<Str> {
        let pointer = NonNull::new(pointer.cast_mut())?;
        // SAFETY: non-NULL, so NUL-terminated, readable and unchanged (the caller's
        // promise); the reference ends with this statement.
        let len = unsafe { CStr::from_ptr(pointer.as_ptr().cast()) }.count_bytes() + 1;
        // INVARIANT: `len` counts up to and with the NUL.
        Some(Str { pointer, len })
    }
}

/// The bytes an argument covers, and whether the function may write them.
#[derive(Clone, Copy)]
pub struct Region {
    start: usize,
    end: usize,
    written: bool,
}

impl Region {
    /// No bytes (a scalar argument, or a length).
    pub const NONE: Region = Region {
        start: 0,
        end: 0,
        written: false,
    };

    fn of<T>(pointer: NonNull<T>, len: usize, written: bool) -> Region {
        let start = pointer.as_ptr().addr();
        Region {
            start,
            end: start.saturating_add(len * core::mem::size_of::<T>()),
            written,
        }
    }
}

/// Whether no written region overlaps another region (the glue refuses otherwise).
pub fn disjoint(regions: &[Region]) -> bool {
    for (index, a) in regions.iter().enumerate() {
        for b in &regions[index + 1..] {
            if (a.written || b.written) && a.start < b.end && b.start < a.end {
                return false;
            }
        }
    }
    true
}

mod sealed {
    pub trait Sealed {}
}

/// A checked argument, and the value the exported function takes for it.
pub trait Arg<'a>: sealed::Sealed {
    /// What the function takes.
    type Value;
    /// The bytes it covers (none for a scalar).
    fn region(&self) -> Region;
    /// The value.
    ///
    /// # Safety
    ///
    /// [`disjoint`] returned `true` for the regions of all the glue's arguments, and the
    /// value does not outlive the glue's call.
    unsafe fn take(self) -> Self::Value;
}

macro_rules! scalar_args {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Arg<'_> for $t {
            type Value = $t;
            fn region(&self) -> Region {
                Region::NONE
            }
            unsafe fn take(self) -> $t {
                self
            }
        }
    )*};
}

scalar_args!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, bool);

impl<T> sealed::Sealed for Buffer<T> {}
impl<'a, T: 'a> Arg<'a> for Buffer<T> {
    type Value = &'a [T];
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, false)
    }
    unsafe fn take(self) -> &'a [T] {
        // SAFETY: readable for `len` elements nobody writes during the call (type
        // invariant), non-NULL, aligned and at most `isize::MAX` bytes (checked by `new`);
        // no written argument overlaps it (the caller's `disjoint`).
        unsafe { core::slice::from_raw_parts(self.pointer.as_ptr(), self.len) }
    }
}

impl<T> sealed::Sealed for BufferMut<T> {}
impl<'a, T: 'a> Arg<'a> for BufferMut<T> {
    type Value = &'a mut [T];
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, true)
    }
    unsafe fn take(self) -> &'a mut [T] {
        // SAFETY: readable and writable for `len` elements nothing else accesses during
        // the call (type invariant), non-NULL, aligned and at most `isize::MAX` bytes
        // (checked by `new`); no other argument overlaps it (the caller's `disjoint`).
        unsafe { core::slice::from_raw_parts_mut(self.pointer.as_ptr(), self.len) }
    }
}

impl sealed::Sealed for Str {}
impl<'a> Arg<'a> for Str {
    type Value = &'a CStr;
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, false)
    }
    unsafe fn take(self) -> &'a CStr {
        // SAFETY: `len` bytes up to and with the only NUL, readable and unchanged during
        // the call (type invariant), which the value does not outlive (the caller's
        // promise).
        unsafe {
            let bytes = core::slice::from_raw_parts(self.pointer.as_ptr().cast(), self.len);
            CStr::from_bytes_with_nul_unchecked(bytes)
        }
    }
}

impl<A: sealed::Sealed> sealed::Sealed for Option<A> {}
impl<'a, A: Arg<'a>> Arg<'a> for Option<A> {
    type Value = Option<A::Value>;
    fn region(&self) -> Region {
        self.as_ref().map_or(Region::NONE, A::region)
    }
    unsafe fn take(self) -> Option<A::Value> {
        // SAFETY: the caller's promise, passed on.
        self.map(|a| unsafe { a.take() })
    }
}
