//! How a C type crosses into safe Rust: the parameter and return patterns.

use crate::ir::{CType, CTypeKind, Ir};
use crate::rust_path::RustPath;

/// A Rust-side type a C value is shown as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A C integer or bool, as the Rust primitive of the same size (`u16`, `i32`, `bool`).
    Scalar(&'static str),
    /// A spec'd C enum, as its generated Rust enum (`State`), by module path.
    Enum { rust: RustPath, c_alias: String },
    /// A pointer to a spec'd object, as a reference to its wrapper.
    /// `mutable` is the Rust side (`&mut`); `c_const` the C declaration (`const struct X *`).
    Object {
        rust: RustPath,
        c_record: String,
        mutable: bool,
        c_const: bool,
        /// The object is typed by an ops trait (`RequestQueue<T>`).
        typed: bool,
    },
    /// A pointer to an object whose ownership the call hands over: `Owned<Wrapper>`,
    /// `Owned<Wrapper<Self>>` when the object is typed by the ops trait (`typed`).
    Owned {
        rust: RustPath,
        c_record: String,
        typed: bool,
    },
    /// A pointer to an object lent without its access pattern's promise: `&View`.
    View {
        rust: RustPath,
        c_record: String,
        c_const: bool,
    },
    /// A status value made from a `Result` (`status(errno_to_blk_status)`).
    Status { from_errno: String, c_type: String },
    /// `const char *` in: a `&CStr`.
    CStr,
    /// A non-const pointer to a scalar: an in/out `&mut T`.
    OutScalar(&'static str),
}

/// The enum behind a type name (`enum phy_state`, `irqreturn_t`, `phy_interface_t`): the
/// first name on the typedef chain that the IR has an enum for.
pub fn enum_name<'a>(ir: &'a Ir, ty: &CType) -> Option<&'a str> {
    let mut ty = ty;
    loop {
        if let Some(e) = ty.declared_name().and_then(|n| ir.enumeration(n)) {
            return Some(e.name.as_str());
        }
        match &ty.kind {
            CTypeKind::Typedef { target, .. } => ty = target,
            _ => return None,
        }
    }
}

/// `snake_case` -> `CamelCase`, for enum variants.
pub fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lower = p.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `CamelCase` -> `snake_case`, for parameter names made from wrapper names.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
