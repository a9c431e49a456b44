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

#[test]
fn an_unchanged_run_is_skipped_and_any_change_regenerates() {
    let dir = scratch("no-op");
    let headers = dir.join("headers");
    copy_tree(&model_headers(), &headers);
    let out = dir.join("out");
    let (headers_arg, out_arg) = (
        headers.to_str().expect("utf-8 path"),
        out.to_str().expect("utf-8 path"),
    );
    let run = |extra: &[&str]| {
        let output = bridge_gen(&[&[headers_arg, "--out", out_arg], extra].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let wrote = |summary: &str| summary.contains("wrote") && !summary.contains("up to date");

    assert!(wrote(&run(&[])), "the first run generates");
    let bindings = std::fs::read_to_string(out.join("bindings.rs")).expect("read");
    let second = run(&[]);
    assert!(second.contains("is up to date"), "{second}");
    assert_eq!(
        std::fs::read_to_string(out.join("bindings.rs")).expect("read"),
        bindings
    );
    assert!(wrote(&run(&["--force"])), "--force regenerates");

    // An edited header, even one only included by others, is an input.
    let header = headers.join("linux/types.h");
    let mut text = std::fs::read_to_string(&header).expect("read header");
    text.push_str("/* edited */\n");
    std::fs::write(&header, text).expect("edit header");
    assert!(wrote(&run(&[])), "a changed header regenerates");
    assert!(run(&[]).contains("is up to date"));

    // A header added to the set (the set is what its folders hold) is one too.
    std::fs::write(headers.join("linux/added.h"), "#define KBRIDGE_ADDED 1\n").expect("add");
    assert!(wrote(&run(&[])), "an added header regenerates");
    assert!(run(&[]).contains("is up to date"));

    // So is the spec, and so is every output file.
    let spec = headers.join("bridge.toml");
    let mut text = std::fs::read_to_string(&spec).expect("read spec");
    text.push_str("\n# edited\n");
    std::fs::write(&spec, text).expect("edit spec");
    assert!(wrote(&run(&[])), "a changed spec regenerates");
    std::fs::write(out.join("report.txt"), "edited by hand\n").expect("edit output");
    assert!(wrote(&run(&[])), "an edited output is regenerated");
    assert_ne!(
        std::fs::read_to_string(out.join("report.txt")).expect("read"),
        "edited by hand\n"
    );
    // The record beside the artifacts is not one of them.
    let check = bridge_gen(&[headers_arg, "--out", out_arg, "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
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
fn folders_that_are_not_a_kernel_tree_are_rejected() {
    let dir = scratch("bad-kernel-tree");
    let out = existing_output(&dir);
    let out_arg = out.to_str().expect("utf-8");
    let headers = model_headers();
    let headers = headers.to_str().expect("utf-8");

    let missing = dir.join("no-such-tree");
    let run = bridge_gen(&[
        headers,
        "--out",
        out_arg,
        "--kernel-headers",
        missing.to_str().expect("utf-8"),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("no-such-tree: not a usable kernel header tree: cannot open it"),
        "{err}"
    );

    // The model's folder has headers but is not a configured kernel's.
    let run = bridge_gen(&[headers, "--out", out_arg, "--kernel-headers", headers]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("no Makefile"), "{}", stderr(&run));

    // A flavor folder whose common headers are nowhere.
    let flavor = dir.join("linux-headers-9.9-amd64");
    std::fs::create_dir_all(&flavor).expect("mkdir");
    std::fs::write(
        flavor.join("Makefile"),
        "include /nonexistent/linux-headers-9.9-common/Makefile\n",
    )
    .expect("write");
    let run = bridge_gen(&[
        headers,
        "--out",
        out_arg,
        "--kernel-headers",
        flavor.to_str().expect("utf-8"),
    ]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("linux-headers-9.9-common) are neither beside it nor installed"),
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

/// Line and 1-based column of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, str::len) + 1;
    (line, column)
}

#[test]
fn bad_spec_entries_are_reported_at_their_position_with_a_suggestion() {
    // (what, text in bridge.toml, replacement, where the error points, message part)
    let cases = [
        (
            "struct",
            "[object.phy_device]",
            "[object.phy_devise]",
            "phy_devise]",
            "no struct named `phy_devise` in the headers; did you mean `phy_device`?",
        ),
        (
            "field",
            "fields = [\"phy_id\",",
            "fields = [\"phy_idd\",",
            "\"phy_idd\"",
            "no field of struct phy_device named `phy_idd` in the headers; did you mean `phy_id`?",
        ),
        (
            "function",
            "\"phy_write\", \"phy_modify\"",
            "\"phy_wirte\", \"phy_modify\"",
            "\"phy_wirte\"",
            "no function named `phy_wirte` in the headers; did you mean `phy_write`?",
        ),
        (
            "access pattern",
            "access = \"locked_mut\"",
            "access = \"locked_mutt\"",
            "\"locked_mutt\"",
            "unknown access pattern `locked_mutt`; did you mean `locked_mut`?",
        ),
        (
            "return pattern",
            "match_phy_device = \"bool\"",
            "match_phy_device = \"boolean\"",
            "\"boolean\"",
            "unknown return pattern `boolean` for `match_phy_device`",
        ),
        (
            "callback",
            "get_sqi = \"value<i32>\"",
            "get_sqj = \"value<i32>\"",
            "get_sqj",
            "no callback of struct phy_driver named `get_sqj` in the headers; did you mean `get_sqi`?",
        ),
        (
            "key",
            "method_prefix = ",
            "method_prefx = ",
            "method_prefx",
            "unknown key `method_prefx` in [object.phy_device]; did you mean `method_prefix`?",
        ),
        (
            "misfit: private field",
            "private = \"priv\"",
            "private = \"phy_id\"",
            "\"phy_id\"",
            "`private` must name a `void *` field; `phy_id` is `u32`",
        ),
        (
            "misfit: release",
            "release = \"blk_mq_end_request(BLK_STS_IOERR)\"",
            "release = \"blk_rq_pos\"",
            "\"blk_rq_pos\"",
            "`release` needs a void function",
        ),
        (
            "misfit: ops table",
            "[ops.blk_mq_ops]",
            "[ops.blk_mq_tag_set]",
            "blk_mq_tag_set]",
            "struct blk_mq_tag_set has no function-pointer fields: it is not an ops table",
        ),
        (
            "check pattern",
            "\"power_of_two(512, PAGE_SIZE)\",\n           physical",
            "\"power_of_two(512, PAGE_SIZ)\",\n           physical",
            "\"power_of_two(512, PAGE_SIZ)\"",
            "no constant named `PAGE_SIZ` in the headers; did you mean `PAGE_SIZE`?",
        ),
        (
            "misfit: alloc",
            "alloc = \"blk_mq_alloc_disk\"",
            "alloc = \"add_disk\"",
            "\"add_disk\"",
            "`add_disk` returns `int`; `alloc` needs a function returning `struct gendisk *`",
        ),
        (
            "misfit: setup order",
            "setup = [\"set_capacity\", \"add_disk\"]",
            "setup = [\"add_disk\", \"set_capacity\"]",
            "\"add_disk\"",
            "`add_disk` can fail, so it must be the last `setup` call",
        ),
        (
            "loop macro",
            "[each.rq_for_each_segment]",
            "[each.rq_for_each_segmnt]",
            "rq_for_each_segmnt]",
            "no loop macro named `rq_for_each_segmnt` in the headers; did you mean `rq_for_each_segment`?",
        ),
        (
            "misfit: memory page",
            "page = \"bv_page\"",
            "page = \"bv_len\"",
            "\"bv_len\"",
            "`bv_len` is `unsigned int`, not struct page *",
        ),
        (
            "required callback",
            "required = [\"queue_rq\"]",
            "required = [\"queue_rqq\"]",
            "\"queue_rqq\"",
            "no callback of struct blk_mq_ops named `queue_rqq` in the headers; did you mean `queue_rq`?",
        ),
        (
            "constant too wide",
            "\"BMCR_*\" = \"u16\"",
            "\"BMCR_*\" = \"u8\"",
            "\"u8\"",
            "(uapi/linux/mii.h:",
        ),
        (
            "newtype of no integer",
            "newtypes = { Speed = \"i32\"",
            "newtypes = { Speed = \"f32\"",
            "\"f32\"",
            "`f32` is not an integer type",
        ),
        (
            "field of an unknown newtype",
            "field_types = { speed = \"Speed\"",
            "field_types = { speed = \"Sped\"",
            "\"Sped\"",
            "did you mean `Speed`?",
        ),
        (
            "constant name",
            "\"MII_*\" = \"u32\"",
            "\"MII_BMCRR\" = \"u32\"",
            "\"MII_BMCRR\"",
            "no constant named `MII_BMCRR` in the headers; did you mean `MII_BMCR`?",
        ),
        (
            "constant type",
            "\"LPA_*\" = \"u16\"",
            "\"LPA_*\" = \"word\"",
            "\"word\"",
            "`word` is not a constant type; use one of u8, u16, u32, u64, i8, i16, i32, i64",
        ),
        (
            "export bound: length",
            "\"data[data_size]\", \"tmp[tmp_size]\"]\nkbridge_qr",
            "\"data[data_sise]\", \"tmp[tmp_size]\"]\nkbridge_qr",
            "\"data[data_sise]\"",
            "`drm_panic_qr_generate`: `data_sise` is not a `size_t` parameter",
        ),
        (
            "export bound: string",
            "\"url: string\", \"data[data_size]\", \"tmp[tmp_size]\"]\nkbridge_qr",
            "\"url: string\", \"data[data_size]\", \"tmp: string\"]\nkbridge_qr",
            "\"tmp: string\"",
            "`drm_panic_qr_generate`: `tmp` is not a `const char *`",
        ),
        (
            "export bound: missing",
            "kbridge_selftest_strings = [\"name: string\", \"label: string\"]",
            "kbridge_selftest_strings = [\"name: string\"]",
            "\"kbridge_selftest_strings\", \"kbridge_selftest_buffers\"",
            "`kbridge_selftest_strings`: say what bounds pointer `label` in [exports.bounds]",
        ),
        (
            "enum rename: constant",
            "PHY_NOLINK = \"NoLink\"",
            "PHY_NOLNK = \"NoLink\"",
            "PHY_NOLNK",
            "no constant of enum `phy_state` named `PHY_NOLNK` in the headers; did you mean \
             `PHY_NOLINK`?",
        ),
        (
            "enum rename: identifier",
            "PHY_NOLINK = \"NoLink\"",
            "PHY_NOLINK = \"no_link\"",
            "\"no_link\"",
            "`no_link` is not a CamelCase Rust identifier",
        ),
        (
            "enum sentinels",
            "rust = \"block::mq::Operation\"",
            "rust = \"block::mq::Operation\"\nsentinels = [\"REQ_OP_LAZT\"]",
            "\"REQ_OP_LAZT\"",
            "`REQ_OP_LAZT` matches no constant of enum `req_op`",
        ),
        (
            "callback parameter rename",
            "\"exit_hctx.1\" = \"hctx_idx\"",
            "\"exit_hctx.2\" = \"hctx_idx\"",
            "\"exit_hctx.2\"",
            "`exit_hctx.2` is not `callback.position` of a callback of `blk_mq_ops`",
        ),
        (
            "toml syntax",
            "[enum.phy_state]",
            "[enum.phy_state",
            "[enum.phy_state\n",
            "bridge.toml:",
        ),
    ];
    for (what, from, to, at, message) in cases {
        let spec = std::fs::read_to_string(model_headers().join("bridge.toml")).expect("spec");
        let broken = spec.replacen(from, to, 1);
        // The error points at `at`, inside the replacement when it is part of it.
        let (line, column) = match to.find(at).filter(|&i| !to[..i].contains('\n')) {
            Some(inside) => {
                let (line, column) = position_of(&broken, to);
                (line, column + inside)
            }
            None => position_of(&broken, at),
        };
        let err = run_on_broken_copy(
            &format!("spec-{}", what.replace([' ', ':'], "-")),
            "bridge.toml",
            from,
            to,
        );
        let place = if what == "toml syntax" {
            format!("bridge.toml:{line}:")
        } else {
            format!("bridge.toml:{line}:{column}: error: ")
        };
        assert!(err.contains(&place), "{what}: expected {place} in: {err}");
        assert!(
            err.contains(message),
            "{what}: expected `{message}` in: {err}"
        );
        // One mistake, one error: nothing that refers to the broken entry is reported too.
        if what != "toml syntax" {
            assert_eq!(err.matches(": error: ").count(), 1, "{what}: {err}");
        }
    }
}

/// A new ops table takes header declarations and spec lines only: a watchdog table that no
/// driver here uses becomes a trait with trampolines, NULL slots and a report line.
#[test]
fn a_new_ops_table_needs_only_headers_and_spec_lines() {
    let dir = scratch("new-ops-table");
    let headers = dir.join("headers");
    copy_tree(&model_headers(), &headers);
    std::fs::write(
        headers.join("linux/watchdog.h"),
        r#"/* A watchdog timer: the 6.12 shape of the ops table, trimmed. */
#ifndef _LINUX_WATCHDOG_H
#define _LINUX_WATCHDOG_H
#include <linux/types.h>

/**
 * struct watchdog_device - one watchdog timer
 * @timeout: the timeout in seconds
 * @driver_data: the driver's data
 */
struct watchdog_device {
	unsigned int timeout;
	void *driver_data;
};

/**
 * struct watchdog_ops - what a watchdog driver implements
 * @start: start the timer
 * @stop: stop the timer
 * @ping: restart the countdown
 * @status: driver-specific status bits
 * @set_timeout: change the timeout
 * @get_timeleft: seconds before a reset
 * @restart: restart the machine
 */
struct watchdog_ops {
	int (*start)(struct watchdog_device *);
	int (*stop)(struct watchdog_device *);
	int (*ping)(struct watchdog_device *);
	unsigned int (*status)(struct watchdog_device *);
	int (*set_timeout)(struct watchdog_device *, unsigned int);
	unsigned int (*get_timeleft)(struct watchdog_device *);
	int (*restart)(struct watchdog_device *, unsigned long, void *);
};

/**
 * watchdog_init_timeout - pick the timeout from a module parameter or the device tree
 * @wdd: the watchdog
 * @timeout_parm: the module parameter, 0 for none
 * @dev: unused here
 *
 * Return: 0 or a negative errno.
 */
int watchdog_init_timeout(struct watchdog_device *wdd, unsigned int timeout_parm, void *dev);

/**
 * watchdog_stop_on_reboot - stop the watchdog when the machine reboots
 * @wdd: the watchdog
 */
void watchdog_stop_on_reboot(struct watchdog_device *wdd);

/**
 * watchdog_set_last_hw_keepalive - tell the core when the hardware was last pinged
 * @wdd: the watchdog
 * @last_ping_ms: milliseconds since that ping
 *
 * Return: 0 or -errno.
 */
int watchdog_set_last_hw_keepalive(struct watchdog_device *, unsigned int);
#endif
"#,
    )
    .expect("write watchdog.h");
    let spec_path = headers.join("bridge.toml");
    let mut spec = std::fs::read_to_string(&spec_path).expect("spec");
    spec.push_str(
        r#"
[object.watchdog_device]
rust = "watchdog::Device"
access = "locked_mut"
method_prefix = "watchdog_"
methods = ["watchdog_*"]
fields = ["timeout"]

[ops.watchdog_ops]
rust = "watchdog::Operations"
locked = { start = "the core holds wd_data->lock", ping = "the core holds wd_data->lock",
           status = "the core holds wd_data->lock", set_timeout = "the core holds wd_data->lock" }
"#,
    );
    std::fs::write(&spec_path, &spec).expect("write spec");
    let out = dir.join("out");
    let args = [
        headers.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    // The header leaves set_timeout's second parameter unnamed: the generator asks for a
    // name instead of making one up.
    let run = bridge_gen(&args);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("parameter 1 of `set_timeout` (`unsigned int`) has no name in the header")
            && err.contains(r#"rename = { "set_timeout.1" = "..." }"#)
            && err.contains("bridge.toml:"),
        "{err}"
    );
    assert!(!out.exists(), "no partial output");
    let spec = spec + "rename = { \"set_timeout.1\" = \"timeout\" }\n";
    std::fs::write(&spec_path, spec).expect("write spec");
    let run = bridge_gen(&args);
    assert!(run.status.success(), "{}", stderr(&run));

    let module = std::fs::read_to_string(out.join("safe_watchdog.rs")).expect("module written");
    for expected in [
        "pub trait Operations: Sized + Send + Sync + 'static {",
        "fn start(_device: &mut Device) -> crate::error::Result {",
        "fn status(_device: &mut Device) -> u32 {",
        "fn set_timeout(_device: &mut Device, _timeout: u32) -> crate::error::Result {",
        "pub(crate) unsafe extern \"C\" fn set_timeout<T: Operations>(",
        "if T::HAS_PING {",
        "pub fn stop_on_reboot(&mut self) {",
        // Unnamed in the declaration (as in Linux 6.12): named by its kernel-doc.
        "pub fn set_last_hw_keepalive(&mut self, last_ping_ms: u32) -> crate::error::Result {",
        "pub fn timeout(&self) -> u32 {",
        "pub struct OperationsTable(crate::types::Opaque<crate::bindings::watchdog_ops>);",
    ] {
        assert!(
            module.contains(expected),
            "missing `{expected}` in:\n{module}"
        );
    }
    let safety = std::fs::read_to_string(out.join("safety.txt")).expect("report");
    assert!(
        safety.contains("callbacks of watchdog::Operations (struct watchdog_ops): 4 of 7 safe"),
        "{safety}"
    );
    // `&mut Device` only where the spec says the lock is held; no view, so the others
    // are left NULL, with the reason.
    assert!(
        safety.contains("watchdog_ops.stop: parameter `device`: C does not hold the lock of struct watchdog_device"),
        "{safety}"
    );
    assert!(
        safety.contains("fn watchdog_init_timeout: parameter `dev` is `void *`"),
        "{safety}"
    );
}
