//! Kernel errors: a negative errno in a type that cannot hold success.
//!
//! The named codes ([`code::EINVAL`], ...) are generated from the errno headers, so they are
//! the values of the header set being built against. The conversions here are the return
//! patterns that generated trampolines and wrappers use: `0/-errno`, `value or -errno`,
//! and `ERR_PTR`.

use core::fmt;
use core::num::NonZeroI32;
use core::ptr::NonNull;

use crate::ffi::{c_int, c_long, c_void};

/// The errno constants of the headers, as [`Error`] values.
pub mod code {
    include!(concat!(env!("OUT_DIR"), "/errno.rs"));
}

/// The largest errno the kernel hands out (`MAX_ERRNO`): values in `-MAX_ERRNO..0` are
/// errors, in return values and in `ERR_PTR` pointers alike.
pub const MAX_ERRNO: i32 = 4095;

/// A kernel error code.
///
/// # Invariants
///
/// The value is a negative errno in `-MAX_ERRNO..=-1`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Error(NonZeroI32);

impl Error {
    /// The error for a negative errno such as `-EINVAL`. Values that are not errnos become
    /// `EINVAL`, so a confused C return can never turn into success.
    pub const fn from_errno(errno: i32) -> Error {
        if errno < -MAX_ERRNO || errno >= 0 {
            return code::EINVAL;
        }
        match NonZeroI32::new(errno) {
            // INVARIANT: checked to be in -MAX_ERRNO..=-1 just above.
            Some(value) => Error(value),
            None => code::EINVAL,
        }
    }

    /// Builds an error from a positive errno constant of the headers (used by the generated
    /// [`code`] table, where the values are known at compile time).
    pub const fn from_constant(errno: c_int) -> Error {
        let negative = -errno;
        match NonZeroI32::new(negative) {
            // INVARIANT: the generated table only holds errno constants in 1..=MAX_ERRNO;
            // the const evaluation below rejects anything else at compile time.
            Some(value) if negative >= -MAX_ERRNO && negative < 0 => Error(value),
            _ => panic!("not an errno constant"),
        }
    }

    /// The negative errno, as C wants it back.
    pub const fn to_errno(self) -> c_int {
        self.0.get()
    }

    /// The name of the errno (`"EINVAL"`), when the headers define one.
    pub fn name(self) -> Option<&'static str> {
        code::name(-self.0.get())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "Error({})", self.0.get()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl From<core::num::TryFromIntError> for Error {
    fn from(_: core::num::TryFromIntError) -> Error {
        code::ERANGE
    }
}

/// A kernel result.
pub type Result<T = (), E = Error> = core::result::Result<T, E>;

/// `0/-errno` to a [`Result`]: the `errno` return pattern. Positive values count as
/// success, as the kernel's own callers treat them.
pub fn to_result(ret: c_int) -> Result {
    if ret < 0 {
        return errno_failure(ret);
    }
    Ok(())
}

/// `value or -errno` to a [`Result`]: the `value<T>` return pattern. A value that does not
/// fit `T` is `ERANGE`.
pub fn to_value<T: TryFrom<c_int>>(ret: c_int) -> Result<T> {
    // The range test comes first: for an unsigned `T` it also rules out every errno, so
    // LLVM drops the sign test and the success path is one compare, as in C.
    match T::try_from(ret) {
        Ok(value) if ret >= 0 => Ok(value),
        _ => value_failure(ret),
    }
}

// The failure paths are kept out of line and marked cold, so the success path of every
// C call stays a compare and a branch: otherwise LLVM computes the error value with
// conditional moves on every call (callgrind: 3 to 15 instructions per call).

#[cold]
#[inline(never)]
fn errno_failure<T>(ret: c_int) -> Result<T> {
    Err(Error::from_errno(ret))
}

/// A `value<T>` return that is an errno or does not fit `T`.
#[cold]
#[inline(never)]
fn value_failure<T>(ret: c_int) -> Result<T> {
    match ret < 0 {
        true => Err(Error::from_errno(ret)),
        false => Err(code::ERANGE),
    }
}

/// A [`Result`] back to `0/-errno`, for a trampoline returning to C.
pub fn from_result(result: Result) -> c_int {
    match result {
        Ok(()) => 0,
        Err(error) => error.to_errno(),
    }
}

/// A `Result<T>` back to `value or -errno`. A value that does not fit `int` is `ERANGE`.
pub fn from_value<T: TryInto<c_int>>(result: Result<T>) -> c_int {
    match result.and_then(|value| value.try_into().map_err(|_| code::ERANGE)) {
        Ok(value) => value,
        Err(error) => error.to_errno(),
    }
}

/// An `ERR_PTR`-style pointer to a [`Result`]: the `err_ptr` return pattern. NULL is
/// `ENOMEM`, the convention of allocating constructors.
pub fn from_err_ptr<T>(ptr: *mut T) -> Result<NonNull<T>> {
    let value = ptr as isize;
    if value < 0 && value >= -(MAX_ERRNO as isize) {
        // The cast cannot truncate: the value is in -MAX_ERRNO..0.
        return Err(Error::from_errno(value as i32));
    }
    NonNull::new(ptr).ok_or(code::ENOMEM)
}

/// An error as an `ERR_PTR` pointer, for a trampoline returning a pointer to C.
pub fn to_err_ptr<T>(error: Error) -> *mut T {
    error.to_errno() as c_long as *mut c_void as *mut T
}
