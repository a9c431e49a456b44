//! The spec, `bridge.toml`: WHAT the safe API exposes. It is the allowlist; inference
//! (`crate::infer`) decides how each named item is exposed, and the spec's explicit
//! entries (`returns`, `access`, ...) override it.
//!
//! Every name keeps its position, so a spec naming something the headers do not declare
//! is reported at `bridge.toml:line:column` with the nearest real name.

mod read;
pub mod suggest;
pub mod values;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

pub use read::At;
use read::{ListMap, Problem, Read, TableReader, problem, sections};

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
    pub bounds: ListMap,
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
    pub rust: At<String>,
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
    pub rust: At<String>,
    pub access: Option<At<String>>,
    pub private: Option<At<String>>,
    pub method_prefix: Option<At<String>>,
    pub methods: Vec<At<String>>,
    pub consumes: Vec<At<String>>,
    pub fields: Vec<At<String>>,
    pub fields_mut: Vec<At<String>>,
    pub returns: Vec<(At<String>, At<String>)>,
    pub params: Vec<(At<String>, At<String>)>,
    pub rename: Vec<(At<String>, At<String>)>,
    pub get: Option<At<String>>,
    pub put: Option<At<String>>,
    pub release: Option<At<String>>,
    /// `[setup, teardown]`: Rust creates the object, sets it up in place and tears it
    /// down on drop.
    pub create: Vec<At<String>>,
    /// Fields the creator sets before setup.
    pub config: Vec<At<String>>,
    /// Checks of `config` fields (as `[config.X] checks`): a value outside is refused
    /// before C sees it.
    pub checks: Vec<(At<String>, At<String>)>,
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
    pub device: Option<At<String>>,
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
    pub calls: Vec<(At<String>, At<String>)>,
    /// `void *` arguments of `alloc` that are the data of an object typed by an ops trait:
    /// `"function.parameter"` -> the trait's associated type.
    pub data: Vec<(At<String>, At<String>)>,
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
    pub rust: At<String>,
    pub fields: Vec<At<String>>,
    /// field -> `power_of_two(MIN, MAX)` or `range(MIN, MAX)`.
    pub checks: Vec<(At<String>, At<String>)>,
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
    pub rust: At<String>,
    /// Only constants defined in this header, when given.
    pub header: Option<At<String>>,
    /// `NAME` or `PREFIX*` -> the Rust integer type, or a newtype of `newtypes`.
    pub types: Vec<(At<String>, At<String>)>,
    /// Newtypes for a closed set of values that C writes and Rust reads (`Speed = "i32"`):
    /// the constants `types` gives one become its associated constants.
    pub newtypes: Vec<(At<String>, At<String>)>,
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
    pub rust: At<String>,
    pub masks: Vec<(At<String>, At<u64>)>,
    /// The `MODULE_DEVICE_TABLE` type (`mdio`): modpost reads `__mod_<table>__*`.
    pub table: Option<At<String>>,
}

/// `[ops.NAME]`: a C ops table exposed as a Rust trait.
#[derive(Clone, Debug)]
pub struct OpsSpec {
    pub c_name: At<String>,
    pub rust: At<String>,
    pub consts: Vec<At<String>>,
    pub id: Option<At<String>>,
    pub returns: Vec<(At<String>, At<String>)>,
    pub params: Vec<(At<String>, At<String>)>,
    pub skip: Vec<At<String>>,
    pub register: Vec<At<String>>,
    /// The callback that binds a driver to an object: its trampoline always runs, claims
    /// the object's private data field (whatever a previous driver left there is dropped
    /// unread) and has devres release the data when the binding ends.
    pub bind: Option<At<String>>,
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
    pub rename: Vec<(At<String>, At<String>)>,
    /// Callbacks that may give the object they are handed back to C with a status.
    pub hand_back: Vec<(At<String>, values::HandBack)>,
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

    pub fn parse(path: &Path, text: String) -> Result<Spec> {
        let parsed = DeTable::parse(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            spec_error(path, &text, problem(span, e.message().to_owned()))
        })?;
        let spec =
            read_spec(path, &text, parsed.get_ref()).map_err(|p| spec_error(path, &text, p))?;
        Ok(spec)
    }

    /// An error at a span of this spec.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        spec_error(&self.path, &self.text, problem(span, message))
    }

    pub fn position(&self, span: &Range<usize>) -> (u32, u32) {
        read::line_column(&self.text, span.start)
    }
}

fn spec_error(path: &Path, text: &str, problem: Problem) -> Error {
    let (line, column) = read::line_column(text, problem.span.start);
    Error::Spec {
        errors: vec![Diagnostic {
            file: path.to_path_buf(),
            line,
            column,
            message: problem.message,
        }],
    }
}

/// The spec's sections, in the order an unknown one's message lists them.
const SECTIONS: [&str; 10] = [
    "errno",
    "exports",
    "enum",
    "object",
    "id",
    "ops",
    "config",
    "each",
    "memory",
    "constants",
];

fn read_spec(path: &Path, text: &str, root: &DeTable<'_>) -> Read<Spec> {
    let mut spec = Spec {
        path: path.to_path_buf(),
        text: text.to_owned(),
        ..Spec::default()
    };
    for (key, value) in root.iter() {
        let (value, span) = (value.get_ref(), value.span());
        match key.get_ref().as_ref() {
            "errno" => spec.errno = Some(read_table(value, span)?),
            "exports" => spec.exports = Some(read_table(value, span)?),
            "enum" => spec.enums.extend(read_named::<EnumSpec>(value, span)?),
            "object" => spec.objects.extend(read_named::<ObjectSpec>(value, span)?),
            "id" => spec.ids.extend(read_named::<IdSpec>(value, span)?),
            "ops" => spec.ops.extend(read_named::<OpsSpec>(value, span)?),
            "config" => spec.configs.extend(read_named::<ConfigSpec>(value, span)?),
            "each" => spec.loops.extend(read_named::<EachSpec>(value, span)?),
            "memory" => spec.memory.extend(read_named::<MemorySpec>(value, span)?),
            "constants" => spec
                .constants
                .extend(read_named::<ConstantsSpec>(value, span)?),
            other => {
                let hint = suggest::did_you_mean(other, SECTIONS);
                return Err(problem(
                    key.span(),
                    format!(
                        "unknown section `{other}`{hint}; sections: {}",
                        SECTIONS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(spec)
}

/// A section of the spec that is one table, `[KEY]`.
trait TableSection: Sized {
    /// The section's key in `bridge.toml`.
    const KEY: &'static str;

    /// Reads the table's keys from `r`; `span` is the table's. The caller refuses the
    /// keys this did not ask for.
    fn read(r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self>;
}

/// A section of the spec made of named tables, `[KEY.NAME]`: one value per table.
trait NamedSection: Sized {
    /// The section's key in `bridge.toml`.
    const KEY: &'static str;

    /// Reads the table `name`'s keys from `r`; `span` is the table's, where a missing
    /// required key is reported. The caller refuses the keys this did not ask for.
    fn read(name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self>;
}

/// The `[KEY]` section at `span`.
fn read_table<S: TableSection>(value: &DeValue<'_>, span: Range<usize>) -> Read<S> {
    let DeValue::Table(table) = value else {
        return Err(problem(span, format!("[{}] must be a table", S::KEY)));
    };
    let mut r = TableReader::new(table, format!("[{}]", S::KEY));
    let section = S::read(&mut r, span)?;
    r.finish()?;
    Ok(section)
}

/// Every `[KEY.NAME]` table of the section at `span`, in the order written.
fn read_named<S: NamedSection>(value: &DeValue<'_>, span: Range<usize>) -> Read<Vec<S>> {
    sections(value, span, S::KEY)?
        .into_iter()
        .map(|(name, table, span)| {
            let mut r = TableReader::new(table, format!("[{}.{}]", S::KEY, name.value));
            let section = S::read(name, &mut r, span)?;
            r.finish()?;
            Ok(section)
        })
        .collect()
}

impl TableSection for ErrnoSpec {
    const KEY: &'static str = "errno";

    fn read(r: &mut TableReader<'_, '_>, _span: Range<usize>) -> Read<Self> {
        Ok(ErrnoSpec {
            headers: r.strings("headers")?,
        })
    }
}

impl TableSection for ExportsSpec {
    const KEY: &'static str = "exports";

    fn read(r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        let headers = r.strings("headers")?;
        if headers.is_empty() {
            return Err(problem(
                span,
                "[exports] needs `headers = [\"...\"]`: the prototypes",
            ));
        }
        Ok(ExportsSpec {
            headers,
            functions: r.strings("functions")?,
            bounds: r.strings_map("bounds")?,
        })
    }
}

impl NamedSection for EnumSpec {
    const KEY: &'static str = "enum";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(EnumSpec {
            rust: r.required_string("rust", span)?,
            rename: r.string_map("rename")?,
            sentinels: r.optional_strings("sentinels")?,
            c_name,
        })
    }
}

impl NamedSection for ObjectSpec {
    const KEY: &'static str = "object";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(ObjectSpec {
            rust: r.required_string("rust", span)?,
            access: r.string("access")?,
            private: r.string("private")?,
            method_prefix: r.string("method_prefix")?,
            methods: r.strings("methods")?,
            consumes: r.strings("consumes")?,
            fields: r.strings("fields")?,
            fields_mut: r.strings("fields_mut")?,
            returns: r.string_map("returns")?,
            params: r.string_map("params")?,
            rename: r.string_map("rename")?,
            get: r.string("get")?,
            put: r.string("put")?,
            release: r.string("release")?,
            create: r.strings("create")?,
            config: r.strings("config")?,
            checks: r.string_map("checks")?,
            alloc: r.string("alloc")?,
            setup: r.strings("setup")?,
            teardown: r.strings("teardown")?,
            lock: r.string("lock")?,
            device: r.string("device")?,
            stable: r.string_map("stable")?,
            self_locking: r.string_map("self_locking")?,
            views: r.strings_map("views")?,
            borrowed: r.string("borrowed")?,
            calls: r.string_map("calls")?,
            data: r.string_map("data")?,
            non_null: r.string_map("non_null")?,
            defaults: r.string_map("defaults")?,
            field_types: r.string_map("field_types")?,
            unless: r.string_map("unless")?,
            c_name,
        })
    }
}

impl NamedSection for IdSpec {
    const KEY: &'static str = "id";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(IdSpec {
            rust: r.required_string("rust", span)?,
            masks: r.integer_map("masks")?,
            table: r.string("table")?,
            c_name,
        })
    }
}

impl NamedSection for OpsSpec {
    const KEY: &'static str = "ops";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(OpsSpec {
            rust: r.required_string("rust", span)?,
            consts: r.strings("consts")?,
            id: r.string("id")?,
            returns: r.string_map("returns")?,
            params: r.string_map("params")?,
            skip: r.strings("skip")?,
            register: r.strings("register")?,
            bind: r.string("bind")?,
            locked: r.string_map("locked")?,
            take_lock: r.string_map("take_lock")?,
            why: r.string_map("why")?,
            required: r.strings("required")?,
            last: r.string("last")?,
            part_of: r.string("part_of")?,
            rename: r.string_map("rename")?,
            data: r.string_map("data")?,
            hand_back: r
                .string_map("hand_back")?
                .into_iter()
                .map(|(k, v)| Ok((k, values::hand_back(&v)?)))
                .collect::<Read<_>>()?,
            c_name,
        })
    }
}

impl NamedSection for ConfigSpec {
    const KEY: &'static str = "config";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(ConfigSpec {
            rust: r.required_string("rust", span)?,
            fields: r.strings("fields")?,
            checks: r.string_map("checks")?,
            c_name,
        })
    }
}

impl NamedSection for EachSpec {
    const KEY: &'static str = "each";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(EachSpec {
            object: r.required_string("object", span.clone())?,
            item: r.required_string("item", span.clone())?,
            cursor: r.required_string("cursor", span.clone())?,
            method: r.required_string("method", span)?,
            c_name,
        })
    }
}

impl NamedSection for MemorySpec {
    const KEY: &'static str = "memory";

    fn read(c_name: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(MemorySpec {
            page: r.required_string("page", span.clone())?,
            offset: r.required_string("offset", span.clone())?,
            len: r.required_string("len", span)?,
            map: r.strings("map")?,
            c_name,
        })
    }
}

impl NamedSection for ConstantsSpec {
    const KEY: &'static str = "constants";

    fn read(label: At<String>, r: &mut TableReader<'_, '_>, span: Range<usize>) -> Read<Self> {
        Ok(ConstantsSpec {
            rust: r.required_string("rust", span)?,
            header: r.string("header")?,
            types: r.string_map("types")?,
            newtypes: r.string_map("newtypes")?,
            label,
        })
    }
}
