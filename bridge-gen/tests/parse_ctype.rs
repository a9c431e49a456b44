//! The IR's C types are typed at parse: each shape a pattern reads (pointer, const,
//! record, enum, typedef, function pointer, array, bitfield) is a value, not a spelling.

mod fixture;

use bridge_gen::Target;
use bridge_gen::ir::{CType, CTypeKind, IntKind, Ir, RecordKind};
use bridge_gen::parse::{self, HeaderSet};
use fixture::Fixture;

const HEADER: &str = r"
typedef unsigned short u16;
typedef u16 port_t;
struct dev;
typedef struct dev dev_t;
typedef struct { int counter; } atomic_t;
typedef enum { MODE_A, MODE_B } mode_t;
enum phase { PHASE_ON = 1 };
struct ops {
    int (*probe)(struct dev *d, const port_t *p);
    void (*log)(const char *fmt, ...);
};
struct dev {
    char name[32];
    const char label[8];
    u16 flags : 3;
    const dev_t *peer;
    atomic_t users;
    mode_t mode;
    enum phase phase;
    void *priv;
    volatile unsigned int status;
    volatile struct dev *watched;
    unsigned char data[];
};
int dev_check(struct dev *d, unsigned long *out);
";

fn ir(test: &str) -> Ir {
    let fixture = Fixture::new(test, HEADER, "");
    let set = HeaderSet::open(fixture.dir()).expect("the fixture opens");
    let args = parse::clang_args(&set, &Target::host(), &[]);
    parse::parse(&set, &args).expect("the fixture parses")
}

fn field<'a>(ir: &'a Ir, record: &str, name: &str) -> &'a CType {
    let record = ir.record(record).expect("the record");
    &record
        .fields
        .iter()
        .find(|f| f.name == name)
        .expect("the field")
        .ty
}

#[test]
fn typedefs_keep_their_name_and_resolve_to_what_they_name() {
    let ir = ir("ctype_typedefs");
    let flags = field(&ir, "dev", "flags");
    assert_eq!(flags.spelling(), "u16");
    assert!(matches!(&flags.kind, CTypeKind::Typedef { name, .. } if name == "u16"));
    assert_eq!(flags.int_kind(), Some(IntKind::UnsignedShort));
    assert_eq!(flags.scalar(), Some("u16"));
    let record = ir.record("dev").expect("dev");
    let bits = record.fields.iter().find(|f| f.name == "flags");
    assert_eq!(bits.and_then(|f| f.bit_width), Some(3));
}

#[test]
fn pointers_see_const_and_records_through_typedefs() {
    let ir = ir("ctype_pointers");
    let peer = field(&ir, "dev", "peer");
    assert_eq!(peer.spelling(), "const dev_t *");
    assert_eq!(peer.struct_pointer(), Some(("dev", true)));
    let priv_ = field(&ir, "dev", "priv");
    assert!(priv_.is_void_pointer());
    let check = ir.function("dev_check").expect("dev_check");
    assert_eq!(check.params[0].ty.struct_pointer(), Some(("dev", false)));
    assert_eq!(check.params[1].ty.scalar_pointer(), Some("usize"));
    assert_eq!(check.ret.scalar(), Some("i32"));
}

#[test]
fn anonymous_records_and_enums_are_named_by_their_typedef() {
    let ir = ir("ctype_anonymous");
    let users = field(&ir, "dev", "users");
    assert_eq!(users.struct_name(), Some("atomic_t"));
    let mode = field(&ir, "dev", "mode");
    assert_eq!(mode.declared_name(), Some("mode_t"));
    let phase = field(&ir, "dev", "phase");
    assert!(matches!(&phase.kind, CTypeKind::Enum { tag } if tag == "phase"));
    // Which tag clang reports for a typedef'd anonymous struct depends on its version
    // (none, or the typedef's name); the IR's name is the typedef's either way.
    let (resolved, _) = users.resolved();
    assert!(matches!(
        &resolved.kind,
        CTypeKind::Record {
            kind: RecordKind::Struct,
            ..
        }
    ));
}

#[test]
fn volatile_types_match_no_pattern() {
    let ir = ir("ctype_volatile");
    let status = field(&ir, "dev", "status");
    assert_eq!(status.spelling(), "volatile unsigned int");
    assert_eq!(status.scalar(), None);
    let watched = field(&ir, "dev", "watched");
    assert!(
        watched.pointee().is_some(),
        "the pointer itself is not volatile"
    );
    assert_eq!(watched.struct_pointer(), None);
}

#[test]
fn arrays_carry_their_element_and_length() {
    let ir = ir("ctype_arrays");
    assert_eq!(field(&ir, "dev", "name").char_array(), Some(32));
    assert_eq!(
        field(&ir, "dev", "label").char_array(),
        None,
        "a const array is no buffer"
    );
    let data = field(&ir, "dev", "data");
    assert!(matches!(&data.kind, CTypeKind::Array { len: None, .. }));
    assert_eq!(
        data.char_array(),
        None,
        "unsigned char is not a C string's char"
    );
}

#[test]
fn function_pointers_carry_their_signature() {
    let ir = ir("ctype_callbacks");
    let probe = field(&ir, "ops", "probe");
    let Some(to) = probe.pointee() else {
        panic!("a pointer: {probe:?}")
    };
    let CTypeKind::Function {
        ret,
        params,
        variadic,
    } = &to.kind
    else {
        panic!("a function: {to:?}")
    };
    assert_eq!(ret.scalar(), Some("i32"));
    assert!(!variadic);
    assert_eq!(params[1].spelling(), "const port_t *");
    assert_eq!(params[1].pointee().and_then(CType::scalar), Some("u16"));
    let log = field(&ir, "ops", "log");
    assert!(matches!(
        &log.pointee().map(|f| &f.kind),
        Some(CTypeKind::Function { variadic: true, .. })
    ));
    assert_eq!(
        probe.declare("f"),
        "__typeof__(int (*)(struct dev *, const port_t *)) f"
    );
}

#[test]
fn same_as_looks_through_typedefs_and_compares_qualifiers() {
    let ir = ir("ctype_same");
    let port = &field(&ir, "ops", "probe").pointee().map(|f| &f.kind);
    let Some(CTypeKind::Function { params, .. }) = port else {
        panic!("a function")
    };
    let through_typedef = params[1].pointee().expect("a pointer");
    let u16 = CType::int(IntKind::UnsignedShort);
    assert!(!through_typedef.same_as(&u16), "`const port_t` is const");
    assert!(field(&ir, "dev", "flags").same_as(&u16));
    assert!(!field(&ir, "dev", "flags").same_as(&CType::int(IntKind::Short)));
}
