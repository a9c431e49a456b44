//! Compiles the C twins of the example drivers against the shipped model headers, as
//! the model itself is compiled.

fn main() {
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-changed=../../headers");
    cc::Build::new()
        .file("c/cnullb.c")
        .file("c/cax88796b.c")
        .include("../../headers")
        .flag("-nostdinc")
        .flag("-std=gnu11")
        .flag("-funsigned-char")
        .define("__KERNEL__", None)
        .warnings(true)
        .extra_warnings(true)
        .flag_if_supported("-Wno-unused-parameter")
        .warnings_into_errors(true)
        .compile("kbridge_c_twins");
}
