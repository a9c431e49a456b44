//! Names with a shape: Rust paths, `owner.member` keys, field paths, calls with constant
//! arguments, export bounds and constant types. Each parses to `None` when the text does
//! not have its shape; the reader words the refusal for the key it came from.

use std::fmt;

use super::{is_c_identifier, is_camel, is_rust_identifier};

pub use crate::rust_path::RustPath;

/// A Rust path written in the spec (`net::phy::Device`, or a module `numa`): Rust
/// identifiers, no keyword, joined by `::`. The last segment is the item; the module is
/// empty for a single segment.
pub fn rust_path(text: &str) -> Option<RustPath> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in text.split("::") {
        if !is_rust_identifier(segment) {
            return None;
        }
        segments.push(segment);
    }
    let name = segments.pop()?;
    Some(RustPath::new(segments.join("::"), name))
}

/// `owner.name`, two C identifiers: a function's or a callback's parameter
/// (`queue_rq.rq`), or an ops table's callback (`blk_mq_ops.complete`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifiedName {
    pub owner: String,
    pub name: String,
}

impl QualifiedName {
    pub fn parse(text: &str) -> Option<QualifiedName> {
        let (owner, name) = text.split_once('.')?;
        (is_c_identifier(owner) && is_c_identifier(name)).then(|| QualifiedName {
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }

    /// Whether it is `owner.name`.
    pub fn is(&self, owner: &str, name: &str) -> bool {
        self.owner == owner && self.name == name
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.owner, self.name)
    }
}

/// `callback.N`: a callback's parameter by position, from 0 (`exit_hctx.1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamPosition {
    pub callback: String,
    pub position: usize,
}

impl ParamPosition {
    pub fn parse(text: &str) -> Option<ParamPosition> {
        let (callback, position) = text.split_once('.')?;
        let digits = !position.is_empty() && position.chars().all(|c| c.is_ascii_digit());
        Some(ParamPosition {
            callback: Some(callback).filter(|c| is_c_identifier(c))?.to_owned(),
            position: Some(position).filter(|_| digits)?.parse().ok()?,
        })
    }
}

impl fmt::Display for ParamPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.callback, self.position)
    }
}

/// A key of `[object.X] rename`: a method or field, or `function.parameter` of a
/// constructor's call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameKey {
    Member(String),
    Param(QualifiedName),
}

impl RenameKey {
    /// `None` for a key with a `.` that is no `function.parameter`.
    pub fn parse(text: &str) -> Option<RenameKey> {
        if text.contains('.') {
            return QualifiedName::parse(text).map(RenameKey::Param);
        }
        Some(RenameKey::Member(text.to_owned()))
    }

    /// Whether it names the method or field `name`.
    pub fn is_member(&self, name: &str) -> bool {
        matches!(self, RenameKey::Member(m) if m == name)
    }

    /// Whether it names parameter `param` of `function`.
    pub fn is_param(&self, function: &str, param: &str) -> bool {
        matches!(self, RenameKey::Param(q) if q.is(function, param))
    }
}

impl fmt::Display for RenameKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameKey::Member(name) => f.write_str(name),
            RenameKey::Param(param) => param.fmt(f),
        }
    }
}

/// A path through nested struct fields (`mdio.dev`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath(pub Vec<String>);

impl FieldPath {
    pub fn parse(text: &str) -> Option<FieldPath> {
        let fields: Vec<String> = text.split('.').map(str::to_owned).collect();
        fields
            .iter()
            .all(|f| is_c_identifier(f))
            .then_some(FieldPath(fields))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// `function` or `function(CONSTANT, ...)`: a call with constant arguments after the
/// object (`blk_mq_end_request(BLK_STS_IOERR)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub function: String,
    pub args: Vec<String>,
}

impl Release {
    pub fn parse(text: &str) -> Option<Release> {
        let (function, args) = match text.trim().split_once('(') {
            Some((function, rest)) => {
                let inner = rest.strip_suffix(')')?;
                let args = inner.split(',').map(str::trim).filter(|a| !a.is_empty());
                (function.trim(), args.map(str::to_owned).collect())
            }
            None => (text.trim(), Vec::new()),
        };
        let mut names = std::iter::once(function).chain(args.iter().map(String::as_str));
        names.all(is_c_identifier).then(|| Release {
            function: function.to_owned(),
            args,
        })
    }
}

/// What bounds a pointer parameter of an exported function (`[exports.bounds]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointerBound {
    pub pointer: String,
    pub kind: PointerKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointerKind {
    /// `p: string`: NUL-terminated.
    String,
    /// `p[n]`: a buffer of as many elements as parameter `n` says.
    Buffer(String),
}

impl PointerBound {
    pub fn parse(text: &str) -> Option<PointerBound> {
        let (pointer, kind) = if let Some(name) = text.strip_suffix(": string") {
            (name.trim(), PointerKind::String)
        } else {
            let (name, rest) = text.split_once('[')?;
            let len = rest.strip_suffix(']')?.trim();
            if !is_c_identifier(len) {
                return None;
            }
            (name.trim(), PointerKind::Buffer(len.to_owned()))
        };
        is_c_identifier(pointer).then(|| PointerBound {
            pointer: pointer.to_owned(),
            kind,
        })
    }
}

/// The integer types a constant may be given.
pub const INTEGER_TYPES: [&str; 8] = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"];

/// `[constants.X] types` values: an integer type, or a newtype of the section's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstType {
    Integer(&'static str),
    Newtype(String),
}

impl ConstType {
    pub fn parse(text: &str) -> Option<ConstType> {
        if let Some(ty) = INTEGER_TYPES.into_iter().find(|t| *t == text) {
            return Some(ConstType::Integer(ty));
        }
        is_camel(text).then(|| ConstType::Newtype(text.to_owned()))
    }
}

impl fmt::Display for ConstType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstType::Integer(ty) => f.write_str(ty),
            ConstType::Newtype(name) => f.write_str(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_paths_split_into_module_and_name() {
        let path = rust_path("net::phy::Device").expect("a path");
        assert_eq!(
            (path.name.as_str(), path.module.as_str()),
            ("Device", "net::phy")
        );
        assert_eq!(path.to_string(), "net::phy::Device");
        let single = rust_path("numa").expect("a path");
        assert_eq!((single.name.as_str(), single.module.as_str()), ("numa", ""));
        assert_eq!(single.to_string(), "numa");
        for bad in [
            "",
            "net::",
            "::phy",
            "net:phy",
            "fix-regs",
            "net::type::Device",
            "a::1b",
        ] {
            assert_eq!(rust_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn qualified_names_and_positions() {
        let key = QualifiedName::parse("queue_rq.rq").expect("a key");
        assert_eq!((key.owner.as_str(), key.name.as_str()), ("queue_rq", "rq"));
        assert_eq!(key.to_string(), "queue_rq.rq");
        for bad in ["read", "a.b.c", ".b", "a.", "a b.c"] {
            assert_eq!(QualifiedName::parse(bad), None, "{bad}");
        }
        let position = ParamPosition::parse("exit_hctx.1").expect("a position");
        assert_eq!(
            (position.callback.as_str(), position.position),
            ("exit_hctx", 1)
        );
        assert_eq!(position.to_string(), "exit_hctx.1");
        for bad in ["exit_hctx", "exit_hctx.x", "exit_hctx.-1", ".1", "a.1.2"] {
            assert_eq!(ParamPosition::parse(bad), None, "{bad}");
        }
        assert_eq!(RenameKey::parse("q"), Some(RenameKey::Member("q".into())));
        assert!(matches!(RenameKey::parse("f.p"), Some(RenameKey::Param(_))));
        assert_eq!(RenameKey::parse("f.p.q"), None);
    }

    #[test]
    fn field_paths_and_calls() {
        let path = FieldPath::parse("mdio.dev").expect("a path");
        assert_eq!(path.0, ["mdio", "dev"]);
        assert_eq!(path.to_string(), "mdio.dev");
        for bad in ["", "mdio..dev", "mdio.", "a-b"] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
        let call = Release::parse("blk_mq_end_request(BLK_STS_IOERR, X)").expect("a call");
        assert_eq!(call.function, "blk_mq_end_request");
        assert_eq!(call.args, ["BLK_STS_IOERR", "X"]);
        assert_eq!(Release::parse("put").map(|c| c.args.len()), Some(0));
        for bad in ["f(A", "f(A B)", "(A)", "f g"] {
            assert_eq!(Release::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn export_bounds_and_constant_types() {
        let bound = PointerBound::parse("data[data_size]").expect("a buffer");
        assert_eq!(bound.pointer, "data");
        assert_eq!(bound.kind, PointerKind::Buffer("data_size".into()));
        let bound = PointerBound::parse("url: string").expect("a string");
        assert_eq!(
            (bound.pointer.as_str(), bound.kind),
            ("url", PointerKind::String)
        );
        for bad in ["url", "data[]", "data[n", "url: str", "a b[n]"] {
            assert_eq!(PointerBound::parse(bad), None, "{bad}");
        }
        assert_eq!(ConstType::parse("u16"), Some(ConstType::Integer("u16")));
        assert_eq!(
            ConstType::parse("Speed"),
            Some(ConstType::Newtype("Speed".into()))
        );
        assert_eq!(ConstType::parse("word"), None);
        assert_eq!(ConstType::parse("usize"), None);
    }
}
