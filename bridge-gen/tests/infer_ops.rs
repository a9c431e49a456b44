//! `[ops.X]` on one-feature headers: a C ops table becomes a trait with a trampoline per
//! callback; `required`, `skip`, `returns`, `rename`, `locked`/`take_lock`, `params`,
//! `hand_back`, `part_of`, `data`, `consts`, `register`, `bind`, `id` and an object's
//! `calls` change it, and each refusal is reported at its place in bridge.toml.

mod fixture;

use fixture::{Fixture, assert_contains};

const DRIVER: &str = "
struct mutex { int owner; };
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
struct module;
struct fix_dev { unsigned int id; struct mutex lock; };
/**
 * struct fix_ops - what a fixture driver implements
 * @name: the driver's name
 * @flags: its flags
 * @read: read a register
 */
struct fix_ops {
	const char *name;
	unsigned int flags;
	int (*probe)(struct fix_dev *dev);
	int (*read)(struct fix_dev *dev, unsigned int reg);
	int (*set)(struct fix_dev *, unsigned int);
	int (*is_busy)(struct fix_dev *dev);
	void (*remove)(struct fix_dev *dev);
	unsigned int (*status)(struct fix_dev *dev);
	int (*label)(struct fix_dev *dev, const char *label);
};
int fix_register(struct fix_ops *ops, int n, struct module *owner);
void fix_unregister(struct fix_ops *ops, int n);
";

/// A shared `fix_dev` and an `[ops.fix_ops]` entry with these lines.
fn driver(lines: &str) -> String {
    format!(
        "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
         [ops.fix_ops]\nrust = \"fix::Driver\"\nrename = {{ \"set.1\" = \"value\" }}\n{lines}"
    )
}

#[test]
fn a_callback_becomes_an_optional_trait_method_with_its_c_signature() {
    let f = Fixture::new("ops-callbacks", DRIVER, &driver(""));
    let module = f.module("fix");
    assert_contains(
        &module,
        &[
            "/// What a fixture driver implements.\n",
            "pub trait Driver: Sized + Send + Sync + 'static {",
            "    /// Read a register.\n    fn read(_dev: &Device, _reg: u32) -> crate::error::Result {\n        \
             Err(crate::error::code::EOPNOTSUPP)\n    }",
            "fn remove(_dev: &Device) {}",
            "fn status(_dev: &Device) -> u32 {\n        0\n    }",
            // NULL unless implemented.
            "if T::HAS_READ {\n            table.read = Some(fix_ops_callbacks::read::<T>);\n        }",
            "pub(crate) unsafe extern \"C\" fn read<T: Driver>(\n        \
             dev: *mut crate::bindings::fix_dev,\n        reg: u32,\n    ) -> crate::ffi::c_int {",
            "crate::error::from_result(T::read(dev, reg))",
        ],
    );
    // A C string of no stated lifetime has no pattern: the slot stays NULL, with the reason.
    assert!(!module.contains("fn label"), "{module}");
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "callbacks of fix::Driver (struct fix_ops): 6 of 7 safe",
            "fix_ops.label: parameter `label` is a C string whose lifetime the table does not state",
        ],
    );
}

#[test]
fn a_required_callback_has_no_default_and_always_fills_its_slot() {
    let module =
        Fixture::new("ops-required", DRIVER, &driver("required = [\"probe\"]\n")).module("fix");
    assert_contains(
        &module,
        &[
            "    fn probe(_dev: &Device) -> crate::error::Result;\n",
            "        table.probe = Some(fix_ops_callbacks::probe::<T>);\n        if T::HAS_READ {",
        ],
    );
}

#[test]
fn a_skipped_callback_is_left_null_with_the_reason() {
    let f = Fixture::new("ops-skip", DRIVER, &driver("skip = [\"status\"]\n"));
    let module = f.module("fix");
    assert!(!module.contains("fn status"), "{module}");
    assert_contains(&module, &["/// - `status`: skipped by the spec\n"]);
    assert_contains(
        &f.artifact("safety.txt"),
        &["fix_ops.status: skipped by the spec"],
    );
}

#[test]
fn a_required_callback_that_cannot_be_made_safe_is_refused() {
    let spec = driver("required = [\"status\", \"label\", \"probee\"]\nskip = [\"status\"]\n");
    Fixture::new("ops-required-refusals", DRIVER, &spec).assert_refused(&[
        (
            "\"probee\"",
            "no callback of struct fix_ops named `probee` in the headers; did you mean `probe`?",
        ),
        (
            "\"status\", \"label\"",
            "`status` is required but cannot be made safe: skipped by the spec",
        ),
        (
            "\"label\", \"probee\"",
            "`label` is required but cannot be made safe: parameter `label` is a C string \
             whose lifetime the table does not state",
        ),
    ]);
}

#[test]
fn returns_make_an_int_a_value_or_a_truth() {
    let spec = driver("returns = { read = \"value<u16>\", is_busy = \"bool\" }\n");
    let module = Fixture::new("ops-returns", DRIVER, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "fn read(_dev: &Device, _reg: u32) -> crate::error::Result<u16> {",
            "crate::error::from_value(T::read(dev, reg))",
            "fn is_busy(_dev: &Device) -> bool {\n        false\n    }",
            "crate::ffi::c_int::from(T::is_busy(dev))",
        ],
    );
}

#[test]
fn returns_refuse_unknown_callbacks() {
    let spec = driver("returns = { is_busy = \"bool\", is_bsy = \"bool\" }\n");
    Fixture::new("ops-returns-refusals", DRIVER, &spec).assert_refused(&[(
        "is_bsy",
        "no callback of struct fix_ops named `is_bsy` in the headers; did you mean `is_busy`?",
    )]);
}

#[test]
fn returns_refuse_unknown_patterns() {
    let spec = driver("returns = { is_busy = \"boolean\", read = \"value<f32>\" }\n");
    Fixture::new("ops-returns-unknown", DRIVER, &spec).assert_refused(&[
        (
            "\"boolean\"",
            "unknown return pattern `boolean` for `is_busy`; patterns: errno, value<T>, bool, \
             void, status(from_errno)",
        ),
        (
            "\"value<f32>\"",
            "unknown return pattern `value<f32>` for `read`; patterns: errno, value<T>, bool, \
             void, status(from_errno)",
        ),
    ]);
}

#[test]
fn a_rename_names_a_parameter_the_header_leaves_unnamed() {
    let module = Fixture::new("ops-rename", DRIVER, &driver("")).module("fix");
    // The object parameter is named after its wrapper; the integer by the spec.
    assert_contains(
        &module,
        &[
            "fn set(_device: &Device, _value: u32) -> crate::error::Result {",
            "crate::error::from_result(T::set(device, value))",
        ],
    );
}

#[test]
fn an_unnamed_parameter_of_a_safe_callback_must_be_named() {
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\n";
    Fixture::new("ops-rename-missing", DRIVER, spec).assert_refused(&[(
        "fix_ops]",
        "parameter 1 of `set` (`unsigned int`) has no name in the header: name it, e.g. \
         `rename = { \"set.1\" = \"...\" }` (positions count from 0)",
    )]);
}

#[test]
fn a_rename_is_a_position_of_a_callback() {
    let spec = driver("").replace(
        "\"set.1\" = \"value\"",
        "\"set.2\" = \"value\", \"set.1\" = \"value\"",
    );
    Fixture::new("ops-rename-refusals", DRIVER, &spec).assert_refused(&[(
        "\"set.2\"",
        "`set.2` is not `callback.position` of a callback of `fix_ops` with that many \
         parameters",
    )]);
}

#[test]
fn a_rename_is_written_callback_position_and_names_an_identifier() {
    let spec = driver("").replace(
        "\"set.1\" = \"value\"",
        "\"set.one\" = \"value\", \"set.1\" = \"1st\"",
    );
    Fixture::new("ops-rename-syntax", DRIVER, &spec).assert_refused(&[
        (
            "\"set.one\"",
            "`set.one` is not `callback.position` of a callback of `fix_ops` with that many \
             parameters",
        ),
        ("\"1st\"", "`1st` is not a Rust identifier"),
    ]);
}

/// A `locked_mut` `fix_dev` with its lock, and an `[ops.fix_ops]` entry with these lines.
fn locked_driver(lines: &str) -> String {
    driver(lines).replace("access = \"shared\"", "lock = \"lock\"")
}

#[test]
fn a_locked_object_is_mut_only_where_c_holds_or_the_trampoline_takes_its_lock() {
    let spec = locked_driver(
        "locked = { read = \"the core holds dev->lock\" }\n\
         take_lock = { probe = \"the core calls it unlocked\" }\n",
    );
    let f = Fixture::new("ops-locked", DRIVER, &spec);
    assert_contains(
        &f.module("fix"),
        &[
            "fn read(_dev: &mut Device, _reg: u32) -> crate::error::Result {",
            "holds its lock for this call (the core holds",
            "fn probe(_dev: &mut Device) -> crate::error::Result {",
            "unsafe { crate::bindings::mutex_lock(lock) };",
            "unsafe { crate::bindings::mutex_unlock(lock) };",
        ],
    );
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fix_ops.remove: parameter `dev`: C does not hold the lock of struct fix_dev for this \
           call (the ops table's `locked` and `take_lock` do not list it), and it has no \
           `borrowed` view",
        ],
    );
}

#[test]
fn take_lock_needs_an_object_with_a_lock() {
    let spec = driver("take_lock = { probe = \"the core calls it unlocked\" }\n");
    Fixture::new("ops-take-lock-refused", DRIVER, &spec).assert_refused(&[(
        "probe =",
        "`probe` cannot take a lock: its first parameter is no spec'd object with a `lock`",
    )]);
}

#[test]
fn consts_are_the_table_s_string_and_integer_fields() {
    let module = Fixture::new(
        "ops-consts",
        DRIVER,
        &driver("consts = [\"name\", \"flags\"]\n"),
    )
    .module("fix");
    assert_contains(
        &module,
        &[
            "    /// The driver's name.\n    const NAME: &'static ::core::ffi::CStr;\n",
            "    /// Its flags.\n    const FLAGS: u32 = 0;\n",
            "table.name = T::NAME.as_ptr().cast_mut().cast();",
            "table.flags = T::FLAGS;",
        ],
    );
}

#[test]
fn consts_refuse_callbacks_and_unknown_fields() {
    let spec = driver("consts = [\"probe\", \"flag\"]\n");
    Fixture::new("ops-consts-refusals", DRIVER, &spec).assert_refused(&[
        (
            "\"probe\"",
            "`probe` is `int (*)(struct fix_dev *)`: constants are strings or integers",
        ),
        (
            "\"flag\"",
            "no field of struct fix_ops named `flag` in the headers; did you mean `flags`?",
        ),
    ]);
}

#[test]
fn a_register_pair_becomes_a_registration_of_tables() {
    let spec = driver("register = [\"fix_register\", \"fix_unregister\"]\n");
    let module = Fixture::new("ops-register", DRIVER, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// Tables registered with `fix_register`, unregistered with `fix_unregister` on drop.",
            "unsafe impl crate::driver::Registrar for Registration {",
            "crate::bindings::fix_register(\n                entries.as_mut_ptr().cast(),\n                \
             count,\n                module.as_ptr(),\n            )",
            "impl<T: Driver> crate::driver::DriverOf<Registration> for T {",
        ],
    );
}

#[test]
fn a_register_pair_must_be_of_a_known_shape() {
    let spec = driver("register = [\"fix_unregister\", \"fix_register\"]\n");
    Fixture::new("ops-register-refused", DRIVER, &spec).assert_refused(&[(
        "\"fix_unregister\", \"fix_register\"",
        "`fix_unregister`/`fix_register` are not a register/unregister pair of a known shape \
         ((table, n, owner)/(table, n) or (table[, owner])/(table))",
    )]);
}

#[test]
fn a_struct_without_function_pointers_is_no_ops_table() {
    let spec = "[ops.fix_dev]\nrust = \"fix::Driver\"\n";
    Fixture::new("ops-not-a-table", DRIVER, spec).assert_refused(&[(
        "fix_dev]",
        "struct fix_dev has no function-pointer fields: it is not an ops table",
    )]);
}

#[test]
fn params_refuse_unknown_patterns_and_keys_without_a_parameter() {
    let spec = driver("params = { \"read.dev\" = \"own\", read = \"owned\" }\n");
    Fixture::new("ops-params-refusals", DRIVER, &spec).assert_refused(&[
        (
            "\"own\"",
            "unknown parameter pattern `own`; patterns: unpack, owned, borrowed, view(Name)",
        ),
        (
            "read = \"owned\"",
            "`params` keys are `callback.parameter`, not `read`",
        ),
    ]);
}

#[test]
fn params_refuse_unknown_parameters() {
    let spec = driver("params = { \"read.regg\" = \"owned\" }\n");
    Fixture::new("ops-params-unknown", DRIVER, &spec).assert_refused(&[(
        "\"read.regg\"",
        "no parameter of callback `read` named `regg` in the headers; did you mean `reg`?",
    )]);
}

const QUEUE: &str = "
typedef unsigned char fix_status_t;
#define FIX_STS_RESOURCE ((fix_status_t)9)
#define FIX_STS_IOERR ((fix_status_t)10)
#define FIX_BUSY 9
fix_status_t fix_errno_to_status(int errno);
struct fix_queue { void *queuedata; };
struct fix_request { unsigned int tag; void *pdu; };
void fix_end_request(struct fix_request *rq, fix_status_t error);
struct fix_mq_ops {
	fix_status_t (*queue_rq)(struct fix_queue *q, struct fix_request *rq);
	void (*complete)(struct fix_request *rq);
	int (*poll)(struct fix_queue *q);
};
struct fix_disk_ops { int (*open)(struct fix_queue *q); };
";

/// A queue, an owned request typed by the ops table, and `[ops.fix_mq_ops]` with these
/// lines.
fn mq(lines: &str) -> String {
    format!(
        "[object.fix_queue]\nrust = \"fix::Queue\"\naccess = \"shared\"\nprivate = \"queuedata\"\n\n\
         [object.fix_request]\nrust = \"fix::Request\"\naccess = \"owned\"\nprivate = \"pdu\"\n\
         release = \"fix_end_request(FIX_STS_IOERR)\"\n\n\
         [ops.fix_mq_ops]\nrust = \"fix::Operations\"\ndata = {{ fix_request = \"RequestData\" }}\n\
         params = {{ \"queue_rq.rq\" = \"owned\", \"complete.rq\" = \"owned\" }}\n\
         returns = {{ queue_rq = \"status(fix_errno_to_status)\" }}\n{lines}"
    )
}

#[test]
fn an_owned_parameter_hands_the_object_over_and_c_is_told_success() {
    let module = Fixture::new("ops-owned", QUEUE, &mq("")).module("fix");
    assert_contains(
        &module,
        &[
            "fn queue_rq(_q: &Queue, _rq: crate::types::Owned<Request<Self>>) {}",
            "fn complete(_rq: crate::types::Owned<Request<Self>>) {}",
            "let rq = unsafe { crate::types::Owned::<Request<T>>::from_raw(rq.cast()) };",
            "{\n            T::queue_rq(q, rq);\n            0\n        }",
        ],
    );
}

#[test]
fn an_owned_object_s_parameter_must_say_whether_it_is_handed_over_or_lent() {
    let spec = mq("").replace(", \"complete.rq\" = \"owned\"", "");
    let f = Fixture::new("ops-owned-unsaid", QUEUE, &spec);
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fix_mq_ops.complete: parameter `rq` is an owned struct fix_request: the spec must \
           say whether this call hands it over (`owned`) or lends it (`borrowed`)",
        ],
    );
}

#[test]
fn a_hand_back_returns_the_object_to_c_with_a_status() {
    let spec = mq("hand_back = { queue_rq = \"Busy { Resource = FIX_STS_RESOURCE }\" }\n");
    let module = Fixture::new("ops-hand-back", QUEUE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "fn queue_rq(\n        _q: &Queue,\n        _rq: crate::types::Owned<Request<Self>>,\n    \
             ) -> ::core::result::Result<(), Busy<Self>> {\n        Ok(())\n    }",
            "pub enum Busy<T: Operations> {\n    /// C is told `FIX_STS_RESOURCE`.\n    \
             Resource(crate::types::Owned<Request<T>>),\n}",
            "::core::result::Result::Err(Busy::Resource(object)) => {",
            "crate::bindings::FIX_STS_RESOURCE",
        ],
    );
}

#[test]
fn a_hand_back_is_refused_where_nothing_is_handed_over() {
    let spec = mq("hand_back = { poll = \"Busy { Resource = FIX_STS_RESOURCE }\" }\n");
    Fixture::new("ops-hand-back-nothing", QUEUE, &spec).assert_refused(&[(
        "Busy {",
        "`poll` hands nothing over (no `owned` parameter and a status return): there is \
         nothing to give back",
    )]);
}

#[test]
fn a_hand_back_needs_camel_case_names() {
    let spec =
        mq("hand_back = { queue_rq = \"busy { Resource = FIX_BUSY, again = FIX_STS_IOERR }\" }\n");
    Fixture::new("ops-hand-back-names", QUEUE, &spec).assert_refused(&[
        ("busy {", "`busy` is not a CamelCase Rust name"),
        ("again =", "`again` is not a CamelCase Rust name"),
    ]);
}

#[test]
fn a_hand_back_needs_constants_of_the_callback_s_status() {
    let spec = mq(
        "hand_back = { queue_rq = \"Busy { Resource = FIX_BUSY, Io = FIX_STS_IOER, Again = FIX_STS_IOERR }\" }\n",
    );
    Fixture::new("ops-hand-back-refusals", QUEUE, &spec).assert_refused(&[
        (
            "FIX_BUSY,",
            "`FIX_BUSY` is `int`; `queue_rq` returns `fix_status_t`",
        ),
        (
            "FIX_STS_IOER,",
            "no constant named `FIX_STS_IOER` in the headers; did you mean `FIX_STS_IOERR`?",
        ),
    ]);
}

#[test]
fn a_malformed_hand_back_is_refused_at_the_offending_word() {
    let spec = mq("hand_back = { queue_rq = \"Busy Resource = FIX_STS_RESOURCE }\" }\n");
    Fixture::new("ops-hand-back-syntax", QUEUE, &spec).assert_refused(&[(
        "Resource = FIX_STS_RESOURCE }",
        "unexpected `Resource`: a hand-back is written `Name { Variant = CONSTANT, ... }`",
    )]);
}

#[test]
fn a_hand_back_names_a_callback_of_the_table() {
    let spec = mq("hand_back = { queue_rqq = \"Busy { Resource = FIX_STS_RESOURCE }\" }\n");
    Fixture::new("ops-hand-back-callback", QUEUE, &spec).assert_refused(&[(
        "queue_rqq",
        "no callback of struct fix_mq_ops named `queue_rqq` in the headers; did you mean \
         `queue_rq`?",
    )]);
}

#[test]
fn data_types_an_object_s_private_field_by_the_trait() {
    let spec = mq("").replace(
        "data = { fix_request = \"RequestData\" }",
        "data = { fix_request = \"RequestData\", fix_queue = \"QueueData\" }",
    );
    let module = Fixture::new("ops-data", QUEUE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "    type QueueData: Send + Sync + 'static;\n",
            "    type RequestData: Send + Sync + 'static;\n",
            "pub struct Queue<T>(",
            "pub fn data(&self) -> &T::QueueData {",
            "unsafe { crate::private::borrow_known((*self.as_raw()).queuedata) }",
            "fn poll(_q: &Queue<Self>) -> crate::error::Result {",
        ],
    );
}

#[test]
fn data_needs_a_camel_case_type() {
    let spec = mq("").replace(
        "data = { fix_request = \"RequestData\" }",
        "data = { fix_request = \"request_data\" }",
    );
    Fixture::new("ops-data-names", QUEUE, &spec).assert_refused(&[(
        "\"request_data\"",
        "`request_data` is not a CamelCase associated type name",
    )]);
}

#[test]
fn data_needs_a_spec_d_object_with_a_private_field() {
    let header = format!("{QUEUE}struct fix_tag {{ int n; }};\n");
    let spec = mq("").replace(
        "data = { fix_request = \"RequestData\" }",
        "data = { fix_request = \"RequestData\", fix_qeue = \"QueueData\", fix_tag = \"TagData\" }",
    ) + "\n[object.fix_tag]\nrust = \"fix::Tag\"\naccess = \"shared\"\n";
    Fixture::new("ops-data-refusals", &header, &spec).assert_refused(&[
        (
            "fix_qeue",
            "no [object.*] entry named `fix_qeue` in the spec; did you mean `fix_queue`?",
        ),
        (
            "fix_tag =",
            "[object.fix_tag] has no `private` field to hold the data",
        ),
    ]);
}

#[test]
fn part_of_adds_a_table_s_callbacks_to_another_table_s_trait() {
    let spec =
        mq("") + "\n[ops.fix_disk_ops]\nrust = \"fix::DiskOperations\"\npart_of = \"fix_mq_ops\"\n";
    let module = Fixture::new("ops-part-of", QUEUE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// The trait also has the callbacks of `struct fix_disk_ops`, for [`DiskOperationsTable`].\n\
             pub trait Operations: Sized + Send + Sync + 'static {",
            "fn open(_q: &Queue) -> crate::error::Result {",
            "pub const fn raw<T: Operations>() -> crate::bindings::fix_disk_ops {",
        ],
    );
    assert!(!module.contains("trait DiskOperations"), "{module}");
}

#[test]
fn part_of_names_a_table_with_its_own_trait_in_the_same_module() {
    let spec = mq("")
        + "\n[ops.fix_disk_ops]\nrust = \"fix::disk::DiskOperations\"\npart_of = \"fix_mq_ops\"\n";
    Fixture::new("ops-part-of-module", QUEUE, &spec).assert_refused(&[(
        "\"fix_mq_ops\"\n",
        "`part_of` names a table with a trait of its own in the same module; [ops.fix_mq_ops] \
         is in another module",
    )]);
    let spec =
        mq("") + "\n[ops.fix_disk_ops]\nrust = \"fix::DiskOperations\"\npart_of = \"fix_mq_opz\"\n";
    Fixture::new("ops-part-of-unknown", QUEUE, &spec).assert_refused(&[(
        "\"fix_mq_opz\"",
        "no [ops.*] entry named `fix_mq_opz` in the spec; did you mean `fix_mq_ops`?",
    )]);
}

const BOUND: &str = "
struct mutex { int owner; };
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
struct device { int id; };
struct fix_bus { struct device dev; };
struct fix_dev { struct mutex lock; struct fix_bus bus; void *priv; };
struct fix_device_id { unsigned int id; unsigned int mask; };
struct fix_driver {
	unsigned int id;
	unsigned int mask;
	int (*probe)(struct fix_dev *dev);
	void (*remove)(struct fix_dev *dev);
};
";

/// A `locked_mut` device with private data, and `[ops.fix_driver]` with these lines.
fn bound(lines: &str) -> String {
    format!(
        "[object.fix_dev]\nrust = \"fix::Device\"\nlock = \"lock\"\nprivate = \"priv\"\n\
         device = \"bus.dev\"\n\n[ops.fix_driver]\nrust = \"fix::Driver\"\n\
         take_lock = {{ remove = \"the core calls it unlocked\" }}\n{lines}"
    )
}

#[test]
fn the_bind_callback_claims_the_private_data_under_the_lock() {
    let spec = bound("bind = \"remove\"\n");
    let module = Fixture::new("ops-bind", BOUND, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "crate::private::claim(\n                &raw mut (*raw_object).priv_,\n                \
             lock,\n                &raw mut (*raw_object).bus.dev,\n            )",
            // It always runs, the driver's method only when it has one.
            "table.remove = Some(fix_driver_callbacks::remove::<T>);",
            "if T::HAS_REMOVE {",
        ],
    );
}

#[test]
fn the_bind_callback_takes_the_lock_of_an_object_with_private_data() {
    let spec = bound("locked = { probe = \"the core holds it\" }\nbind = \"probe\"\n");
    Fixture::new("ops-bind-unlocked", BOUND, &spec).assert_refused(&[(
        "\"probe\"",
        "`probe` claims the private data under the object's lock: list it in `take_lock`",
    )]);
}

#[test]
fn an_id_type_fills_the_table_s_id_fields_and_has_named_masks() {
    let spec = bound("id = \"fix_device_id\"\n")
        + "\n[id.fix_device_id]\nrust = \"fix::DeviceId\"\n\
           masks = { exact = 0xffffffff, model = 0xfffffff0 }\ntable = \"fix\"\n";
    let module = Fixture::new("ops-id", BOUND, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub struct DeviceId",
            "pub const fn new_with_exact_mask(",
            "pub const fn new_with_model_mask(",
            "const DEVICE_ID: DeviceId;",
        ],
    );
}

#[test]
fn an_id_type_has_a_device_table_name() {
    let spec = bound("") + "\n[id.fix_device_id]\nrust = \"fix::DeviceId\"\ntable = \"fix-bus\"\n";
    Fixture::new("ops-id-table", BOUND, &spec).assert_refused(&[(
        "\"fix-bus\"",
        "`fix-bus` is not a MODULE_DEVICE_TABLE type name (letters, digits, `_`)",
    )]);
}

#[test]
fn an_id_type_is_an_id_and_mask_pair() {
    let spec = bound("id = \"fix_device_idd\"\n")
        + "\n[id.fix_driver]\nrust = \"fix::Driver2\"\n\n[id.fix_device_id]\n\
           rust = \"fix::DeviceId\"\n";
    Fixture::new("ops-id-refusals", BOUND, &spec).assert_refused(&[
        (
            "fix_driver]\nrust = \"fix::Driver2\"",
            "struct fix_driver is not an (id, mask) pair of integers",
        ),
        (
            "\"fix_device_idd\"",
            "no [id.*] entry named `fix_device_idd` in the spec; did you mean `fix_device_id`?",
        ),
    ]);
}

#[test]
fn a_method_that_makes_c_call_a_callback_requires_it_of_the_implementer() {
    let header = format!("{QUEUE}void fix_complete_request(struct fix_request *rq);\n");
    let spec = mq("").replace(
        "release = ",
        "methods = [\"fix_complete_request\"]\nconsumes = [\"fix_complete_request\"]\n\
         calls = { fix_complete_request = \"fix_mq_ops.complete\" }\nrelease = ",
    );
    let module = Fixture::new("ops-calls", &header, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub fn fix_complete_request(this: crate::types::Owned<Self>) {\n        const {\n            \
             ::core::assert!(\n                T::HAS_COMPLETE,",
            "which it calls without checking for NULL: implement `complete` to use it",
        ],
    );
}

/// Found by these tests: a `calls` method that kept the object while C handed it to the
/// callback as `owned` made two owners of one object.
#[test]
fn a_method_that_hands_the_object_to_an_owning_callback_must_consume_it() {
    let header = format!("{QUEUE}void fix_complete_request(struct fix_request *rq);\n");
    let spec = mq("").replace(
        "release = ",
        "methods = [\"fix_complete_request\"]\n\
         calls = { fix_complete_request = \"fix_mq_ops.complete\" }\nrelease = ",
    );
    Fixture::new("ops-calls-owned", &header, &spec).assert_refused(&[(
        "fix_complete_request =",
        "`fix_complete_request` makes C hand the object to `fix_mq_ops.complete`, which owns \
         it: list it in `consumes`, or the caller keeps a second owner",
    )]);
}

#[test]
fn calls_names_a_method_and_a_callback_of_a_spec_d_table() {
    let header = format!("{QUEUE}void fix_complete_request(struct fix_request *rq);\n");
    let spec = mq("").replace(
        "release = ",
        "methods = [\"fix_complete_request\"]\n\
         calls = { fix_complete_request = \"fix_mq_ops.complet\", fix_end_request = \
         \"fix_mq_ops.complete\" }\nrelease = ",
    );
    Fixture::new("ops-calls-refusals", &header, &spec).assert_refused(&[
        (
            "\"fix_mq_ops.complet\"",
            "no callback of struct fix_mq_ops named `complet` in the headers; did you mean \
             `complete`?",
        ),
        (
            "fix_end_request =",
            "no method of Request named `fix_end_request` in `methods`",
        ),
    ]);
    let spec = mq("").replace("release = ", "calls = { fix_x = \"complete\" }\nrelease = ");
    Fixture::new("ops-calls-syntax", &header, &spec)
        .assert_refused(&[("\"complete\" }", "`calls` values are `ops_table.callback`")]);
}

/// Found by these tests: a return pattern that reads a C `int` was accepted on a callback
/// returning `void` or `unsigned int`, and the trampoline did not fit the C slot. Then it
/// left the callback NULL, the entry dropped; now the entry is refused.
#[test]
fn a_return_pattern_must_fit_the_c_return_type() {
    let spec = driver("returns = { remove = \"errno\", status = \"bool\" }\n");
    Fixture::new("ops-returns-fit", DRIVER, &spec).assert_refused(&[
        (
            "remove =",
            "`returns` names `remove`, which cannot be made safe: its return pattern reads a C \
             `int`, but it returns `void`",
        ),
        (
            "status =",
            "`returns` names `status`, which cannot be made safe: its return pattern reads a C \
             `int`, but it returns `unsigned int`",
        ),
    ]);
}

/// Found by these tests: a parameter named like a Rust keyword broke the trampoline, and
/// two parameters of one object type got one name.
#[test]
fn parameter_names_are_escaped_and_distinct() {
    let header = "struct fix_dev { unsigned int id; };\n\
                  struct fix_ops {\n\
                  \tint (*set)(struct fix_dev *d, unsigned int type);\n\
                  \tint (*link)(struct fix_dev *, struct fix_dev *);\n\
                  };\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\n";
    let module = Fixture::new("ops-names", header, spec).module("fix");
    assert_contains(
        &module,
        &[
            "fn set(_d: &Device, _type: u32) -> crate::error::Result {",
            "type_: u32,",
            "fn link(_device: &Device, _device_1: &Device) -> crate::error::Result {",
        ],
    );
}

/// Found in review: `returns`, `params`, `why` and `hand_back` of a callback left NULL
/// were accepted and dropped; each is refused with the reason the callback was left NULL.
#[test]
fn entries_of_a_callback_left_null_are_refused_with_the_reason() {
    let spec = driver(
        "skip = [\"status\"]\nreturns = { status = \"value<u16>\", label = \"bool\" }\n\
         why = { label = \"the core keeps the label\" }\n",
    );
    let skipped = "`label`, which cannot be made safe: parameter `label` is a C string whose \
                   lifetime the table does not state";
    Fixture::new("ops-keys-of-skipped", DRIVER, &spec).assert_refused(&[
        (
            "status = \"value",
            "`returns` names `status`, which cannot be made safe: skipped by the spec",
        ),
        ("label = \"bool\"", &format!("`returns` names {skipped}")),
        ("label = \"the core", &format!("`why` names {skipped}")),
    ]);
    // An entry that itself leaves the callback NULL is the one reported.
    let spec = driver("returns = { label = \"bool\" }\nparams = { \"label.label\" = \"owned\" }\n");
    Fixture::new("ops-keys-of-skipped-by-params", DRIVER, &spec).assert_refused(&[(
        "\"label.label\"",
        "`params` names `label`, which cannot be made safe: parameter `label`: pattern `owned` \
         does not fit `const char *`",
    )]);
    let spec = mq("hand_back = { complete = \"Busy { Resource = FIX_STS_RESOURCE }\" }\n")
        .replace(", \"complete.rq\" = \"owned\"", "");
    Fixture::new("ops-hand-back-of-skipped", QUEUE, &spec).assert_refused(&[(
        "complete =",
        "`hand_back` names `complete`, which cannot be made safe: parameter `rq` is an owned \
         struct fix_request: the spec must say whether this call hands it over (`owned`) or \
         lends it (`borrowed`)",
    )]);
}

/// Found in review: a `status(f)` return naming no function left the callback NULL with the
/// reason in safety.txt only.
#[test]
fn a_status_return_names_a_function_of_the_headers() {
    let spec = mq("").replace("status(fix_errno_to_status)", "status(fix_errno_to_statu)");
    Fixture::new("ops-status-unknown", QUEUE, &spec).assert_refused(&[(
        "queue_rq = \"status",
        "`returns` names `queue_rq`, which cannot be made safe: no function named \
         `fix_errno_to_statu` in the headers; did you mean `fix_errno_to_status`?",
    )]);
}

/// Found in review: a `take_lock` trampoline called `mutex_lock`/`mutex_unlock` whether or
/// not the headers declare them, and the generated code did not compile without them.
#[test]
fn take_lock_needs_the_mutex_functions_in_the_headers() {
    let spec = locked_driver(
        "take_lock = { probe = \"the core calls it unlocked\", remove = \"unlocked too\" }\n",
    );
    let without = DRIVER.replace("void mutex_lock(struct mutex *lock);\n", "");
    Fixture::new("ops-take-lock-no-mutex-lock", &without, &spec).assert_refused(&[(
        "probe =",
        "`take_lock` makes the trampolines of `probe` and `remove` call `mutex_lock` and \
         `mutex_unlock` on the object's `lock`: no function named `mutex_lock` in the headers \
         (declare `void mutex_lock(struct mutex *)`, as <linux/mutex.h> does)",
    )]);
    let wrong = DRIVER.replace(
        "void mutex_unlock(struct mutex *lock);",
        "int mutex_unlock(struct mutex *lock, int n);",
    );
    Fixture::new("ops-take-lock-mutex-shape", &wrong, &spec).assert_refused(&[(
        "probe =",
        "`take_lock` makes the trampolines of `probe` and `remove` call `mutex_lock` and \
         `mutex_unlock` on the object's `lock`: `mutex_unlock` is `int \
         mutex_unlock(struct mutex *, int)`, not `void mutex_unlock(struct mutex *)`",
    )]);
}

/// Found in review: a callback's `why` was quoted only where an object is handed over.
/// It states the call's contract, which the trampoline as a whole rests on (its `# Safety`
/// section) and so does every argument C lends or hands over for the call; an object met
/// through its access pattern rests on that (and the lock), not on `why`.
#[test]
fn why_is_quoted_wherever_the_call_s_contract_is_the_argument() {
    let spec = mq(
        "why = { queue_rq = \"dispatch hands each request over once\", \
                   complete = \"C gives the request back to ->complete once\", \
                   poll = \"C holds a reference to the queue\" }\n",
    )
    .replace(
        "\"complete.rq\" = \"owned\"",
        "\"complete.rq\" = \"borrowed\"",
    )
    .replace(
        "release = ",
        "views = { BorrowedRequest = [] }\nborrowed = \"BorrowedRequest\"\nrelease = ",
    );
    let module = Fixture::new("ops-why", QUEUE, &spec).module("fix");
    // The comments' text, without their line breaks.
    let module: Vec<&str> = (module.lines())
        .map(|l| l.trim().trim_start_matches('/').trim())
        .collect();
    let module = module.join(" ");
    assert_contains(
        &module,
        &[
            // The trampoline's contract, for every callback with a `why`.
            "Called by C only, with the arguments its contract for this callback guarantees: \
             dispatch hands each request over once.",
            // In rustdoc, C names become code spans.
            "Called by C only, with the arguments its contract for this callback guarantees: C \
             gives the request back to `->complete` once.",
            "Called by C only, with the arguments its contract for this callback guarantees: C \
             holds a reference to the queue.",
            // The handed-over and the lent object.
            "this callback hands the driver the live `struct fix_request` (dispatch hands each \
             request over once)",
            "C passes a live `struct fix_request` for the duration of the callback (C gives the \
             request back to ->complete once);",
        ],
    );
    // The queue of `poll` is met through its access pattern.
    assert!(
        !module.contains("for the duration of the callback (C holds a reference"),
        "{module}"
    );
}

/// 6.12's `struct platform_driver` keeps `remove` and `remove_new` in an anonymous union.
const ANONYMOUS: &str = "
struct fix_dev { unsigned int id; };
struct fix_drv {
	int (*probe)(struct fix_dev *dev);
	union {
		void (*remove)(struct fix_dev *dev);
		void (*remove_new)(struct fix_dev *dev);
	};
	struct {
		unsigned int flags;
		void (*shutdown)(struct fix_dev *dev);
	};
	unsigned long magic;
};
";

const ANONYMOUS_SPEC: &str = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                              [ops.fix_drv]\nrust = \"fix::Driver\"\n";

#[test]
fn members_of_anonymous_unions_and_structs_are_slots_reached_through_bindgen_s_fields() {
    let f = Fixture::new("ops-anonymous", ANONYMOUS, ANONYMOUS_SPEC);
    // bindgen's own names for the anonymous members, which the paths below must match.
    assert_contains(
        &f.artifact("bindings.rs"),
        &[
            "pub __bindgen_anon_1: fix_drv__bindgen_ty_1,",
            "pub __bindgen_anon_2: fix_drv__bindgen_ty_2,",
        ],
    );
    assert_contains(
        &f.module("fix"),
        &[
            "table.__bindgen_anon_1.remove = Some(fix_drv_callbacks::remove::<T>);",
            "table.__bindgen_anon_2.shutdown = Some(fix_drv_callbacks::shutdown::<T>);",
            "fn remove(_dev: &Device) {}",
        ],
    );
    let module = f.module("fix");
    assert!(!module.contains("fn remove_new"), "{module}");
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fix_drv.remove_new: shares its storage with `remove` (an anonymous union), which \
           is the slot filled; `skip = [\"remove\"]` makes the next member the slot instead",
        ],
    );
    // Offsets in the record, checked where C and Rust name the members.
    let layout = f.artifact("layout.rs");
    assert_contains(
        &layout,
        &[
            "::core::mem::offset_of!(fix_drv, __bindgen_anon_1.remove_new)",
            "::core::mem::offset_of!(fix_drv, __bindgen_anon_2.shutdown)",
            "pub static RUST_LAYOUT",
        ],
    );
    assert_contains(
        &f.artifact("layout.c"),
        &["__builtin_offsetof(struct fix_drv, remove_new)"],
    );
    assert_contains(
        &f.artifact("layout.txt"),
        &[
            "fix_drv\tremove\t8\n",
            "fix_drv\tremove_new\t8\n",
            "fix_drv\tflags\t16\n",
            "fix_drv\tshutdown\t24\n",
            "fix_drv\tmagic\t32\n",
        ],
    );
    assert_contains(
        &f.artifact("ir.txt"),
        &["remove_new (anonymous union: shares `remove`): fn("],
    );
}

#[test]
fn skipping_the_first_member_of_an_anonymous_union_hands_its_storage_on() {
    let spec = format!("{ANONYMOUS_SPEC}skip = [\"remove\"]\n");
    let module = Fixture::new("ops-anonymous-skip", ANONYMOUS, &spec).module("fix");
    assert_contains(
        &module,
        &["table.__bindgen_anon_1.remove_new = Some(fix_drv_callbacks::remove_new::<T>);"],
    );
    assert!(!module.contains("fn remove("), "{module}");
}

/// Issue 21: `returns = { ioctl = "errno" }` on watchdog_ops' `long` ioctl, and a `params`
/// pattern on an argument it cannot describe, were taken and gave Rust that did not
/// compile, the error pointing into generated code. Both are refused at their entries.
#[test]
fn return_and_parameter_patterns_are_checked_against_the_c_declaration() {
    let header = "
struct fix_dev { unsigned int id; };
struct fix_wd_ops {
	long (*ioctl)(struct fix_dev *dev, unsigned int cmd, unsigned long arg);
	int (*ping)(struct fix_dev *dev, unsigned int timeout);
};
";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_wd_ops]\nrust = \"fix::Ops\"\n\
                returns = { ioctl = \"errno\" }\n\
                params = { \"ping.timeout\" = \"owned\" }\n";
    Fixture::new("ops-long-errno", header, spec).assert_refused(&[
        (
            "ioctl =",
            "`returns` names `ioctl`, which cannot be made safe: its return pattern reads a C \
             `int`, but it returns `long`",
        ),
        (
            "\"ping.timeout\"",
            "`params` names `ping`, which cannot be made safe: parameter `timeout`: pattern \
             `owned` does not fit `unsigned int`",
        ),
    ]);
}

/// Issue 21: 6.12's `pm_message_t`, a struct passed by value, was described as "a pointer".
#[test]
fn a_struct_passed_by_value_is_named_as_one() {
    let header = "
typedef struct pm_message { int event; } pm_message_t;
struct fix_dev { unsigned int id; };
struct fix_pm_ops { int (*suspend)(struct fix_dev *dev, pm_message_t state); };
";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_pm_ops]\nrust = \"fix::Pm\"\n";
    assert_contains(
        &Fixture::new("ops-by-value", header, spec).artifact("safety.txt"),
        &[
            "fix_pm_ops.suspend: parameter `state` is `pm_message_t`, a struct passed by value \
           (struct pm_message): no pattern takes one",
        ],
    );
}

/// Issue 21: `register` on a table that an object points to (`watchdog_register_device`
/// takes the `struct watchdog_device`) said only that the shape was wrong.
#[test]
fn a_register_pair_of_an_object_that_points_to_its_ops_names_create() {
    let header = "
struct fix_wd_ops { int (*start)(struct fix_wdd *wdd); };
struct fix_wdd { const struct fix_wd_ops *ops; unsigned int timeout; };
int fix_wdd_register(struct fix_wdd *wdd);
void fix_wdd_unregister(struct fix_wdd *wdd);
";
    let spec = "[object.fix_wdd]\nrust = \"fix::Watchdog\"\naccess = \"shared\"\n\n\
                [ops.fix_wd_ops]\nrust = \"fix::Ops\"\n\
                register = [\"fix_wdd_register\", \"fix_wdd_unregister\"]\n";
    Fixture::new("ops-register-create", header, spec).assert_refused(&[(
        "\"fix_wdd_register\", \"fix_wdd_unregister\"]",
        "both functions must take `struct fix_wd_ops *` first; `fix_wdd_register` registers a \
         `struct fix_wdd`, whose `ops` points to the table: an object that points to its ops is \
         made with `[object.fix_wdd] create = [\"fix_wdd_register\", \"fix_wdd_unregister\"]`, \
         which fills the pointer from the ops trait",
    )]);
}
