//! Turning generated tokens into reviewed source text.
//!
//! prettyplease drops comments, but every generated `unsafe` block must show its
//! `// SAFETY:` argument in the source a reviewer reads. Generators put a marker
//! statement `__kbridge_safety!("...");` before the block; after formatting, each marker
//! line becomes the comment.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};

const MARKER: &str = "__kbridge_safety!(";

/// A statement that becomes `// SAFETY: <argument>` in the formatted output.
pub fn safety(argument: &str) -> TokenStream {
    quote! { __kbridge_safety!(#argument); }
}

/// Formats a Rust file and rewrites the SAFETY markers into comments.
pub fn rust_file(tokens: TokenStream, what: &'static str) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::GeneratedRust {
        what,
        message: e.to_string(),
    })?;
    Ok(rewrite_markers(&prettyplease::unparse(&file)))
}

fn rewrite_markers(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with(MARKER) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // prettyplease may wrap a long marker over several lines: gather it whole.
        let indent = &line[..line.len() - trimmed.len()];
        let mut marker = trimmed.to_owned();
        while !marker.trim_end().ends_with(");") {
            match lines.next() {
                Some(next) => marker.push_str(next.trim()),
                None => break,
            }
        }
        let literal = marker
            .trim_end()
            .trim_start_matches(MARKER)
            .trim_end_matches(");")
            .trim();
        let literal = literal.trim_end_matches(',');
        let text = syn::parse_str::<syn::LitStr>(literal)
            .map(|lit| lit.value())
            .unwrap_or_else(|_| literal.to_owned());
        out.push_str(indent);
        out.push_str("// SAFETY: ");
        out.push_str(&text);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safety_markers_become_comments_at_the_blocks_indentation() {
        let marker = safety("the pointer is valid for reads");
        let tokens = quote! {
            pub fn f(p: *const u8) -> u8 {
                #marker
                unsafe { *p }
            }
        };
        let text = rust_file(tokens, "test").unwrap();
        assert!(
            text.contains("    // SAFETY: the pointer is valid for reads\n    unsafe { *p }"),
            "{text}"
        );
        assert!(!text.contains("__kbridge_safety"));

        let long = "a".repeat(150);
        let marker = safety(&long);
        let text = rust_file(quote! { fn g() { #marker unsafe {} } }, "test").unwrap();
        assert!(
            text.contains(&format!("    // SAFETY: {long}\n    unsafe {{}}")),
            "{text}"
        );
    }
}
