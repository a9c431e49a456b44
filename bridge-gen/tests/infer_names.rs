//! The wording every unknown name shares, wherever it is looked up: `no <kind> named `x`
//! in <place>; did you mean `y`?`, with the place the spec's name was looked up in (the
//! headers for a C name, the spec for an entry of the spec, or one of an entry's lists).

mod fixture;

use fixture::Fixture;

#[test]
fn an_unknown_export_names_the_headers_it_was_looked_up_in() {
    let spec = "[exports]\nheaders = [\"kbridge/fix.h\"]\nfunctions = [\"fix_exprt\"]\n";
    Fixture::new("names-export", "", spec)
        .with_header("kbridge/fix.h", "int fix_export(int n);\n")
        .assert_refused(&[(
            "\"fix_exprt\"",
            "no prototype named `fix_exprt` in kbridge/fix.h; did you mean `fix_export`?",
        )]);
}

#[test]
fn names_of_the_spec_and_of_its_lists_say_where_they_were_looked_up() {
    let header = "struct fix_dev { unsigned int id; int speed; };\n\
                  struct fix_limits { unsigned int depth; };\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\
                fields = [\"id\"]\nfield_types = { id = \"Sped\" }\n\
                views = { Candidate = [\"idd\"] }\nborrowed = \"Candidat\"\n\n\
                [config.fix_limits]\nrust = \"fix::Limits\"\nfields = [\"depth\"]\n\
                checks = { dept = \"range(1, 8)\" }\n";
    // Configs are inferred before objects.
    Fixture::new("names-places", header, spec).assert_refused(&[
        (
            "dept =",
            "no field named `dept` in `fields`; did you mean `depth`?",
        ),
        ("\"Sped\"", "no newtype named `Sped` in the spec"),
        (
            "\"idd\"",
            "no method (by C function) or field of Device named `idd` in `methods` and \
             `fields`; did you mean `id`?",
        ),
        (
            "\"Candidat\"",
            "no view of Device named `Candidat` in `views`; did you mean `Candidate`?",
        ),
    ]);
}
