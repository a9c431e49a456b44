//! The typed model between parsing and emission.
//!
//! Everything the emitters need is here, and nothing else: once the IR exists, no emitter
//! reads C again. Every item knows where it was declared, so a report line or a review
//! comment can point at the header.

mod ctype;
mod render;

pub use ctype::{CType, CTypeKind, IntKind};

use std::fmt;

/// A position in a header, relative to the header root (`linux/phy.h:123:19`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A kernel-doc (or any `/** */`) comment, with the comment markers removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc(pub String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub ty: CType,
}

/// How a function reaches the linker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// An exported symbol: Rust calls it directly.
    Extern,
    /// A `static inline` function: Rust calls a generated C shim.
    StaticInline,
    /// A function-like macro with inferred types: Rust calls a generated C shim.
    Macro,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub kind: FunctionKind,
    pub ret: CType,
    pub params: Vec<Param>,
    /// Declared `__must_check` (`warn_unused_result`).
    pub must_check: bool,
    pub doc: Option<Doc>,
    pub location: SourceLocation,
}

impl Function {
    /// The C symbol Rust links against.
    pub fn symbol(&self) -> String {
        match self.kind {
            FunctionKind::Extern => self.name.clone(),
            FunctionKind::StaticInline | FunctionKind::Macro => shim_symbol(&self.name),
        }
    }

    pub fn needs_shim(&self) -> bool {
        self.kind != FunctionKind::Extern
    }
}

/// The name of the generated C wrapper for a `static inline` function or a macro.
pub fn shim_symbol(name: &str) -> String {
    format!("kbridge_{name}")
}

/// A function-like macro that got no shim, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedMacro {
    pub name: String,
    pub reason: String,
    pub location: SourceLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstValue {
    Signed(i64),
    Unsigned(u64),
    /// A string literal's bytes, without the terminating NUL.
    Str(Vec<u8>),
}

/// An object-like macro that evaluates to a constant, with the C type of its expansion
/// (so `BLK_STS_IOERR` is a `blk_status_t`, not an `int`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    pub ty: CType,
    pub value: ConstValue,
    pub location: SourceLocation,
}

/// An object-like macro that is not a constant, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedConstant {
    pub name: String,
    pub reason: String,
    pub location: SourceLocation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Struct,
    Union,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: CType,
    pub bit_width: Option<u32>,
    /// Offset from the start of the record in bits, as clang lays it out for the target.
    pub offset_bits: Option<u64>,
    /// Function-pointer fields: the callback's signature.
    pub callback: Option<Callback>,
    /// A member of an anonymous struct or union, which C names as if it were the record's
    /// own (`drv->remove`) and bindgen reaches through the anonymous members' fields.
    pub anonymous: Option<Anonymous>,
}

/// Where a member of an anonymous struct or union sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anonymous {
    /// bindgen's names of the anonymous members on the way, outermost first
    /// (`__bindgen_anon_1`).
    pub path: Vec<String>,
    /// In an anonymous union: the union's first member, when it is not this one. The two
    /// share their storage, so at most one of them can be written.
    pub shares_with: Option<String>,
}

impl Field {
    /// The path bindgen's Rust takes to this field (`__bindgen_anon_1.remove`).
    pub fn rust_path(&self) -> Vec<&str> {
        let mut path: Vec<&str> = self
            .anonymous
            .iter()
            .flat_map(|a| a.path.iter().map(String::as_str))
            .collect();
        path.push(&self.name);
        path
    }
}

/// The signature behind a function-pointer field of a struct (an ops-table slot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub ret: CType,
    pub params: Vec<CType>,
    /// The parameter names as declared (empty where the declaration has none).
    pub param_names: Vec<String>,
}

/// One constant of a C enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumConstant {
    pub name: String,
    pub value: i64,
}

/// A C enum: its constants in declaration order. Anonymous enums are named by their
/// typedef (`phy_interface_t`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    pub name: String,
    /// How C names the type: `enum phy_state`, or `phy_interface_t`.
    pub c_type: CType,
    pub variants: Vec<EnumConstant>,
    pub doc: Option<Doc>,
    pub location: SourceLocation,
}

/// A typedef and the canonical C type behind it (`u16` -> `unsigned short`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typedef {
    pub name: String,
    pub canonical: CType,
    pub location: SourceLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    /// How C names the type: `struct phy_device`, or `atomic_t` for a typedef'd
    /// anonymous struct.
    pub c_type: CType,
    pub kind: RecordKind,
    pub fields: Vec<Field>,
    /// Size and alignment in bytes, as clang lays the record out for the target.
    pub size: Option<u64>,
    pub align: Option<u64>,
    pub doc: Option<Doc>,
    pub location: SourceLocation,
}

/// An `extern` variable the headers declare (`param_ops_int`, `__this_module`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub ty: CType,
    pub location: SourceLocation,
}

/// One way a real kernel's headers differ from the model for an item the model declares
/// (a layout, a value, how a function is reached), as the generated code will reflect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    pub item: String,
    pub note: String,
}

/// What the headers declare, after parsing and before any emission.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ir {
    /// Headers parsed, relative to the header root, in include order.
    pub headers: Vec<String>,
    pub functions: Vec<Function>,
    pub skipped_macros: Vec<SkippedMacro>,
    pub constants: Vec<Constant>,
    pub skipped_constants: Vec<SkippedConstant>,
    pub records: Vec<Record>,
    pub enums: Vec<Enum>,
    pub typedefs: Vec<Typedef>,
    pub variables: Vec<Variable>,
    /// The constants of every enum defined, anonymous ones included.
    pub enum_constants: Vec<EnumConstant>,
    /// The prototypes of the spec's `[exports]` header: functions Rust crates define for
    /// C, which no kernel header declares.
    pub exported: Vec<Function>,
}

impl Ir {
    /// The functions Rust reaches through a generated C shim.
    pub fn shims(&self) -> impl Iterator<Item = &Function> {
        self.functions.iter().filter(|f| f.needs_shim())
    }

    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    pub fn record(&self, name: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.name == name)
    }

    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn count(&self, kind: FunctionKind) -> usize {
        self.functions.iter().filter(|f| f.kind == kind).count()
    }
}
