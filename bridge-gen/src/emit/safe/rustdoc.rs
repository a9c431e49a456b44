//! Kernel-doc as rustdoc.
//!
//! Kernel-doc describes the C function; the Rust item differs from it, so the text is
//! adjusted to what a reader of the Rust signature sees: the summary becomes a sentence,
//! the parameter that became `self` (or that the wrapper fills itself) is not listed,
//! `-errno` alternatives are dropped where a `Result` carries the error, "or NULL" is
//! dropped where the value cannot be NULL, and blank lines do not pile up.

use proc_macro2::TokenStream;
use quote::quote;

/// What the Rust item looks like, as far as its documentation is concerned.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shape<'a> {
    /// The parameters the Rust item takes; `None`: list every `@name:` line.
    pub params: Option<&'a [&'a str]>,
    /// The C `-errno` return is a `Result` in Rust.
    pub result: bool,
    /// The value cannot be NULL in Rust (not an `Option`).
    pub non_null: bool,
}

/// `///` attributes for `text` shaped to the Rust item.
pub fn rustdoc(text: Option<&str>, shape: Shape<'_>) -> TokenStream {
    let Some(text) = text else { return quote!() };
    let lines: Vec<String> = render(text, shape)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect();
    quote!(#(#[doc = #lines])*)
}

/// The kernel-doc pieces, in the order rustdoc shows them.
#[derive(Default)]
struct KernelDoc {
    summary: String,
    params: Vec<(String, String)>,
    body: Vec<String>,
    returns: Vec<String>,
}

fn render(text: &str, shape: Shape<'_>) -> Vec<String> {
    let doc = parse(text);
    let clean = |s: &str| code_spans(&clean_phrase(s, shape));
    let summary = sentence(&clean(&doc.summary));
    let mut out: Vec<String> = (!summary.is_empty())
        .then_some(summary)
        .into_iter()
        .collect();
    let params: Vec<String> = doc
        .params
        .iter()
        .filter(|(name, _)| {
            shape
                .params
                .is_none_or(|shown| shown.contains(&name.as_str()))
        })
        .map(|(name, what)| format!("- `{name}`: {}", clean(what)))
        .collect();
    push_paragraph(&mut out, params);
    push_paragraph(&mut out, doc.body.iter().map(|l| clean(l)).collect());
    let returns = clean(&doc.returns.join(" "));
    let returns = returns.trim().trim_end_matches('.');
    let says_nothing = returns.is_empty() || (shape.result && returns == "0");
    if !says_nothing {
        push_paragraph(&mut out, vec![format!("Returns {returns}.")]);
    }
    out
}

fn parse(text: &str) -> KernelDoc {
    let mut doc = KernelDoc::default();
    let mut lines = text.lines().map(str::trim_end);
    let first = lines.next().unwrap_or_default();
    doc.summary = first.split_once(" - ").map_or(first, |(_, s)| s).to_owned();
    let mut lines = lines.peekable();
    // The summary runs on until a blank line or the first `@name:` line.
    while let Some(more) = lines.next_if(|l| !l.trim().is_empty() && !l.starts_with('@')) {
        if split_returns(more).1.is_some() {
            doc.returns
                .push(split_returns(more).1.unwrap_or_default().trim().to_owned());
            break;
        }
        doc.summary.push(' ');
        doc.summary.push_str(more.trim());
    }
    let mut in_returns = false;
    for line in lines {
        if let Some(rest) = line.strip_prefix('@') {
            let (name, what) = rest.split_once(':').unwrap_or((rest, ""));
            doc.params
                .push((name.trim().to_owned(), what.trim().to_owned()));
            continue;
        }
        let (before, returns) = split_returns(line);
        if let Some(returns) = returns {
            if !before.trim().is_empty() {
                doc.body.push(before.trim().to_owned());
            }
            doc.returns.push(returns.trim().to_owned());
            in_returns = true;
        } else if in_returns && !line.is_empty() {
            doc.returns.push(line.trim().to_owned());
        } else {
            in_returns = false;
            doc.body.push(line.to_owned());
        }
    }
    doc
}

/// Splits a line at a `Return:` or `Returns:` section marker.
fn split_returns(line: &str) -> (&str, Option<&str>) {
    for marker in ["Returns:", "Return:"] {
        if let Some(at) = line.find(marker) {
            return (&line[..at], Some(&line[at + marker.len()..]));
        }
    }
    (line, None)
}

/// Drops the alternatives the Rust type rules out.
fn clean_phrase(text: &str, shape: Shape<'_>) -> String {
    let mut text = text.trim().to_owned();
    if shape.result {
        for errno in [
            "; 0 or -errno",
            "0 or -errno",
            ", or -errno",
            " or -errno",
            "-errno",
        ] {
            text = text.replace(errno, "");
        }
    }
    if shape.non_null {
        text = without_null(&text);
    }
    text.trim().trim_end_matches([',', ';']).trim().to_owned()
}

/// Drops an "or NULL" alternative with the rest of its clause ("the limits, or NULL for
/// defaults" -> "the limits").
fn without_null(text: &str) -> String {
    let Some(at) = text.find(" or NULL") else {
        return text.to_owned();
    };
    let start = if text[..at].ends_with(',') {
        at - 1
    } else {
        at
    };
    let rest = &text[at + " or NULL".len()..];
    let end = rest.find([',', ';', '.']).map_or(rest.len(), |i| i);
    format!("{}{}", &text[..start], &rest[end..])
}

/// C names in backticks: words with `_`, calls (`phy_stop()`) and member accesses
/// (`phydev->lock`), unless they are in a code span already.
pub fn code_spans(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for word in text.split(' ') {
        let ticks = word.matches('`').count();
        if in_code || ticks > 0 {
            in_code ^= ticks % 2 == 1;
            out.push(word.to_owned());
            continue;
        }
        out.push(code_word(word));
    }
    out.join(" ")
}

/// One word, its C name (if it is one) in backticks, punctuation around it left out.
fn code_word(word: &str) -> String {
    let start = word.len() - word.trim_start_matches(['(', '[', '"']).len();
    let mut core = &word[start..];
    loop {
        let trimmed = core.trim_end_matches(['.', ',', ';', ':', ']', '"', '?', '!']);
        // A `)` closes a parenthesis around the word, unless it ends a call: `f()`.
        match trimmed
            .strip_suffix(')')
            .filter(|_| !trimmed.ends_with("()"))
        {
            Some(shorter) => core = shorter,
            None if trimmed.len() == core.len() => break,
            None => core = trimmed,
        }
    }
    let end = start + core.len();
    let calls = core.ends_with("()") && core.len() > 2;
    let is_c_name = core.contains('_') || calls || core.contains("->");
    if core.is_empty() || !is_c_name {
        return word.to_owned();
    }
    format!("{}`{core}`{}", &word[..start], &word[end..])
}

/// A summary as a sentence: capitalised unless it starts with a C name, with a full stop
/// unless it ends in other punctuation.
fn sentence(summary: &str) -> String {
    let summary = summary.trim().trim_end_matches('.');
    let first_word = summary.split(' ').next().unwrap_or_default();
    let first_word = first_word.trim_end_matches([',', ';', ':']);
    let plain_word = first_word
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '-');
    let mut out = String::new();
    let mut chars = summary.chars();
    if let Some(first) = chars.next() {
        out.push(if plain_word {
            first.to_ascii_uppercase()
        } else {
            first
        });
        out.push_str(chars.as_str());
        if out.ends_with(|c: char| c.is_ascii_alphanumeric() || c == ')' || c == '`') {
            out.push('.');
        }
    }
    out
}

/// Appends a paragraph after one blank line, dropping blank lines at its ends and runs of
/// them inside.
fn push_paragraph(out: &mut Vec<String>, lines: Vec<String>) {
    let mut previous_blank = true;
    let mut paragraph = Vec::new();
    for line in lines {
        let blank = line.trim().is_empty();
        if !(blank && previous_blank) {
            paragraph.push(if blank { String::new() } else { line });
        }
        previous_blank = blank;
    }
    while paragraph.last().is_some_and(String::is_empty) {
        paragraph.pop();
    }
    if !paragraph.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(paragraph);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str, params: &[&str], result: bool) -> Vec<String> {
        let shape = Shape {
            params: Some(params),
            result,
            non_null: false,
        };
        render(text, shape)
    }

    #[test]
    fn a_method_does_not_document_self_or_errno() {
        let text = "phy_read - read a clause 22 register\n@phydev: the PHY\n\
                    @regnum: register number\n\nMay sleep. Return: the 16-bit value, or -errno.";
        assert_eq!(
            shaped(text, &["regnum"], true),
            [
                "Read a clause 22 register.",
                "",
                "- `regnum`: register number",
                "",
                "May sleep.",
                "",
                "Returns the 16-bit value."
            ]
        );
    }

    #[test]
    fn a_result_of_nothing_but_errno_says_nothing() {
        let text = "phy_modify - read-modify-write a PHY register\n@phydev: the PHY\n\n\n\
                    Return: 0 or -errno.";
        assert_eq!(
            shaped(text, &[], true),
            ["Read-modify-write a PHY register."]
        );
        let member = "set up the PDU of a newly allocated request; 0 or -errno";
        assert_eq!(
            shaped(member, &[], true),
            ["Set up the PDU of a newly allocated request."]
        );
    }

    #[test]
    fn without_a_result_errno_stays_and_c_names_keep_their_case() {
        let text = "phy_foo - genphy_bar() for clause 45\nReturn: 1, 0, or -errno.";
        assert_eq!(
            shaped(text, &[], false),
            [
                "`genphy_bar()` for clause 45.",
                "",
                "Returns 1, 0, or -errno."
            ]
        );
    }

    #[test]
    fn a_summary_may_run_over_lines() {
        let text = "what the device accepts; the driver fills these\nbefore the disk is allocated";
        assert_eq!(
            render(text, Shape::default()),
            ["What the device accepts; the driver fills these before the disk is allocated."]
        );
    }

    #[test]
    fn c_names_become_code_spans() {
        assert_eq!(
            code_spans("stopped by phy_stop(), under phydev->lock (see `a_b`); BLK_MQ_F_* flags."),
            "stopped by `phy_stop()`, under `phydev->lock` (see `a_b`); `BLK_MQ_F_*` flags."
        );
        assert_eq!(
            code_spans("read-modify-write a register"),
            "read-modify-write a register"
        );
    }

    #[test]
    fn or_null_goes_where_the_value_cannot_be_null() {
        let shape = Shape {
            non_null: true,
            ..Shape::default()
        };
        assert_eq!(render("the owner, or NULL", shape), ["The owner."]);
        let limits = "the queue limits, or NULL for defaults; see below";
        assert_eq!(render(limits, shape), ["The queue limits; see below."]);
        assert_eq!(
            render("the owner, or NULL", Shape::default()),
            ["The owner, or NULL."]
        );
    }
}
