//! `hand_back = { callback = "Name { Variant = CONSTANT, ... }" }`, parsed with the place
//! of each word.

use crate::spec::read::{At, Read, problem};

/// `hand_back = { callback = "Busy { Resource = BLK_STS_RESOURCE, ... }" }`: the callback
/// may give the object it was handed back to C instead of ending it, with one of these
/// statuses. In Rust it returns `Result<(), Busy<Self>>`, each variant holding the object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandBack {
    pub type_name: At<String>,
    /// (Rust variant, C constant C is returned).
    pub variants: Vec<(At<String>, At<String>)>,
}

impl HandBack {
    /// The Rust names it declares: the type's, then each variant's.
    pub fn rust_names(&self) -> impl Iterator<Item = &At<String>> {
        std::iter::once(&self.type_name).chain(self.variants.iter().map(|(v, _)| v))
    }
}

/// A word or a punctuation character of a value, located in `bridge.toml`.
fn tokens(value: &At<String>) -> Vec<At<String>> {
    // The value's span starts at its opening quote.
    let base = value.span.start + 1;
    let mut out: Vec<At<String>> = Vec::new();
    let mut word: Option<usize> = None;
    let text = value.value.as_str();
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let in_word = c.is_ascii_alphanumeric() || c == '_';
        if let (Some(start), false) = (word, in_word) {
            out.push(At::new(text[start..i].to_owned(), base + start..base + i));
            word = None;
        }
        if in_word && word.is_none() {
            word = Some(i);
        } else if !in_word && !c.is_whitespace() {
            out.push(At::new(c.to_string(), base + i..base + i + c.len_utf8()));
        }
    }
    out
}

fn is_identifier(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// Parses `Name { Variant = CONSTANT, ... }`.
pub fn hand_back(value: &At<String>) -> Read<HandBack> {
    let shape = "a hand-back is written `Name { Variant = CONSTANT, ... }`";
    let tokens = tokens(value);
    let fail = |at: Option<&At<String>>| {
        let span = at.map_or(value.span.clone(), |t| t.span.clone());
        let found = at.map_or("the end".to_owned(), |t| format!("`{}`", t.value));
        Err(problem(span, format!("unexpected {found}: {shape}")))
    };
    let mut rest = tokens.iter();
    let type_name = match (rest.next(), rest.next()) {
        (Some(name), Some(open)) if is_identifier(&name.value) && open.value == "{" => name,
        (Some(name), open) if is_identifier(&name.value) => return fail(open),
        (name, _) => return fail(name),
    };
    let mut variants = Vec::new();
    loop {
        match rest.next() {
            Some(close) if close.value == "}" => break,
            Some(variant) if is_identifier(&variant.value) => {
                let (eq, constant) = (rest.next(), rest.next());
                match (eq, constant) {
                    (Some(eq), Some(c)) if eq.value == "=" && is_identifier(&c.value) => {
                        variants.push((variant.clone(), c.clone()));
                    }
                    (Some(eq), c) if eq.value == "=" => return fail(c),
                    (eq, _) => return fail(eq),
                }
                match rest.next() {
                    Some(comma) if comma.value == "," => {}
                    Some(close) if close.value == "}" => break,
                    other => return fail(other),
                }
            }
            other => return fail(other),
        }
    }
    if let Some(extra) = rest.next() {
        return fail(Some(extra));
    }
    if variants.is_empty() {
        return Err(problem(
            type_name.span.clone(),
            format!("`{}` has no variant", type_name.value),
        ));
    }
    Ok(HandBack {
        type_name: type_name.clone(),
        variants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> At<String> {
        // As if written at the start of a file, quotes included.
        At::new(text.to_owned(), 0..text.len() + 2)
    }

    #[test]
    fn a_hand_back_names_its_type_and_variants_with_their_places() {
        let parsed = hand_back(&at("Busy { Resource = BLK_STS_RESOURCE, Dev = X, }"));
        let parsed = parsed.expect("parses");
        assert_eq!(parsed.type_name.value, "Busy");
        assert_eq!(parsed.type_name.span, 1..5);
        let names: Vec<_> = parsed
            .variants
            .iter()
            .map(|(v, c)| (v.value.as_str(), c.value.as_str(), c.span.start))
            .collect();
        assert_eq!(
            names,
            [("Resource", "BLK_STS_RESOURCE", 19), ("Dev", "X", 43)]
        );
    }

    #[test]
    fn a_malformed_hand_back_is_refused_at_the_offending_part() {
        for (text, offending) in [
            ("Busy Resource = X }", "`Resource`"),
            ("Busy { Resource X }", "`X`"),
            ("Busy { Resource = }", "`}`"),
            ("Busy { Resource = X", "the end"),
            ("Busy { Resource = X } more", "`more`"),
            ("{ Resource = X }", "`{`"),
        ] {
            let err = hand_back(&at(text)).expect_err(text);
            assert!(
                err.message.starts_with(&format!("unexpected {offending}:")),
                "{text}: {}",
                err.message
            );
        }
        let err = hand_back(&at("Busy {}")).expect_err("empty");
        assert_eq!(err.message, "`Busy` has no variant");
    }
}
