//! The spec, `bridge.toml`: WHAT the safe API exposes. It is the allowlist; inference
//! (`crate::infer`) decides how each named item is exposed, and the spec's explicit
//! entries (`returns`, `access`, ...) override it.
//!
//! Reading it parses every value with a grammar into a typed value (`spec::values`:
//! patterns, checks, Rust paths, `owner.member` keys, ...) and refuses every malformed
//! one, unknown key and value of the wrong kind, all in one run and each at
//! `bridge.toml:line:column`, before inference runs. Inference then only resolves the
//! names in it against the headers: every name keeps its position, so a spec naming
//! something the headers do not declare is reported there with the nearest real name.

mod forms;
mod read;
mod sections;
pub mod suggest;
pub mod values;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

pub use read::At;
use read::{Problem, Problems, problem};

use crate::error::{Diagnostic, Error, Result};

/// The file name of the spec inside a header folder.
pub const FILE_NAME: &str = "bridge.toml";

#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub path: PathBuf,
    pub text: String,
    pub errno: Option<ErrnoSpec>,
    pub enums: Vec<EnumSpec>,
    pub objects: Vec<ObjectSpec>,
    pub ids: Vec<IdSpec>,
    pub ops: Vec<OpsSpec>,
    pub configs: Vec<ConfigSpec>,
    pub loops: Vec<EachSpec>,
    pub memory: Vec<MemorySpec>,
    pub constants: Vec<ConstantsSpec>,
    pub exports: Option<ExportsSpec>,
}

/// `[exports]`: the functions Rust crates may define for C with `#[export]`, declared in
/// headers of their own that no kernel header includes.
#[derive(Clone, Debug)]
pub struct ExportsSpec {
    /// The headers with the prototypes, under the header folder (`kbridge/qr_panic.h`).
    pub headers: Vec<At<String>>,
    pub functions: Vec<At<String>>,
    /// `[exports.bounds]`: per function, what bounds each pointer parameter: `p[n]` (a
    /// buffer of `n` elements, `n` another parameter) or `p: string` (NUL-terminated).
    pub bounds: Vec<(At<String>, Vec<At<values::PointerBound>>)>,
}

/// `[errno]`: the headers whose `E*` constants become `kernel::error::code`.
#[derive(Clone, Debug)]
pub struct ErrnoSpec {
    pub headers: Vec<At<String>>,
}

/// `[enum.NAME]`: a C enum exposed as a Rust enum.
#[derive(Clone, Debug)]
pub struct EnumSpec {
    pub c_name: At<String>,
    pub rust: At<values::RustPath>,
    /// C constant -> Rust variant, where splitting the C name at `_` does not give Rust's
    /// words (`PHY_NOLINK = "NoLink"`).
    pub rename: Vec<(At<String>, At<String>)>,
    /// Patterns of constants that mark a count or a range end rather than a value
    /// (`REQ_OP_LAST`); `None`: the default, `*_LAST`, `*_MAX` and `__*`.
    pub sentinels: Option<Vec<At<String>>>,
}

/// `[object.NAME]`: a C struct that Rust sees through a `#[repr(transparent)]` wrapper.
#[derive(Clone, Debug)]
pub struct ObjectSpec {
    pub c_name: At<String>,
    pub rust: At<values::RustPath>,
    pub access: Option<At<values::Access>>,
    pub private: Option<At<String>>,
    pub method_prefix: Option<At<String>>,
    pub methods: Vec<At<String>>,
    pub consumes: Vec<At<String>>,
    pub fields: Vec<At<String>>,
    pub fields_mut: Vec<At<String>>,
    pub returns: Vec<(At<String>, At<values::ReturnPattern>)>,
    /// `"function.parameter" = "status(from_errno)"`: how a method's argument is made.
    pub params: Vec<(At<values::QualifiedName>, At<values::ArgPattern>)>,
    /// Method or field -> its Rust name; `"function.parameter"` of `alloc` or a `setup`
    /// call -> the constructor's parameter name.
    pub rename: Vec<(At<values::RenameKey>, At<String>)>,
    pub get: Option<At<String>>,
    pub put: Option<At<String>>,
    /// `function` or `function(CONSTANT, ...)`: what ends an owned object dropped
    /// unfinished.
    pub release: Option<At<values::Release>>,
    /// `[setup, teardown]`: Rust creates the object, sets it up in place and tears it
    /// down on drop.
    pub create: Vec<At<String>>,
    /// Fields the creator sets before setup.
    pub config: Vec<At<String>>,
    /// Checks of `config` fields (as `[config.X] checks`): a value outside is refused
    /// before C sees it.
    pub checks: Vec<(At<String>, At<values::CheckPattern>)>,
    /// A function that allocates the object and returns it or an `ERR_PTR`.
    pub alloc: Option<At<String>>,
    /// Calls made on a new allocated object, in order; an `int` one must come last.
    pub setup: Vec<At<String>>,
    /// Calls that end an allocated object on drop, in order; the last undoes `alloc`.
    pub teardown: Vec<At<String>>,
    /// The object's mutex (a `struct mutex` field): held around the `locked` callbacks
    /// of its ops tables, taken by the trampolines of their `take_lock` ones.
    pub lock: Option<At<String>>,
    /// The `struct device` (a field path, `mdio.dev`) whose devres releases the private
    /// data when the driver unbinds or its binding fails.
    pub device: Option<At<values::FieldPath>>,
    /// Fields that never change once the object is published, with the reason: readable
    /// through any view.
    pub stable: Vec<(At<String>, At<String>)>,
    /// Functions (globs) that serialise themselves, with the reason: callable through a
    /// view, without the object's lock.
    pub self_locking: Vec<(At<String>, At<String>)>,
    /// Views: restricted wrappers of the object (name -> the methods' C functions and the
    /// fields they offer) for callbacks that get it without the access pattern's promise.
    pub views: Vec<(At<String>, Vec<At<String>>)>,
    /// The view a callback gets when the object is lent to it (`borrowed`), or, for a
    /// `locked_mut` object, when its lock is not held.
    pub borrowed: Option<At<String>>,
    /// Methods (C functions) that make C call a callback of an ops table unconditionally:
    /// `fn = "table.callback"`. The object is then typed by that table's trait, and the
    /// method exists only for implementers that have the callback.
    pub calls: Vec<(At<String>, At<values::QualifiedName>)>,
    /// `void *` arguments of `alloc` that are the data of an object typed by an ops trait:
    /// `"function.parameter"` -> the trait's associated type.
    pub data: Vec<(At<values::QualifiedName>, At<String>)>,
    /// Void methods that do nothing while a predicate on the object holds, because C would
    /// WARN (`blk_mq_start_request = "blk_mq_request_started"`).
    pub unless: Vec<(At<String>, At<String>)>,
    /// Integer fields shown as a newtype of a `[constants.X]` section (`speed = "Speed"`).
    pub field_types: Vec<(At<String>, At<String>)>,
    /// Config fields whose default is a named constant rather than 0
    /// (`numa_node = "NUMA_NO_NODE"`).
    pub defaults: Vec<(At<String>, At<String>)>,
    /// Pointer fields C never leaves NULL while Rust can read them, each with where Linux
    /// guarantees it: their getters return a reference, not an `Option`.
    pub non_null: Vec<(At<String>, At<String>)>,
}

/// `[config.NAME]`: a plain C struct a caller fills in (by value in Rust), with checks.
#[derive(Clone, Debug)]
pub struct ConfigSpec {
    pub c_name: At<String>,
    pub rust: At<values::RustPath>,
    pub fields: Vec<At<String>>,
    /// field -> `power_of_two(MIN, MAX)`, `range(MIN, MAX)`, `bits(A | B)` or `numa_node`.
    pub checks: Vec<(At<String>, At<values::CheckPattern>)>,
}

/// `[each.MACRO]`: a loop macro `MACRO(item, object, cursor)` walked from Rust.
#[derive(Clone, Debug)]
pub struct EachSpec {
    pub c_name: At<String>,
    pub object: At<String>,
    pub item: At<String>,
    pub cursor: At<String>,
    pub method: At<String>,
}

/// `[constants.LABEL]`: macro constants re-exported, typed, in a safe module.
#[derive(Clone, Debug)]
pub struct ConstantsSpec {
    pub label: At<String>,
    /// The module, e.g. `net::phy::mii`.
    pub rust: At<values::RustPath>,
    /// Only constants defined in this header, when given.
    pub header: Option<At<String>>,
    /// `NAME` or `PREFIX*` -> the Rust integer type, or a newtype of `newtypes`.
    pub types: Vec<(At<String>, At<values::ConstType>)>,
    /// Newtypes for a closed set of values that C writes and Rust reads (`Speed = "i32"`):
    /// the constants `types` gives one become its associated constants.
    pub newtypes: Vec<(At<String>, At<&'static str>)>,
}

/// `[memory.NAME]`: a struct that describes bytes in a page: mapped while Rust copies.
#[derive(Clone, Debug)]
pub struct MemorySpec {
    pub c_name: At<String>,
    pub page: At<String>,
    pub offset: At<String>,
    pub len: At<String>,
    /// `[map, unmap]`.
    pub map: Vec<At<String>>,
}

/// `[id.NAME]`: a device-id table entry type.
#[derive(Clone, Debug)]
pub struct IdSpec {
    pub c_name: At<String>,
    pub rust: At<values::RustPath>,
    pub masks: Vec<(At<String>, At<u64>)>,
    /// The `MODULE_DEVICE_TABLE` type (`mdio`): modpost reads `__mod_<table>__*`.
    pub table: Option<At<String>>,
    /// The `char[]` field that names what an entry matches (`compatible`, `name`): a
    /// string id, matched by name, instead of an (id, mask) pair.
    pub string: Option<At<String>>,
}

/// `[ops.NAME]`: a C ops table exposed as a Rust trait.
#[derive(Clone, Debug)]
pub struct OpsSpec {
    pub c_name: At<String>,
    pub rust: At<values::RustPath>,
    pub consts: Vec<At<String>>,
    pub id: Option<At<String>>,
    /// Id-table pointer fields (a path, `driver.of_match_table`) -> the string id type
    /// whose `END`-terminated table a driver gives as a constant.
    pub id_tables: Vec<(At<String>, At<String>)>,
    pub returns: Vec<(At<String>, At<values::ReturnPattern>)>,
    /// `"callback.parameter" = pattern`.
    pub params: Vec<(At<values::QualifiedName>, At<values::ParamPattern>)>,
    pub skip: Vec<At<String>>,
    pub register: Vec<At<String>>,
    /// The callback that binds a driver to an object: its trampoline always runs, claims
    /// the object's private data field (whatever a previous driver left there is dropped
    /// unread) and has devres release the data when the binding ends.
    pub bind: Option<At<String>>,
    /// The callback that binds a driver to a device and returns the driver's typed data
    /// for it (`probe`): kept in the device's driver data until `ends_data`.
    pub makes_data: Option<At<String>>,
    /// The callback C calls when the binding ends (`remove`): it sees the data, which is
    /// dropped after it.
    pub ends_data: Option<At<String>>,
    /// Callbacks C calls only while the device is bound (`shutdown`): they borrow the data.
    pub lends_data: Vec<At<String>>,
    /// Callbacks C makes with the object's `lock` held (a `locked_mut` object is `&mut`
    /// in them), each with where the lock is taken.
    pub locked: Vec<(At<String>, At<String>)>,
    /// Callbacks C makes without the object's lock, whose trampolines take it around the
    /// driver's method, each with the context C calls them in.
    pub take_lock: Vec<(At<String>, At<String>)>,
    /// Why C's call is what the trampoline assumes (who owns what, for how long), per
    /// callback, for its SAFETY arguments.
    pub why: Vec<(At<String>, At<String>)>,
    /// Callbacks C calls unconditionally: trait methods without a default, slots never NULL.
    pub required: Vec<At<String>>,
    /// The callback C calls last for an object that points to this table; after it, C
    /// reads the table no more. A table with an `owner` is made per object (with the
    /// creating module as owner) and freed after this callback.
    pub last: Option<At<String>>,
    /// Names for callback parameters the header leaves unnamed, by position from 0
    /// (`"exit_hctx.1" = "hctx_idx"`).
    pub rename: Vec<(At<values::ParamPosition>, At<String>)>,
    /// Callbacks that may give the object they are handed back to C with a status.
    pub hand_back: Vec<(At<String>, At<values::HandBack>)>,
    /// Objects whose `private` field holds data typed by the trait: object -> the
    /// associated type (`request_queue = "QueueData"`). Such an object is typed by the
    /// trait (`RequestQueue<T>`), and so is every object made from it.
    pub data: Vec<(At<String>, At<String>)>,
    /// Another table whose trait this one's callbacks join (`part_of = "blk_mq_ops"`): one
    /// trait for the driver, and objects typed by that trait reach these callbacks too.
    pub part_of: Option<At<String>>,
}

impl Spec {
    /// Reads `bridge.toml` from a header folder; a folder without one has an empty spec
    /// (raw bindings only).
    pub fn load(header_dir: &Path) -> Result<Spec> {
        let path = header_dir.join(FILE_NAME);
        if !path.exists() {
            return Ok(Spec {
                path,
                ..Spec::default()
            });
        }
        let text = std::fs::read_to_string(&path).map_err(Error::io(&path))?;
        Spec::parse(&path, text)
    }

    /// Reads a spec's text. Every problem of the file is reported at once, in the order
    /// written: its TOML syntax errors, or else every unknown section or key, value of the
    /// wrong kind and value its grammar refuses.
    pub fn parse(path: &Path, text: String) -> Result<Spec> {
        let mut problems = Problems::default();
        let (parsed, syntax) = DeTable::parse_recoverable(&text);
        let spec = if syntax.is_empty() {
            sections::read_spec(parsed.get_ref(), &mut problems)
        } else {
            // What the parser recovered may be a guess: only its errors are sure.
            for e in syntax {
                let span = e.span().unwrap_or(0..0);
                problems.add(problem(span, e.message().to_owned()));
            }
            Spec::default()
        };
        let problems = problems.into_sorted();
        if !problems.is_empty() {
            return Err(spec_error(path, &text, problems));
        }
        Ok(Spec {
            path: path.to_path_buf(),
            text,
            ..spec
        })
    }

    /// An error at a span of this spec.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        spec_error(&self.path, &self.text, vec![problem(span, message)])
    }

    pub fn position(&self, span: &Range<usize>) -> (u32, u32) {
        read::line_column(&self.text, span.start)
    }
}

/// The error of `problems`, each at its line and column of `text`.
fn spec_error(path: &Path, text: &str, problems: Vec<Problem>) -> Error {
    let errors = problems
        .into_iter()
        .map(|problem| {
            let (line, column) = read::line_column(text, problem.span.start);
            Diagnostic {
                file: path.to_path_buf(),
                line,
                column,
                message: problem.message,
            }
        })
        .collect();
    Error::Spec { errors }
}

#[cfg(test)]
mod tests;
