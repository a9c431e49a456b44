//! Every generated artifact, for a 64-bit and a 32-bit target (layouts differ), as insta
//! snapshots: the review surface for generated code.

use bridge_gen::Builder;
use kbridge_tests::model_headers;

const TARGETS: [&str; 2] = ["x86_64-unknown-linux-gnu", "i686-unknown-linux-gnu"];
const ARTIFACTS: [&str; 5] = [
    "ir.txt",
    "bindings.rs",
    "helpers.h",
    "helpers.c",
    "report.txt",
];

#[test]
fn artifacts_match_the_reviewed_snapshots() {
    for target in TARGETS {
        let generated = Builder::new(model_headers())
            .target(target)
            .generate()
            .expect("the model headers generate");
        for name in ARTIFACTS {
            let contents = generated
                .artifact(name)
                .unwrap_or_else(|| panic!("{name} was not generated"));
            insta::assert_snapshot!(format!("{target}__{name}"), contents);
        }
    }
}

/// The safe API: every generated module, the errno table and the safety report. The safe
/// API is defined by the spec, so it must not depend on the target's layout.
const SAFE_ARTIFACTS: [&str; 9] = [
    "safety.txt",
    "errno.rs",
    "safe.rs",
    "safe_device.rs",
    "safe_net_phy.rs",
    "safe_block_mq.rs",
    "safe_numa.rs",
    "safe_of.rs",
    "safe_platform.rs",
];

#[test]
fn safe_api_matches_the_reviewed_snapshots_on_every_target() {
    let mut first: Option<Vec<(String, String)>> = None;
    for target in TARGETS {
        let generated = Builder::new(model_headers())
            .target(target)
            .generate()
            .expect("the model headers generate");
        let safe: Vec<(String, String)> = generated
            .artifacts
            .iter()
            .filter(|a| a.name.starts_with("safe") || a.name == "errno.rs")
            .map(|a| (a.name.clone(), a.contents.clone()))
            .collect();
        for name in SAFE_ARTIFACTS {
            assert!(
                safe.iter().any(|(n, _)| n == name),
                "{name} was not generated for {target}"
            );
        }
        match &first {
            None => {
                for (name, contents) in &safe {
                    insta::assert_snapshot!(format!("safe__{name}"), contents);
                }
                first = Some(safe);
            }
            Some(reference) => assert_eq!(
                reference, &safe,
                "the safe API differs between targets; it must come from the spec alone"
            ),
        }
    }
}

#[test]
fn the_two_targets_really_differ_in_layout() {
    let sizes: Vec<String> = TARGETS
        .iter()
        .map(|target| {
            let generated = Builder::new(model_headers())
                .target(*target)
                .generate()
                .expect("generates");
            let bindings = generated.artifact("bindings.rs").expect("bindings");
            let line = bindings
                .lines()
                .find(|l| l.contains("[\"Size of phy_device\"]"))
                .expect("bindgen asserts the size of phy_device");
            line.trim().to_owned()
        })
        .collect();
    assert_ne!(
        sizes[0], sizes[1],
        "x86_64 and i686 give phy_device the same size: {sizes:?}"
    );
}

/// Every `unsafe` block and `unsafe impl` of the generated safe API shows its argument
/// right before it, as `// SAFETY: ...` (wrapped over `//` lines when long).
#[test]
fn every_generated_unsafe_block_shows_its_safety_argument() {
    let generated = generated_x86_64();
    let mut checked = 0;
    for artifact in generated
        .artifacts
        .iter()
        .filter(|a| a.name.starts_with("safe") && a.name.ends_with(".rs"))
    {
        let lines: Vec<&str> = artifact.contents.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.contains("unsafe {") || line.trim_start().starts_with("unsafe impl") {
                checked += 1;
                // The comment's first line: the nearest `//` line above whose text does not
                // continue another `//` line.
                let before = lines[..i]
                    .iter()
                    .rev()
                    .map(|l| l.trim_start())
                    .skip_while(|l| l.is_empty())
                    .take_while(|l| l.starts_with("//"))
                    .find(|l| l.starts_with("// SAFETY: "))
                    .unwrap_or_default();
                assert!(
                    before.starts_with("// SAFETY: "),
                    "{}:{}: `{}` has no SAFETY line before it",
                    artifact.name,
                    i + 1,
                    line.trim()
                );
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} unsafe sites found: the check is not looking"
    );
}

/// The C header of the QR-panic driver's exports, as bridge-gen writes it with cbindgen.
#[test]
fn export_header_matches_the_reviewed_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/qr-panic");
    let exports = bridge_gen::ExportHeader::new(dir)
        .generate()
        .expect("the header");
    assert_eq!(
        exports.functions,
        [
            "drm_panic_qr_generate",
            "drm_panic_qr_max_data_size",
            "kbridge_qr_generate"
        ]
    );
    insta::assert_snapshot!("exports__qr_panic.h", exports.header);
}

/// The layout table (layout.txt) of every architecture of the matrix, one column each:
/// the values the bindings' compile-time asserts and the run-time check hold each target
/// to. Rows that differ between architectures are marked `*`. Each bare-metal target
/// must lay records out exactly as its Linux twin (it is the same kernel ABI).
#[test]
fn layout_per_architecture_matches_the_reviewed_snapshot() {
    const COLUMNS: [(&str, &str, Option<&str>); 6] = [
        (
            "x86_64",
            "x86_64-unknown-linux-gnu",
            Some("x86_64-unknown-none"),
        ),
        (
            "aarch64",
            "aarch64-unknown-linux-gnu",
            Some("aarch64-unknown-none"),
        ),
        (
            "riscv64",
            "riscv64gc-unknown-linux-gnu",
            Some("riscv64gc-unknown-none-elf"),
        ),
        (
            "loongarch64",
            "loongarch64-unknown-linux-gnu",
            Some("loongarch64-unknown-none"),
        ),
        ("armv7", "armv7-unknown-linux-gnueabihf", None),
        ("i686", "i686-unknown-linux-gnu", None),
    ];
    let table = |target: &str| -> Vec<(String, String)> {
        let generated = Builder::new(model_headers())
            .target(target)
            .generate()
            .unwrap_or_else(|e| panic!("{target}: {e}"));
        generated
            .artifact("layout.txt")
            .expect("layout.txt")
            .lines()
            .map(|line| {
                let (key, value) = line.rsplit_once('\t').expect("record\tfield\tvalue");
                assert_ne!(value, "?", "{target}: libclang gave no value for {key}");
                (key.replace('\t', "."), value.to_owned())
            })
            .collect()
    };
    let columns: Vec<Vec<(String, String)>> = COLUMNS
        .iter()
        .map(|(_, linux, bare)| {
            let values = table(linux);
            if let Some(bare) = bare {
                assert_eq!(
                    table(bare),
                    values,
                    "{bare} lays records out unlike {linux}"
                );
            }
            values
        })
        .collect();
    let rows = &columns[0];
    for (column, (name, _, _)) in columns.iter().zip(COLUMNS) {
        let keys = |c: &[(String, String)]| c.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        assert_eq!(keys(column), keys(rows), "{name} has other rows");
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!("  {:width$}", "record.field (bytes)");
    for (name, _, _) in COLUMNS {
        out.push_str(&format!(" {name:>11}"));
    }
    out.push('\n');
    for (i, (key, _)) in rows.iter().enumerate() {
        let values: Vec<&str> = columns.iter().map(|c| c[i].1.as_str()).collect();
        let marker = if values.iter().all(|v| *v == values[0]) {
            ' '
        } else {
            '*'
        };
        out.push_str(&format!("{marker} {key:width$}"));
        for value in values {
            out.push_str(&format!(" {value:>11}"));
        }
        out.push('\n');
    }
    insta::assert_snapshot!("layout_per_architecture", out);
}

/// Generated Rust reads like hand-formatted Rust: no line wider than 100 columns
/// (comments and documentation are wrapped at word breaks).
#[test]
fn generated_rust_stays_within_100_columns() {
    let generated = generated_x86_64();
    let mut lines = 0;
    for artifact in generated
        .artifacts
        .iter()
        .filter(|a| a.name.ends_with(".rs"))
    {
        for (i, line) in artifact.contents.lines().enumerate() {
            lines += 1;
            assert!(
                line.chars().count() <= 100,
                "{}:{}: {} columns: {line}",
                artifact.name,
                i + 1,
                line.chars().count()
            );
        }
    }
    assert!(lines > 1000, "only {lines} lines checked");
}

/// The generator's output for the model headers on x86_64.
fn generated_x86_64() -> bridge_gen::Generated {
    Builder::new(model_headers())
        .target("x86_64-unknown-linux-gnu")
        .generate()
        .expect("the model headers generate")
}
