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
    let mut in_code = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with(MARKER) {
            let indent = &line[..line.len() - trimmed.len()];
            match trimmed.strip_prefix("///") {
                Some(doc) if doc.trim_start().starts_with("```") => in_code = !in_code,
                Some(doc) if !in_code && line.len() > WIDTH => {
                    wrap_doc(&mut out, indent, doc);
                    continue;
                }
                _ => {}
            }
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
        comment(&mut out, indent, &text);
    }
    out
}

/// Generated lines stay within this many columns where a word break allows.
const WIDTH: usize = 100;

/// `// SAFETY: <text>` at `indent`, wrapped at word breaks to [`WIDTH`] columns.
fn comment(out: &mut String, indent: &str, text: &str) {
    wrap(
        out,
        &format!("{indent}// SAFETY:"),
        &format!("{indent}//"),
        text,
    );
}

/// A long `///` line (`doc` is the text after the slashes) as several, a list item's
/// continuation lines indented under its text as Markdown (and clippy) expect.
fn wrap_doc(out: &mut String, indent: &str, doc: &str) {
    let text = doc.trim_start();
    let lead = &doc[..doc.len() - text.len()];
    let marker = text.split(' ').next().unwrap_or_default();
    let is_item = matches!(marker, "-" | "*" | "+")
        || marker
            .strip_suffix('.')
            .is_some_and(|n| n.parse::<u32>().is_ok());
    let hang = if is_item { marker.len() + 1 } else { 0 };
    // `wrap` puts one space before each word: the first line's own comes from it.
    let lead = lead.strip_prefix(' ').unwrap_or(lead);
    let first = format!("{indent}///{lead}");
    let next = format!("{indent}///{lead}{}", " ".repeat(hang));
    wrap(out, &first, &next, text);
}

/// `text` after `first`, continued after `next` on new lines, broken at spaces so no line
/// is wider than [`WIDTH`] (a word wider than that stays whole).
fn wrap(out: &mut String, first: &str, next: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.len() + 1 + word.len() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = next.to_owned();
        }
        line.push(' ');
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// An integer literal with `_` between groups of digits where it is long, as
/// `clippy::unreadable_literal` asks: hexadecimal in groups of four (`0xffff_fff0`),
/// decimal in groups of three (`4_294_967_295`), with an optional type suffix.
pub fn int_literal(value: u64, hex: bool, suffix: &str) -> proc_macro2::Literal {
    let (digits, group, prefix) = match hex {
        true => (format!("{value:x}"), 4, "0x"),
        false => (value.to_string(), 3, ""),
    };
    let mut grouped = String::new();
    let long = digits.len() > 4;
    for (i, d) in digits.chars().enumerate() {
        if long && i > 0 && (digits.len() - i) % group == 0 {
            grouped.push('_');
        }
        grouped.push(d);
    }
    let text = format!("{prefix}{grouped}{suffix}");
    text.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::u64_unsuffixed(value))
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
            "a word longer than a line stays whole: {text}"
        );

        let words = "word ".repeat(40);
        let marker = safety(&words);
        let text = rust_file(quote! { fn h() { #marker unsafe {} } }, "test").unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("//")).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("    // SAFETY: word"), "{text}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("    // word")),
            "{text}"
        );
        assert!(lines.iter().all(|l| l.len() <= WIDTH), "{text}");
        assert_eq!(text.matches("word").count(), 40, "{text}");

        let item = format!("- `x`: {words}");
        let text = rust_file(quote! { #[doc = #item] fn i() {} }, "test").unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("///")).collect();
        assert!(
            lines.len() > 1 && lines[0].starts_with("/// - `x`: word"),
            "{text}"
        );
        assert!(
            lines[1..].iter().all(|l| l.starts_with("///   word")),
            "{text}"
        );
        assert!(lines.iter().all(|l| l.len() <= WIDTH), "{text}");
    }
}
