//! The claim behind `platform_driver`'s anonymous union (`remove` / `remove_new`): at
//! most one member of an anonymous union is ever filled, the first one the spec does not
//! `skip`. Found by an attack: with three members and the first skipped, the second and
//! the third were both filled, the later write winning, and C could call a trampoline
//! through another member's function type (`void` and `int` returns below). Fixed in
//! `union_sibling` (bridge-gen/src/infer/ops.rs); these tests pin it.

use std::path::PathBuf;

use bridge_gen::Builder;

const HEADER: &str = "
struct fix_dev { unsigned int id; };
struct fix_drv {
	int (*probe)(struct fix_dev *dev);
	union {
		void (*remove)(struct fix_dev *dev);
		void (*remove_new)(struct fix_dev *dev);
		int (*remove_old)(struct fix_dev *dev);
	};
	unsigned long magic;
};
";

const SPEC: &str = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                    [ops.fix_drv]\nrust = \"fix::Driver\"\n";

fn generate(test: &str, spec: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("attack_platform_union")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("linux")).unwrap();
    std::fs::write(dir.join("linux/fixture.h"), HEADER).unwrap();
    std::fs::write(dir.join("bridge.toml"), spec).unwrap();
    let generated = Builder::new(&dir)
        .generate()
        .unwrap_or_else(|e| panic!("the fixture does not generate:\n{e}"));
    let module = generated
        .artifact("safe_fix.rs")
        .expect("safe_fix.rs")
        .to_owned();
    let _ = std::fs::remove_dir_all(&dir);
    module
}

fn filled(module: &str) -> Vec<&'static str> {
    ["remove", "remove_new", "remove_old"]
        .into_iter()
        .filter(|m| module.contains(&format!("table.__bindgen_anon_1.{m} = Some(")))
        .collect()
}

/// Held: without a skip, only the first member of a three-member union is filled.
#[test]
fn without_a_skip_only_the_first_member_is_filled() {
    let module = generate("no-skip", SPEC);
    assert_eq!(filled(&module), ["remove"], "{module}");
}

/// With the first member skipped, the second is filled and the third stays NULL.
#[test]
fn skipping_the_first_of_three_fills_one_member_only() {
    let module = generate("skip-first", &format!("{SPEC}skip = [\"remove\"]\n"));
    assert_eq!(filled(&module), ["remove_new"], "{module}");
}
