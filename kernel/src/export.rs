//! What `#[export]`'s glue is made of: the C arguments as it receives them, the checks it
//! runs before it makes a reference, and the description of its parameters that must
//! match the spec's (`kernel::exports`).
//!
//! The glue itself is written by [`__kbridge_export!`](crate::__kbridge_export). Its one
//! `unsafe` operation per parameter is [`CArg::new`], at the top of the glue: the C
//! argument, with the kind the spec gives its parameter (checked against
//! `kernel::exports::__params` beside the glue). Everything after is safe code on types
//! only a `CArg` leads to:
//!
//! 1. a length parameter becomes a [`Len`], a scalar its value;
//! 2. a pointer is checked without being dereferenced past what the contract allows
//!    (non-NULL, aligned, at most `isize::MAX` bytes, bounded by the `Len` its spec
//!    pairs it with; a string read up to its NUL): [`Buffer`], [`BufferMut`], [`Str`];
//! 3. [`Checked::new`] takes all the glue's arguments at once and refuses them if a
//!    written buffer overlaps another, and [`Checked::take`] makes the references, bound
//!    to a borrow local to the glue, so the function cannot keep one.

use core::ffi::CStr;
use core::marker::PhantomData;
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

mod sealed {
    pub trait Sealed {}
}

/// The kinds of C parameter, as the glue names them.
pub mod kind {
    use core::marker::PhantomData;

    /// An integer or `bool` passed as is.
    pub struct Scalar<T>(PhantomData<T>);
    /// The length, in elements, of the buffer the spec pairs it with.
    pub struct Len;
    /// A NUL-terminated string; `OPTIONAL` when NULL is `None` rather than refused.
    pub struct Str<const OPTIONAL: bool>;
    /// A buffer of `T`s nobody writes during the call.
    pub struct Slice<T, const OPTIONAL: bool>(PhantomData<T>);
    /// A buffer of `T`s the function may write, which nothing else accesses meanwhile.
    pub struct SliceMut<T, const OPTIONAL: bool>(PhantomData<T>);
}

/// A kind of C parameter, with the C type it arrives as.
pub trait Kind: sealed::Sealed {
    /// The C type.
    type Raw;
}

/// The integer and `bool` types that cross unchanged.
pub trait ScalarType: sealed::Sealed + Copy {}

macro_rules! scalars {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl ScalarType for $t {}
    )*};
}

scalars!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, bool);

impl<T: ScalarType> sealed::Sealed for kind::Scalar<T> {}
impl<T: ScalarType> Kind for kind::Scalar<T> {
    type Raw = T;
}
impl sealed::Sealed for kind::Len {}
impl Kind for kind::Len {
    type Raw = usize;
}
impl<const O: bool> sealed::Sealed for kind::Str<O> {}
impl<const O: bool> Kind for kind::Str<O> {
    type Raw = *const c_char;
}
impl<T: ScalarType, const O: bool> sealed::Sealed for kind::Slice<T, O> {}
impl<T: ScalarType, const O: bool> Kind for kind::Slice<T, O> {
    type Raw = *const T;
}
impl<T: ScalarType, const O: bool> sealed::Sealed for kind::SliceMut<T, O> {}
impl<T: ScalarType, const O: bool> Kind for kind::SliceMut<T, O> {
    type Raw = *mut T;
}

/// A C argument of the running glue.
///
/// # Invariants
///
/// `raw` is what C passed for a parameter of the running glue that the spec describes as
/// `K` (a string, a buffer bounded by a named length, a length, a value), and the glue's
/// C caller keeps the contract `kernel::exports::<name>` documents for it until the glue
/// returns. No `CArg` outlives the glue's call.
pub struct CArg<K: Kind> {
    raw: K::Raw,
    kind: PhantomData<K>,
}

impl<K: Kind> CArg<K> {
    /// # Safety
    ///
    /// `raw` is a C parameter of the calling glue, which the spec's `[exports.bounds]`
    /// describe as `K` (the glue's description, checked at compile time against the spec,
    /// says which); the value does not leave the glue.
    pub unsafe fn new(raw: K::Raw) -> Self {
        // INVARIANT: guaranteed by the caller.
        CArg {
            raw,
            kind: PhantomData,
        }
    }
}

/// Why the glue refuses its arguments: it then returns the export's `invalid` value.
#[derive(Debug)]
pub struct Refused;

/// A length argument.
///
/// # Invariants
///
/// Holds a C argument the spec names as a buffer's length (it comes from a
/// `CArg<kind::Len>`).
pub struct Len(usize);

impl CArg<kind::Len> {
    /// The length, for the buffer the spec pairs it with.
    pub fn len(self) -> Len {
        // INVARIANT: a length parameter's argument (`CArg` invariant).
        Len(self.raw)
    }
}

impl<T: ScalarType> CArg<kind::Scalar<T>> {
    /// The value.
    pub fn value(self) -> T {
        self.raw
    }
}

impl<const O: bool> CArg<kind::Str<O>> {
    fn read(self) -> Option<Str> {
        let pointer = NonNull::new(self.raw.cast_mut())?;
        // SAFETY: a non-NULL string argument is NUL-terminated, readable and unchanged
        // for the call (`CArg` invariant: the caller's contract); the reference ends with
        // this statement.
        let len = unsafe { CStr::from_ptr(pointer.as_ptr().cast()) }.count_bytes() + 1;
        // INVARIANT: `len` counts up to and with the NUL, within the call.
        Some(Str { pointer, len })
    }
}

impl CArg<kind::Str<false>> {
    /// The string, read to its NUL; NULL is refused.
    pub fn string(self) -> Result<Str, Refused> {
        self.read().ok_or(Refused)
    }
}

impl CArg<kind::Str<true>> {
    /// The string, read to its NUL, or `None` for NULL.
    pub fn string(self) -> Result<Option<Str>, Refused> {
        Ok(self.read())
    }
}

/// A pointer and length that passed the checks that need no access: aligned, at most
/// `isize::MAX` bytes. `None` for NULL.
fn checked<T>(pointer: *mut T, len: &Len) -> Result<Option<(NonNull<T>, usize)>, Refused> {
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
/// `pointer` is a buffer argument and `len` the length argument the spec bounds it by;
/// the caller's contract makes it valid for reads of `len` elements nobody writes during
/// the call.
pub struct Buffer<T> {
    pointer: NonNull<T>,
    len: usize,
}

/// A writable buffer argument: non-NULL, aligned, at most `isize::MAX` bytes.
///
/// # Invariants
///
/// As [`Buffer`], but valid for reads and writes of `len` elements that nothing else
/// accesses during the call.
pub struct BufferMut<T> {
    pointer: NonNull<T>,
    len: usize,
}

impl<T: ScalarType, const O: bool> CArg<kind::Slice<T, O>> {
    fn check(self, len: &Len) -> Result<Option<Buffer<T>>, Refused> {
        // INVARIANT: the argument's contract (`CArg` invariant), bounded by the length the
        // spec pairs it with (the glue passes that one: its description is checked).
        Ok(checked(self.raw.cast_mut(), len)?.map(|(pointer, len)| Buffer { pointer, len }))
    }
}

impl<T: ScalarType> CArg<kind::Slice<T, false>> {
    /// The checked buffer; NULL is refused.
    pub fn buffer(self, len: &Len) -> Result<Buffer<T>, Refused> {
        self.check(len)?.ok_or(Refused)
    }
}

impl<T: ScalarType> CArg<kind::Slice<T, true>> {
    /// The checked buffer, or `None` for NULL.
    pub fn buffer(self, len: &Len) -> Result<Option<Buffer<T>>, Refused> {
        self.check(len)
    }
}

impl<T: ScalarType, const O: bool> CArg<kind::SliceMut<T, O>> {
    fn check(self, len: &Len) -> Result<Option<BufferMut<T>>, Refused> {
        // INVARIANT: as for a read-only buffer.
        Ok(checked(self.raw, len)?.map(|(pointer, len)| BufferMut { pointer, len }))
    }
}

impl<T: ScalarType> CArg<kind::SliceMut<T, false>> {
    /// The checked buffer; NULL is refused.
    pub fn buffer(self, len: &Len) -> Result<BufferMut<T>, Refused> {
        self.check(len)?.ok_or(Refused)
    }
}

impl<T: ScalarType> CArg<kind::SliceMut<T, true>> {
    /// The checked buffer, or `None` for NULL.
    pub fn buffer(self, len: &Len) -> Result<Option<BufferMut<T>>, Refused> {
        self.check(len)
    }
}

/// A string argument, read up to its NUL.
///
/// # Invariants
///
/// `pointer` is the argument and `len` its length with the NUL; the caller's contract
/// keeps those bytes readable and unchanged for the call.
pub struct Str {
    pointer: NonNull<c_char>,
    len: usize,
}

/// The bytes an argument covers, and whether the function may write them.
#[derive(Clone, Copy)]
pub struct Region {
    start: usize,
    end: usize,
    written: bool,
}

impl Region {
    const NONE: Region = Region {
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

/// Whether no written region overlaps another region.
fn disjoint(regions: &[Region]) -> bool {
    for (index, a) in regions.iter().enumerate() {
        for b in &regions[index + 1..] {
            if (a.written || b.written) && a.start < b.end && b.start < a.end {
                return false;
            }
        }
    }
    true
}

/// A checked argument, and the value the exported function takes for it.
pub trait Arg: sealed::Sealed {
    /// What the function takes.
    type Value<'a>
    where
        Self: 'a;
    /// The bytes it covers (none for a value).
    fn region(&self) -> Region;
    /// The value.
    ///
    /// # Safety
    ///
    /// No written argument of the glue overlaps another (the glue's `Checked`), and the
    /// value does not outlive the glue's call.
    unsafe fn take<'a>(self) -> Self::Value<'a>
    where
        Self: 'a;
}

impl<T: ScalarType> Arg for T {
    type Value<'a>
        = T
    where
        T: 'a;
    fn region(&self) -> Region {
        Region::NONE
    }
    unsafe fn take<'a>(self) -> T
    where
        T: 'a,
    {
        self
    }
}

impl sealed::Sealed for Len {}
impl Arg for Len {
    type Value<'a> = ();
    fn region(&self) -> Region {
        Region::NONE
    }
    unsafe fn take<'a>(self)
    where
        Self: 'a,
    {
    }
}

impl<T> sealed::Sealed for Buffer<T> {}
impl<T> Arg for Buffer<T> {
    type Value<'a>
        = &'a [T]
    where
        T: 'a;
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, false)
    }
    unsafe fn take<'a>(self) -> &'a [T]
    where
        T: 'a,
    {
        // SAFETY: readable for `len` elements nobody writes during the call (type
        // invariant), non-NULL, aligned and at most `isize::MAX` bytes (checked when
        // made); no written argument overlaps it and the slice ends with the call (the
        // caller's promise).
        unsafe { core::slice::from_raw_parts(self.pointer.as_ptr(), self.len) }
    }
}

impl<T> sealed::Sealed for BufferMut<T> {}
impl<T> Arg for BufferMut<T> {
    type Value<'a>
        = &'a mut [T]
    where
        T: 'a;
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, true)
    }
    unsafe fn take<'a>(self) -> &'a mut [T]
    where
        T: 'a,
    {
        // SAFETY: readable and writable for `len` elements nothing else accesses during
        // the call (type invariant), non-NULL, aligned and at most `isize::MAX` bytes
        // (checked when made); no other argument overlaps it and the slice ends with the
        // call (the caller's promise).
        unsafe { core::slice::from_raw_parts_mut(self.pointer.as_ptr(), self.len) }
    }
}

impl sealed::Sealed for Str {}
impl Arg for Str {
    type Value<'a> = &'a CStr;
    fn region(&self) -> Region {
        Region::of(self.pointer, self.len, false)
    }
    unsafe fn take<'a>(self) -> &'a CStr {
        // SAFETY: `len` bytes up to and with the only NUL, readable and unchanged during
        // the call (type invariant), which the value does not outlive (the caller's
        // promise).
        unsafe {
            let bytes = core::slice::from_raw_parts(self.pointer.as_ptr().cast(), self.len);
            CStr::from_bytes_with_nul_unchecked(bytes)
        }
    }
}

impl<A: Arg> sealed::Sealed for Option<A> {}
impl<A: Arg> Arg for Option<A> {
    type Value<'a>
        = Option<A::Value<'a>>
    where
        A: 'a;
    fn region(&self) -> Region {
        self.as_ref().map_or(Region::NONE, A::region)
    }
    unsafe fn take<'a>(self) -> Option<A::Value<'a>>
    where
        A: 'a,
    {
        // SAFETY: the caller's promise, passed on.
        self.map(|a| unsafe { a.take() })
    }
}

/// All the checked arguments of one glue, as a tuple.
pub trait Args: sealed::Sealed {
    /// What the function takes for them.
    type Values<'a>
    where
        Self: 'a;
    /// Whether no written argument overlaps another.
    fn disjoint(&self) -> bool;
    /// # Safety
    ///
    /// `disjoint` returned `true`, and the values do not outlive the glue's call.
    unsafe fn take<'a>(self) -> Self::Values<'a>
    where
        Self: 'a;
}

macro_rules! tuples {
    ($(($($a:ident),*))*) => {$(
        impl<$($a: Arg),*> sealed::Sealed for ($($a,)*) {}
        impl<$($a: Arg),*> Args for ($($a,)*) {
            type Values<'a>
                = ($($a::Value<'a>,)*)
            where
                Self: 'a;
            #[allow(non_snake_case, reason = "one binding per type parameter")]
            fn disjoint(&self) -> bool {
                let ($($a,)*) = self;
                disjoint(&[$($a.region()),*])
            }
            #[allow(non_snake_case, reason = "one binding per type parameter")]
            unsafe fn take<'a>(self) -> Self::Values<'a>
            where
                Self: 'a,
            {
                let ($($a,)*) = self;
                // SAFETY: the caller's promise, for each argument.
                unsafe { ($($a.take(),)*) }
            }
        }
    )*};
}

impl sealed::Sealed for () {}
impl Args for () {
    type Values<'a> = ();
    fn disjoint(&self) -> bool {
        true
    }
    unsafe fn take<'a>(self)
    where
        Self: 'a,
    {
    }
}

tuples! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
    (A, B, C, D, E, F, G, H, I)
    (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K)
    (A, B, C, D, E, F, G, H, I, J, K, L)
    (A, B, C, D, E, F, G, H, I, J, K, L, M)
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N)
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O)
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P)
}

/// All of a glue's arguments, none of the written ones overlapping another.
///
/// # Invariants
///
/// `args.disjoint()` is `true`.
pub struct Checked<A: Args>(A);

impl<A: Args> Checked<A> {
    /// The arguments, or `None` when a written buffer overlaps another argument.
    pub fn new(args: A) -> Option<Self> {
        // INVARIANT: checked here.
        args.disjoint().then_some(Checked(args))
    }

    /// The values for the function, borrowed for as long as `anchor`, a local of the glue:
    /// the function cannot keep them past the call (a `&'static` parameter does not
    /// compile).
    pub fn take<'a>(self, anchor: &'a ()) -> A::Values<'a>
    where
        A: 'a,
    {
        let () = *anchor;
        // SAFETY: disjoint (type invariant). A `Checked` exists only inside a glue (its
        // arguments come from `CArg`s), which lends a local of its own as `anchor`, so the
        // values end with the call.
        unsafe { self.0.take() }
    }
}
