//! Spec values with a grammar of their own, parsed into typed values (with the place of
//! each part) before inference runs.

use super::read::{At, Read, problem};

/// `hand_back = { callback = "Busy { Resource = BLK_STS_RESOURCE, ... }" }`: the callback
/// may give the object it was handed back to C instead of ending it, with one of these
/// statuses. In Rust it returns `Result<(), Busy<Self>>`, each variant holding the object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandBack {
    pub type_name: At<String>,
    /// (Rust variant, C constant C is returned).
    pub variants: Vec<(At<String>, At<String>)>,
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

/// `access = "..."`: how Rust may hold a pointer to the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `&mut` only while the object's lock is held (the default).
    LockedMut,
    /// `&` from any thread: C synchronises every access.
    Shared,
    /// A move-only `Owned<T>` token between the call that hands it over and the call that
    /// ends it.
    Owned,
    /// `ARef<T>` through the object's `get`/`put`.
    RefCounted,
}

impl Access {
    pub const NAMES: [&'static str; 4] = ["locked_mut", "shared", "owned", "refcounted"];

    /// Parses an access pattern, or says which ones there are.
    pub fn parse(text: &str) -> Result<Access, String> {
        Ok(match text {
            "locked_mut" => Access::LockedMut,
            "shared" => Access::Shared,
            "owned" => Access::Owned,
            "refcounted" => Access::RefCounted,
            other => {
                let hint = super::suggest::did_you_mean(other, Self::NAMES);
                return Err(format!(
                    "unknown access pattern `{other}`{hint}; patterns: {}",
                    Self::NAMES.join(", ")
                ));
            }
        })
    }
}

/// `returns = { f = "..." }`: how a C return value becomes Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReturnPattern {
    /// `0/-errno` -> `Result`.
    Errno,
    /// `value or -errno` -> `Result<T>`, `T` one of [`ReturnPattern::VALUE_TYPES`].
    Value(&'static str),
    /// An `int` that is a truth value.
    Bool,
    /// Nothing C's value says is kept.
    Void,
    /// A status type whose 0 is success, made from a `Result` by the named C function.
    Status(String),
}

impl ReturnPattern {
    pub const NAMES: [&'static str; 5] =
        ["errno", "value<T>", "bool", "void", "status(from_errno)"];
    pub const VALUE_TYPES: [&'static str; 10] = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "bool",
    ];

    /// Parses a return pattern; `None` for text that is none.
    pub fn parse(text: &str) -> Option<ReturnPattern> {
        if let Some(f) = call_of(text, "status") {
            return Some(ReturnPattern::Status(f.to_owned()));
        }
        match text {
            "errno" => Some(ReturnPattern::Errno),
            "bool" => Some(ReturnPattern::Bool),
            "void" => Some(ReturnPattern::Void),
            _ => {
                let inner = text.strip_prefix("value<")?.strip_suffix('>')?;
                let ty = Self::VALUE_TYPES.into_iter().find(|t| *t == inner)?;
                Some(ReturnPattern::Value(ty))
            }
        }
    }
}

/// `params = { "callback.parameter" = "..." }`: how a parameter crosses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamPattern {
    /// A pointer to a struct whose fields become parameters.
    Unpack,
    /// The object is handed over: an `Owned<T>` token.
    Owned,
    /// The object is lent without its access pattern's promise: its `borrowed` view.
    Borrowed,
    /// The object as the named view of it.
    View(String),
}

impl ParamPattern {
    pub const NAMES: [&'static str; 4] = ["unpack", "owned", "borrowed", "view(Name)"];

    /// Parses a parameter pattern, or says which ones there are.
    pub fn parse(text: &str) -> Result<ParamPattern, String> {
        match text {
            "unpack" => Ok(ParamPattern::Unpack),
            "owned" => Ok(ParamPattern::Owned),
            "borrowed" => Ok(ParamPattern::Borrowed),
            _ => match call_of(text, "view").filter(|name| is_identifier(name)) {
                Some(name) => Ok(ParamPattern::View(name.to_owned())),
                None => {
                    let hint = super::suggest::did_you_mean(text, Self::NAMES);
                    Err(format!(
                        "unknown parameter pattern `{text}`{hint}; patterns: {}",
                        Self::NAMES.join(", ")
                    ))
                }
            },
        }
    }
}

/// One end of a checked range: a number or a constant from the headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    Number(u64),
    Constant(String),
}

/// `checks = { field = "..." }`: what a value must be before C sees it. Constants are
/// resolved against the headers by inference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckPattern {
    PowerOfTwo(Bound, Bound),
    Range(Bound, Bound),
    /// Made of these flags (constants or enum constants).
    Bits(Vec<String>),
    /// `NUMA_NO_NODE` or an online node below `MAX_NUMNODES`.
    NumaNode,
}

impl CheckPattern {
    pub const NAMES: [&'static str; 4] = [
        "power_of_two(MIN, MAX)",
        "range(MIN, MAX)",
        "bits(FLAG | FLAG ...)",
        "numa_node",
    ];

    /// Parses a check, or says which ones there are.
    pub fn parse(text: &str) -> Result<CheckPattern, String> {
        let unknown = || format!("unknown check `{text}`; checks: {}", Self::NAMES.join(", "));
        if text.trim() == "numa_node" {
            return Ok(CheckPattern::NumaNode);
        }
        if let Some(inner) = call_of(text, "bits") {
            let flags: Vec<String> = inner.split('|').map(|f| f.trim().to_owned()).collect();
            if flags.iter().any(|f| f.is_empty()) {
                return Err(unknown());
            }
            return Ok(CheckPattern::Bits(flags));
        }
        for (name, make) in [
            (
                "power_of_two",
                CheckPattern::PowerOfTwo as fn(Bound, Bound) -> CheckPattern,
            ),
            ("range", CheckPattern::Range),
        ] {
            if let Some(inner) = call_of(text, name) {
                let (min, max) = inner.split_once(',').ok_or_else(unknown)?;
                return Ok(make(bound(min)?, bound(max)?));
            }
        }
        Err(unknown())
    }
}

/// A number (decimal or `0x` hexadecimal) or a constant's name.
fn bound(word: &str) -> Result<Bound, String> {
    let word = word.trim();
    if let Some(hex) = word.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16)
            .map(Bound::Number)
            .map_err(|e| format!("`{word}`: {e}"));
    }
    if let Ok(n) = word.parse::<u64>() {
        return Ok(Bound::Number(n));
    }
    match is_identifier(word) {
        true => Ok(Bound::Constant(word.to_owned())),
        false => Err(format!("`{word}` is neither a number nor a constant name")),
    }
}

/// `name(inner)` -> `inner`, trimmed.
fn call_of<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let inner = text.trim().strip_prefix(name)?.trim_start();
    Some(inner.strip_prefix('(')?.strip_suffix(')')?.trim())
}

#[cfg(test)]
mod pattern_tests {
    use super::*;

    #[test]
    fn access_patterns_and_their_refusal() {
        assert_eq!(Access::parse("owned"), Ok(Access::Owned));
        let err = Access::parse("locked_mutt").expect_err("typo");
        assert!(err.contains("did you mean `locked_mut`?"), "{err}");
    }

    #[test]
    fn return_patterns() {
        assert_eq!(
            ReturnPattern::parse("value<u16>"),
            Some(ReturnPattern::Value("u16"))
        );
        assert_eq!(
            ReturnPattern::parse("status(errno_to_blk_status)"),
            Some(ReturnPattern::Status("errno_to_blk_status".into()))
        );
        assert_eq!(ReturnPattern::parse("value<f32>"), None);
        assert_eq!(ReturnPattern::parse("boolean"), None);
    }

    #[test]
    fn parameter_patterns_and_their_refusal() {
        assert_eq!(
            ParamPattern::parse("view(CandidateDevice)"),
            Ok(ParamPattern::View("CandidateDevice".into()))
        );
        assert!(ParamPattern::parse("view()").is_err());
        let err = ParamPattern::parse("borowed").expect_err("typo");
        assert!(err.contains("did you mean `borrowed`?"), "{err}");
    }

    #[test]
    fn checks_and_their_refusal() {
        assert_eq!(
            CheckPattern::parse("power_of_two(512, PAGE_SIZE)"),
            Ok(CheckPattern::PowerOfTwo(
                Bound::Number(512),
                Bound::Constant("PAGE_SIZE".into())
            ))
        );
        assert_eq!(
            CheckPattern::parse("bits(A | B)"),
            Ok(CheckPattern::Bits(vec!["A".into(), "B".into()]))
        );
        assert_eq!(CheckPattern::parse("range(0x10, 4)").map(|_| ()), Ok(()));
        for bad in ["range(1)", "bits(A | )", "sometimes", "range(1, 2 3)"] {
            assert!(CheckPattern::parse(bad).is_err(), "{bad}");
        }
    }
}
