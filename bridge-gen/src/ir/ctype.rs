//! C types as typed values, built once from clang at parse (`crate::parse::ctype`).
//!
//! A type keeps two things: its spelling, which is how generated C writes it back (typedef
//! names kept: `blk_status_t`, not `unsigned char`), and its structure, which is what every
//! pattern reads. Nothing downstream parses a spelling.

use std::fmt;

use super::RecordKind;

/// A C type: how it is written and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CType {
    spelling: String,
    /// `const`-qualified at this level (`const struct X` under a pointer, not the pointer).
    pub is_const: bool,
    pub kind: CTypeKind,
}

/// What a C type is, one level at a time: a typedef keeps its name and what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CTypeKind {
    Void,
    Int(IntKind),
    /// `float`, `double` and the other floating types: no pattern takes them.
    Float,
    Pointer(Box<CType>),
    /// `tag` is empty for an anonymous record.
    Record {
        kind: RecordKind,
        tag: String,
    },
    Enum {
        tag: String,
    },
    Typedef {
        name: String,
        target: Box<CType>,
    },
    Function {
        ret: Box<CType>,
        params: Vec<CType>,
        variadic: bool,
    },
    /// `len` is None for an array of unknown size (`u8 data[]`).
    Array {
        element: Box<CType>,
        len: Option<u64>,
    },
    /// Anything else clang can name (vectors, `_Complex`): carried, never matched.
    Other,
}

/// The C integer types, `_Bool` included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    Bool,
    Char,
    SignedChar,
    UnsignedChar,
    Short,
    UnsignedShort,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    LongLong,
    UnsignedLongLong,
    Int128,
    UnsignedInt128,
}

impl IntKind {
    /// The Rust primitive of the same size and signedness on the kernel's 64-bit targets
    /// (`char` is unsigned there: Kbuild passes `-funsigned-char` since 6.2); None for the
    /// 128-bit types, which no pattern takes.
    pub fn rust(self) -> Option<&'static str> {
        Some(match self {
            IntKind::Bool => "bool",
            IntKind::Char | IntKind::UnsignedChar => "u8",
            IntKind::SignedChar => "i8",
            IntKind::Short => "i16",
            IntKind::UnsignedShort => "u16",
            IntKind::Int => "i32",
            IntKind::UnsignedInt => "u32",
            IntKind::Long => "isize",
            IntKind::UnsignedLong => "usize",
            IntKind::LongLong => "i64",
            IntKind::UnsignedLongLong => "u64",
            IntKind::Int128 | IntKind::UnsignedInt128 => return None,
        })
    }

    /// How C spells the type.
    pub fn c_name(self) -> &'static str {
        match self {
            IntKind::Bool => "_Bool",
            IntKind::Char => "char",
            IntKind::SignedChar => "signed char",
            IntKind::UnsignedChar => "unsigned char",
            IntKind::Short => "short",
            IntKind::UnsignedShort => "unsigned short",
            IntKind::Int => "int",
            IntKind::UnsignedInt => "unsigned int",
            IntKind::Long => "long",
            IntKind::UnsignedLong => "unsigned long",
            IntKind::LongLong => "long long",
            IntKind::UnsignedLongLong => "unsigned long long",
            IntKind::Int128 => "__int128",
            IntKind::UnsignedInt128 => "unsigned __int128",
        }
    }
}

impl CType {
    pub fn new(spelling: impl Into<String>, is_const: bool, kind: CTypeKind) -> CType {
        CType {
            spelling: spelling.into(),
            is_const,
            kind,
        }
    }

    pub fn void() -> CType {
        CType::new("void", false, CTypeKind::Void)
    }

    pub fn int(kind: IntKind) -> CType {
        CType::new(kind.c_name(), false, CTypeKind::Int(kind))
    }

    /// How generated C writes the type.
    pub fn spelling(&self) -> &str {
        &self.spelling
    }

    /// The type behind any typedefs, and whether a level on the way is `const`.
    pub fn resolved(&self) -> (&CType, bool) {
        let (mut ty, mut is_const) = (self, self.is_const);
        while let CTypeKind::Typedef { target, .. } = &ty.kind {
            ty = target;
            is_const |= ty.is_const;
        }
        (ty, is_const)
    }

    pub fn is_void(&self) -> bool {
        matches!(self.resolved().0.kind, CTypeKind::Void)
    }

    pub fn int_kind(&self) -> Option<IntKind> {
        match self.resolved().0.kind {
            CTypeKind::Int(k) => Some(k),
            _ => None,
        }
    }

    /// The Rust primitive of an integer or `bool` type, through typedefs.
    pub fn scalar(&self) -> Option<&'static str> {
        self.int_kind().and_then(IntKind::rust)
    }

    /// What a pointer points to, through typedefs.
    pub fn pointee(&self) -> Option<&CType> {
        match &self.resolved().0.kind {
            CTypeKind::Pointer(to) => Some(to),
            _ => None,
        }
    }

    /// The name the IR gives a struct: its tag, or the typedef that names it when it has
    /// none (`atomic_t`).
    pub fn struct_name(&self) -> Option<&str> {
        let mut ty = self;
        let mut typedef = None;
        loop {
            match &ty.kind {
                CTypeKind::Typedef { name, target } => {
                    typedef = Some(name.as_str());
                    ty = target;
                }
                CTypeKind::Record {
                    kind: RecordKind::Struct,
                    tag,
                } if tag.is_empty() => return typedef,
                CTypeKind::Record {
                    kind: RecordKind::Struct,
                    tag,
                } => return Some(tag),
                _ => return None,
            }
        }
    }

    /// `struct X *` / `const struct X *`, through typedefs -> (`X`, is_const).
    pub fn struct_pointer(&self) -> Option<(&str, bool)> {
        let to = self.pointee()?;
        Some((to.struct_name()?, to.resolved().1))
    }

    /// A pointer to `char` (a C string by kernel convention): whether the `char` is const.
    pub fn char_pointer(&self) -> Option<bool> {
        let to = self.pointee()?;
        (to.int_kind() == Some(IntKind::Char)).then(|| to.resolved().1)
    }

    /// A non-const pointer to an integer other than a byte (`bool *`, `unsigned long *`),
    /// through typedefs: an in/out value. A byte pointer is a buffer by kernel convention,
    /// never a single value.
    pub fn scalar_pointer(&self) -> Option<&'static str> {
        let to = self.pointee()?;
        if to.resolved().1 {
            return None;
        }
        to.scalar().filter(|s| !matches!(*s, "u8" | "i8"))
    }

    /// `void *`, not const.
    pub fn is_void_pointer(&self) -> bool {
        self.pointee()
            .is_some_and(|to| to.is_void() && !to.resolved().1)
    }

    /// `char name[N]`, not const: N. A const array is never a buffer Rust may fill.
    pub fn char_array(&self) -> Option<u64> {
        match &self.resolved().0.kind {
            CTypeKind::Array { element, len }
                if element.int_kind() == Some(IntKind::Char) && !element.resolved().1 =>
            {
                *len
            }
            _ => None,
        }
    }

    /// The name a typedef, record or enum is declared with at this level.
    pub fn declared_name(&self) -> Option<&str> {
        match &self.kind {
            CTypeKind::Typedef { name, .. } => Some(name),
            CTypeKind::Record { tag, .. } | CTypeKind::Enum { tag } if !tag.is_empty() => Some(tag),
            _ => None,
        }
    }

    /// The same type once typedefs are looked through (`u16` and `unsigned short`),
    /// qualifiers compared.
    pub fn same_as(&self, other: &CType) -> bool {
        let ((a, a_const), (b, b_const)) = (self.resolved(), other.resolved());
        if a_const != b_const {
            return false;
        }
        match (&a.kind, &b.kind) {
            (CTypeKind::Pointer(x), CTypeKind::Pointer(y)) => x.same_as(y),
            (CTypeKind::Array { element: x, len: n }, CTypeKind::Array { element: y, len: m }) => {
                n == m && x.same_as(y)
            }
            (
                CTypeKind::Function {
                    ret: r,
                    params: p,
                    variadic: v,
                },
                CTypeKind::Function {
                    ret: s,
                    params: q,
                    variadic: w,
                },
            ) => {
                v == w
                    && r.same_as(s)
                    && p.len() == q.len()
                    && p.iter().zip(q).all(|(x, y)| x.same_as(y))
            }
            (CTypeKind::Float | CTypeKind::Other, _) => a.spelling == b.spelling,
            (x, y) => x == y,
        }
    }

    /// Declares a variable of this type. Function pointers and arrays cannot be written as
    /// `TYPE name`, so they go through `__typeof__`, which GNU C accepts for any type name.
    pub fn declare(&self, name: &str) -> String {
        if self.has_declarator() {
            format!("__typeof__({}) {name}", self.spelling)
        } else if self.spelling.ends_with('*') {
            format!("{}{name}", self.spelling)
        } else {
            format!("{} {name}", self.spelling)
        }
    }

    /// Whether C writes a name inside the type (`int (*f)(void)`, `char a[4]`) rather than
    /// after it; a typedef name hides what it names.
    fn has_declarator(&self) -> bool {
        match &self.kind {
            CTypeKind::Array { .. } | CTypeKind::Function { .. } => true,
            CTypeKind::Pointer(to) => to.has_declarator(),
            _ => false,
        }
    }
}

impl fmt::Display for CType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelling)
    }
}
