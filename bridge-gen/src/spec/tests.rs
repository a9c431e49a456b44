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
        (path.module_path().as_str(), path.name()),
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
