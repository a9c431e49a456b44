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
