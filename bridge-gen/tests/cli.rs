//! The command line on good and bad input: bad input must name file:line:column (or the
//! option at fault), exit non-zero, and leave the output folder exactly as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn model_headers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../headers")
}

/// A scratch folder under target/, fresh for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

fn bridge_gen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bridge-gen"))
        .args(args)
        .output()
        .expect("bridge-gen runs")
}

/// An output folder holding one file we can recognise afterwards.
fn existing_output(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("mkdir out");
    std::fs::write(out.join("bindings.rs"), "previous generation\n").expect("write");
    out
}

fn assert_output_untouched(out: &Path) {
    let names: Vec<_> = std::fs::read_dir(out)
        .expect("out exists")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["bindings.rs"], "the output folder changed");
    assert_eq!(
        std::fs::read_to_string(out.join("bindings.rs")).expect("read"),
        "previous generation\n"
    );
    let parent = out.parent().expect("parent");
    for entry in std::fs::read_dir(parent).expect("read parent") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            !name.starts_with(".out."),
            "a staging folder was left behind: {name}"
        );
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn generates_then_checks_then_detects_a_stale_output() {
    let dir = scratch("roundtrip");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let headers = model_headers();
    let headers = headers.to_str().expect("utf-8 path");

    let first = bridge_gen(&[headers, "--out", out_arg]);
    assert!(first.status.success(), "{}", stderr(&first));
    let summary = String::from_utf8_lossy(&first.stdout);
    assert!(summary.contains("static inline -> C shim"), "{summary}");
    for name in [
        "bindings.rs",
        "helpers.c",
        "helpers.h",
        "layout.c",
        "layout.rs",
        "ir.txt",
        "report.txt",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }

    let check = bridge_gen(&[headers, "--out", out_arg, "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));

    std::fs::write(out.join("helpers.c"), "edited by hand\n").expect("edit");
    let stale = bridge_gen(&[headers, "--out", out_arg, "--check"]);
    assert!(!stale.status.success());
    assert!(stderr(&stale).contains("helpers.c"), "{}", stderr(&stale));
    assert_eq!(
        std::fs::read_to_string(out.join("helpers.c")).expect("read"),
        "edited by hand\n",
        "--check wrote"
    );

    let again = bridge_gen(&[headers, "--out", out_arg]);
    assert!(again.status.success(), "{}", stderr(&again));
    let check = bridge_gen(&[headers, "--out", out_arg, "--check"]);
    assert!(
        check.status.success(),
        "regeneration did not replace the edited file: {}",
        stderr(&check)
    );
}

/// Copies the model headers, replaces `from` with `to` in one header, runs the generator
/// on the copy against an existing output folder, and returns stderr once the run has
/// failed and left that folder alone.
fn run_on_broken_copy(test: &str, header: &str, from: &str, to: &str) -> String {
    let dir = scratch(test);
    let headers = dir.join("headers");
    copy_tree(&model_headers(), &headers);
    let path = headers.join(header);
    let text = std::fs::read_to_string(&path).expect("read header");
    let broken = text.replacen(from, to, 1);
    assert_ne!(broken, text, "{from} not found in {header}");
    std::fs::write(&path, broken).expect("write header");
    let out = existing_output(&dir);

    let run = bridge_gen(&[
        headers.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(!run.status.success());
    assert_output_untouched(&out);
    stderr(&run)
}

#[test]
fn malformed_header_is_reported_at_its_position() {
    let declaration = "int genphy_soft_reset(struct phy_device *phydev);";
    let phy = std::fs::read_to_string(model_headers().join("linux/phy.h")).expect("read phy.h");
    let line = phy
        .lines()
        .position(|l| l == declaration)
        .expect("declaration")
        + 1;
    let err = run_on_broken_copy(
        "malformed",
        "linux/phy.h",
        declaration,
        "int genphy_soft_reset(struct phy_device *phydev;",
    );
    assert!(
        err.contains(&format!("linux/phy.h:{line}:")),
        "no file:line in: {err}"
    );
    assert!(
        err.contains("expected ')'"),
        "not clang's diagnostic: {err}"
    );
}

#[test]
fn missing_include_is_reported_where_it_is_included() {
    let err = run_on_broken_copy(
        "missing-include",
        "linux/device.h",
        "#include <linux/types.h>",
        "#include <linux/no_such_header.h>",
    );
    assert!(
        err.contains("linux/device.h:9:10"),
        "no file:line:column in: {err}"
    );
    assert!(
        err.contains("'linux/no_such_header.h' file not found"),
        "{err}"
    );
}

#[test]
fn unknown_target_is_rejected_with_the_supported_list() {
    let dir = scratch("unknown-target");
    let out = existing_output(&dir);
    let headers = model_headers();
    let run = bridge_gen(&[
        headers.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--target",
        "sparc64-sun-solaris",
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("unknown target `sparc64-sun-solaris`"),
        "{err}"
    );
    assert!(err.contains("riscv64gc-unknown-linux-gnu"), "{err}");
    assert_output_untouched(&out);
}

#[test]
fn unreadable_or_wrong_header_folders_are_rejected() {
    let dir = scratch("bad-folder");
    let out = existing_output(&dir);
    let out_arg = out.to_str().expect("utf-8");

    let missing = dir.join("no-such-folder");
    let run = bridge_gen(&[missing.to_str().expect("utf-8"), "--out", out_arg]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("no-such-folder: cannot read the header folder"),
        "{}",
        stderr(&run)
    );

    let file = dir.join("a-file.h");
    std::fs::write(&file, "int x;\n").expect("write");
    let run = bridge_gen(&[file.to_str().expect("utf-8"), "--out", out_arg]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("not a folder"), "{}", stderr(&run));

    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let run = bridge_gen(&[empty.to_str().expect("utf-8"), "--out", out_arg]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("no headers found"),
        "{}",
        stderr(&run)
    );

    assert_output_untouched(&out);
}

#[test]
fn bad_usage_exits_with_status_2() {
    let run = bridge_gen(&["--bogus"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("unknown option `--bogus`"));
}
