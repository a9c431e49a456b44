//! `[ops.X] makes_data`, `ends_data`, `lends_data` on a platform-like bus: probe returns
//! the driver's typed per-device data, kept in the device's driver data; remove sees it
//! and drops it; shutdown borrows it. Each refusal at its place in bridge.toml.

mod fixture;

use fixture::{Fixture, assert_contains};

const BUS: &str = "
struct module;
struct device { void *driver_data; };
static inline void *dev_get_drvdata(const struct device *dev) { return dev->driver_data; }
static inline void dev_set_drvdata(struct device *dev, void *data) { dev->driver_data = data; }
struct fix_pdev { const char *name; struct device dev; };
struct fix_pdrv {
	int (*probe)(struct fix_pdev *pdev);
	union {
		void (*remove)(struct fix_pdev *pdev);
		void (*remove_new)(struct fix_pdev *pdev);
	};
	void (*shutdown)(struct fix_pdev *pdev);
	int (*resume)(struct fix_pdev *pdev);
	unsigned int (*count)(struct fix_pdev *pdev);
};
int fix_pdrv_register(struct fix_pdrv *drv, struct module *owner);
void fix_pdrv_unregister(struct fix_pdrv *drv);
";

const WHY: &str = "why = { probe = \"really_probe() in dd.c, device lock held\", \
                   remove = \"device_remove() in dd.c, device lock held, after a good probe\", \
                   shutdown = \"device_shutdown() in core.c, device lock held, bound only\", \
                   resume = \"dpm, device lock held, bound only\" }\n";

fn bus(lines: &str) -> String {
    format!(
        "[object.fix_pdev]\nrust = \"fix::Device\"\naccess = \"shared\"\ndevice = \"dev\"\n\n\
         [ops.fix_pdrv]\nrust = \"fix::Driver\"\n\
         register = [\"fix_pdrv_register\", \"fix_pdrv_unregister\"]\n{lines}"
    )
}

#[test]
fn probe_returns_the_data_remove_sees_it_last_and_shutdown_borrows_it() {
    let spec = bus(&format!(
        "makes_data = \"probe\"\nends_data = \"remove\"\nlends_data = [\"shutdown\", \"resume\"]\n{WHY}"
    ));
    let module = Fixture::new("data-bus", BUS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "type DeviceData: Send + Sync + 'static;",
            // Required: no default, the slot is always filled.
            "fn probe(_pdev: &Device) -> crate::error::Result<Self::DeviceData>;",
            "fn remove(_pdev: &Device, _data: &Self::DeviceData) {}",
            "fn shutdown(_pdev: &Device, _data: &Self::DeviceData) {}",
            "fn resume(_pdev: &Device, _data: &Self::DeviceData) -> crate::error::Result {",
            "table.probe = Some(fix_pdrv_callbacks::probe::<T>);",
            "table.__bindgen_anon_1.remove = Some(fix_pdrv_callbacks::remove::<T>);",
            "if T::HAS_SHUTDOWN {\n            table.shutdown = Some(fix_pdrv_callbacks::shutdown::<T>);",
            // The data is parked, taken and borrowed through the device's driver data.
            "let raw_device = unsafe { &raw mut (*pdev).dev };",
            "crate::error::from_result(unsafe {\n                    crate::device_data::park(raw_device, data)\n                })",
            "let Some(data) = (unsafe {\n            \
             crate::device_data::take::<T::DeviceData>(raw_device)\n        }) else {\n            \
             return;\n        };",
            "T::remove(pdev, &data);\n        drop(data);",
            "crate::device_data::borrow::<T::DeviceData>(raw_device)\n        }) else {",
            "return crate::error::code::ENODEV.to_errno();",
            // The SAFETY arguments quote the driver core's guarantee.
            "(device_remove() in dd.c, device lock held, after a good probe)",
        ],
    );
    // A callback outside the three keys knows nothing of the data.
    assert_contains(&module, &["fn count(_pdev: &Device) -> u32 {"]);
}

#[test]
fn the_data_keys_are_refused_where_they_do_not_fit() {
    let spec = bus(
        "makes_data = \"count\"\nends_data = \"resume\"\nlends_data = [\"remove_new\"]\n\
         why = { count = \"x\", resume = \"y\" }\n",
    );
    Fixture::new("data-bus-refused", BUS, &spec).assert_refused(&[
        (
            "\"count\"",
            "`makes_data` names `count`, which must return `int` 0/-errno: the data takes the \
             place of 0",
        ),
        (
            "\"resume\"",
            "`ends_data` names `resume`, which must return `void`: the data is dropped whatever \
             it says",
        ),
        (
            "\"remove_new\"",
            "`lends_data`: `remove_new` is no safe callback: shares its storage with `remove` (an \
             anonymous union), which is the slot filled; `skip = [\"remove\"]` makes the next \
             member the slot instead",
        ),
    ]);
}

#[test]
fn the_binding_pair_goes_together_and_states_the_driver_core_s_guarantee() {
    let spec = bus("makes_data = \"probe\"\n");
    Fixture::new("data-bus-alone", BUS, &spec).assert_refused(&[(
        "\"probe\"",
        "`makes_data` and `ends_data` go together: the data the binding callback makes is \
         dropped after the callback that ends the binding",
    )]);
    let spec = bus("makes_data = \"probe\"\nends_data = \"remove\"\n");
    Fixture::new("data-bus-why", BUS, &spec).assert_refused(&[
        (
            "\"probe\"",
            "`makes_data` names `probe`, which needs a `why`: where the driver core makes the \
             call (the function and file that hold the device lock, and when it calls it), which \
             the data's SAFETY arguments quote",
        ),
        (
            "\"remove\"",
            "`ends_data` names `remove`, which needs a `why`: where the driver core makes the \
             call (the function and file that hold the device lock, and when it calls it), which \
             the data's SAFETY arguments quote",
        ),
    ]);
}

/// 6.12's `struct platform_driver` names its driver in `driver.name`: a NULL name is
/// dereferenced at registration, so the constant is required.
const NAMED: &str = "
struct module;
/**
 * struct fix_core - the bus-independent driver
 * @name: the driver's name, its sysfs directory
 * @owner: the module
 */
struct fix_core { const char *name; struct module *owner; };
struct fix_ndrv {
	int (*probe)(struct fix_core *core);
	struct fix_core driver;
	const struct fix_core *parent;
};
int fix_ndrv_register(struct fix_ndrv *drv, struct module *owner);
void fix_ndrv_unregister(struct fix_ndrv *drv);
";

fn named(consts: &str) -> String {
    format!(
        "[ops.fix_ndrv]\nrust = \"fix::Driver\"\nconsts = {consts}\n\
         register = [\"fix_ndrv_register\", \"fix_ndrv_unregister\"]\n"
    )
}

#[test]
fn a_constant_fills_a_field_of_an_embedded_struct() {
    let module = Fixture::new("consts-nested", NAMED, &named("[\"driver.name\"]")).module("fix");
    assert_contains(
        &module,
        &[
            "    /// The driver's name, its sysfs directory.\n    \
             const NAME: &'static ::core::ffi::CStr;",
            "table.driver.name = T::NAME.as_ptr().cast_mut().cast();",
        ],
    );
}

#[test]
fn a_constant_s_path_is_checked_segment_by_segment() {
    Fixture::new(
        "consts-nested-refused",
        NAMED,
        &named("[\"driver.nmae\", \"parent.name\"]"),
    )
    .assert_refused(&[
        (
            "\"driver.nmae\"",
            "no field of struct fix_core named `nmae` in the headers",
        ),
        (
            "\"parent.name\"",
            "`parent` is `const struct fix_core *`, no struct embedded by value",
        ),
    ]);
}

/// Device ids matched by name, and the driver tables that point to them.
const IDS: &str = "
struct module;
struct fix_of_id { char name[32]; char type[32]; char compatible[128]; const void *data; };
struct fix_plat_id { char name[20]; unsigned long driver_data; };
struct fix_mask_id { unsigned int id; unsigned int mask; };
struct fix_core { const char *name; const struct fix_of_id *of_match_table; };
struct fix_idrv {
	int (*probe)(struct fix_core *core);
	struct fix_core driver;
	const struct fix_plat_id *id_table;
	const struct fix_mask_id *mask_table;
};
";

fn ids(lines: &str) -> String {
    format!(
        "[id.fix_of_id]\nrust = \"fix::OfId\"\nstring = \"compatible\"\n\n\
         [id.fix_plat_id]\nrust = \"fix::PlatId\"\nstring = \"name\"\n\n\
         [ops.fix_idrv]\nrust = \"fix::Driver\"\n{lines}"
    )
}

#[test]
fn string_ids_are_made_in_constants_and_tables_end_where_c_stops() {
    let spec = ids("id_tables = { \"driver.of_match_table\" = \"fix_of_id\", \
                    id_table = \"fix_plat_id\" }\n");
    let module = Fixture::new("ids-string", IDS, &spec).module("fix");
    assert_contains(
        &module,
        &[
            "pub struct OfId(crate::bindings::fix_of_id);",
            "bytes.len() <= 127usize,",
            "self.0.name[0] == 0 && self.0.type_[0] == 0 && self.0.compatible[0] == 0",
            "pub struct PlatId(crate::bindings::fix_plat_id);",
            "const OF_MATCH_TABLE: &'static [OfId] = &[];",
            "const ID_TABLE: &'static [PlatId] = &[];",
            "let terminated = OfId::terminated(T::OF_MATCH_TABLE);",
            "table.driver.of_match_table = T::OF_MATCH_TABLE.as_ptr().cast();",
            "table.id_table = T::ID_TABLE.as_ptr().cast();",
        ],
    );
}

#[test]
fn string_ids_and_id_tables_are_refused_where_they_do_not_fit() {
    let spec = "[id.fix_plat_id]\nrust = \"fix::PlatId\"\nstring = \"driver_data\"\n\n\
                [id.fix_of_id]\nrust = \"fix::OfId\"\nstring = \"compatible\"\n\n\
                [ops.fix_idrv]\nrust = \"fix::Driver\"\n\
                id_tables = { mask_table = \"fix_of_id\", \"driver.name\" = \"fix_mask_id\" }\n";
    Fixture::new("ids-string-refused", IDS, spec).assert_refused(&[
        (
            "\"driver_data\"",
            "`driver_data` is `unsigned long`, not a `char` array",
        ),
        (
            "mask_table",
            "`mask_table` is `const struct fix_mask_id *`, not `const struct fix_of_id *`",
        ),
        (
            "\"fix_mask_id\"",
            "no string id type (`[id.X] string`) named `fix_mask_id` in the spec",
        ),
    ]);
}
