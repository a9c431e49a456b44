//! Compiles the stack probe the QR memory benchmark measures with.

fn main() {
    println!("cargo:rerun-if-changed=c/stack_probe.c");
    cc::Build::new()
        .file("c/stack_probe.c")
        .opt_level(2)
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("kbridge_stack_probe");
}
