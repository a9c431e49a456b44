//! Compiles the model's C with the shipped headers, for the target being built.

fn main() {
    let headers = "../headers";
    println!("cargo:rerun-if-changed={headers}");
    println!("cargo:rerun-if-changed=model");
    cc::Build::new()
        .file("model/core.c")
        .file("model/mdio.c")
        .file("model/mdio_bus.c")
        .file("model/phy_core.c")
        .file("model/phy_genphy.c")
        .file("model/moduleparam.c")
        .file("model/module.c")
        .file("model/mutex.c")
        .file("model/slab.c")
        .file("model/spinlock.c")
        .file("model/blk_mq.c")
        .file("model/platform.c")
        .file("model/reboot.c")
        .file("model/timer.c")
        .file("model/watchdog.c")
        .include(headers)
        .flag("-nostdinc")
        .flag("-std=gnu11")
        .flag("-funsigned-char")
        .define("__KERNEL__", None)
        .warnings(true)
        .extra_warnings(true)
        .flag_if_supported("-Wno-unused-parameter")
        // The model stands in for vmlinux: all of it is linked, whatever order the linker
        // sees it in. (GNU ld, which links the cross targets, resolves archives in order
        // and would drop model objects the kernel crate's shims, later on the line, need.)
        .link_lib_modifier("+whole-archive")
        .compile("kbridge_model");
}
