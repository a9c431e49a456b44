//! Every function and callback signature the shipped headers declare, compared with
//! Debian's real Linux 6.12 headers. The packages are fetched with `apt-get download`
//! and unpacked into target/ (never installed); a failed download fails the test.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clang::{Clang, Entity, EntityKind, Index, TranslationUnit};
use kbridge_tests::model_headers;

/// The Debian kernel the model follows. Debian's security suite drops superseded point
/// releases, so when this one is gone the newest 6.12 in the archive is used (and named).
const DEBIAN_KERNEL: &str = "6.12.117+deb12";

/// The pinned version if the archive still has it, otherwise the newest 6.12.
fn kernel_version() -> String {
    let listing = Command::new("apt-cache")
        .args([
            "search",
            "--names-only",
            r"^linux-headers-6\.12\.[0-9]+\+deb12-common$",
        ])
        .output()
        .expect("apt-cache runs");
    let mut versions: Vec<(u32, String)> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|name| {
            name.strip_prefix("linux-headers-")?
                .strip_suffix("-common")
                .map(str::to_owned)
        })
        .filter_map(|version| {
            Some((
                version
                    .strip_prefix("6.12.")?
                    .split('+')
                    .next()?
                    .parse()
                    .ok()?,
                version,
            ))
        })
        .collect();
    versions.sort();
    if versions.iter().any(|(_, v)| v == DEBIAN_KERNEL) {
        return DEBIAN_KERNEL.to_owned();
    }
    let (_, newest) = versions
        .pop()
        .expect("the archive lists no linux-headers-6.12.*+deb12-common (run apt-get update)");
    eprintln!("linux-headers-{DEBIAN_KERNEL} is no longer in the archive; comparing with {newest}");
    newest
}

/// Declarations whose kind differs in the real x86_64 configuration, with the reason.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "page_address",
    "x86_64 defines it as a macro over lowmem_page_address(); the model declares the \
     function form of configurations with HASHED_PAGE_VIRTUAL, with the same signature",
)];

/// The real headers the model's headers correspond to.
const REAL_INCLUDES: &[&str] = &[
    "linux/blk-mq.h",
    "linux/blkdev.h",
    "linux/bio.h",
    "linux/bvec.h",
    "linux/highmem.h",
    "linux/device.h",
    "linux/err.h",
    "linux/errno.h",
    "linux/mdio.h",
    "linux/phy.h",
    "linux/module.h",
    "linux/moduleparam.h",
    "linux/slab.h",
    "linux/vmalloc.h",
    "linux/bitops.h",
    "linux/container_of.h",
    "linux/jiffies.h",
    "linux/kobject.h",
    "linux/mod_devicetable.h",
    "linux/notifier.h",
    "linux/platform_device.h",
    "linux/pm.h",
    "linux/reboot.h",
    "linux/timer.h",
    "linux/watchdog.h",
];

/// libclang allows one `Clang` at a time per process; the two tests take turns.
static LIBCLANG: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Debian's x86_64 kernel flavors: `amd64` (PHYLIB as a module) and `cloud-amd64`
/// (virtio and block, no PHYLIB); their configurations lay structures out differently.
const FLAVORS: &[&str] = &["amd64", "cloud-amd64"];

fn fetch_real_headers() -> (String, PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/real-kernel");
    let unpacked = |version: &str| {
        let cache = root.join(version);
        let common = cache.join(format!("usr/src/linux-headers-{version}-common"));
        let flavor = cache.join(format!("usr/src/linux-headers-{version}-amd64"));
        let complete = common.join("include/linux/phy.h").is_file()
            && FLAVORS.iter().all(|f| {
                cache
                    .join(format!(
                        "usr/src/linux-headers-{version}-{f}/include/generated"
                    ))
                    .is_dir()
            });
        (cache, common, flavor, complete)
    };
    if let (_, common, flavor, true) = unpacked(DEBIAN_KERNEL) {
        return (DEBIAN_KERNEL.to_owned(), common, flavor);
    }
    let version = kernel_version();
    let (cache, common, flavor, complete) = unpacked(&version);
    if complete {
        return (version, common, flavor);
    }
    let downloads = cache.join("debs");
    std::fs::create_dir_all(&downloads).expect("create the download cache");
    let packages: Vec<String> = std::iter::once("common")
        .chain(FLAVORS.iter().copied())
        .map(|f| format!("linux-headers-{version}-{f}"))
        .collect();
    let status = Command::new("apt-get")
        .arg("download")
        .args(&packages)
        .current_dir(&downloads)
        .status()
        .expect("apt-get runs");
    assert!(
        status.success(),
        "apt-get download {packages:?} failed (run `apt-get update` first)"
    );
    // Only this test's packages: the real-kernel tier keeps others in the same folder.
    for deb in std::fs::read_dir(&downloads).expect("read downloads") {
        let deb = deb.expect("entry").path();
        let name = deb.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| packages.iter().any(|p| n.starts_with(&format!("{p}_")))) {
            continue;
        }
        let status = Command::new("dpkg-deb")
            .arg("-x")
            .arg(&deb)
            .arg(&cache)
            .status()
            .expect("dpkg-deb runs");
        assert!(status.success(), "dpkg-deb -x {} failed", deb.display());
    }
    (version, common, flavor)
}

/// The flags the kernel's own build gives clang for x86_64, with absolute paths: the
/// kernel's C dialect (bridge_gen::dialect), then what a module build in this tree adds.
fn real_args(common: &Path, flavor: &Path) -> Vec<String> {
    let c = common.display();
    let k = flavor.display();
    let mut args: Vec<String> = bridge_gen::dialect::args().collect();
    args.extend([
        format!("-I{c}/arch/x86/include"),
        format!("-I{k}/arch/x86/include/generated"),
        format!("-I{c}/include"),
        format!("-I{k}/include"),
        format!("-I{c}/arch/x86/include/uapi"),
        format!("-I{k}/arch/x86/include/generated/uapi"),
        format!("-I{c}/include/uapi"),
        format!("-I{k}/include/generated/uapi"),
        "-include".into(),
        format!("{c}/include/linux/compiler-version.h"),
        "-include".into(),
        format!("{c}/include/linux/kconfig.h"),
        "-include".into(),
        format!("{c}/include/linux/compiler_types.h"),
        "-O2".into(),
        "-DKBUILD_MODNAME=\"kbridge\"".into(),
        "-DMODULE".into(),
        // As bridge-gen's own parse of a tree (parse::dialect): no C library builtins.
        "-fno-builtin".into(),
        "--target=x86_64-linux-gnu".into(),
        "-w".into(),
    ]);
    args
}

fn parse<'i>(
    index: &'i Index<'_>,
    dir: &Path,
    name: &str,
    includes: &[String],
    args: &[String],
) -> TranslationUnit<'i> {
    let path = dir.join(name);
    let source: String = includes
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    std::fs::write(&path, source).expect("write umbrella");
    let tu = index
        .parser(&path)
        .arguments(args)
        .parse()
        .expect("clang parses");
    let errors: Vec<String> = tu
        .get_diagnostics()
        .iter()
        .filter(|d| d.get_severity() >= clang::diagnostic::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not parse:\n{}",
        errors.join("\n")
    );
    tu
}

fn canonical(entity: &Entity<'_>) -> Option<String> {
    Some(entity.get_type()?.get_canonical_type().get_display_name())
}

/// Functions by name and function-pointer fields by `struct.field`, as canonical types.
fn signatures(tu: &TranslationUnit<'_>, only_under: Option<&Path>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for entity in tu.get_entity().get_children() {
        if let Some(root) = only_under {
            let file = entity
                .get_location()
                .and_then(|l| l.get_file_location().file)
                .map(|f| f.get_path());
            if !file.is_some_and(|f| f.starts_with(root)) {
                continue;
            }
        }
        match entity.get_kind() {
            EntityKind::FunctionDecl => {
                if let (Some(name), Some(sig)) = (entity.get_name(), canonical(&entity)) {
                    out.entry(name).or_insert(sig);
                }
            }
            EntityKind::StructDecl if entity.is_definition() => {
                let Some(record) = entity.get_name() else {
                    continue;
                };
                for field in entity
                    .get_children()
                    .iter()
                    .filter(|c| c.get_kind() == EntityKind::FieldDecl)
                {
                    let Some(sig) = canonical(field).filter(|s| s.contains("(*)")) else {
                        continue;
                    };
                    let Some(name) = field.get_name() else {
                        continue;
                    };
                    out.insert(format!("{record}.{name}"), sig);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_declared_signature_matches_linux_6_12() {
    let _turn = LIBCLANG.lock().unwrap_or_else(|e| e.into_inner());
    let (version, common, flavor) = fetch_real_headers();
    let model_root = model_headers().canonicalize().expect("model headers");
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("real-headers");
    std::fs::create_dir_all(&scratch).expect("scratch");

    let model_includes: Vec<String> = REAL_INCLUDES.iter().map(|s| s.to_string()).collect();
    let clang = Clang::new().expect("libclang loads");
    let index = Index::new(&clang, false, false);
    let ours_tu = parse(
        &index,
        &scratch,
        "model.c",
        &model_includes,
        &kbridge_tests::model_clang_args(),
    );
    let real_tu = parse(
        &index,
        &scratch,
        "real.c",
        &model_includes,
        &real_args(&common, &flavor),
    );
    let ours = signatures(&ours_tu, Some(&model_root));
    let real = signatures(&real_tu, None);

    let mut problems = Vec::new();
    let mut names: Vec<&String> = ours.keys().collect();
    names.sort();
    for name in &names {
        let known = KNOWN_DIFFERENCES.iter().any(|(n, _)| n == name);
        match real.get(*name) {
            Some(theirs) if *theirs == ours[*name] => {}
            Some(theirs) => {
                problems.push(format!("{name}: ours `{}`, Linux `{theirs}`", ours[*name]))
            }
            None if known => {}
            None => problems.push(format!("{name}: not declared by Linux {version}")),
        }
    }
    let callbacks = names.iter().filter(|n| n.contains('.')).count();
    assert!(
        problems.is_empty(),
        "{} of {} signatures differ:\n{}",
        problems.len(),
        names.len(),
        problems.join("\n")
    );
    assert!(
        names.len() > 150,
        "only {} signatures compared",
        names.len()
    );
    assert!(callbacks >= 45 + 18, "only {callbacks} callbacks compared");
    eprintln!(
        "{} signatures match Linux {version} ({callbacks} callbacks)",
        names.len()
    );
}

/// With `KBRIDGE_KERNEL_HEADERS`' switch (`Builder::kernel_headers`) pointed at either
/// flavor, the safe API the drivers see is byte-for-byte the model's; `world.txt`, which
/// lists what differs from the model and why, is reviewed as a snapshot per flavor.
#[test]
fn real_kernel_trees_keep_the_models_safe_api() {
    let _turn = LIBCLANG.lock().unwrap_or_else(|e| e.into_inner());
    let (version, common, _) = fetch_real_headers();
    let target = "x86_64-unknown-none";
    let model = bridge_gen::Builder::new(model_headers())
        .target(target)
        .ctypes_prefix("crate::ffi")
        .generate()
        .expect("the model generates");
    let safe_of = |g: &bridge_gen::Generated| -> Vec<(String, String)> {
        g.artifacts
            .iter()
            .filter(|a| {
                a.name.ends_with(".rs") && (a.name.starts_with("safe") || a.name == "errno.rs")
            })
            .map(|a| (a.name.clone(), a.contents.clone()))
            .collect()
    };
    for flavor in FLAVORS {
        let tree = common
            .parent()
            .expect("usr/src")
            .join(format!("linux-headers-{version}-{flavor}"));
        let real = bridge_gen::Builder::new(model_headers())
            .target(target)
            .ctypes_prefix("crate::ffi")
            .kernel_headers(&tree)
            .generate()
            .unwrap_or_else(|e| panic!("{flavor}: {e}"));
        let (ours, theirs) = (safe_of(&model), safe_of(&real));
        assert!(ours.len() >= 5, "{ours:?}");
        for ((name, a), (_, b)) in ours.iter().zip(&theirs) {
            assert!(a == b, "{flavor}: {name} differs from the model's");
        }
        assert_eq!(ours.len(), theirs.len());
        // The shim can only grow (what is static inline or a macro there), never lose a
        // function the API calls.
        let shims = |g: &bridge_gen::Generated| g.ir.shims().count();
        assert!(shims(&real) >= shims(&model));
        let world = real.artifact("world.txt").expect("world.txt");
        let world = world
            .replace(
                &tree.canonicalize().expect("tree").display().to_string(),
                &format!("<linux-headers-{flavor}>"),
            )
            .replace(
                &common.canonicalize().expect("common").display().to_string(),
                "<linux-headers-common>",
            )
            .replace(&version, "<version>");
        insta::assert_snapshot!(format!("world-{flavor}"), world);
    }
}
