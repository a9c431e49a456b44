//! Spec values with a grammar of their own, parsed into typed values (with the place of
//! each part) before inference runs. Inference resolves the names in them against the
//! headers; it parses nothing.

mod check;
mod hand_back;
mod names;
mod patterns;

pub use check::{Bound, CheckPattern};
pub use hand_back::{HandBack, hand_back};
pub use names::{
    ConstType, FieldPath, INTEGER_TYPES, ParamPosition, PointerBound, PointerKind, QualifiedName,
    Release, RenameKey, RustPath, rust_path,
};
pub use patterns::{Access, ArgPattern, ParamPattern, ReturnPattern};

/// Rust's keywords (2024 edition, reserved ones included): no identifier of a path or
/// name the generated code declares may be one.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A C identifier: a letter or `_`, then letters, digits and `_`.
pub fn is_c_identifier(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Rust identifier: a C identifier that is no keyword and not `_` alone.
pub fn is_rust_identifier(word: &str) -> bool {
    is_c_identifier(word) && word != "_" && !KEYWORDS.contains(&word)
}

/// A `CamelCase` Rust name: an uppercase letter, then letters and digits only.
pub fn is_camel(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `name(inner)` -> `inner`, trimmed.
fn call_of<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let inner = text.trim().strip_prefix(name)?.trim_start();
    Some(inner.strip_prefix('(')?.strip_suffix(')')?.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_of_c_and_rust() {
        assert!(is_c_identifier("_phy_start_aneg") && is_c_identifier("type"));
        for bad in ["1st", "read-reg", "r#x", ""] {
            assert!(!is_c_identifier(bad), "{bad}");
        }
        assert!(is_rust_identifier("hctx_idx"));
        assert!(!is_rust_identifier("type") && !is_rust_identifier("_"));
        assert!(is_camel("QueueData") && !is_camel("queue_data") && !is_camel("Queue_Data"));
    }
}
