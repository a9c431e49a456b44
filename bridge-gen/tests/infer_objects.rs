//! `[object.X]` on one-feature headers: access patterns, field accessors, methods and
//! their overrides, `non_null`, `unless`, `private`, `lock`/`device`, views, and loops
//! (`[each.M]` with `[memory.X]`); what each becomes and each refusal at its place in
//! bridge.toml.

mod fixture;

use fixture::{Fixture, assert_contains};

const DEVICE: &str = "
struct fix_port { int n; };
/**
 * struct fix_dev - a fixture device
 * @id: its id
 * @speed: the link speed
 */
struct fix_dev {
	unsigned int id;
	int speed;
	unsigned int up:1;
	unsigned int mode:3;
	const char *name;
	struct fix_port *port;
	void *priv;
};
int fix_read(struct fix_dev *dev, unsigned int reg);
int fix_is_up(const struct fix_dev *dev);
void fix_reset(struct fix_dev *dev);
void fix_end(struct fix_dev *dev, int status);
int fix_2x(struct fix_dev *dev);
int fix_count(int n);
void fix_get(struct fix_dev *dev);
void fix_put(struct fix_dev *dev);
#define FIX_EIO 5
";

/// A spec of one `[object.fix_dev]` entry with these lines.
fn object(lines: &str) -> String {
    format!("[object.fix_dev]\nrust = \"fix::Device\"\n{lines}")
}

#[test]
fn a_shared_object_lends_itself_by_shared_reference() {
    let spec = object("access = \"shared\"\nmethods = [\"fix_reset\"]\n");
    let module = Fixture::new("access-shared", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// A `&Device` points to a live `struct fix_dev`; C synchronises every access to it itself.",
            "pub struct Device(crate::types::Opaque<crate::bindings::fix_dev>);",
            "pub fn fix_reset(&self) {",
        ],
    );
}

#[test]
fn a_locked_mut_object_is_mut_unless_c_takes_it_const() {
    // `access` defaults to locked_mut.
    let spec = object("methods = [\"fix_reset\", \"fix_is_up\"]\n");
    let module = Fixture::new("access-locked-mut", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub fn fix_reset(&mut self) {",
            "pub fn fix_is_up(&self) -> crate::error::Result {",
        ],
    );
}

#[test]
fn an_owned_object_is_released_when_its_token_is_dropped_unfinished() {
    let spec = object(
        "access = \"owned\"\nrelease = \"fix_end(FIX_EIO)\"\nmethods = [\"fix_end\"]\n\
         consumes = [\"fix_end\"]\n",
    );
    let module = Fixture::new("access-owned", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "/// A `&Device` points to a live `struct fix_dev`; the driver owns it between the call that handed",
            "pub fn fix_end(this: crate::types::Owned<Self>, status: i32) {",
            "unsafe impl crate::types::Release for Device {",
            "crate::bindings::fix_end(obj.as_ptr().cast(), crate::bindings::FIX_EIO);",
        ],
    );
}

#[test]
fn an_owned_object_needs_a_release_function() {
    let spec = object("access = \"owned\"\n");
    Fixture::new("access-owned-no-release", DEVICE, &spec).assert_refused(&[(
        "fix_dev]",
        "access = \"owned\" needs a `release` function for a token dropped unfinished",
    )]);
}

#[test]
fn a_release_is_a_void_function_of_the_object_given_every_other_argument() {
    let spec = object("access = \"owned\"\nrelease = \"fix_read\"\n")
        + "\n[object.fix_port]\nrust = \"fix::Port\"\naccess = \"owned\"\nrelease = \"fix_end(FIX_EIO)\"\n";
    Fixture::new("release-shape", DEVICE, &spec).assert_refused(&[
        (
            "\"fix_read\"",
            "`fix_read` returns `int` and takes 1 arguments after the object; `release` needs \
             a void function given every other argument",
        ),
        // A refused `release` is reported once, not again as missing.
        (
            "\"fix_end(FIX_EIO)\"",
            "`fix_end` does not take `struct fix_port *` first",
        ),
    ]);
}

#[test]
fn a_release_argument_is_a_constant_of_the_headers() {
    let spec = object("access = \"owned\"\nrelease = \"fix_end(FIX_EOI)\"\n");
    Fixture::new("release-constant", DEVICE, &spec).assert_refused(&[(
        "\"fix_end(FIX_EOI)\"",
        "no constant named `FIX_EOI` in the headers; did you mean `FIX_EIO`?",
    )]);
}

#[test]
fn a_refcounted_object_counts_references_with_get_and_put() {
    let spec = object("access = \"refcounted\"\nget = \"fix_get\"\nput = \"fix_put\"\n");
    let module = Fixture::new("access-refcounted", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "it is kept alive by a reference count.",
            "unsafe impl crate::types::AlwaysRefCounted for Device {",
            "unsafe { crate::bindings::fix_get(self.as_raw()) };",
            "unsafe { crate::bindings::fix_put(obj.as_ptr().cast()) }",
        ],
    );
}

#[test]
fn a_refcounted_object_needs_get_and_put_of_the_object() {
    let spec = object("access = \"refcounted\"\nget = \"fix_count\"\n");
    Fixture::new("access-refcounted-refusals", DEVICE, &spec).assert_refused(&[
        (
            "\"fix_count\"",
            "`fix_count` does not take `struct fix_dev *` first",
        ),
        (
            "fix_dev]",
            "access = \"refcounted\" needs `get` and `put` functions",
        ),
    ]);
}

#[test]
fn an_unknown_access_pattern_is_refused_with_the_nearest_one() {
    let spec = object("access = \"lockd_mut\"\n");
    Fixture::new("access-unknown", DEVICE, &spec).assert_refused(&[(
        "\"lockd_mut\"",
        "unknown access pattern `lockd_mut`; did you mean `locked_mut`?; patterns: \
         locked_mut, shared, owned, refcounted",
    )]);
}

#[test]
fn fields_get_getters_and_fields_mut_setters() {
    let spec = object(
        "fields = [\"id\", \"speed\", \"up\", \"mode\"]\nfields_mut = [\"speed\", \"up\"]\n",
    );
    let module = Fixture::new("fields", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "    /// Its id.\n    #[must_use]\n    pub fn id(&self) -> u32 {",
            "unsafe { (*self.as_raw()).id }",
            "pub fn speed(&self) -> i32 {",
            "    /// Sets `speed`.\n    pub fn set_speed(&mut self, value: i32) {",
            "pub fn up(&self) -> bool {",
            "unsafe { crate::bindings::fix_dev::up_raw(self.as_raw()) != 0 }",
            "pub fn set_up(&mut self, value: bool) {",
            "pub fn mode(&self) -> u32 {",
        ],
    );
    assert!(
        !module.contains("set_id") && !module.contains("set_mode"),
        "{module}"
    );
}

#[test]
fn fields_refuse_unknown_names_pointers_and_writes_to_a_shared_object() {
    let spec =
        object("access = \"shared\"\nfields = [\"idd\", \"name\"]\nfields_mut = [\"speed\"]\n");
    Fixture::new("fields-refusals", DEVICE, &spec).assert_refused(&[
        (
            "\"idd\"",
            "no field of struct fix_dev named `idd` in the headers; did you mean `id`?",
        ),
        (
            "\"name\"",
            "field `name` is `const char *`: only integer, bool, enum, bitfield and (read-only) \
             spec'd object pointer fields get accessors",
        ),
        (
            "\"speed\"",
            "`speed` cannot be written through a shared object: C synchronises its own \
             accesses to it, and a write from Rust would race with them; a setter needs the \
             exclusive `&mut` that only access = \"locked_mut\" gives (under the object's lock)",
        ),
    ]);
}

const PORT: &str = "\n[object.fix_port]\nrust = \"fix::Port\"\naccess = \"shared\"\n";

#[test]
fn a_field_pointing_to_another_object_may_be_null() {
    let spec = object("access = \"shared\"\nfields = [\"port\"]\n") + PORT;
    let module = Fixture::new("field-object", DEVICE, &spec).module("fix");
    assert_contains(&module, &["pub fn port(&self) -> Option<&Port> {"]);
}

#[test]
fn a_non_null_field_is_a_reference_with_the_reason_quoted() {
    let spec = object(
        "access = \"shared\"\nfields = [\"port\"]\nnon_null = { port = \"fix_probe() sets it\" }\n",
    ) + PORT;
    let module = Fixture::new("field-non-null", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &["pub fn port(&self) -> &Port {", "fix_probe() sets it"],
    );
}

#[test]
fn non_null_is_refused_on_a_field_that_is_no_object_pointer() {
    let spec = object(
        "access = \"shared\"\nfields = [\"speed\"]\nnon_null = { speed = \"always set\" }\n",
    );
    Fixture::new("non-null-refused", DEVICE, &spec).assert_refused(&[(
        "speed =",
        "`speed` is not in `fields` as a pointer to a spec'd object",
    )]);
}

#[test]
fn an_object_pointer_field_cannot_be_written() {
    let spec = object("fields_mut = [\"port\"]\n") + PORT;
    Fixture::new("field-object-mut", DEVICE, &spec).assert_refused(&[(
        "\"port\"",
        "field `port` is `struct fix_port *`: only integer, bool, enum, bitfield and \
         (read-only) spec'd object pointer fields get accessors",
    )]);
}

#[test]
fn methods_drop_the_prefix_and_take_renames_and_return_patterns() {
    let spec = object(
        "access = \"shared\"\nmethod_prefix = \"fix_\"\nmethods = [\"fix_*\"]\n\
         returns = { fix_read = \"value<u16>\", fix_is_up = \"bool\" }\n\
         rename = { fix_reset = \"restart\" }\n",
    );
    let f = Fixture::new("methods", DEVICE, &spec);
    let module = f.module("fix");
    assert_contains(
        &module,
        &[
            "pub fn read(&self, reg: u32) -> crate::error::Result<u16> {",
            "crate::error::to_value(ret)",
            "pub fn is_up(&self) -> bool {",
            "ret != 0",
            "pub fn restart(&self) {",
            // What is left after the prefix is no identifier: the C name stays.
            "pub fn fix_2x(&self) -> crate::error::Result {",
        ],
    );
    // `fix_count` matches the glob but does not take the object: not a method.
    assert!(!module.contains("count"), "{module}");
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fn fix_read -> Device::read",
            "fn fix_reset -> Device::restart",
        ],
    );
}

#[test]
fn a_method_named_exactly_must_take_the_object_first() {
    let spec = object("methods = [\"fix_count\", \"fix_raed\"]\n");
    Fixture::new("methods-refusals", DEVICE, &spec).assert_refused(&[
        (
            "\"fix_count\"",
            "`fix_count` does not take `struct fix_dev *` first, so it cannot be a method of \
             Device",
        ),
        (
            "\"fix_raed\"",
            "no function named `fix_raed` in the headers; did you mean `fix_read`?",
        ),
    ]);
}

#[test]
fn method_overrides_must_name_methods() {
    let spec = object(
        "methods = [\"fix_read\"]\nreturns = { fix_reset = \"void\", fix_read = \"value<u16>\" }\n\
         rename = { fix_put = \"drop_ref\", fix_read = \"read_reg\" }\nconsumes = [\"fix_get\"]\n",
    );
    Fixture::new("method-overrides-refusals", DEVICE, &spec).assert_refused(&[
        (
            "fix_reset =",
            "`returns` names `fix_reset`, which is not among the methods",
        ),
        (
            "fix_put =",
            "`rename` names `fix_put`, which is not among the methods or fields",
        ),
        (
            "\"fix_get\"",
            "`consumes` names `fix_get`, which is not among the methods",
        ),
    ]);
}

#[test]
fn a_rename_is_a_rust_identifier() {
    let spec = object(
        "methods = [\"fix_read\"]\nrename = { fix_read = \"read-reg\", fix_get = \"type\" }\n",
    );
    Fixture::new("method-rename-identifier", DEVICE, &spec).assert_refused(&[
        ("\"read-reg\"", "`read-reg` is not a Rust identifier"),
        ("\"type\"", "`type` is not a Rust identifier"),
    ]);
}

#[test]
fn a_method_s_return_pattern_is_one_the_spec_knows() {
    let spec = object("methods = [\"fix_read\"]\nreturns = { fix_read = \"value<f32>\" }\n");
    Fixture::new("method-return-unknown", DEVICE, &spec).assert_refused(&[(
        "\"value<f32>\"",
        "unknown return pattern `value<f32>`; patterns: errno, value<T>, bool, void, \
         status(from_errno)",
    )]);
}

#[test]
fn an_unless_method_does_nothing_while_the_predicate_holds() {
    let spec = object(
        "access = \"shared\"\nmethods = [\"fix_reset\"]\nunless = { fix_reset = \"fix_is_up\" }\n",
    );
    let module = Fixture::new("unless", DEVICE, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub fn fix_reset(&self) {",
            "if unsafe { crate::bindings::fix_is_up(self.as_raw()) } != 0 {\n            return;\n        }",
        ],
    );
}

#[test]
fn unless_refuses_unknown_methods_methods_with_a_value_and_bad_predicates() {
    let spec = object(
        "methods = [\"fix_reset\", \"fix_read\", \"fix_end\"]\n\
         unless = { fix_rest = \"fix_is_up\", fix_read = \"fix_is_up\", fix_reset = \"fix_count\", \
         fix_end = \"fix_is_upp\" }\n",
    );
    Fixture::new("unless-refusals", DEVICE, &spec).assert_refused(&[
        (
            "fix_rest",
            "no method of Device named `fix_rest` in `methods`; did you mean `fix_reset`?",
        ),
        (
            "fix_read = \"fix_is_up\"",
            "`fix_read` returns a value: `unless` fits methods that return nothing",
        ),
        (
            "\"fix_count\"",
            "`fix_count` must be `int fix_count(struct fix_dev *)`",
        ),
        (
            "\"fix_is_upp\"",
            "no function named `fix_is_upp` in the headers; did you mean `fix_is_up`?",
        ),
    ]);
}

#[test]
fn private_must_be_a_void_pointer_field() {
    let spec = object("access = \"shared\"\nprivate = \"id\"\n");
    Fixture::new("private-type", DEVICE, &spec).assert_refused(&[(
        "\"id\"",
        "`private` must name a `void *` field; `id` is `unsigned int`",
    )]);
}

#[test]
fn private_data_of_a_locked_mut_object_needs_its_lock_and_device() {
    let spec = object("private = \"priv\"\n");
    Fixture::new("private-locked-mut", DEVICE, &spec).assert_refused(&[
        (
            "fix_dev]",
            "private data of a `locked_mut` object is published and withdrawn under its lock \
             and released by its device's devres: name `lock`",
        ),
        (
            "fix_dev]",
            "private data of a `locked_mut` object is published and withdrawn under its lock \
             and released by its device's devres: name `device`",
        ),
    ]);
}

#[test]
fn an_object_must_be_a_struct_of_the_headers() {
    let spec = "[object.fix_devv]\nrust = \"fix::Device\"\n";
    Fixture::new("object-unknown", DEVICE, spec).assert_refused(&[(
        "fix_devv]",
        "no struct named `fix_devv` in the headers; did you mean `fix_dev`?",
    )]);
}

const LOCKED: &str = "
struct mutex { int owner; };
struct device { int id; };
struct fix_bus { struct device dev; };
struct fix_dev { unsigned int id; int speed; struct mutex lock; struct fix_bus bus; void *priv; };
int fix_read(struct fix_dev *dev, unsigned int reg);
void fix_reset(struct fix_dev *dev);
struct fix_ops {
	int (*match_dev)(struct fix_dev *dev);
	int (*suspend)(struct fix_dev *dev);
};
";

/// A `locked_mut` `fix_dev` with a lock, two methods, two fields and these lines.
fn locked(lines: &str) -> String {
    object(&format!(
        "lock = \"lock\"\nmethods = [\"fix_read\", \"fix_reset\"]\nfields = [\"id\", \"speed\"]\n{lines}"
    ))
}

#[test]
fn a_view_offers_stable_fields_and_self_locking_methods_to_unlocked_callbacks() {
    let spec = locked(
        "stable = { id = \"set before registration\" }\n\
         self_locking = { \"fix_r*\" = \"it takes the bus lock\" }\n\
         views = { UnlockedDevice = [\"id\", \"fix_read\"], CandidateDevice = [\"id\"] }\n\
         borrowed = \"UnlockedDevice\"\n\n[ops.fix_ops]\nrust = \"fix::Driver\"\n\
         params = { \"match_dev.dev\" = \"view(CandidateDevice)\" }\n",
    );
    let module = Fixture::new("views", LOCKED, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub struct UnlockedDevice(crate::types::Opaque<crate::bindings::fix_dev>);",
            "impl UnlockedDevice {",
            "pub fn fix_read(&self, reg: u32) -> crate::error::Result {",
            // The spec's reasons, quoted in the SAFETY comments.
            "is published (set before registration): reading it races with no write.",
            "it takes the bus lock; the other arguments",
            "pub struct CandidateDevice(",
            // The unlocked callback gets the `borrowed` view, the other the view it names.
            "fn suspend(_dev: &UnlockedDevice) -> crate::error::Result {",
            "fn match_dev(_dev: &CandidateDevice) -> crate::error::Result {",
        ],
    );
    let unlocked = &module[module
        .find("impl UnlockedDevice {")
        .expect("the view's impl")..];
    let unlocked = &unlocked[..unlocked.find("\n}\n").expect("its end")];
    assert!(
        !unlocked.contains("fn speed") && !unlocked.contains("fn fix_reset"),
        "{unlocked}"
    );
}

#[test]
fn a_view_needs_a_reason_for_each_item_and_borrowed_a_view() {
    let spec = locked(
        "views = { UnlockedDevice = [\"speed\", \"fix_reset\", \"fix_count\"] }\n\
         borrowed = \"Unlocked\"\n",
    );
    Fixture::new("views-refusals", LOCKED, &spec).assert_refused(&[
        (
            "\"speed\", \"fix_reset\", \"fix_count\"",
            "`speed` is in a view, so it is read without the object's lock: say why it never \
             changes in `stable`",
        ),
        (
            "\"fix_reset\", \"fix_count\"",
            "`fix_reset` is in a view, so it is called without the object's lock: say why that \
             is sound in `self_locking`",
        ),
        (
            "\"fix_count\"]",
            "no method (by C function) or field of Device named `fix_count` in `methods` and \
             `fields`",
        ),
        (
            "\"Unlocked\"",
            "no view of Device named `Unlocked` in `views`",
        ),
    ]);
}

#[test]
fn a_lock_is_a_mutex_field_and_a_device_a_path_to_a_struct_device() {
    let spec = object("lock = \"speed\"\ndevice = \"bus.dve\"\n");
    Fixture::new("lock-device-refusals", LOCKED, &spec).assert_refused(&[
        (
            "\"speed\"",
            "`lock` names a `struct mutex` field; `speed` is `int`",
        ),
        (
            "\"bus.dve\"",
            "no field of struct fix_bus named `dve` in the headers",
        ),
    ]);
}

const LOOP: &str = "
struct page;
struct fix_vec { struct page *page; unsigned int len; unsigned int offset; };
struct fix_cursor { unsigned int i; };
struct fix_req { struct fix_vec vecs[4]; unsigned int n; };
#define fix_for_each_vec(v, rq, it) \\
	for ((it).i = 0; (it).i < (rq)->n && ((v) = (rq)->vecs[(it).i], 1); (it).i++)
void *fix_map(struct page *page);
void fix_unmap(const void *addr);
";

/// A shared `fix_req`, `[each.fix_for_each_vec]` over it and `[memory.fix_vec]`.
const EACH: &str = "[object.fix_req]\nrust = \"fix::Request\"\naccess = \"shared\"\n\n\
                    [each.fix_for_each_vec]\nobject = \"fix_req\"\nitem = \"fix_vec\"\n\
                    cursor = \"fix_cursor\"\nmethod = \"for_each_vec\"\n\n\
                    [memory.fix_vec]\npage = \"page\"\noffset = \"offset\"\nlen = \"len\"\n\
                    map = [\"fix_map\", \"fix_unmap\"]\n";

#[test]
fn a_loop_macro_becomes_a_method_that_maps_each_item_for_the_closure() {
    let f = Fixture::new("each", LOOP, EACH);
    assert_contains(
        &f.module("fix"),
        &[
            "pub fn for_each_vec<F>(&self, mut f: F) -> crate::error::Result\n    where\n        \
             F: FnMut(&mut crate::mem::IoMem<'_>) -> crate::error::Result,",
            "let base = unsafe { crate::bindings::fix_map(item.page) };",
            "start.add(item.offset as usize),\n                    item.len as usize,",
            "unsafe { crate::bindings::fix_unmap(base) };",
            "crate::bindings::kbridge_each_fix_for_each_vec(",
        ],
    );
    assert_contains(
        &f.artifact("helpers.c"),
        &["\tfix_for_each_vec(item, object, cursor) {\n\t\tret = each(&item, context);"],
    );
}

#[test]
fn a_loop_refuses_unknown_macros_and_objects() {
    let spec = EACH.replace("[object.fix_req]", "[object.fix_cursor]");
    Fixture::new("each-unknown-object", LOOP, &spec).assert_refused(&[(
        "\"fix_req\"",
        "no [object.*] entry named `fix_req` in the spec",
    )]);
    let spec = EACH.replace("[each.fix_for_each_vec]", "[each.fix_for_each_ve]");
    Fixture::new("each-unknown-macro", LOOP, &spec).assert_refused(&[(
        "fix_for_each_ve]",
        "no loop macro named `fix_for_each_ve` in the headers; did you mean `fix_for_each_vec`?",
    )]);
}

#[test]
fn memory_needs_a_page_pointer_unsigned_extents_and_a_map_pair() {
    let spec = EACH.replace("page = \"page\"", "page = \"len\"").replace(
        "[\"fix_map\", \"fix_unmap\"]",
        "[\"fix_unmap\", \"fix_map\"]",
    );
    Fixture::new("memory-refusals", LOOP, &spec).assert_refused(&[
        (
            "\"len\"\noffset",
            "`len` is `unsigned int`, not struct page *",
        ),
        (
            "\"fix_unmap\", \"fix_map\"",
            "`fix_unmap` must be `void *fix_unmap(struct page *)`",
        ),
        (
            "\"fix_map\"]",
            "`fix_map` must be `void fix_map(const void *)`",
        ),
    ]);
    let spec = EACH.replace("method = \"for_each_vec\"", "method = \"for-each\"");
    Fixture::new("each-method-name", LOOP, &spec)
        .assert_refused(&[("\"for-each\"", "`for-each` is not a Rust method name")]);
}

/// Found in review: `consumes` on an object that is not owned left the method out of the
/// API, reported only in safety.txt.
#[test]
fn consumes_needs_an_owned_object() {
    let spec = object("access = \"shared\"\nconsumes = [\"fix_end\"]\nmethods = [\"fix_end\"]\n");
    Fixture::new("consumes-not-owned", DEVICE, &spec).assert_refused(&[(
        "\"fix_end\"]\n",
        "`consumes` names `fix_end`, but Device is not owned (access = \"shared\"): only a \
         method of an `owned` object can take its token; remove it from `consumes` or make \
         the object owned",
    )]);
}

/// Found in review: an override of a function that `methods` matches but that is no
/// method (it does not take the object, or cannot be made safe) was dropped silently.
#[test]
fn method_overrides_must_name_methods_that_are_made() {
    let header = format!("{DEVICE}int fix_label(struct fix_dev *dev, const char **label);\n");
    let spec = object(
        "access = \"shared\"\nmethods = [\"fix_*\"]\n\
         returns = { fix_count = \"bool\", fix_label = \"value<u16>\", fix_reset = \"bool\" }\n\
         rename = { fix_label = \"label\" }\n",
    );
    Fixture::new("method-overrides-not-made", &header, &spec).assert_refused(&[
        (
            "fix_count =",
            "`returns` names `fix_count`, which does not take `struct fix_dev *` first, so it \
             is no method of Device",
        ),
        (
            "fix_label = \"value",
            "`returns` names `fix_label`, which cannot be made a method: parameter `label` is \
             `const char **`: no pattern proves such a pointer valid",
        ),
        (
            "fix_reset = \"bool\"",
            "`returns` names `fix_reset`, which cannot be made a method: its return pattern \
             reads a C `int`, but it returns `void`",
        ),
        (
            "fix_label = \"label\"",
            "`rename` names `fix_label`, which cannot be made a method: parameter `label` is \
             `const char **`: no pattern proves such a pointer valid",
        ),
    ]);
}

/// Found in review: `fields_mut` was refused on a shared object only; a refcounted or owned
/// object got setters too, writing through a reference others may hold.
#[test]
fn only_a_locked_mut_object_has_setters() {
    let cases = [
        (
            "fields-mut-refcounted",
            "access = \"refcounted\"\nget = \"fix_get\"\nput = \"fix_put\"\n",
            "`speed` cannot be written through a refcounted object: whoever holds a reference \
             may read it meanwhile; a setter needs the exclusive `&mut` that only access = \
             \"locked_mut\" gives (under the object's lock)",
        ),
        (
            "fields-mut-owned",
            "access = \"owned\"\nrelease = \"fix_end(FIX_EIO)\"\n",
            "`speed` cannot be written through an owned object: the token is the only owner, \
             yet C may lend the object to other callbacks meanwhile; a setter needs the \
             exclusive `&mut` that only access = \"locked_mut\" gives (under the object's lock)",
        ),
    ];
    for (test, access, message) in cases {
        // Refused at the `fields_mut` entry, which asks for the setter.
        let spec = object(&format!(
            "{access}fields_mut = [\"speed\"]\nfields = [\"speed\"]\n"
        ));
        Fixture::new(test, DEVICE, &spec).assert_refused(&[("\"speed\"]\n", message)]);
    }
}

/// A watchdog-like object: registration, its undo, a refcount pair and one plain call.
const LIFECYCLE: &str = "
struct fix_wdd { unsigned int timeout; };
int fix_wdd_register(struct fix_wdd *wdd);
void fix_wdd_unregister(struct fix_wdd *wdd);
void fix_wdd_hold(struct fix_wdd *wdd);
void fix_wdd_drop(struct fix_wdd *wdd);
int fix_wdd_ping(struct fix_wdd *wdd);
";

fn lifecycle(lines: &str) -> String {
    format!("[object.fix_wdd]\nrust = \"fix::Watchdog\"\naccess = \"shared\"\n{lines}")
}

#[test]
fn a_method_glob_never_captures_a_registration_or_a_constructor() {
    let spec = lifecycle("methods = [\"fix_wdd_*\"]\n");
    let f = Fixture::new("methods-lifecycle", LIFECYCLE, &spec);
    let module = f.module("fix");
    assert_contains(
        &module,
        &["pub fn fix_wdd_ping(&self) -> crate::error::Result {"],
    );
    for not in ["fn fix_wdd_register", "fn fix_wdd_unregister"] {
        assert!(!module.contains(not), "{not} in:\n{module}");
    }
    assert_contains(
        &f.artifact("safety.txt"),
        &[
            "fn fix_wdd_unregister (`methods` of fix::Watchdog): no method: it is named \
           as a registration with the kernel: it runs only through a `register` pair of an \
           `[ops]` table or an object's `create`",
        ],
    );
}

#[test]
fn a_method_glob_never_captures_what_the_spec_makes_a_constructor_or_refcount() {
    let spec = lifecycle(
        "methods = [\"fix_wdd_*\"]\ncreate = [\"fix_wdd_register\", \"fix_wdd_unregister\"]\n",
    );
    let safety = Fixture::new("methods-create", LIFECYCLE, &spec).artifact("safety.txt");
    assert_contains(
        &safety,
        &[
            "fn fix_wdd_register (`methods` of fix::Watchdog): no method: it is the \
           `create` of [object.fix_wdd]: its constructor and drop call it",
        ],
    );
}

#[test]
fn a_method_named_exactly_that_ends_a_life_is_refused() {
    let spec = lifecycle("methods = [\"fix_wdd_ping\", \"fix_wdd_unregister\"]\n");
    let errors = Fixture::new("methods-lifecycle-exact", LIFECYCLE, &spec).errors();
    assert_eq!(
        errors,
        [
            "4:28: `fix_wdd_unregister` cannot be a method of fix::Watchdog: it is named as a \
          registration with the kernel: it runs only through a `register` pair of an `[ops]` \
          table or an object's `create`"
        ]
    );
}
