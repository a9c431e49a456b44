//! Kernel-doc read for the generated rustdoc.

use crate::ir::Doc;

/// The `@name:` line of a kernel-doc comment.
pub fn member_doc(doc: Option<&Doc>, member: &str) -> Option<String> {
    let tag = format!("@{member}:");
    let text = &doc?.0;
    let start = text.find(&tag)? + tag.len();
    let rest = &text[start..];
    let end = rest
        .find("\n@")
        .or_else(|| rest.find("\n\n"))
        .unwrap_or(rest.len());
    let line = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}
