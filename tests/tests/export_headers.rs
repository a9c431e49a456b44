//! Hole 2 of issue 19: a crate exports only the spec's `[exports]` functions, and the C
//! header bridge-gen writes for it with cbindgen must declare exactly their prototypes.
//! `#[export]` already makes each glue coerce to its prototype at compile time; this
//! compares the headers C includes: libclang parses the prototypes header and each
//! crate's generated header, and every generated declaration must have the prototype's
//! canonical type.

use std::collections::HashMap;
use std::path::Path;

use clang::{Clang, EntityKind, Index, TranslationUnit, Unsaved};
use kbridge_tests::model_headers;

/// The functions a translation unit declares, as canonical types.
fn functions(tu: &TranslationUnit<'_>) -> HashMap<String, String> {
    let errors: Vec<String> = tu
        .get_diagnostics()
        .iter()
        .filter(|d| d.get_severity() >= clang::diagnostic::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "does not parse:\n{}", errors.join("\n"));
    tu.get_entity()
        .get_children()
        .into_iter()
        .filter(|e| e.get_kind() == EntityKind::FunctionDecl)
        .filter_map(|e| {
            let ty = e.get_type()?.get_canonical_type().get_display_name();
            Some((e.get_name()?, ty))
        })
        .collect()
}

fn parse<'i>(index: &'i Index<'_>, name: &str, source: &str) -> TranslationUnit<'i> {
    let path = model_headers().join(name);
    index
        .parser(&path)
        .arguments(
            &[
                &["-x".to_owned(), "c".to_owned()][..],
                &kbridge_tests::model_clang_args(),
            ]
            .concat(),
        )
        .unsaved(&[Unsaved::new(&path, source)])
        .parse()
        .expect("clang parses")
}

#[test]
fn hole02_generated_headers_declare_the_spec_prototypes() {
    let crates = [
        ("examples/qr-panic", "kbridge/qr_panic.h", 3),
        ("tests/hygiene", "kbridge/selftest.h", 3),
    ];
    let clang = Clang::new().expect("libclang");
    let index = Index::new(&clang, false, false);
    for (dir, prototypes, count) in crates {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
        let exports = bridge_gen::ExportHeader::new(&dir)
            .generate()
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let spec = parse(
            &index,
            "kbridge-prototypes.c",
            &format!("#include <{prototypes}>\n"),
        );
        let spec = functions(&spec);
        let generated = parse(&index, "kbridge-generated.c", &exports.header);
        let generated = functions(&generated);
        assert_eq!(generated.len(), count, "{}", exports.header);
        for (name, ty) in &generated {
            assert_eq!(
                spec.get(name),
                Some(ty),
                "{name}: the header cbindgen writes for {} declares `{ty}`",
                dir.display()
            );
        }
    }
}
