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
