//! A real kernel's headers, as a distribution ships them for building modules: the
//! flavor's folder (generated headers and the configuration) and the shared source
//! headers it builds on. Debian splits them into `linux-headers-<version>-<flavor>` and
//! `linux-headers-<version>-common`; the flavor's Makefile names the common folder.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::target::Target;

/// The headers of one configured kernel, and the architecture they are used for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelTree {
    /// The flavor's folder: `include/generated`, `arch/<arch>/include/generated`, .config.
    pub flavor: PathBuf,
    /// The source headers: `include/linux`, `arch/<arch>/include`, ...
    pub common: PathBuf,
    /// The kernel's name for the architecture (`x86` for x86_64 and i686).
    pub arch: &'static str,
}

impl KernelTree {
    /// Opens the tree whose flavor folder is `flavor`, for `target`. The common folder is
    /// the one the flavor's Makefile includes, looked for beside `flavor` first (headers
    /// unpacked outside /usr/src), then where the Makefile says.
    pub fn open(flavor: &Path, target: &Target) -> Result<KernelTree> {
        let invalid = |why: String| Error::KernelTree {
            path: flavor.to_owned(),
            why,
        };
        let flavor = flavor
            .canonicalize()
            .map_err(|e| invalid(format!("cannot open it: {e}")))?;
        let arch = kernel_arch(&target.rust).ok_or_else(|| {
            invalid(format!(
                "no kernel architecture is known for the target `{}`",
                target.rust
            ))
        })?;
        let makefile = flavor.join("Makefile");
        let text = std::fs::read_to_string(&makefile).map_err(|e| {
            invalid(format!(
                "no Makefile ({e}); give the folder of a linux-headers-<version>-<flavor> package"
            ))
        })?;
        let included = text
            .lines()
            .find_map(|line| line.trim().strip_prefix("include "))
            .map(|path| PathBuf::from(path.trim()))
            .and_then(|path| path.parent().map(Path::to_owned))
            .ok_or_else(|| invalid("its Makefile includes no common Makefile".into()))?;
        let beside = included
            .file_name()
            .and_then(|name| flavor.parent().map(|parent| parent.join(name)));
        let common = beside
            .into_iter()
            .chain([included.clone()])
            .find(|dir| dir.join("include/linux").is_dir())
            .ok_or_else(|| {
                invalid(format!(
                    "the common headers it builds on ({}) are neither beside it nor installed",
                    included.display()
                ))
            })?;
        let tree = KernelTree {
            flavor,
            common,
            arch,
        };
        for dir in [
            tree.flavor.join("include/generated"),
            tree.flavor.join(format!("arch/{arch}/include/generated")),
            tree.common.join(format!("arch/{arch}/include")),
        ] {
            if !dir.is_dir() {
                return Err(invalid(format!(
                    "{} is missing: not a tree configured for {arch}",
                    dir.display()
                )));
            }
        }
        Ok(tree)
    }

    /// The include folders, in the kernel build's order; `#include <x>` names a file
    /// relative to one of them.
    pub fn include_dirs(&self) -> Vec<PathBuf> {
        let (c, k, arch) = (&self.common, &self.flavor, self.arch);
        vec![
            c.join(format!("arch/{arch}/include")),
            k.join(format!("arch/{arch}/include/generated")),
            c.join("include"),
            k.join("include"),
            c.join(format!("arch/{arch}/include/uapi")),
            k.join(format!("arch/{arch}/include/generated/uapi")),
            c.join("include/uapi"),
            k.join("include/generated/uapi"),
        ]
    }

    /// The flags a module build gives the compiler that change what the headers declare,
    /// beyond the kernel's C dialect ([`crate::dialect::FLAGS`], which has `__KERNEL__`)
    /// that precedes them: include folders, the forced includes, `MODULE`, and -O2
    /// (without it the fortified string helpers and some constants differ).
    pub fn clang_args(&self) -> Vec<String> {
        let mut args: Vec<String> = self
            .include_dirs()
            .iter()
            .map(|dir| format!("-I{}", dir.display()))
            .collect();
        for forced in ["compiler-version.h", "kconfig.h", "compiler_types.h"] {
            args.push("-include".into());
            args.push(
                self.common
                    .join("include/linux")
                    .join(forced)
                    .display()
                    .to_string(),
            );
        }
        args.extend(
            ["-O2", "-DMODULE", "-DKBUILD_MODNAME=\"kbridge\"", "-w"]
                .iter()
                .map(|s| s.to_string()),
        );
        args
    }
}

/// The kernel's `ARCH` for a Rust target.
fn kernel_arch(rust_triple: &str) -> Option<&'static str> {
    let arch = rust_triple.split('-').next()?;
    Some(match arch {
        "x86_64" | "i686" => "x86",
        "aarch64" => "arm64",
        "riscv64gc" => "riscv",
        "armv7" => "arm",
        "loongarch64" => "loongarch",
        _ => return None,
    })
}
