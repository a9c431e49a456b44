//! `[config.X]`, `[object.X] create`/`config`/`checks`/`defaults` and `alloc`/`setup`/
//! `teardown` (with `[ops.X] last`) on one-feature headers: the value types and
//! constructors they become, the checks their setters make, and each refusal at its place
//! in bridge.toml.

mod fixture;

use fixture::{Fixture, assert_contains};

const LIMITS: &str = "
#define FIX_PAGE_SIZE 4096
#define FIX_NO_NODE (-1)
#define FIX_F_MERGE 1
#define FIX_F_BLOCKING 4
/**
 * struct fix_limits - queue limits
 * @block_size: the logical block size
 */
struct fix_limits {
	unsigned int block_size;
	unsigned int max_sectors;
	unsigned short flags;
	const char *name;
	unsigned int rotational:1;
};
";

/// A spec of one `[config.fix_limits]` entry with these lines.
fn config(lines: &str) -> String {
    format!("[config.fix_limits]\nrust = \"fix::Limits\"\n{lines}")
}

#[test]
fn a_config_struct_is_a_value_with_a_setter_per_field() {
    let spec = config("fields = [\"block_size\", \"max_sectors\"]\n");
    let module = Fixture::new("config-fields", LIMITS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// Queue limits.\n#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]\n\
             pub struct Limits {\n    block_size: u32,\n    max_sectors: u32,\n}",
            "    /// The logical block size.\n    #[must_use]\n    \
             pub fn block_size(mut self, value: u32) -> Self {",
            "pub fn to_raw(&self) -> crate::bindings::fix_limits {",
            "raw.max_sectors = self.max_sectors;",
        ],
    );
    assert!(!module.contains("flags"), "{module}");
}

#[test]
fn a_power_of_two_check_refuses_other_values_in_the_setter() {
    let spec = config(
        "fields = [\"block_size\"]\nchecks = { block_size = \"power_of_two(512, FIX_PAGE_SIZE)\" }\n",
    );
    let module = Fixture::new("config-power-of-two", LIMITS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// `EINVAL` unless the value is a power of two from 512 to `FIX_PAGE_SIZE` (4096).",
            "pub fn block_size(mut self, value: u32) -> crate::error::Result<Self> {",
            "v.is_power_of_two() && (512u64..=4096u64).contains(&v)",
            "return Err(crate::error::code::EINVAL);",
        ],
    );
}

#[test]
fn a_range_check_takes_numbers_in_any_base_and_constants() {
    let spec =
        config("fields = [\"max_sectors\"]\nchecks = { max_sectors = \"range(8, 0xffff)\" }\n");
    let module = Fixture::new("config-range", LIMITS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// `EINVAL` unless the value is from 8 to `0xffff` (65535).",
            "(8u64..=65_535u64).contains(&v)",
        ],
    );
}

#[test]
fn a_bits_check_refuses_flags_outside_the_named_ones() {
    let spec = config(
        "fields = [\"flags\"]\nchecks = { flags = \"bits(FIX_F_MERGE | FIX_F_BLOCKING)\" }\n",
    );
    let module = Fixture::new("config-bits", LIMITS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// `EINVAL` unless the value is made of `FIX_F_MERGE`, `FIX_F_BLOCKING`.",
            "pub fn flags(mut self, value: u16) -> crate::error::Result<Self> {",
            "v & !0x5 == 0",
        ],
    );
}

#[test]
fn unknown_and_malformed_checks_are_refused() {
    let spec = config(
        "fields = [\"block_size\", \"max_sectors\"]\n\
         checks = { block_size = \"even(2)\", max_sectors = \"range(1, 2 3)\" }\n",
    );
    Fixture::new("config-check-unknown", LIMITS, &spec).assert_refused(&[
        (
            "\"even(2)\"",
            "unknown check `even(2)`; checks: power_of_two(MIN, MAX), range(MIN, MAX), \
             bits(FLAG | FLAG ...), numa_node",
        ),
        (
            "\"range(1, 2 3)\"",
            "`2 3` is neither a number nor a constant name",
        ),
    ]);
}

#[test]
fn empty_and_unresolved_checks_are_refused() {
    let spec = config(
        "fields = [\"block_size\", \"max_sectors\", \"flags\"]\n\
         checks = { max_sectors = \"range(10, 1)\",\n\
         flags = \"range(0, FIX_PAGE_SIZ)\" }\n",
    );
    Fixture::new("config-check-refusals", LIMITS, &spec).assert_refused(&[
        ("\"range(10, 1)\"", "`range(10, 1)` is empty: 10 > 1"),
        (
            "\"range(0, FIX_PAGE_SIZ)\"",
            "no constant named `FIX_PAGE_SIZ` in the headers; did you mean `FIX_PAGE_SIZE`?",
        ),
    ]);
}

#[test]
fn a_check_bound_is_a_non_negative_constant() {
    let spec =
        config("fields = [\"block_size\"]\nchecks = { block_size = \"range(FIX_NO_NODE, 8)\" }\n");
    Fixture::new("config-negative-bound", LIMITS, &spec).assert_refused(&[(
        "\"range(FIX_NO_NODE, 8)\"",
        "`range(FIX_NO_NODE, 8)`: `FIX_NO_NODE` (-1) is below 0, the least value of \
         `block_size`, a `u32`",
    )]);
}

#[test]
fn a_numa_node_check_needs_the_kernel_s_numa_names() {
    let spec = config("fields = [\"block_size\"]\nchecks = { block_size = \"numa_node\" }\n");
    Fixture::new("config-numa-node", LIMITS, &spec).assert_refused(&[(
        "\"numa_node\"",
        "`numa_node` needs the constant NUMA_NO_NODE in the headers (<linux/numa.h>, \
         <linux/nodemask.h>)",
    )]);
}

#[test]
fn config_fields_are_integers_named_in_fields() {
    let spec = config(
        "fields = [\"name\", \"rotational\", \"block_sise\"]\nchecks = { flags = \"range(0, 1)\" }\n",
    );
    Fixture::new("config-field-refusals", LIMITS, &spec).assert_refused(&[
        (
            "\"name\"",
            "config fields are integers; `name` is `const char *`",
        ),
        (
            "\"rotational\"",
            "config fields are integers; `rotational` is `unsigned int`",
        ),
        (
            "\"block_sise\"",
            "no field of struct fix_limits named `block_sise` in the headers; did you mean \
             `block_size`?",
        ),
        ("flags =", "no field named `flags` in `fields`"),
    ]);
}

const TAGS: &str = "
#define FIX_NO_NODE (-1)
#define FIX_DEPTH 64
struct fix_tags;
struct module;
struct fix_tag_ops { int (*queue)(struct fix_tags *set); };
struct fix_owned_ops { struct module *owner; int (*queue)(struct fix_tags *set); };
/**
 * struct fix_tags - a tag set
 * @depth: the queue depth
 */
struct fix_tags {
	unsigned int depth;
	int numa_node;
	const char *name;
	const struct fix_tag_ops *ops;
};
int fix_alloc_tags(struct fix_tags *set);
void fix_free_tags(struct fix_tags *set);
int fix_count(int n);
";

/// A spec of one `[object.fix_tags]` entry with these lines.
fn tags(lines: &str) -> String {
    format!("[object.fix_tags]\nrust = \"fix::Tags\"\n{lines}")
}

const CREATE: &str = "access = \"shared\"\ncreate = [\"fix_alloc_tags\", \"fix_free_tags\"]\n";

#[test]
fn a_created_object_is_configured_checked_and_set_up_in_place() {
    let spec = tags(&format!(
        "{CREATE}config = [\"depth\", \"numa_node\"]\ndefaults = {{ numa_node = \"FIX_NO_NODE\" }}\n\
         checks = {{ depth = \"range(1, 1024)\" }}\n"
    ));
    let module = Fixture::new("create", TAGS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// What is set in a new [`Tags`] before `fix_alloc_tags` sets it up.",
            "pub struct TagsConfig {\n    /// The queue depth.\n    ///\n    \
             /// `new` refuses it with `EINVAL` unless it is from 1 to 1024.\n    \
             pub depth: u32,\n    pub numa_node: i32,\n}",
            "/// Zero, except that `numa_node` is `FIX_NO_NODE`.",
            "numa_node: crate::bindings::FIX_NO_NODE,",
            "pub fn new(config: TagsConfig) -> crate::error::Result<crate::types::Managed<Self>> {",
            "(1u64..=1024u64).contains(&v)",
            "crate::error::to_result(unsafe { crate::bindings::fix_alloc_tags(raw) })?;",
            "unsafe impl crate::types::Teardown for Tags {",
            "unsafe { crate::bindings::fix_free_tags(obj.as_ptr().cast()) }",
        ],
    );
}

#[test]
fn a_created_object_pointing_to_an_ops_table_is_typed_by_its_trait() {
    let spec = tags(&format!("{CREATE}config = [\"depth\"]\n"))
        + "\n[ops.fix_tag_ops]\nrust = \"fix::TagOperations\"\n";
    let module = Fixture::new("create-ops", TAGS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub struct Tags<T>(",
            "impl<T: TagOperations> Tags<T> {",
            "/// Its `ops` points to the `'static` table of `T`.",
            "(*raw).ops = TagOperationsTable::of::<T>();",
            "fn queue(_set: &Tags<Self>) -> crate::error::Result {",
        ],
    );
}

#[test]
fn create_fits_only_shared_objects() {
    let spec = tags("create = [\"fix_alloc_tags\", \"fix_free_tags\"]\n");
    Fixture::new("create-not-shared", TAGS, &spec).assert_refused(&[(
        "\"fix_alloc_tags\"",
        "`create` fits objects with access \"shared\" (C synchronises them, so the created \
         value may be shared and sent)",
    )]);
}

#[test]
fn create_takes_a_setup_and_a_teardown_of_their_shapes() {
    let two_names =
        "`create` takes two names: [\"setup_fn\", \"teardown_fn\"] (and `config` needs it)";
    let spec = tags("access = \"shared\"\ncreate = [\"fix_alloc_tags\"]\n");
    Fixture::new("create-arity", TAGS, &spec).assert_refused(&[("fix_tags]", two_names)]);
    let spec = tags("access = \"shared\"\nconfig = [\"depth\"]\n");
    Fixture::new("create-config-alone", TAGS, &spec).assert_refused(&[("fix_tags]", two_names)]);
    let spec = tags("access = \"shared\"\ncreate = [\"fix_free_tags\", \"fix_alloc_tags\"]\n");
    Fixture::new("create-shapes", TAGS, &spec).assert_refused(&[(
        "\"fix_free_tags\"",
        "`fix_free_tags` must be `int fix_free_tags(struct fix_tags *)`",
    )]);
}

#[test]
fn create_config_checks_and_defaults_name_integer_fields_and_fitting_constants() {
    let spec = tags(&format!(
        "{CREATE}config = [\"depth\", \"name\"]\nchecks = {{ numa_node = \"range(0, 1)\" }}\n\
         defaults = {{ numa_node = \"FIX_NO_NODE\", depth = \"FIX_DEPT\" }}\n"
    ));
    Fixture::new("create-config-refusals", TAGS, &spec).assert_refused(&[
        (
            "\"name\"",
            "`config` fields are integers; `name` is `const char *`",
        ),
        (
            "numa_node = \"range",
            "no field named `numa_node` in `config`",
        ),
        (
            "numa_node = \"FIX_NO_NODE\"",
            "no field named `numa_node` in `config`",
        ),
        (
            "\"FIX_DEPT\"",
            "no constant named `FIX_DEPT` in the headers; did you mean `FIX_DEPTH`?",
        ),
    ]);
}

#[test]
fn a_default_constant_must_have_the_field_s_type() {
    let spec = tags(&format!(
        "{CREATE}config = [\"depth\"]\ndefaults = {{ depth = \"FIX_NO_NODE\" }}\n"
    ));
    Fixture::new("create-default-type", TAGS, &spec).assert_refused(&[(
        "\"FIX_NO_NODE\"",
        "`FIX_NO_NODE` is `int`; `depth` is `u32`",
    )]);
}

#[test]
fn a_created_object_cannot_point_to_a_table_with_an_owner() {
    let header = TAGS.replace(
        "const struct fix_tag_ops *ops;",
        "const struct fix_owned_ops *ops;",
    );
    let spec = tags(&format!("{CREATE}config = [\"depth\"]\n"))
        + "\n[ops.fix_owned_ops]\nrust = \"fix::OwnedOperations\"\nlast = \"queue\"\n";
    Fixture::new("create-owner", &header, &spec).assert_refused(&[(
        "fix_tags]",
        "struct fix_owned_ops has an `owner`: its tables are made per object and freed by \
         their `last` callback, which only `alloc`ed objects support",
    )]);
}

const DISK: &str = "
struct module;
struct fix_limits { unsigned int block_size; };
struct fix_tags { unsigned int depth; };
int fix_alloc_tags(struct fix_tags *set);
void fix_free_tags(struct fix_tags *set);
struct fix_disk;
struct fix_disk_ops {
	struct module *owner;
	int (*open)(struct fix_disk *disk);
	void (*free_disk)(struct fix_disk *disk);
};
struct fix_disk { char disk_name[32]; const struct fix_disk_ops *fops; };
struct fix_disk *fix_alloc_disk(struct fix_tags *set, struct fix_limits *lim, void *queuedata);
void fix_set_capacity(struct fix_disk *disk, unsigned long long size);
int fix_add_disk(struct fix_disk *disk);
void fix_del_disk(struct fix_disk *disk);
void fix_put_disk(struct fix_disk *disk);
";

/// A config, a created tag set, `[object.fix_disk]` with these lines and its ops table.
fn disk(lines: &str) -> String {
    format!(
        "[config.fix_limits]\nrust = \"fix::Limits\"\nfields = [\"block_size\"]\n\n\
         [object.fix_tags]\nrust = \"fix::Tags\"\n{CREATE}config = [\"depth\"]\n\n\
         [object.fix_disk]\nrust = \"fix::Disk\"\n{lines}\n\
         [ops.fix_disk_ops]\nrust = \"fix::DiskOperations\"\nlast = \"free_disk\"\n"
    )
}

const ALLOC: &str = "access = \"shared\"\nalloc = \"fix_alloc_disk\"\n\
                     setup = [\"fix_set_capacity\", \"fix_add_disk\"]\n\
                     teardown = [\"fix_del_disk\", \"fix_put_disk\"]\nconfig = [\"disk_name\"]\n\
                     rename = { \"fix_alloc_disk.lim\" = \"limits\", \"fix_set_capacity.size\" = \"sectors\" }\n";

#[test]
fn an_allocated_object_takes_its_arguments_config_and_setup_and_is_torn_down_in_order() {
    let module = Fixture::new("alloc", DISK, &disk(ALLOC)).module("fix");
    assert_contains(
        &module,
        &[
            "pub struct DiskConfig<'a> {\n    pub limits: Limits,\n    pub disk_name: &'a str,\n    \
             pub sectors: u64,\n}",
            // A created object is moved in and kept, `void *` is the driver's data.
            "pub fn new<T: DiskOperations, D: Send + Sync + 'static>(\n        \
             module: &'static crate::module::ThisModule,\n        \
             set: crate::types::Managed<Tags>,\n        queuedata: D,\n        \
             config: DiskConfig<'_>,\n    ) -> crate::error::Result<crate::types::Built<Self>> {",
            "crate::bindings::fix_alloc_disk(set.as_raw(), &raw mut limits, queuedata_ptr)",
            "unsafe { crate::bindings::fix_set_capacity(raw, config.sectors) };",
            // On the failure of the last setup call only the undo of `alloc` runs.
            "// SAFETY: `fix_add_disk` failed, so the object was never published; `fix_put_disk`\n",
            // The table is made for the object, with the module as owner, and freed after
            // `last`.
            "table.owner = module.as_ptr();\n                    \
             table.free_disk = Some(Self::release_fops::<T>);",
            "type Kept = (crate::types::Managed<Tags>,);",
            "crate::bindings::fix_del_disk(obj.as_ptr().cast());\n            \
             crate::bindings::fix_put_disk(obj.as_ptr().cast());",
        ],
    );
}

/// A refusal case: the fixture's name, a text of the spec, its replacement, and the
/// diagnostics (where, message).
type Case<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);

#[test]
fn alloc_refuses_other_shapes_one_mistake_at_a_time() {
    let not_shared = "`alloc` fits objects with access \"shared\" (C synchronises them, so the \
                      value may be shared and sent)";
    // A `locked_mut` disk has no view for the unlocked `free_disk`, so `last` names no safe
    // callback either.
    let last = "`last` names `free_disk`, which cannot be made safe: parameter `disk`: C does \
                not hold the lock of struct fix_disk for this call (the ops table's `locked` and \
                `take_lock` do not list it), and it has no `borrowed` view";
    let cases: [Case<'_>; 5] = [
        (
            "alloc-not-shared",
            "access = \"shared\"\nalloc",
            "alloc",
            &[("\"fix_alloc_disk\"", not_shared), ("\"free_disk\"", last)],
        ),
        (
            "alloc-returns",
            "alloc = \"fix_alloc_disk\"",
            "alloc = \"fix_add_disk\"",
            // The `rename` of the intended function's parameter is not reported again.
            &[(
                "\"fix_add_disk\"",
                "`fix_add_disk` returns `int`; `alloc` needs a function returning `struct \
                 fix_disk *` (or an ERR_PTR)",
            )],
        ),
        (
            "alloc-setup-order",
            "[\"fix_set_capacity\", \"fix_add_disk\"]",
            "[\"fix_add_disk\", \"fix_set_capacity\"]",
            &[(
                "\"fix_add_disk\", \"fix_set_capacity\"",
                "`fix_add_disk` can fail, so it must be the last `setup` call (an earlier \
                 failing call would leave later ones to undo)",
            )],
        ),
        (
            "alloc-teardown-missing",
            "teardown = [\"fix_del_disk\", \"fix_put_disk\"]\n",
            "",
            &[(
                "\"fix_alloc_disk\"",
                "`alloc` needs `teardown`: the calls that end the object, the last one undoing \
                 `alloc`",
            )],
        ),
        (
            "alloc-teardown-shape",
            "teardown = [\"fix_del_disk\"",
            "teardown = [\"fix_add_disk\"",
            &[(
                "\"fix_add_disk\", \"fix_put_disk\"",
                "`fix_add_disk` must be `void fix_add_disk(struct fix_disk *)`",
            )],
        ),
    ];
    for (test, from, to, expected) in cases {
        let spec = disk(&ALLOC.replacen(from, to, 1));
        Fixture::new(test, DISK, &spec).assert_refused(expected);
    }
}

#[test]
fn setup_and_teardown_go_with_alloc() {
    let spec = disk("access = \"shared\"\nsetup = [\"fix_add_disk\"]\n");
    Fixture::new("alloc-setup-alone", DISK, &spec)
        .assert_refused(&[("fix_disk]", "`setup` and `teardown` go with `alloc`")]);
}

#[test]
fn last_is_for_tables_with_an_owner_and_names_a_safe_callback() {
    let spec = disk(ALLOC).replace("last = \"free_disk\"", "last = \"free_dsk\"");
    Fixture::new("last-unknown", DISK, &spec).assert_refused(&[(
        "\"free_dsk\"",
        "no callback of struct fix_disk_ops named `free_dsk` in the headers; did you mean \
         `free_disk`?",
    )]);
    let spec = disk(ALLOC).replace("last = \"free_disk\"\n", "");
    Fixture::new("last-missing", DISK, &spec).assert_refused(&[(
        "fix_disk_ops]",
        "struct fix_disk_ops has an `owner`: an object's table gets this module as owner, so it \
         is made per object and freed after the callback C calls last; name it with `last = \
         \"...\"`",
    )]);
}

const SIGNED: &str = "
#define FIX_NO_NODE (-1)
#define FIX_BIG 0x20000
struct fix_cfg { unsigned int id; int speed; unsigned short flags; };
";

/// Found in review: a negative bound was a syntax error that did not say what was wrong
/// (``-1` is neither a number nor a constant name`), and a bound outside the field's type
/// was accepted, making the check pass everything or nothing.
#[test]
fn a_check_s_bounds_fit_the_field_s_type() {
    let spec = "[config.fix_cfg]\nrust = \"fix::Cfg\"\nfields = [\"id\", \"speed\", \"flags\"]\n\
                checks = { id = \"range(-1, 5)\", speed = \"range(-0x10, 0x1ffffffff)\",\n\
                flags = \"bits(1 | FIX_BIG)\" }\n";
    Fixture::new("config-check-fit", SIGNED, spec).assert_refused(&[
        (
            "\"range(-1, 5)\"",
            "`range(-1, 5)`: `-1` is below 0, the least value of `id`, a `u32`",
        ),
        (
            "\"range(-0x10, 0x1ffffffff)\"",
            "`range(-0x10, 0x1ffffffff)`: `-0x10` (-16) is negative, and a check passes no \
             negative value (it compares values from 0 up): start the range at 0",
        ),
        (
            "\"bits(1 | FIX_BIG)\"",
            "`bits(1 | FIX_BIG)`: `FIX_BIG` (131072) does not fit `flags`, a `u16` (at most \
             65535)",
        ),
    ]);
    let spec = "[config.fix_cfg]\nrust = \"fix::Cfg\"\nfields = [\"speed\", \"flags\"]\n\
                checks = { speed = \"range(0, 0x1ffffffff)\", flags = \"power_of_two(1, FIX_BIG)\" }\n";
    Fixture::new("config-check-fit-max", SIGNED, spec).assert_refused(&[
        (
            "\"range(0, 0x1ffffffff)\"",
            "`range(0, 0x1ffffffff)`: `0x1ffffffff` (8589934591) does not fit `speed`, an \
             `i32` (at most 2147483647)",
        ),
        (
            "\"power_of_two(1, FIX_BIG)\"",
            "`power_of_two(1, FIX_BIG)`: `FIX_BIG` (131072) does not fit `flags`, a `u16` (at \
             most 65535)",
        ),
    ]);
}
