//! Record layouts of the bindings against the C compiler's, on the target the tests run on.

use kernel::layout::{RUST_LAYOUT, c_layout};

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
