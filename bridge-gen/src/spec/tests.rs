//! The reader on whole spec texts: what it accepts, and every problem of a file reported
//! at its line and column, in the order written.

use std::path::Path;

use super::Spec;
use crate::error::Error;

/// `line:column: message` of each problem of `text`; the text must be refused.
pub(super) fn problems(text: &str) -> Vec<String> {
    match Spec::parse(Path::new("bridge.toml"), text.to_owned()) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(Error::Spec { errors }) => errors
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect(),
        Err(other) => panic!("not a spec error: {other}"),
    }
}

/// The spec of `text`, which must be accepted.
pub(super) fn accepted(text: &str) -> Spec {
    match Spec::parse(Path::new("bridge.toml"), text.to_owned()) {
        Ok(spec) => spec,
        Err(e) => panic!("refused:\n{e}\n{text}"),
    }
}

#[test]
fn a_spec_is_read_with_every_place_kept() {
    let spec = accepted("[object.dev]\nrust = \"fix::Device\"\nfields = [\"id\"]\n");
    let object = &spec.objects[0];
    assert_eq!(object.c_name.value, "dev");
    assert_eq!(spec.position(&object.fields[0].span), (3, 11));
    assert_eq!(spec.text.lines().count(), 3);
}

#[test]
fn every_problem_of_a_file_is_reported_in_the_order_written() {
    let text = "\
[object.dev]
rust = \"fix::Device\"
feilds = [\"id\"]
methods = \"fix_read\"

[enum.state]
rename = { A = 1 }

[sections]
x = 1

[ops.fix_ops]
rust = \"fix::Ops\"
skip = [\"a\", 2]
";
    assert_eq!(
        problems(text),
        [
            "3:1: unknown key `feilds` in [object.dev]; did you mean `fields`?; known keys: \
             rust, access, private, method_prefix, methods, consumes, fields, fields_mut, \
             returns, params, rename, get, put, release, create, config, checks, alloc, setup, \
             teardown, lock, device, stable, self_locking, views, borrowed, calls, data, \
             non_null, defaults, field_types, unless",
            "4:11: `methods` must be an array of strings",
            "6:1: [enum.state] needs `rust = \"...\"`",
            "7:16: the values of `rename` are strings",
            "9:2: unknown section `sections`; sections: errno, exports, enum, object, id, \
             ops, config, each, memory, constants",
            "14:14: `skip` holds strings only",
        ]
    );
}

#[test]
fn toml_syntax_errors_are_reported_all_and_alone() {
    // The unknown key is not reported: what the parser recovered may be a guess.
    let text = "[object.dev\nrust = \"fix::Device\"\nfeilds = [\"id\"]\n[enum.state]\nrust = \"a\" \"b\"\n";
    assert_eq!(
        problems(text),
        [
            "1:12: unclosed table, expected `]`",
            "5:12: unexpected key or value, expected newline, `#`",
        ]
    );
}

#[test]
fn patterns_are_typed_when_read() {
    use super::values::{Access, ArgPattern, ParamPattern, ReturnPattern};
    let spec = accepted(
        "[object.dev]\nrust = \"fix::Device\"\naccess = \"owned\"\n\
         returns = { fix_read = \"value<u16>\" }\n\
         params = { \"fix_end.error\" = \"status(errno_to_status)\" }\n\
         [ops.fix_ops]\nrust = \"fix::Ops\"\nreturns = { queue = \"status(to_status)\" }\n\
         params = { \"queue.rq\" = \"owned\", \"poll.dev\" = \"view(Unlocked)\" }\n\
         hand_back = { queue = \"Busy { Resource = STS_RESOURCE }\" }\n",
    );
    let object = &spec.objects[0];
    assert_eq!(object.access.as_ref().map(|a| a.value), Some(Access::Owned));
    assert_eq!(object.returns[0].1.value, ReturnPattern::Value("u16"));
    assert_eq!(object.params[0].0.value.to_string(), "fix_end.error");
    assert_eq!(
        object.params[0].1.value,
        ArgPattern::Status("errno_to_status".into())
    );
    let ops = &spec.ops[0];
    assert_eq!(
        ops.returns[0].1.value,
        ReturnPattern::Status("to_status".into())
    );
    let params: Vec<_> = ops
        .params
        .iter()
        .map(|(k, v)| (k.value.to_string(), v.value.clone()))
        .collect();
    assert_eq!(
        params,
        [
            ("queue.rq".to_owned(), ParamPattern::Owned),
            ("poll.dev".to_owned(), ParamPattern::View("Unlocked".into()))
        ]
    );
    assert_eq!(ops.hand_back[0].1.value.type_name.value, "Busy");
}

#[test]
fn malformed_patterns_are_refused_at_their_values() {
    let text = "\
[object.dev]
rust = \"fix::Device\"
access = \"lockd_mut\"
returns = { fix_read = \"value<f32>\" }
params = { fix_end = \"status(f)\", \"fix_end.error\" = \"owned\" }
[ops.fix_ops]
rust = \"fix::Ops\"
returns = { queue = \"boolean\" }
params = { queue = \"owned\", \"poll.dev\" = \"view()\" }
hand_back = { queue = \"Busy { Resource }\", poll = \"busy { again = X }\" }
";
    assert_eq!(
        problems(text),
        [
            "3:10: unknown access pattern `lockd_mut`; did you mean `locked_mut`?; patterns: \
             locked_mut, shared, owned, refcounted",
            "4:24: unknown return pattern `value<f32>`; patterns: errno, value<T>, bool, void, \
             status(from_errno)",
            "5:12: `params` names `fix_end`; write `function.parameter` for one of the methods",
            "5:53: unknown parameter pattern `owned`; patterns: status(from_errno)",
            "8:21: unknown return pattern `boolean` for `queue`; patterns: errno, value<T>, \
             bool, void, status(from_errno)",
            "9:12: `params` keys are `callback.parameter`, not `queue`",
            "9:42: unknown parameter pattern `view()`; patterns: unpack, owned, borrowed, \
             view(Name)",
            "10:40: unexpected `}`: a hand-back is written `Name { Variant = CONSTANT, ... }`",
            "10:52: `busy` is not a CamelCase Rust name",
            "10:59: `again` is not a CamelCase Rust name",
        ]
    );
}

#[test]
fn checks_are_read_with_their_bounds_as_written() {
    use super::values::{Bound, CheckPattern};
    let spec = accepted(
        "[config.limits]\nrust = \"fix::Limits\"\n\
         checks = { size = \"power_of_two(512, PAGE_SIZE)\", flags = \"bits(A | B)\" }\n\
         [object.tags]\nrust = \"fix::Tags\"\nchecks = { node = \"numa_node\" }\n",
    );
    let checks = &spec.configs[0].checks;
    assert_eq!(checks[0].0.value, "size");
    assert!(matches!(
        &checks[0].1.value,
        CheckPattern::PowerOfTwo(Bound::Number { value: 512, .. }, Bound::Constant(c))
            if c == "PAGE_SIZE"
    ));
    assert_eq!(checks[1].1.value.to_string(), "bits(A | B)");
    assert_eq!(spec.objects[0].checks[0].1.value, CheckPattern::NumaNode);
    let text = "[config.limits]\nrust = \"fix::Limits\"\nchecks = { size = \"even(2)\", \
                max = \"range(0x1g, 2)\" }\n[object.tags]\nrust = \"fix::Tags\"\n\
                checks = { flags = \"bits(A | )\" }\n";
    assert_eq!(
        problems(text),
        [
            "3:19: unknown check `even(2)`; checks: power_of_two(MIN, MAX), range(MIN, MAX), \
             bits(FLAG | FLAG ...), numa_node",
            "3:36: `0x1g`: invalid digit found in string",
            "6:20: unknown check `bits(A | )`; checks: power_of_two(MIN, MAX), \
             range(MIN, MAX), bits(FLAG | FLAG ...), numa_node",
        ]
    );
}

#[test]
fn rust_paths_are_read_typed_and_refused_when_malformed() {
    let spec =
        accepted("[object.dev]\nrust = \"net::phy::Device\"\n[constants.mii]\nrust = \"mii\"\n");
    let path = &spec.objects[0].rust.value;
    assert_eq!(
        (path.module.as_str(), path.name.as_str()),
        ("net::phy", "Device")
    );
    assert_eq!(spec.constants[0].rust.value.to_string(), "mii");
    let text = "\
[enum.state]
rust = \"State\"
[object.dev]
rust = \"fix::type::Device\"
[ops.fix_ops]
rust = \"fix::Ops::\"
[config.limits]
rust = \"fix:Limits\"
[id.fix_id]
rust = \"fix::1d\"
[constants.regs]
rust = \"fix-regs\"
";
    assert_eq!(
        problems(text),
        [
            "2:8: `State` is not a Rust path of the form `module::Name`",
            "4:8: `fix::type::Device` is not a Rust path of the form `module::Name`",
            "6:8: `fix::Ops::` is not a Rust path of the form `module::Name`",
            "8:8: `fix:Limits` is not a Rust path of the form `module::Name`",
            "10:8: `fix::1d` is not a Rust path of the form `module::Name`",
            "12:8: `fix-regs` is not a module path like `net::phy::mii`",
        ]
    );
}

#[test]
fn keys_and_names_with_a_shape_are_read_typed() {
    use super::values::{ConstType, PointerKind, RenameKey};
    let spec = accepted(
        "[object.disk]\nrust = \"fix::Disk\"\nrelease = \"end(STS_IOERR)\"\ndevice = \"mdio.dev\"\n\
         rename = { get_pos = \"sector\", \"alloc_disk.lim\" = \"limits\" }\n\
         calls = { complete = \"mq_ops.complete\" }\ndata = { \"alloc_disk.queuedata\" = \"QueueData\" }\n\
         views = { Unlocked = [\"phy_id\"] }\n\
         [ops.mq_ops]\nrust = \"fix::Ops\"\nrename = { \"exit_hctx.1\" = \"hctx_idx\" }\n\
         data = { request_queue = \"QueueData\" }\n\
         [constants.fix]\nrust = \"fix\"\nnewtypes = { Speed = \"i32\" }\n\
         types = { \"SPEED_*\" = \"Speed\", \"MII_*\" = \"u32\" }\n\
         [exports]\nheaders = [\"kbridge/qr.h\"]\n\
         [exports.bounds]\nqr = [\"url: string\", \"data[data_size]\"]\n\
         [enum.state]\nrust = \"fix::State\"\nrename = { PHY_NOLINK = \"NoLink\" }\n\
         [each.for_each]\nobject = \"rq\"\nitem = \"bv\"\ncursor = \"it\"\nmethod = \"for_each_segment\"\n\
         [id.dev_id]\nrust = \"fix::DeviceId\"\ntable = \"mdio\"\n",
    );
    let disk = &spec.objects[0];
    let release = &disk.release.as_ref().expect("release").value;
    assert_eq!((release.function.as_str(), release.args.len()), ("end", 1));
    assert_eq!(
        disk.device.as_ref().map(|d| d.value.to_string()),
        Some("mdio.dev".into())
    );
    assert_eq!(disk.rename[0].0.value, RenameKey::Member("get_pos".into()));
    assert!(disk.rename[1].0.value.is_param("alloc_disk", "lim"));
    assert!(disk.calls[0].1.value.is("mq_ops", "complete"));
    assert!(disk.data[0].0.value.is("alloc_disk", "queuedata"));
    assert_eq!(disk.views[0].0.value, "Unlocked");
    let position = &spec.ops[0].rename[0].0.value;
    assert_eq!(
        (position.callback.as_str(), position.position),
        ("exit_hctx", 1)
    );
    let constants = &spec.constants[0];
    assert_eq!(constants.newtypes[0].1.value, "i32");
    let types: Vec<_> = constants
        .types
        .iter()
        .map(|(_, t)| t.value.clone())
        .collect();
    assert_eq!(
        types,
        [
            ConstType::Newtype("Speed".into()),
            ConstType::Integer("u32")
        ]
    );
    let bounds = &spec.exports.as_ref().expect("exports").bounds[0].1;
    assert_eq!(
        bounds[1].value.kind,
        PointerKind::Buffer("data_size".into())
    );
    assert_eq!(spec.loops[0].method.value, "for_each_segment");
    assert_eq!(
        spec.ids[0].table.as_ref().map(|t| t.value.as_str()),
        Some("mdio")
    );
}

#[test]
fn every_malformed_key_and_name_is_refused_in_the_order_written() {
    let text = "\
[object.disk]
rust = \"fix::Disk\"
release = \"end(STS_IOERR\"
device = \"mdio..dev\"
rename = { \"a.b.c\" = \"x\", get_pos = \"read-reg\" }
calls = { complete = \"complete\" }
data = { queuedata = \"QueueData\" }
views = { \"Un locked\" = [] }
[ops.mq_ops]
rust = \"fix::Ops\"
rename = { \"exit_hctx.one\" = \"type\" }
data = { request_queue = \"queue_data\" }
[constants.fix]
rust = \"fix\"
newtypes = { speed = \"f32\" }
types = { \"MII_*\" = \"word\" }
[exports]
headers = [\"kbridge/qr.h\"]
[exports.bounds]
qr = [\"url\", 3]
[enum.state]
rust = \"fix::State\"
rename = { PHY_NOLINK = \"no_link\", PHY_X = \"Self\" }
[each.for_each]
object = \"rq\"
item = \"bv\"
cursor = \"it\"
method = \"for-each\"
[id.dev_id]
rust = \"fix::DeviceId\"
table = \"fix-bus\"
masks = { \"a-b\" = 1, exact = \"x\" }
";
    assert_eq!(
        problems(text),
        [
            "3:11: `release` is `function` or `function(CONSTANT, ...)`",
            "4:10: `device` is a field path such as `mdio.dev`",
            "5:12: `rename` names `a.b.c`; a parameter rename is `function.parameter` for \
             `alloc` or a `setup` call",
            "5:37: `read-reg` is not a Rust identifier",
            "6:22: `calls` values are `ops_table.callback`",
            "7:10: `queuedata` is not `alloc_function.parameter` of a `void *` parameter of \
             `alloc`",
            "8:11: `Un locked` is not a type name",
            "11:12: `exit_hctx.one` is not `callback.position` of a callback of `mq_ops` with \
             that many parameters",
            "11:30: `type` is not a Rust identifier",
            "12:26: `queue_data` is not a CamelCase associated type name",
            "15:14: `speed` is not a CamelCase type name",
            "15:22: `f32` is not an integer type; use one of u8, u16, u32, u64, i8, i16, i32, \
             i64",
            "16:21: `word` is not a constant type; use one of u8, u16, u32, u64, i8, i16, i32, \
             i64",
            "20:7: `qr`: `url`: expected `POINTER[LENGTH_PARAM]` or `POINTER: string`",
            "20:14: `bounds` lists strings",
            "23:25: `no_link` is not a CamelCase Rust identifier (a variant starts with an \
             uppercase letter and has no `_`)",
            "23:44: `Self` is not a CamelCase Rust identifier (a variant starts with an \
             uppercase letter and has no `_`)",
            "28:10: `for-each` is not a Rust method name",
            "31:9: `fix-bus` is not a MODULE_DEVICE_TABLE type name (letters, digits, `_`)",
            "32:11: `a-b` is not a mask name (letters, digits, `_`)",
            "32:30: the values of `masks` are integers",
        ]
    );
}
