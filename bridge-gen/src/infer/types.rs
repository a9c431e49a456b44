//! How a C type crosses into safe Rust: the parameter and return patterns.

use crate::ir::{CType, Ir};

/// A Rust-side type a C value is shown as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A C integer or bool, as the Rust primitive of the same size (`u16`, `i32`, `bool`).
    Scalar(&'static str),
    /// A spec'd C enum, as its generated Rust enum (`State`), by module path.
    Enum { rust: String, c_alias: String },
    /// A pointer to a spec'd object, as a reference to its wrapper.
    /// `mutable` is the Rust side (`&mut`); `c_const` the C declaration (`const struct X *`).
    Object {
        rust: String,
        c_record: String,
        mutable: bool,
        c_const: bool,
        /// The object is typed by an ops trait (`RequestQueue<T>`).
        typed: bool,
    },
    /// A pointer to an object whose ownership the call hands over: `Owned<Wrapper>`,
    /// `Owned<Wrapper<Self>>` when the object is typed by the ops trait (`typed`).
    Owned {
        rust: String,
        c_record: String,
        typed: bool,
    },
    /// A pointer to an object lent without its access pattern's promise: `&View`.
    View {
        rust: String,
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

/// The Rust primitive of a canonical C scalar type, or None.
pub fn scalar(canonical: &str) -> Option<&'static str> {
    Some(match canonical.trim_start_matches("const ").trim() {
        "_Bool" | "bool" => "bool",
        "char" | "unsigned char" => "u8",
        "signed char" => "i8",
        "short" => "i16",
        "unsigned short" => "u16",
        "int" => "i32",
        "unsigned int" => "u32",
        "long" => "isize",
        "unsigned long" => "usize",
        "long long" => "i64",
        "unsigned long long" => "u64",
        _ => return None,
    })
}

/// `struct X *` / `const struct X *` -> (`X`, is_const).
pub fn record_pointer(ty: &CType) -> Option<(&str, bool)> {
    let t = ty.0.trim();
    let inner = t.strip_suffix('*')?.trim_end();
    let (inner, is_const) = match inner.strip_prefix("const ") {
        Some(rest) => (rest, true),
        None => (inner, false),
    };
    let name = inner.strip_prefix("struct ")?;
    (!name.contains(['*', ' '])).then_some((name, is_const))
}

/// A non-const pointer to a scalar (`bool *`, `unsigned long *`), through typedefs.
pub fn scalar_pointer(ir: &Ir, ty: &CType) -> Option<&'static str> {
    let t = ty.0.trim();
    let inner = t.strip_suffix('*')?.trim_end();
    if inner.starts_with("const ") || inner.contains('*') {
        return None;
    }
    // A byte pointer is a buffer by kernel convention, never a single in/out value.
    scalar(&ir.canonical(&CType(inner.to_owned()))).filter(|s| !matches!(*s, "u8" | "i8"))
}

/// The enum behind a type name (`enum phy_state`, `irqreturn_t`, `phy_interface_t`).
pub fn enum_name<'a>(ir: &'a Ir, ty: &CType) -> Option<&'a str> {
    let mut name = ty.0.trim().trim_start_matches("const ").to_owned();
    for _ in 0..8 {
        let bare = name.strip_prefix("enum ").unwrap_or(&name);
        if let Some(e) = ir.enumeration(bare) {
            return Some(e.name.as_str());
        }
        match ir.typedefs.iter().find(|t| t.name == name) {
            Some(t) => name = t.canonical.0.clone(),
            None => return None,
        }
    }
    None
}

/// bindgen's name for an enum's integer alias: the typedef or the enum tag.
pub fn enum_alias(ir: &Ir, ty: &CType) -> String {
    let t = ty.0.trim().trim_start_matches("const ");
    let t = t.strip_prefix("enum ").unwrap_or(t);
    if ir.typedefs.iter().any(|d| d.name == t) || ir.enumeration(t).is_some() {
        t.to_owned()
    } else {
        t.replace(' ', "_")
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
