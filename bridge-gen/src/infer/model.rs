//! What inference makes of an object and what hangs off it, for the emitters: the
//! wrapper with its methods, accessors, views and lock, how Rust creates or allocates it,
//! and what a callback hands back. Plain data, built by the pattern modules beside this
//! one (`object`, `members`, `alloc`, `views`, `hand_back`), which all read it, so it
//! imports none of them.

use crate::ir::Doc;
use crate::rust_path::RustPath;

use super::Ret;
use super::config::ConfigField;
use super::each::Each;
use super::types::Ty;

/// Who may touch the object while Rust holds a reference, as the subsystem guarantees
/// (the spec's `access`; `locked_mut` when it names none).
pub use crate::spec::values::Access;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    Ref,
    Mut,
    Value,
}

/// A parameter of a safe method after its receiver.
#[derive(Clone, Debug)]
pub struct MethodParam {
    pub name: String,
    pub ty: Ty,
}

#[derive(Clone, Debug)]
pub struct Method {
    pub rust_name: String,
    pub c_name: String,
    pub receiver: Receiver,
    pub params: Vec<MethodParam>,
    pub ret: Ret,
    pub must_use: bool,
    pub doc: Option<Doc>,
    /// A predicate on the object (spec `unless`): when it holds, the method does nothing,
    /// because C would WARN (`blk_mq_request_started` for `blk_mq_start_request`).
    pub unless: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessorKind {
    /// A one-bit bitfield, as `bool`, through bindgen's `NAME_raw` accessors.
    Flag,
    /// A wider bitfield, through bindgen's `NAME_raw` accessors.
    Bits(&'static str),
    Scalar(&'static str),
    Enum {
        rust: RustPath,
        c_alias: String,
    },
    /// A pointer to another spec'd object (a back-pointer to the owner, by kernel
    /// convention, which outlives the object): `Option<&Wrapper>`, or `&Wrapper` where the
    /// spec says why C never leaves it NULL (`non_null`). `typed`: the target is typed by
    /// the ops trait that types the owner (`&RequestQueue<T>` from a `Request<T>`).
    Object {
        rust: RustPath,
        typed: bool,
        non_null: Option<String>,
    },
    /// An integer field shown as a `[constants.X]` newtype (spec `field_types`).
    Newtype {
        rust: RustPath,
    },
}

#[derive(Clone, Debug)]
pub struct Accessor {
    pub field: String,
    /// The getter's name (the field's, unless the spec renames it).
    pub rust_name: String,
    pub kind: AccessorKind,
    pub writable: bool,
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Object {
    pub module: String,
    pub name: String,
    pub c_record: String,
    pub access: Access,
    pub private: Option<String>,
    pub methods: Vec<Method>,
    pub accessors: Vec<Accessor>,
    pub get: Option<String>,
    pub put: Option<String>,
    /// The function that ends an owned object.
    pub release: Option<Release>,
    pub create: Option<Create>,
    pub alloc: Option<Alloc>,
    pub loops: Vec<Each>,
    pub doc: Option<Doc>,
    /// The object's mutex field (spec `lock`).
    pub lock: Option<String>,
    /// The field path to its `struct device` (spec `device`).
    pub device: Option<Vec<String>>,
    pub views: Vec<View>,
    /// The view lent and unlocked callbacks get (spec `borrowed`).
    pub borrowed: Option<String>,
    pub typed_by: Option<TypedBy>,
}

/// An object Rust creates: zeroed, configured, set up in place at a fixed heap address,
/// torn down on drop.
#[derive(Clone, Debug)]
pub struct Create {
    pub setup: String,
    pub teardown: String,
    /// The fields set from the config struct, with their checks.
    pub config: Vec<ConfigField>,
    /// A `const struct X *` field pointing to a spec'd ops table, filled with the
    /// creator's implementer's table.
    pub ops: Option<CreatedOps>,
    /// Config fields that default to a named constant.
    pub defaults: Vec<ConfigDefault>,
}

/// The ops-table field of a created object.
#[derive(Clone, Debug)]
pub struct CreatedOps {
    pub field: String,
    /// The C ops record (`block_device_operations`).
    pub c_record: String,
    /// The Rust trait, by path.
    pub trait_path: RustPath,
}

/// A config field whose default is a named constant rather than zero.
#[derive(Clone, Debug)]
pub struct ConfigDefault {
    pub field: String,
    pub constant: String,
}

/// How an owned object ends: a function, and the constants it is passed after the object.
#[derive(Clone, Debug)]
pub struct Release {
    pub function: String,
    pub args: Vec<String>,
}

impl Object {
    pub fn rust_path(&self) -> RustPath {
        RustPath::new(self.module.clone(), self.name.clone())
    }
}

#[derive(Clone, Debug)]
pub enum AllocArg {
    /// A created object, moved in and kept until after teardown; `typed` when it is typed
    /// by the ops trait that types the new object too.
    Keep {
        name: String,
        rust: RustPath,
        typed: bool,
    },
    /// A `[config.X]` struct, by value in the config.
    Config { name: String, rust: RustPath },
    /// The driver's data, parked behind its type tag.
    Data { name: String },
    /// The driver's data of the trait's associated type `assoc` (spec `data`), parked for
    /// an object typed by the trait.
    TypedData { name: String, assoc: String },
    /// An integer, in the config.
    Scalar { name: String, ty: &'static str },
}

/// A call made on the new object: its name and whether it reports `0/-errno`.
#[derive(Clone, Debug)]
pub struct SetupCall {
    pub function: String,
    pub errno: bool,
    /// Integer arguments after the object.
    pub args: Vec<ScalarArg>,
}

/// An integer argument of a setup call, taken from the config.
#[derive(Clone, Debug)]
pub struct ScalarArg {
    /// The config field's Rust name.
    pub name: String,
    pub ty: &'static str,
}

/// A field of the object set from the config after allocation.
#[derive(Clone, Debug)]
pub struct AllocField {
    pub field: String,
    pub kind: FieldKind,
}

/// The kernel-doc of a config value, by its Rust name.
#[derive(Clone, Debug)]
pub struct ConfigDoc {
    pub name: String,
    pub doc: Option<String>,
}

/// A table made per object: its `owner` field is set to the creating module, and the
/// `last` callback frees it.
#[derive(Clone, Debug)]
pub struct OwnedTable {
    pub owner_field: String,
    pub last: String,
}

#[derive(Clone, Debug)]
pub enum FieldKind {
    Scalar(&'static str),
    /// A `char[N]` holding a NUL-terminated name.
    Text(usize),
}

#[derive(Clone, Debug)]
pub struct Alloc {
    pub alloc: String,
    pub args: Vec<AllocArg>,
    pub setup: Vec<SetupCall>,
    pub teardown: Vec<String>,
    /// Fields of the object set after allocation.
    pub fields: Vec<AllocField>,
    /// `const struct X *` fields for spec'd ops tables, filled with the table of a type
    /// parameter.
    pub ops: Vec<AllocOps>,
    /// Doc lines of every config value.
    pub docs: Vec<ConfigDoc>,
}

/// An ops-table field of an allocated object.
#[derive(Clone, Debug)]
pub struct AllocOps {
    pub field: String,
    /// The path of the trait the table is made from (the host's for a `part_of` table).
    pub trait_path: RustPath,
    /// The path of the table's Rust type.
    pub table_path: RustPath,
    /// The ops table's C record.
    pub c_record: String,
    /// For a table with an `owner`: the table is made for the object, with the creating
    /// module as owner, and freed after `last`.
    pub owned: Option<OwnedTable>,
}

#[derive(Clone, Debug)]
pub struct View {
    pub name: String,
    /// The methods it offers (receiver `&self`), each with why it needs no lock.
    pub methods: Vec<Vouched<Method>>,
    /// The getters it offers, each with why the field never changes.
    pub accessors: Vec<Vouched<Accessor>>,
}

/// A member a view offers, with the spec's reason it is safe without the lock.
#[derive(Clone, Debug)]
pub struct Vouched<T> {
    pub item: T,
    pub why: String,
}

/// A method of a typed object that makes C call a callback of the typing table.
#[derive(Clone, Debug)]
pub struct CallMade {
    /// The method's C function.
    pub function: String,
    pub callback: String,
}

/// An object typed by the trait of an ops table (`Request<T: Operations>`), because some
/// of its methods make C call a callback of that table unconditionally.
#[derive(Clone, Debug)]
pub struct TypedBy {
    /// The ops table's C record and trait path.
    pub c_record: String,
    pub trait_path: RustPath,
    /// The methods that make C call one of the table's callbacks.
    pub calls: Vec<CallMade>,
    /// The trait's associated type the object's private field holds (`[ops.X] data`).
    pub data: Option<String>,
}

/// The type a callback's error hands the object back in.
#[derive(Clone, Debug)]
pub struct HandBack {
    pub type_name: String,
    /// The object's wrapper path and whether it is typed by the ops trait.
    pub object: RustPath,
    pub typed: bool,
    /// (Rust variant, C status constant).
    pub variants: Vec<HandBackVariant>,
}

/// A variant of a hand-back type: its name and the status C is told.
#[derive(Clone, Debug)]
pub struct HandBackVariant {
    pub variant: String,
    pub constant: String,
}

/// What a callback does with the per-device data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataRole {
    /// Returns it (`probe`): `Result<Self::DeviceData>`.
    Makes,
    /// Sees it last; it is dropped after (`remove`).
    Ends,
    /// Borrows it (`shutdown`).
    Lends,
}

/// Where the data of an ops table's drivers is kept.
#[derive(Clone, Debug)]
pub struct DeviceData {
    /// The path from the object to its `struct device` (`dev`).
    pub device: Vec<String>,
}
