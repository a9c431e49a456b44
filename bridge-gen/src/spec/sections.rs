//! The spec's sections read from its TOML tree: each known key of each table, typed, and
//! every problem recorded rather than returned, so the whole file is read.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::forms;
use super::read::{At, Problems, TableReader, problem, sections};
use super::suggest;
use super::{
    ConfigSpec, ConstantsSpec, EachSpec, EnumSpec, ErrnoSpec, ExportsSpec, IdSpec, MemorySpec,
    ObjectSpec, OpsSpec, Spec,
};

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

/// Every section of the document; what cannot be read is recorded in `problems` and left
/// out.
pub(super) fn read_spec(root: &DeTable<'_>, problems: &mut Problems) -> Spec {
    let mut spec = Spec::default();
    for (key, value) in root.iter() {
        let (value, span) = (value.get_ref(), value.span());
        let p = &mut *problems;
        match key.get_ref().as_ref() {
            "errno" => spec.errno = read_table(value, span, p),
            "exports" => spec.exports = read_table(value, span, p),
            "enum" => spec.enums.extend(read_named::<EnumSpec>(value, span, p)),
            "object" => spec
                .objects
                .extend(read_named::<ObjectSpec>(value, span, p)),
            "id" => spec.ids.extend(read_named::<IdSpec>(value, span, p)),
            "ops" => spec.ops.extend(read_named::<OpsSpec>(value, span, p)),
            "config" => spec
                .configs
                .extend(read_named::<ConfigSpec>(value, span, p)),
            "each" => spec.loops.extend(read_named::<EachSpec>(value, span, p)),
            "memory" => spec.memory.extend(read_named::<MemorySpec>(value, span, p)),
            "constants" => spec
                .constants
                .extend(read_named::<ConstantsSpec>(value, span, p)),
            other => {
                let hint = suggest::did_you_mean(other, SECTIONS);
                let message = format!(
                    "unknown section `{other}`{hint}; sections: {}",
                    SECTIONS.join(", ")
                );
                problems.add(problem(key.span(), message));
            }
        }
    }
    spec
}

/// A section of the spec that is one table, `[KEY]`.
trait TableSection: Sized {
    /// The section's key in `bridge.toml`.
    const KEY: &'static str;

    /// Reads the table's keys from `r`; `span` is the table's. It reads every key it knows
    /// before it gives up on a missing or refused one (`None`), so that the caller's check
    /// for unknown keys sees them all taken.
    fn read(r: &mut TableReader<'_, '_, '_>, span: Range<usize>) -> Option<Self>;
}

/// A section of the spec made of named tables, `[KEY.NAME]`: one value per table.
trait NamedSection: Sized {
    /// The section's key in `bridge.toml`.
    const KEY: &'static str;

    /// Reads the table `name`'s keys from `r`; `span` is the table's, where a missing
    /// required key is reported. As [`TableSection::read`], it reads every key it knows
    /// before it gives up.
    fn read(name: At<String>, r: &mut TableReader<'_, '_, '_>, span: Range<usize>) -> Option<Self>;
}

/// The `[KEY]` section at `span`.
fn read_table<S: TableSection>(
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Problems,
) -> Option<S> {
    let DeValue::Table(table) = value else {
        problems.add(problem(span, format!("[{}] must be a table", S::KEY)));
        return None;
    };
    let mut r = TableReader::new(table, format!("[{}]", S::KEY), problems);
    let section = S::read(&mut r, span);
    r.finish();
    section
}

/// Every `[KEY.NAME]` table of the section at `span` that could be read, in the order
/// written.
fn read_named<S: NamedSection>(
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Problems,
) -> Vec<S> {
    let mut out = Vec::new();
    for (name, table, span) in sections(value, span, S::KEY, problems) {
        let what = format!("[{}.{}]", S::KEY, name.value);
        let mut r = TableReader::new(table, what, problems);
        let section = S::read(name, &mut r, span);
        r.finish();
        out.extend(section);
    }
    out
}

impl TableSection for ErrnoSpec {
    const KEY: &'static str = "errno";

    fn read(r: &mut TableReader<'_, '_, '_>, _span: Range<usize>) -> Option<Self> {
        Some(ErrnoSpec {
            headers: r.strings("headers"),
        })
    }
}

impl TableSection for ExportsSpec {
    const KEY: &'static str = "exports";

    fn read(r: &mut TableReader<'_, '_, '_>, span: Range<usize>) -> Option<Self> {
        let headers = r.strings("headers");
        let functions = r.strings("functions");
        let bounds = r.list_map("bounds", forms::text, forms::pointer_bound);
        if headers.is_empty() {
            r.problem(
                span,
                "[exports] needs `headers = [\"...\"]`: the prototypes",
            );
            return None;
        }
        Some(ExportsSpec {
            headers,
            functions,
            bounds,
        })
    }
}

impl NamedSection for EnumSpec {
    const KEY: &'static str = "enum";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::item_path);
        Some(EnumSpec {
            rename: r.map("rename", forms::text, forms::variant_name),
            sentinels: r.optional_strings("sentinels"),
            rust: rust?,
            c_name,
        })
    }
}

impl NamedSection for ObjectSpec {
    const KEY: &'static str = "object";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::item_path);
        Some(ObjectSpec {
            access: r.parsed("access", forms::access),
            private: r.string("private"),
            method_prefix: r.string("method_prefix"),
            methods: r.strings("methods"),
            consumes: r.strings("consumes"),
            fields: r.strings("fields"),
            fields_mut: r.strings("fields_mut"),
            returns: r.map("returns", forms::text, forms::method_return),
            params: r.map("params", forms::method_param, forms::arg_pattern),
            rename: r.map("rename", forms::rename_key, forms::rust_name),
            get: r.string("get"),
            put: r.string("put"),
            release: r.parsed("release", forms::release),
            create: r.strings("create"),
            config: r.strings("config"),
            checks: r.map("checks", forms::text, forms::check),
            alloc: r.string("alloc"),
            setup: r.strings("setup"),
            teardown: r.strings("teardown"),
            lock: r.string("lock"),
            device: r.parsed("device", forms::field_path),
            stable: r.string_map("stable"),
            self_locking: r.string_map("self_locking"),
            views: r.list_map("views", forms::type_name, |_, item| forms::text(item)),
            borrowed: r.string("borrowed"),
            calls: r.map("calls", forms::text, forms::callback_ref),
            data: r.map("data", forms::data_param, forms::text_of),
            non_null: r.string_map("non_null"),
            defaults: r.string_map("defaults"),
            field_types: r.string_map("field_types"),
            unless: r.string_map("unless"),
            rust: rust?,
            c_name,
        })
    }
}

impl NamedSection for IdSpec {
    const KEY: &'static str = "id";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::item_path);
        Some(IdSpec {
            masks: r.integer_map("masks", forms::mask_name),
            table: r.parsed("table", forms::table_kind),
            string: r.string("string"),
            rust: rust?,
            c_name,
        })
    }
}

impl NamedSection for OpsSpec {
    const KEY: &'static str = "ops";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::item_path);
        Some(OpsSpec {
            consts: r.strings("consts"),
            id: r.string("id"),
            id_tables: r.string_map("id_tables"),
            returns: r.map("returns", forms::text, forms::callback_return),
            params: r.map("params", forms::callback_param, forms::param_pattern),
            skip: r.strings("skip"),
            register: r.strings("register"),
            bind: r.string("bind"),
            makes_data: r.string("makes_data"),
            ends_data: r.string("ends_data"),
            lends_data: r.strings("lends_data"),
            locked: r.string_map("locked"),
            take_lock: r.string_map("take_lock"),
            why: r.string_map("why"),
            required: r.strings("required"),
            last: r.string("last"),
            part_of: r.string("part_of"),
            rename: r.map(
                "rename",
                |k| forms::param_position(k, &c_name),
                forms::rust_name,
            ),
            data: r.map("data", forms::text, forms::associated_type),
            hand_back: r.map_with("hand_back", forms::text, forms::hand_back_of),
            rust: rust?,
            c_name,
        })
    }
}

impl NamedSection for ConfigSpec {
    const KEY: &'static str = "config";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::item_path);
        Some(ConfigSpec {
            fields: r.strings("fields"),
            checks: r.map("checks", forms::text, forms::check),
            rust: rust?,
            c_name,
        })
    }
}

impl NamedSection for EachSpec {
    const KEY: &'static str = "each";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let object = r.required_string("object", span.clone());
        let item = r.required_string("item", span.clone());
        let cursor = r.required_string("cursor", span.clone());
        let method = r.required("method", span, forms::method_name);
        Some(EachSpec {
            object: object?,
            item: item?,
            cursor: cursor?,
            method: method?,
            c_name,
        })
    }
}

impl NamedSection for MemorySpec {
    const KEY: &'static str = "memory";

    fn read(
        c_name: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let page = r.required_string("page", span.clone());
        let offset = r.required_string("offset", span.clone());
        let len = r.required_string("len", span);
        Some(MemorySpec {
            map: r.strings("map"),
            page: page?,
            offset: offset?,
            len: len?,
            c_name,
        })
    }
}

impl NamedSection for ConstantsSpec {
    const KEY: &'static str = "constants";

    fn read(
        label: At<String>,
        r: &mut TableReader<'_, '_, '_>,
        span: Range<usize>,
    ) -> Option<Self> {
        let rust = r.required("rust", span, forms::module_path);
        Some(ConstantsSpec {
            header: r.string("header"),
            types: r.map("types", forms::text, forms::const_type),
            newtypes: r.map("newtypes", forms::newtype_name, forms::integer_type),
            rust: rust?,
            label,
        })
    }
}
