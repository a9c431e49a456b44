//! `[enum.X]`, `[constants.X]` and `[errno]` on one-feature headers: the Rust items each
//! shape becomes, and each refusal at its place in bridge.toml.

mod fixture;

use fixture::{Fixture, assert_contains};

const STATES: &str = "
/**
 * enum fix_state - states of a fixture device
 * @FIX_DOWN: not running
 */
enum fix_state { FIX_DOWN, FIX_WAKE_THREAD, FIX_NOLINK, FIX_LAST };
";

#[test]
fn variants_are_the_constants_after_their_shared_prefix_in_camel_case() {
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\n";
    let module = Fixture::new("enum-variants", STATES, spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// States of a fixture device.\n",
            "pub enum State {\n    /// Not running (`FIX_DOWN`).\n    Down,\n    /// `FIX_WAKE_THREAD`.\n    WakeThread,\n    /// `FIX_NOLINK`.\n    Nolink,\n}",
            "crate::bindings::fix_state_FIX_WAKE_THREAD => Some(Self::WakeThread),",
            "pub fn to_raw(self) -> crate::bindings::fix_state {",
            "fn default() -> Self {\n        Self::Down\n    }",
        ],
    );
}

#[test]
fn a_rename_names_a_variant_the_words_do_not_give() {
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\nrename = { FIX_NOLINK = \"NoLink\" }\n";
    let module = Fixture::new("enum-rename", STATES, spec).module("fix");
    assert_contains(
        &module,
        &[
            "    /// `FIX_NOLINK`.\n    NoLink,\n",
            "crate::bindings::fix_state_FIX_NOLINK => Some(Self::NoLink),",
        ],
    );
    assert!(!module.contains("Nolink"), "{module}");
}

#[test]
fn a_sentinel_constant_gets_no_variant() {
    let header = "enum fix_op { FIX_OP_READ, FIX_OP_WRITE, FIX_OP_LAST, FIX_OP_MAX };\n";
    let f = Fixture::new(
        "enum-sentinels-default",
        header,
        "[enum.fix_op]\nrust = \"fix::Op\"\n",
    );
    let module = f.module("fix");
    assert_contains(
        &module,
        &[
            "pub enum Op {\n    /// `FIX_OP_READ`.\n    Read,\n    /// `FIX_OP_WRITE`.\n    Write,\n}",
        ],
    );
    assert!(
        !module.contains("Self::Last") && !module.contains("Self::Max"),
        "{module}"
    );
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "enum fix_op constant FIX_OP_LAST: a sentinel, not a value (`from_raw` gives `None` for it)",
            "enum fix_op constant FIX_OP_MAX: a sentinel",
        ],
    );
}

#[test]
fn spec_sentinels_replace_the_default_ones() {
    let header = "enum fix_op { FIX_OP_READ, FIX_OP_LAST, FIX_OP_COUNT };\n";
    let spec = "[enum.fix_op]\nrust = \"fix::Op\"\nsentinels = [\"*_COUNT\"]\n";
    let module = Fixture::new("enum-sentinels-spec", header, spec).module("fix");
    assert_contains(
        &module,
        &["    Read,\n", "    /// `FIX_OP_LAST`.\n    Last,\n"],
    );
    assert!(!module.contains("Count"), "{module}");
}

#[test]
fn an_empty_sentinel_list_keeps_every_constant() {
    let header = "enum fix_op { FIX_OP_READ, FIX_OP_LAST };\n";
    let spec = "[enum.fix_op]\nrust = \"fix::Op\"\nsentinels = []\n";
    let module = Fixture::new("enum-sentinels-none", header, spec).module("fix");
    assert_contains(&module, &["    Read,\n", "    Last,\n"]);
}

#[test]
fn a_method_returning_a_spec_d_enum_returns_an_option_of_it() {
    let header = "enum fix_state { FIX_DOWN, FIX_UP };\nstruct fix_dev { int x; };\n\
                  enum fix_state fix_state(struct fix_dev *dev);\n";
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\n\n[object.fix_dev]\n\
                rust = \"fix::Device\"\naccess = \"shared\"\nmethods = [\"fix_state\"]\n";
    let module = Fixture::new("enum-return", header, spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub fn fix_state(&self) -> Option<State> {",
            "State::from_raw(ret)",
        ],
    );
}

#[test]
fn a_function_taking_an_enum_the_spec_does_not_expose_is_skipped_with_the_fix() {
    let header = "enum fix_mode { FIX_MODE_A, FIX_MODE_B };\nstruct fix_dev { int x; };\n\
                  int fix_set_mode(struct fix_dev *dev, enum fix_mode mode);\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\
                methods = [\"fix_set_mode\"]\n";
    let f = Fixture::new("enum-not-exposed", header, spec);
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fn fix_set_mode: parameter `mode` is `enum fix_mode` is an enum the spec does not expose: add [enum.fix_mode]",
        ],
    );
    assert!(!f.module("fix").contains("set_mode"));
}

#[test]
fn an_unknown_enum_is_refused_with_the_nearest_name() {
    let spec = "[enum.fix_stat]\nrust = \"fix::State\"\n";
    Fixture::new("enum-unknown", STATES, spec).assert_refused(&[(
        "fix_stat]",
        "no enum named `fix_stat` in the headers; did you mean `fix_state`?",
    )]);
}

#[test]
fn an_enum_needs_a_module_path() {
    let spec = "[enum.fix_state]\nrust = \"State\"\n";
    Fixture::new("enum-no-module", STATES, spec).assert_refused(&[(
        "\"State\"",
        "`State` is not a Rust path of the form `module::Name`",
    )]);
}

#[test]
fn a_rename_of_no_constant_is_refused_with_the_nearest_constant() {
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\nrename = { FIX_NOLNK = \"NoLink\" }\n";
    Fixture::new("enum-rename-unknown", STATES, spec).assert_refused(&[(
        "FIX_NOLNK",
        "no constant of enum `fix_state` named `FIX_NOLNK` in the headers; did you mean `FIX_NOLINK`?",
    )]);
}

#[test]
fn a_rename_to_no_camel_case_identifier_is_refused() {
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\nrename = { FIX_NOLINK = \"no_link\" }\n";
    Fixture::new("enum-rename-case", STATES, spec).assert_refused(&[(
        "\"no_link\"",
        "`no_link` is not a CamelCase Rust identifier (a variant starts with an uppercase \
         letter and has no `_`)",
    )]);
}

#[test]
fn a_sentinel_pattern_matching_nothing_is_refused_with_the_constants() {
    let spec = "[enum.fix_state]\nrust = \"fix::State\"\nsentinels = [\"FIX_LAZT\"]\n";
    Fixture::new("enum-sentinel-typo", STATES, spec).assert_refused(&[(
        "\"FIX_LAZT\"",
        "`FIX_LAZT` matches no constant of enum `fix_state` (`FIX_DOWN`, `FIX_WAKE_THREAD`, \
         `FIX_NOLINK`, `FIX_LAST`)",
    )]);
}

const REGISTERS: &str = "
#define FIX_REG_CTRL 0x00
#define FIX_REG_STATUS 0x01
#define FIX_CTRL_RESET 0x8000
#define FIX_CTRL_LOOPBACK 0x4000
#define FIX_NAME \"fixture\"
#define FIX_NEG (-1)
";

#[test]
fn types_re_export_the_matching_macros_typed_for_the_api() {
    let spec = "[constants.fix]\nrust = \"fix::regs\"\n\
                types = { \"FIX_REG_*\" = \"u32\", FIX_CTRL_RESET = \"u16\" }\n";
    let f = Fixture::new("constants-types", REGISTERS, spec);
    let module = f.module("fix::regs");
    assert_contains(
        &module,
        &[
            "/// `FIX_REG_CTRL` (linux/fixture.h:2:9).\npub const FIX_REG_CTRL: u32 = 0;",
            "pub const FIX_REG_STATUS: u32 = 1;",
            "pub const FIX_CTRL_RESET: u16 = 0x8000;",
        ],
    );
    assert!(!module.contains("LOOPBACK"), "{module}");
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "FIX_REG_* -> fix::regs (2 as u32)",
            "FIX_CTRL_RESET -> fix::regs (1 as u16)",
        ],
    );
}

#[test]
fn a_newtype_holds_the_constants_typed_with_it_as_associated_constants() {
    let header = "#define FIX_DUPLEX_HALF 0\n#define FIX_DUPLEX_FULL 1\n\
                  #define FIX_SPEED_10 10\n#define FIX_SPEED_100 100\n";
    let spec = "[constants.fix]\nrust = \"fix\"\nnewtypes = { Duplex = \"u8\", Speed = \"i32\" }\n\
                types = { \"FIX_DUPLEX_*\" = \"Duplex\", \"FIX_SPEED_*\" = \"Speed\" }\n";
    let module = Fixture::new("constants-newtypes", header, spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// A `FIX_DUPLEX_*` value (stored in C as `u8`).",
            "pub struct Duplex(u8);",
            "pub const HALF: Self = Self(0);",
            "pub const FULL: Self = Self(1);",
            "pub struct Speed(i32);",
            // Without the prefix the names would start with a digit.
            "pub const FIX_SPEED_10: Self = Self(10);",
            "pub const fn from_raw(raw: i32) -> Self {",
        ],
    );
}

#[test]
fn a_header_limits_the_constants_to_those_it_defines() {
    let spec = "[constants.fix]\nrust = \"fix\"\nheader = \"linux/regs.h\"\ntypes = { \"FIX_*\" = \"u32\" }\n";
    let f = Fixture::new("constants-header", "#define FIX_OTHER 7\n", spec)
        .with_header("linux/regs.h", "#define FIX_MINE 3\n");
    let module = f.module("fix");
    assert_contains(&module, &["pub const FIX_MINE: u32 = 3;"]);
    assert!(!module.contains("FIX_OTHER"), "{module}");
}

#[test]
fn a_value_outside_its_type_is_refused_where_the_type_is_given() {
    let spec =
        "[constants.fix]\nrust = \"fix\"\ntypes = { \"FIX_CTRL_*\" = \"u8\", FIX_NEG = \"u32\" }\n";
    Fixture::new("constants-range", REGISTERS, spec).assert_refused(&[
        // One error per type, however many constants it does not fit.
        (
            "\"u8\"",
            "`FIX_CTRL_RESET` = 32768 (linux/fixture.h:4:9) and `FIX_CTRL_LOOPBACK` = 16384 \
             (linux/fixture.h:5:9) do not fit in u8",
        ),
        (
            "\"u32\"",
            "`FIX_NEG` = -1 (linux/fixture.h:7:9) does not fit in u32",
        ),
    ]);
}

#[test]
fn constants_refuse_unknown_types() {
    let spec = "[constants.fix]\nrust = \"fix\"\n\
                types = { \"FIX_REG_*\" = \"word\", FIX_NAME = \"usize\" }\n";
    Fixture::new("constants-types", REGISTERS, spec).assert_refused(&[
        (
            "\"word\"",
            "`word` is not a constant type; use one of u8, u16, u32, u64, i8, i16, i32, i64",
        ),
        (
            "\"usize\"",
            "`usize` is not a constant type; use one of u8, u16, u32, u64, i8, i16, i32, i64",
        ),
    ]);
}

#[test]
fn constants_refuse_unknown_names_strings_and_double_matches() {
    let spec = "[constants.fix]\nrust = \"fix\"\n\
                types = { \"FIX_REG_*\" = \"Sped\", FIX_REG_CTRLL = \"u32\", FIX_NAME = \"u32\",\n\
                \"FIX_CTRL_*\" = \"u16\", FIX_CTRL_RESET = \"u32\" }\n";
    Fixture::new("constants-refusals", REGISTERS, spec).assert_refused(&[
        (
            "\"Sped\"",
            "`Sped` is not a constant type; use one of u8, u16, u32, u64, i8, i16, i32, i64",
        ),
        (
            "FIX_REG_CTRLL",
            "no constant named `FIX_REG_CTRLL` in the headers; did you mean `FIX_REG_CTRL`?",
        ),
        (
            "FIX_NAME",
            "`FIX_NAME` (linux/fixture.h:6:9) is a string, not an integer",
        ),
        (
            "FIX_CTRL_RESET =",
            "`FIX_CTRL_RESET` is matched by both `FIX_CTRL_*` and `FIX_CTRL_RESET`",
        ),
    ]);
}

#[test]
fn newtypes_must_be_camel_case_names_over_an_integer() {
    let spec =
        "[constants.fix]\nrust = \"fix\"\nnewtypes = { speed = \"i32\", Duplex = \"f32\" }\n";
    Fixture::new("constants-newtype-refusals", REGISTERS, spec).assert_refused(&[
        ("speed", "`speed` is not a CamelCase type name"),
        (
            "\"f32\"",
            "`f32` is not an integer type; use one of u8, u16, u32, u64, i8, i16, i32, i64",
        ),
    ]);
}

#[test]
fn a_constants_module_is_a_rust_path() {
    let spec = "[constants.fix]\nrust = \"fix-regs\"\n\n[constants.other]\nrust = \"fix::type\"\n";
    Fixture::new("constants-module", REGISTERS, spec).assert_refused(&[
        (
            "\"fix-regs\"",
            "`fix-regs` is not a module path like `net::phy::mii`",
        ),
        (
            "\"fix::type\"",
            "`fix::type` is not a module path like `net::phy::mii`",
        ),
    ]);
}

#[test]
fn a_constants_header_must_define_constants() {
    let spec = "[constants.other]\nrust = \"fix\"\nheader = \"linux/none.h\"\n";
    Fixture::new("constants-header", REGISTERS, spec).assert_refused(&[(
        "\"linux/none.h\"",
        "no constants are defined in `linux/none.h`",
    )]);
}

const SPEED_DEVICE: &str = "
#define FIX_SPEED_10 10
struct fix_dev { int speed; unsigned int id; };
";

#[test]
fn a_field_of_a_newtype_reads_as_that_newtype() {
    let spec = "[constants.fix]\nrust = \"fix\"\nnewtypes = { Speed = \"i32\" }\n\
                types = { \"FIX_SPEED_*\" = \"Speed\" }\n\n[object.fix_dev]\nrust = \"fix::Device\"\n\
                access = \"shared\"\nfields = [\"speed\"]\nfield_types = { speed = \"Speed\" }\n";
    let module = Fixture::new("field-newtype", SPEED_DEVICE, spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub fn speed(&self) -> Speed {",
            "Speed::from_raw(unsafe { (*self.as_raw()).speed })",
        ],
    );
}

#[test]
fn a_field_type_needs_a_known_newtype_over_the_field_s_integer() {
    let spec = "[constants.fix]\nrust = \"fix\"\nnewtypes = { Speed = \"i32\" }\n\
                types = { \"FIX_SPEED_*\" = \"Speed\" }\n\n[object.fix_dev]\nrust = \"fix::Device\"\n\
                access = \"shared\"\nfields = [\"speed\", \"id\"]\n\
                field_types = { speed = \"Sped\", id = \"Speed\" }\n";
    Fixture::new("field-newtype-refusals", SPEED_DEVICE, spec).assert_refused(&[
        (
            "\"Sped\"",
            "no newtype named `Sped` in the spec; did you mean `Speed`?",
        ),
        ("id = \"Speed\"", "`id` is not a `i32` field in `fields`"),
    ]);
}

#[test]
fn errno_headers_give_the_error_codes() {
    let header = "#define EPERM 1\n#define EIO 5\n#define FIX_OTHER 7\n";
    let spec = "[errno]\nheaders = [\"linux/errno.h\"]\n";
    let f = Fixture::new("errno", "", spec).with_header("linux/errno.h", header);
    let errno = f.artifact("errno.rs");
    assert_contains(
        &errno,
        &[
            "/// `-EIO` (5).\npub const EIO: crate::error::Error = crate::error::Error::from_constant(",
            "crate::bindings::EPERM => Some(\"EPERM\"),",
        ],
    );
    assert!(!errno.contains("FIX_OTHER"), "{errno}");
    Fixture::new(
        "errno-unknown",
        "",
        "[errno]\nheaders = [\"linux/errnoo.h\"]\n",
    )
    .with_header("linux/errno.h", header)
    .assert_refused(&[(
        "\"linux/errnoo.h\"",
        "no header named `linux/errnoo.h` in the headers; did you mean `linux/errno.h`?",
    )]);
}

/// Found by these tests: a variant that would start with a digit panicked the generator
/// (`FIX_SPEED_10` -> `10`). The prefix gives back a word instead.
#[test]
fn a_variant_that_would_start_with_a_digit_keeps_a_word_of_the_prefix() {
    let header = "enum fix_speed { FIX_SPEED_10, FIX_SPEED_100 };\n";
    let spec = "[enum.fix_speed]\nrust = \"fix::Speed\"\n";
    let module = Fixture::new("enum-digits", header, spec).module("fix");
    assert_contains(&module, &["    Speed10,\n", "    Speed100,\n"]);
}

/// Found by these tests: the prefix was computed over the sentinels too (`__FIX_ATTR_MAX`
/// made it empty), and an enum of sentinels only panicked.
#[test]
fn the_prefix_ignores_sentinels_and_an_enum_needs_a_variant() {
    let header = "enum fix_attr { FIX_ATTR_A, FIX_ATTR_B, __FIX_ATTR_MAX };\n\
                  enum fix_only { FIX_ONLY_LAST };\n";
    let spec = "[enum.fix_attr]\nrust = \"fix::Attr\"\n";
    let module = Fixture::new("enum-prefix-sentinels", header, spec).module("fix");
    assert_contains(&module, &["    A,\n", "    B,\n"]);
    let spec = "[enum.fix_only]\nrust = \"fix::Only\"\n";
    Fixture::new("enum-only-sentinels", header, spec).assert_refused(&[(
        "fix_only]",
        "enum `fix_only` has no constants besides its sentinels",
    )]);
}

/// Found by these tests: a rename could give two constants one variant.
#[test]
fn two_constants_cannot_become_one_variant() {
    let header = "enum fix_state2 { FIX_UP, FIX_DOWN };\n";
    let spec = "[enum.fix_state2]\nrust = \"fix::State\"\nrename = { FIX_UP = \"Down\" }\n";
    Fixture::new("enum-duplicate", header, spec).assert_refused(&[(
        "\"Down\"",
        "`FIX_UP` and `FIX_DOWN` would both be variant `Down`: rename one",
    )]);
}
