//! `checks = { field = "..." }`: what a value must be before C sees it. Its bounds stay as
//! written (numbers, or names of constants that inference looks up in the headers).

use std::fmt;

use super::{call_of, is_c_identifier};

/// One end of a checked range, or one flag: a number or a constant from the headers.
/// Whether it fits the checked field's type is for inference, which knows the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A number, with its spelling (`0xffff`, `-1`) for the documentation.
    Number {
        value: i128,
        written: String,
    },
    Constant(String),
}

impl Bound {
    /// A number (decimal or `0x` hexadecimal, `-` for a negative one) or a constant's
    /// name.
    pub fn parse(word: &str) -> Result<Bound, String> {
        let word = word.trim();
        let (negative, magnitude) = match word.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, word),
        };
        let number = |value: u64| {
            let value = i128::from(value);
            Bound::Number {
                value: if negative { -value } else { value },
                written: word.to_owned(),
            }
        };
        if let Some(hex) = magnitude.strip_prefix("0x") {
            return u64::from_str_radix(hex, 16)
                .map(number)
                .map_err(|e| format!("`{word}`: {e}"));
        }
        if let Ok(n) = magnitude.parse::<u64>() {
            return Ok(number(n));
        }
        match is_c_identifier(word) {
            true => Ok(Bound::Constant(word.to_owned())),
            false => Err(format!("`{word}` is neither a number nor a constant name")),
        }
    }

    /// Whether it is a number written in decimal, which says its value as it stands.
    pub fn is_decimal(&self) -> bool {
        matches!(self, Bound::Number { written, .. }
            if written.strip_prefix('-').unwrap_or(written).bytes().all(|b| b.is_ascii_digit()))
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Number { written, .. } => f.write_str(written),
            Bound::Constant(name) => f.write_str(name),
        }
    }
}

/// A check of a value, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckPattern {
    /// A power of two from the first bound to the second.
    PowerOfTwo(Bound, Bound),
    /// Any value from the first bound to the second.
    Range(Bound, Bound),
    /// Made of these flags (numbers, constants or enum constants).
    Bits(Vec<Bound>),
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
            if inner.split('|').any(|f| f.trim().is_empty()) {
                return Err(unknown());
            }
            let flags = inner.split('|').map(Bound::parse);
            return Ok(CheckPattern::Bits(flags.collect::<Result<_, _>>()?));
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
                return Ok(make(Bound::parse(min)?, Bound::parse(max)?));
            }
        }
        Err(unknown())
    }
}

/// The check as a spec writes it, bounds spelt as given: `range(8, 0xffff)`.
impl fmt::Display for CheckPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckPattern::PowerOfTwo(min, max) => write!(f, "power_of_two({min}, {max})"),
            CheckPattern::Range(min, max) => write!(f, "range({min}, {max})"),
            CheckPattern::Bits(flags) => {
                let flags: Vec<String> = flags.iter().map(ToString::to_string).collect();
                write!(f, "bits({})", flags.join(" | "))
            }
            CheckPattern::NumaNode => f.write_str("numa_node"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: i128, written: &str) -> Bound {
        Bound::Number {
            value,
            written: written.to_owned(),
        }
    }

    #[test]
    fn checks_keep_their_bounds_as_written() {
        assert_eq!(
            CheckPattern::parse("power_of_two(512, PAGE_SIZE)"),
            Ok(CheckPattern::PowerOfTwo(
                number(512, "512"),
                Bound::Constant("PAGE_SIZE".into())
            ))
        );
        assert_eq!(
            CheckPattern::parse("range(0x10,4)"),
            Ok(CheckPattern::Range(number(16, "0x10"), number(4, "4")))
        );
        assert_eq!(
            CheckPattern::parse("bits(A | 0x4)"),
            Ok(CheckPattern::Bits(vec![
                Bound::Constant("A".into()),
                number(4, "0x4")
            ]))
        );
        assert_eq!(
            CheckPattern::parse(" numa_node "),
            Ok(CheckPattern::NumaNode)
        );
        assert!(number(8, "8").is_decimal() && !number(8, "0x8").is_decimal());
        assert_eq!(
            CheckPattern::parse("range(-1, -0x10)"),
            Ok(CheckPattern::Range(number(-1, "-1"), number(-16, "-0x10")))
        );
        assert!(number(-1, "-1").is_decimal());
        assert!(!Bound::Constant("N".into()).is_decimal());
        for text in [
            "range(8, 0xffff)",
            "bits(A | B)",
            "power_of_two(1, N)",
            "numa_node",
        ] {
            let check = CheckPattern::parse(text).expect(text);
            assert_eq!(check.to_string(), text);
        }
    }

    #[test]
    fn checks_and_their_refusal() {
        let unknown = |text: &str| {
            format!(
                "unknown check `{text}`; checks: power_of_two(MIN, MAX), range(MIN, MAX), \
                 bits(FLAG | FLAG ...), numa_node"
            )
        };
        for bad in [
            "range(1)",
            "bits(A | )",
            "sometimes",
            "even(2)",
            "range(1, 2",
        ] {
            assert_eq!(CheckPattern::parse(bad), Err(unknown(bad)), "{bad}");
        }
        for (bad, message) in [
            (
                "range(1, 2 3)",
                "`2 3` is neither a number nor a constant name",
            ),
            (
                "bits(A | B-C)",
                "`B-C` is neither a number nor a constant name",
            ),
            ("range(0xfg, 1)", "`0xfg`: invalid digit found in string"),
        ] {
            assert_eq!(CheckPattern::parse(bad), Err(message.to_owned()), "{bad}");
        }
    }
}
