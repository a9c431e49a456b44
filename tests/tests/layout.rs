//! Record layouts of the bindings against the C compiler's and libclang's, on the target
//! the tests run on (under qemu-user for the architecture matrix).

use kernel::layout::{CLANG_LAYOUT, RUST_LAYOUT, c_layout};

#[test]
fn rust_and_c_agree_on_every_size_alignment_and_offset() {
    let c = c_layout();
    let mismatches: Vec<String> = RUST_LAYOUT
        .iter()
        .zip(c.iter())
        .filter(|((_, _, rust), c)| rust != *c)
        .map(|((record, field, rust), c)| format!("{record}.{field}: Rust {rust}, C {c}"))
        .collect();
    assert!(
        mismatches.is_empty(),
        "layout mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// libclang computed the generator's table on the build machine for this target; rustc
/// and the target's C compiler computed theirs independently. All three must agree.
#[test]
fn libclang_agrees_with_the_compiled_layout() {
    let clang: Vec<(&str, &str, &str)> = CLANG_LAYOUT
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            Some((parts.next()?, parts.next()?, parts.next()?))
        })
        .collect();
    assert_eq!(clang.len(), RUST_LAYOUT.len(), "row count");
    for ((record, field, value), (rust_record, rust_field, rust)) in
        clang.iter().zip(RUST_LAYOUT.iter())
    {
        assert_eq!((*record, *field), (*rust_record, *rust_field), "row order");
        assert_eq!(
            *value,
            rust.to_string(),
            "{record}.{field}: libclang {value}, rustc {rust}"
        );
    }
}

#[test]
fn the_table_covers_the_key_structs() {
    for record in [
        "phy_device",
        "phy_driver",
        "mii_bus",
        "blk_mq_ops",
        "blk_mq_tag_set",
        "request",
        "gendisk",
        "bvec_iter",
        "device",
    ] {
        assert!(
            RUST_LAYOUT
                .iter()
                .any(|(r, f, _)| *r == record && *f == "<size>"),
            "{record} is missing from the layout table"
        );
    }
    let offsets = RUST_LAYOUT
        .iter()
        .filter(|(r, f, _)| *r == "phy_driver" && !f.starts_with('<'))
        .count();
    assert!(
        offsets >= 45,
        "phy_driver has {offsets} checked offsets, expected its 45 callbacks and more"
    );
}
