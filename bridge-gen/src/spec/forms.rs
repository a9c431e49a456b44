//! How the values of each key are read: the grammar each is parsed with, and the words of
//! its refusal, located at the value (or at the part of it that is wrong).

use super::read::{At, Problems, Read, problem};
use super::values::{
    Access, ArgPattern, CheckPattern, HandBack, ParamPattern, QualifiedName, ReturnPattern,
    RustPath, hand_back, is_camel,
};

/// The value parsed whole by `parse`, its refusal located at the value.
fn whole<T>(value: &At<String>, parse: impl FnOnce(&str) -> Result<T, String>) -> Read<T> {
    parse(&value.value).map_err(|message| problem(value.span.clone(), message))
}

/// A string with no grammar of its own (a C name, or a reason).
pub(super) fn text(value: &At<String>) -> Read<String> {
    Ok(value.value.clone())
}

/// `rust = "module::Name"`: the path of an item the section declares.
pub(super) fn item_path(value: &At<String>) -> Read<RustPath> {
    whole(value, |text| {
        RustPath::parse(text)
            .filter(|path| !path.module().is_empty())
            .ok_or_else(|| format!("`{text}` is not a Rust path of the form `module::Name`"))
    })
}

/// `rust = "net::phy::mii"`: the path of a module.
pub(super) fn module_path(value: &At<String>) -> Read<RustPath> {
    whole(value, |text| {
        RustPath::parse(text)
            .ok_or_else(|| format!("`{text}` is not a module path like `net::phy::mii`"))
    })
}

pub(super) fn access(value: &At<String>) -> Read<Access> {
    whole(value, Access::parse)
}

/// `[object.X] returns`: a method's return pattern.
pub(super) fn method_return(_method: &At<String>, value: &At<String>) -> Read<ReturnPattern> {
    whole(value, |text| {
        ReturnPattern::parse(text).ok_or_else(|| {
            format!(
                "unknown return pattern `{text}`; patterns: {}",
                ReturnPattern::NAMES.join(", ")
            )
        })
    })
}

/// `[ops.X] returns`: a callback's return pattern.
pub(super) fn callback_return(callback: &At<String>, value: &At<String>) -> Read<ReturnPattern> {
    whole(value, |text| {
        ReturnPattern::parse(text).ok_or_else(|| {
            format!(
                "unknown return pattern `{text}` for `{}`; patterns: {}",
                callback.value,
                ReturnPattern::NAMES.join(", ")
            )
        })
    })
}

/// A key of `[object.X] params`: `function.parameter`.
pub(super) fn method_param(key: &At<String>) -> Read<QualifiedName> {
    whole(key, |text| {
        QualifiedName::parse(text).ok_or_else(|| {
            format!("`params` names `{text}`; write `function.parameter` for one of the methods")
        })
    })
}

/// A key of `[ops.X] params`: `callback.parameter`.
pub(super) fn callback_param(key: &At<String>) -> Read<QualifiedName> {
    whole(key, |text| {
        QualifiedName::parse(text)
            .ok_or_else(|| format!("`params` keys are `callback.parameter`, not `{text}`"))
    })
}

pub(super) fn arg_pattern(_key: &At<String>, value: &At<String>) -> Read<ArgPattern> {
    whole(value, ArgPattern::parse)
}

pub(super) fn param_pattern(_key: &At<String>, value: &At<String>) -> Read<ParamPattern> {
    whole(value, ParamPattern::parse)
}

/// `Name { Variant = CONSTANT, ... }`, refused at the first word out of place, or at each
/// name that is not `CamelCase`.
pub(super) fn hand_back_of(
    _callback: &At<String>,
    value: &At<String>,
    problems: &mut Problems,
) -> Option<HandBack> {
    let parsed = problems.keep(hand_back(value))?;
    let mut camel = true;
    for name in parsed.rust_names().filter(|n| !is_camel(&n.value)) {
        let message = format!("`{}` is not a CamelCase Rust name", name.value);
        problems.add(problem(name.span.clone(), message));
        camel = false;
    }
    camel.then_some(parsed)
}

/// `checks = { field = "..." }`: a check, its bounds as written.
pub(super) fn check(_field: &At<String>, value: &At<String>) -> Read<CheckPattern> {
    whole(value, CheckPattern::parse)
}
