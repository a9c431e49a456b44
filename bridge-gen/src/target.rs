//! The targets the generator knows, and what clang needs to know about each.

use crate::error::{Error, Result};

/// A Rust target triple with its clang equivalent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// As rustc names it, e.g. `riscv64gc-unknown-linux-gnu`.
    pub rust: String,
    /// As clang names it, e.g. `riscv64-linux-gnu`.
    pub clang: &'static str,
    /// Bare-metal targets have no hosted C library, so clang must not assume one.
    pub freestanding: bool,
}

/// (rustc triple, clang triple, freestanding)
const KNOWN: &[(&str, &str, bool)] = &[
    ("x86_64-unknown-linux-gnu", "x86_64-linux-gnu", false),
    ("aarch64-unknown-linux-gnu", "aarch64-linux-gnu", false),
    ("riscv64gc-unknown-linux-gnu", "riscv64-linux-gnu", false),
    (
        "armv7-unknown-linux-gnueabihf",
        "armv7-linux-gnueabihf",
        false,
    ),
    ("i686-unknown-linux-gnu", "i686-linux-gnu", false),
    (
        "loongarch64-unknown-linux-gnu",
        "loongarch64-linux-gnu",
        false,
    ),
    (
        "loongarch64-unknown-linux-musl",
        "loongarch64-linux-musl",
        false,
    ),
    ("x86_64-unknown-none", "x86_64-unknown-none-elf", true),
    ("aarch64-unknown-none", "aarch64-unknown-none-elf", true),
    (
        "riscv64gc-unknown-none-elf",
        "riscv64-unknown-none-elf",
        true,
    ),
    (
        "loongarch64-unknown-none",
        "loongarch64-unknown-none-elf",
        true,
    ),
];

impl Target {
    /// Looks a Rust triple up; anything else is an error that lists what is supported.
    pub fn from_rust_triple(triple: &str) -> Result<Target> {
        KNOWN
            .iter()
            .find(|(rust, _, _)| *rust == triple)
            .map(|&(rust, clang, freestanding)| Target {
                rust: rust.to_owned(),
                clang,
                freestanding,
            })
            .ok_or_else(|| Error::UnknownTarget {
                triple: triple.to_owned(),
                supported: KNOWN.iter().map(|(rust, _, _)| *rust).collect(),
            })
    }

    /// The target this program was built for.
    pub fn host() -> Target {
        let triple = match (std::env::consts::ARCH, std::env::consts::OS) {
            ("x86_64", _) => "x86_64-unknown-linux-gnu",
            ("aarch64", _) => "aarch64-unknown-linux-gnu",
            ("riscv64", _) => "riscv64gc-unknown-linux-gnu",
            ("arm", _) => "armv7-unknown-linux-gnueabihf",
            ("x86", _) => "i686-unknown-linux-gnu",
            ("loongarch64", _) => "loongarch64-unknown-linux-gnu",
            _ => "x86_64-unknown-linux-gnu",
        };
        Target::from_rust_triple(triple).expect("the host table only names known targets")
    }

    /// The clang flags that select this target.
    pub fn clang_args(&self) -> Vec<String> {
        let mut args = vec![format!("--target={}", self.clang)];
        if self.freestanding {
            args.push("-ffreestanding".into());
        }
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_rust_triples_to_clang_triples() {
        let riscv = Target::from_rust_triple("riscv64gc-unknown-linux-gnu").unwrap();
        assert_eq!(riscv.clang, "riscv64-linux-gnu");
        assert!(!riscv.freestanding);
        let none = Target::from_rust_triple("aarch64-unknown-none").unwrap();
        assert!(none.clang_args().contains(&"-ffreestanding".to_string()));
    }

    #[test]
    fn unknown_triples_list_the_supported_ones() {
        let err = Target::from_rust_triple("sparc-sun-solaris")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown target `sparc-sun-solaris`"), "{err}");
        assert!(err.contains("x86_64-unknown-linux-gnu"), "{err}");
    }
}
