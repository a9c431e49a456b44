//! Two things the spec makes that would get one Rust name are refused at the second, naming
//! both: members of one object (methods, getters, setters and what the wrapper has anyway),
//! items of one module (enums, objects, configs, id types, newtypes, traits and the types
//! made from them), the associated constants of one newtype, and the parameters of one
//! callback. Found in review: each compiled-failed in the generated code or shadowed.

mod fixture;

use fixture::Fixture;

const DEVICE: &str = "
struct fix_dev { unsigned int id; int speed; void *priv; };
int fix_read(struct fix_dev *dev, unsigned int reg);
void fix_reset(struct fix_dev *dev);
int fix_set_speed(struct fix_dev *dev, int speed);
enum fix_state { FIX_DOWN, FIX_UP };
struct fix_limits { unsigned int depth; };
";

/// A locked `[object.fix_dev]` with these lines.
fn object(lines: &str) -> String {
    format!("[object.fix_dev]\nrust = \"fix::Device\"\n{lines}")
}

#[test]
fn a_method_and_a_getter_cannot_share_a_name() {
    let spec =
        object("methods = [\"fix_read\"]\nfields = [\"id\"]\nrename = { fix_read = \"id\" }\n");
    Fixture::new("clash-method-getter", DEVICE, &spec).assert_refused(&[(
        "\"id\" }",
        "the getter of field `id` and method `fix_read` (renamed `id`) would both be \
         `Device::id`: give one of them another name in `rename`",
    )]);
}

#[test]
fn a_method_and_a_setter_cannot_share_a_name() {
    let spec = object(
        "method_prefix = \"fix_\"\nmethods = [\"fix_set_speed\"]\nfields = [\"speed\"]\n\
         fields_mut = [\"speed\"]\n",
    );
    Fixture::new("clash-method-setter", DEVICE, &spec).assert_refused(&[(
        "\"fix_set_speed\"",
        "the setter of field `speed` and method `fix_set_speed` would both be \
         `Device::set_speed`: give one of them another name in `rename`",
    )]);
}

#[test]
fn a_member_cannot_take_a_name_the_wrapper_has_anyway() {
    let spec = object(
        "access = \"shared\"\nmethods = [\"fix_reset\"]\nfields = [\"id\"]\n\
         rename = { fix_reset = \"as_raw\", id = \"data\" }\nprivate = \"priv\"\n",
    );
    Fixture::new("clash-wrapper", DEVICE, &spec).assert_refused(&[
        (
            "\"data\"",
            "the private data's getter and the getter of field `id` (renamed `data`) would both \
             be `Device::data`: give the field another name in `rename`",
        ),
        (
            "\"as_raw\"",
            "the wrapper's own `as_raw` and method `fix_reset` (renamed `as_raw`) would both be \
             `Device::as_raw`: give the method another name in `rename`",
        ),
    ]);
}

#[test]
fn two_items_of_a_module_cannot_share_a_name() {
    let spec = "[enum.fix_state]\nrust = \"fix::Device\"\n\n\
                [object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [config.fix_limits]\nrust = \"fix::DeviceConfig\"\nfields = [\"depth\"]\n\n\
                [constants.fix]\nrust = \"fix\"\nnewtypes = { Limits = \"u32\" }\n\n\
                [config.fix_limits2]\nrust = \"fix::Limits\"\n";
    let header = format!("{DEVICE}struct fix_limits2 {{ unsigned int depth; }};\n");
    // Claimed in the order of inference: enums, newtypes, configs, objects.
    Fixture::new("clash-module", &header, spec).assert_refused(&[
        (
            "\"fix::Limits\"",
            "the newtype `Limits` of [constants.fix] and [config.fix_limits2] would both be \
             `fix::Limits`: give one of them another name",
        ),
        (
            "\"fix::Device\"\naccess",
            "[enum.fix_state] and [object.fix_dev] would both be `fix::Device`: give one of \
             them another `rust` path",
        ),
    ]);
}

#[test]
fn names_made_from_a_spec_name_clash_too() {
    let header = format!(
        "{DEVICE}int fix_alloc(struct fix_dev *dev);\nvoid fix_free(struct fix_dev *dev);\n\
         struct fix_ops {{ int (*probe)(struct fix_dev *dev); }};\n"
    );
    let spec =
        object("access = \"shared\"\ncreate = [\"fix_alloc\", \"fix_free\"]\nconfig = [\"id\"]\n")
            + "\n[ops.fix_ops]\nrust = \"fix::DeviceConfig\"\n";
    Fixture::new("clash-derived", &header, &spec).assert_refused(&[(
        "\"fix::DeviceConfig\"",
        "the config of [object.fix_dev] and [ops.fix_ops] would both be `fix::DeviceConfig`: \
         give one of them another `rust` path",
    )]);
}

#[test]
fn two_constants_cannot_become_one_associated_constant() {
    let header = "#define FIX_SPEED_A 1\n#define FIX_DUPLEX_A 2\n";
    let spec = "[constants.fix]\nrust = \"fix\"\nnewtypes = { Speed = \"i32\" }\n\
                types = { \"FIX_SPEED_*\" = \"Speed\", \"FIX_DUPLEX_*\" = \"Speed\" }\n";
    Fixture::new("clash-associated", header, spec).assert_refused(&[(
        "\"FIX_DUPLEX_*\"",
        "`FIX_SPEED_A` (by `FIX_SPEED_*`) and `FIX_DUPLEX_A` (by `FIX_DUPLEX_*`) would both \
         be `Speed::A`: give the patterns different newtypes",
    )]);
}

#[test]
fn two_sections_cannot_export_one_constant_into_one_module() {
    let header = "#define FIX_A 1\n";
    let spec = "[constants.one]\nrust = \"fix\"\ntypes = { FIX_A = \"u32\" }\n\n\
                [constants.two]\nrust = \"fix\"\ntypes = { \"FIX_*\" = \"u16\" }\n";
    Fixture::new("clash-constants", header, spec).assert_refused(&[(
        "\"FIX_*\"",
        "`FIX_A` is exported into `fix` by [constants.one] already: type it in one section \
         only",
    )]);
}

const OPS: &str = "
struct mutex { int owner; };
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
struct fix_dev { unsigned int id; struct mutex lock; };
struct fix_ops {
	int (*set)(struct fix_dev *d, unsigned int, unsigned int w);
	int (*probe)(struct fix_dev *dev, unsigned int lock);
};
";

#[test]
fn a_callback_parameter_rename_cannot_repeat_a_name() {
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\nrename = { \"set.1\" = \"w\" }\n";
    Fixture::new("clash-callback-rename", OPS, spec).assert_refused(&[(
        "\"w\"",
        "parameter 1 of `set` would be named `w`, as parameter 2 is: choose another name",
    )]);
}

#[test]
fn a_callback_parameter_cannot_take_a_name_its_trampoline_uses() {
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\nlock = \"lock\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\nrename = { \"set.1\" = \"v\" }\n\
                take_lock = { probe = \"unlocked\", set = \"unlocked\" }\n";
    Fixture::new("clash-trampoline-local", OPS, spec).assert_refused(&[(
        "fix_ops]",
        "parameter 1 of `probe` is named `lock`, which its trampoline uses for the object's \
         lock: name it otherwise, e.g. `rename = { \"probe.1\" = \"...\" }`",
    )]);
}

#[test]
fn an_unpacked_field_cannot_repeat_a_parameter_s_name() {
    let header = "struct fix_dev { unsigned int id; };\n\
                  struct fix_data { unsigned int dev; unsigned int last; };\n\
                  struct fix_ops { int (*queue)(struct fix_dev *dev, const struct fix_data *bd); };\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\nparams = { \"queue.bd\" = \"unpack\" }\n";
    Fixture::new("clash-unpack", header, spec).assert_refused(&[(
        "\"queue.bd\"",
        "`params` names `queue`, which cannot be made safe: `unpack` of `bd` makes a parameter \
         `dev`, and another parameter has that name",
    )]);
}

/// A field type names a newtype by its name alone: two modules' newtypes of one name made
/// it pick the first.
#[test]
fn a_field_type_names_one_newtype() {
    let header = "#define FIX_SPEED_A 1\nstruct fix_dev { int speed; };\n";
    let spec = "[constants.a]\nrust = \"fix::a\"\nnewtypes = { Speed = \"i32\" }\n\n\
                [constants.b]\nrust = \"fix::b\"\nnewtypes = { Speed = \"i32\" }\n\n\
                [object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\
                fields = [\"speed\"]\nfield_types = { speed = \"Speed\" }\n";
    Fixture::new("clash-field-type", header, spec).assert_refused(&[(
        "\"Speed\" }",
        "`Speed` names newtypes of several modules (`fix::a::Speed`, `fix::b::Speed`): a field \
         type names one newtype, so give them different names",
    )]);
}

/// Every registered table's registration type is `Registration`: two in one module clashed.
#[test]
fn two_registered_tables_need_two_modules() {
    let header = "struct module;\nstruct fix_a { int (*probe)(int n); };\n\
                  struct fix_b { int (*probe)(int n); };\n\
                  int fix_reg_a(struct fix_a *t);\nvoid fix_unreg_a(struct fix_a *t);\n\
                  int fix_reg_b(struct fix_b *t);\nvoid fix_unreg_b(struct fix_b *t);\n";
    let spec = "[ops.fix_a]\nrust = \"fix::A\"\nregister = [\"fix_reg_a\", \"fix_unreg_a\"]\n\n\
                [ops.fix_b]\nrust = \"fix::B\"\nregister = [\"fix_reg_b\", \"fix_unreg_b\"]\n";
    Fixture::new("clash-registration", header, spec).assert_refused(&[(
        "\"fix_reg_b\"",
        "the registration of [ops.fix_a] and the registration of [ops.fix_b] would both be \
         `fix::Registration`: give one of them another `rust` path",
    )]);
}
