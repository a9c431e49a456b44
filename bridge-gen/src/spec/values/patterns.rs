//! The patterns a spec names for an object's access, a return value and a parameter.

use std::fmt;

use super::{call_of, is_c_identifier, is_rust_identifier};
use crate::spec::suggest::did_you_mean;

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
                let hint = did_you_mean(other, Self::NAMES);
                return Err(format!(
                    "unknown access pattern `{other}`{hint}; patterns: {}",
                    Self::NAMES.join(", ")
                ));
            }
        })
    }
}

/// The pattern as the spec writes it (`locked_mut`).
impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let index = match self {
            Access::LockedMut => 0,
            Access::Shared => 1,
            Access::Owned => 2,
            Access::RefCounted => 3,
        };
        f.write_str(Self::NAMES[index])
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
            return is_c_identifier(f).then(|| ReturnPattern::Status(f.to_owned()));
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

/// `[ops.X] params = { "callback.parameter" = "..." }`: how a callback's parameter crosses.
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
            _ => match call_of(text, "view").filter(|name| is_rust_identifier(name)) {
                Some(name) => Ok(ParamPattern::View(name.to_owned())),
                None => {
                    let hint = did_you_mean(text, Self::NAMES);
                    Err(format!(
                        "unknown parameter pattern `{text}`{hint}; patterns: {}",
                        Self::NAMES.join(", ")
                    ))
                }
            },
        }
    }
}

impl fmt::Display for ParamPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamPattern::Unpack => f.write_str("unpack"),
            ParamPattern::Owned => f.write_str("owned"),
            ParamPattern::Borrowed => f.write_str("borrowed"),
            ParamPattern::View(name) => write!(f, "view({name})"),
        }
    }
}

/// `[object.X] params = { "function.parameter" = "..." }`: how a method's argument is
/// made for C.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgPattern {
    /// A `Result` the named C function turns into a status (`status(errno_to_blk_status)`).
    Status(String),
}

impl ArgPattern {
    pub const NAMES: [&'static str; 1] = ["status(from_errno)"];

    /// Parses an argument pattern, or says which ones there are.
    pub fn parse(text: &str) -> Result<ArgPattern, String> {
        match call_of(text, "status").filter(|f| is_c_identifier(f)) {
            Some(f) => Ok(ArgPattern::Status(f.to_owned())),
            None => Err(format!(
                "unknown parameter pattern `{text}`; patterns: {}",
                Self::NAMES.join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_patterns_and_their_refusal() {
        assert_eq!(Access::parse("owned"), Ok(Access::Owned));
        assert_eq!(Access::parse("refcounted"), Ok(Access::RefCounted));
        let err = Access::parse("locked_mutt").expect_err("typo");
        assert_eq!(
            err,
            "unknown access pattern `locked_mutt`; did you mean `locked_mut`?; patterns: \
             locked_mut, shared, owned, refcounted"
        );
    }

    #[test]
    fn return_patterns() {
        for (text, pattern) in [
            ("errno", ReturnPattern::Errno),
            ("bool", ReturnPattern::Bool),
            ("void", ReturnPattern::Void),
            ("value<u16>", ReturnPattern::Value("u16")),
            ("value<usize>", ReturnPattern::Value("usize")),
            (
                "status( errno_to_blk_status )",
                ReturnPattern::Status("errno_to_blk_status".into()),
            ),
        ] {
            assert_eq!(ReturnPattern::parse(text), Some(pattern), "{text}");
        }
        for bad in [
            "value<f32>",
            "boolean",
            "status()",
            "status(a b)",
            "value<u16",
        ] {
            assert_eq!(ReturnPattern::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn parameter_patterns_and_their_refusal() {
        for text in ["unpack", "owned", "borrowed", "view(CandidateDevice)"] {
            let pattern = ParamPattern::parse(text).expect(text);
            assert_eq!(pattern.to_string(), text);
        }
        for bad in ["view()", "view(type)", "view(a-b)", "status(f)"] {
            assert!(ParamPattern::parse(bad).is_err(), "{bad}");
        }
        let err = ParamPattern::parse("borowed").expect_err("typo");
        assert_eq!(
            err,
            "unknown parameter pattern `borowed`; did you mean `borrowed`?; patterns: unpack, \
             owned, borrowed, view(Name)"
        );
    }

    #[test]
    fn argument_patterns_and_their_refusal() {
        assert_eq!(
            ArgPattern::parse("status(errno_to_blk_status)"),
            Ok(ArgPattern::Status("errno_to_blk_status".into()))
        );
        for bad in ["status()", "owned", "status(a.b)"] {
            let err = ArgPattern::parse(bad).expect_err(bad);
            assert_eq!(
                err,
                format!("unknown parameter pattern `{bad}`; patterns: status(from_errno)")
            );
        }
    }
}
