//! How the values of each key are read: the grammar each is parsed with, and the words of
//! its refusal, located at the value (or at the part of it that is wrong).

use super::read::{At, Problems, Read, problem};
use super::values::{
    Access, ArgPattern, CheckPattern, ConstType, FieldPath, HandBack, INTEGER_TYPES, ParamPattern,
    ParamPosition, PointerBound, QualifiedName, Release, RenameKey, ReturnPattern, RustPath,
    hand_back, is_c_identifier, is_camel, is_rust_identifier, rust_path,
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
        rust_path(text)
            .filter(|path| !path.module.is_empty())
            .ok_or_else(|| format!("`{text}` is not a Rust path of the form `module::Name`"))
    })
}

/// `rust = "net::phy::mii"`: the path of a module.
pub(super) fn module_path(value: &At<String>) -> Read<RustPath> {
    whole(value, |text| {
        rust_path(text).ok_or_else(|| format!("`{text}` is not a module path like `net::phy::mii`"))
    })
}

/// `text` for a map's value, which is given its key too.
pub(super) fn text_of(_key: &At<String>, value: &At<String>) -> Read<String> {
    text(value)
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

/// A key of `[object.X] rename`: a method or field, or `function.parameter`.
pub(super) fn rename_key(key: &At<String>) -> Read<RenameKey> {
    whole(key, |text| {
        RenameKey::parse(text).ok_or_else(|| {
            format!(
                "`rename` names `{text}`; a parameter rename is `function.parameter` for \
                 `alloc` or a `setup` call"
            )
        })
    })
}

/// A key of `[ops.X] rename`: `callback.position` of the table `table`.
pub(super) fn param_position(key: &At<String>, table: &At<String>) -> Read<ParamPosition> {
    whole(key, |text| {
        ParamPosition::parse(text).ok_or_else(|| {
            format!(
                "`{text}` is not `callback.position` of a callback of `{}` with that many \
                 parameters",
                table.value
            )
        })
    })
}

/// A key of `[object.X] data`: `alloc_function.parameter`.
pub(super) fn data_param(key: &At<String>) -> Read<QualifiedName> {
    whole(key, |text| {
        QualifiedName::parse(text).ok_or_else(|| {
            format!("`{text}` is not `alloc_function.parameter` of a `void *` parameter of `alloc`")
        })
    })
}

/// A value of `[object.X] calls`: `ops_table.callback`.
pub(super) fn callback_ref(_function: &At<String>, value: &At<String>) -> Read<QualifiedName> {
    whole(value, |text| {
        QualifiedName::parse(text).ok_or_else(|| "`calls` values are `ops_table.callback`".into())
    })
}

/// `device = "mdio.dev"`.
pub(super) fn field_path(value: &At<String>) -> Read<FieldPath> {
    whole(value, |text| {
        FieldPath::parse(text).ok_or_else(|| "`device` is a field path such as `mdio.dev`".into())
    })
}

/// `release = "function"` or `"function(CONSTANT, ...)"`.
pub(super) fn release(value: &At<String>) -> Read<Release> {
    whole(value, |text| {
        Release::parse(text)
            .ok_or_else(|| "`release` is `function` or `function(CONSTANT, ...)`".into())
    })
}

/// An entry of `[exports.bounds] function = [...]`: `p[n]` or `p: string`.
pub(super) fn pointer_bound(function: &At<String>, entry: &At<String>) -> Read<PointerBound> {
    whole(entry, |text| {
        PointerBound::parse(text).ok_or_else(|| {
            format!(
                "`{}`: `{text}`: expected `POINTER[LENGTH_PARAM]` or `POINTER: string`",
                function.value
            )
        })
    })
}

/// A value of `[constants.X] types`: an integer type or a newtype's name.
pub(super) fn const_type(_pattern: &At<String>, value: &At<String>) -> Read<ConstType> {
    whole(value, |text| {
        ConstType::parse(text).ok_or_else(|| {
            format!(
                "`{text}` is not a constant type; use one of {}",
                INTEGER_TYPES.join(", ")
            )
        })
    })
}

/// A value of `[constants.X] newtypes`: the integer type it wraps.
pub(super) fn integer_type(_name: &At<String>, value: &At<String>) -> Read<&'static str> {
    whole(value, |text| {
        INTEGER_TYPES
            .into_iter()
            .find(|t| *t == text)
            .ok_or_else(|| {
                format!(
                    "`{text}` is not an integer type; use one of {}",
                    INTEGER_TYPES.join(", ")
                )
            })
    })
}

/// A name the generated code declares: `text` if `fits`, else refused with `message`.
fn name(
    value: &At<String>,
    fits: impl FnOnce(&str) -> bool,
    message: impl FnOnce(&str) -> String,
) -> Read<String> {
    whole(value, |text| {
        fits(text)
            .then(|| text.to_owned())
            .ok_or_else(|| message(text))
    })
}

/// A `CamelCase` name that is no keyword (`Self`).
fn camel(text: &str) -> bool {
    is_camel(text) && is_rust_identifier(text)
}

/// A value of `[enum.X] rename`: the variant's name.
pub(super) fn variant_name(_constant: &At<String>, value: &At<String>) -> Read<String> {
    name(value, camel, |text| {
        format!(
            "`{text}` is not a CamelCase Rust identifier (a variant starts with an uppercase \
             letter and has no `_`)"
        )
    })
}

/// A value of `[object.X] rename` or `[ops.X] rename`: a method's, field's or
/// parameter's Rust name.
pub(super) fn rust_name(_key: &At<String>, value: &At<String>) -> Read<String> {
    name(value, is_rust_identifier, |text| {
        format!("`{text}` is not a Rust identifier")
    })
}

/// A key of `[object.X] views`: the view's type name.
pub(super) fn type_name(key: &At<String>) -> Read<String> {
    name(key, is_rust_identifier, |text| {
        format!("`{text}` is not a type name")
    })
}

/// A value of `[ops.X] data`: the trait's associated type.
pub(super) fn associated_type(_object: &At<String>, value: &At<String>) -> Read<String> {
    name(value, camel, |text| {
        format!("`{text}` is not a CamelCase associated type name")
    })
}

/// A key of `[constants.X] newtypes`: the newtype's name.
pub(super) fn newtype_name(key: &At<String>) -> Read<String> {
    name(key, camel, |text| {
        format!("`{text}` is not a CamelCase type name")
    })
}

/// `[each.X] method`: the loop method's name.
pub(super) fn method_name(value: &At<String>) -> Read<String> {
    name(value, is_rust_identifier, |text| {
        format!("`{text}` is not a Rust method name")
    })
}

/// `[id.X] table`: the `MODULE_DEVICE_TABLE` type (`mdio`).
pub(super) fn table_kind(value: &At<String>) -> Read<String> {
    name(value, is_c_identifier, |text| {
        format!("`{text}` is not a MODULE_DEVICE_TABLE type name (letters, digits, `_`)")
    })
}

/// A key of `[id.X] masks`: the mask's name, in its constructor's (`new_with_exact_mask`).
pub(super) fn mask_name(key: &At<String>) -> Read<String> {
    name(key, is_c_identifier, |text| {
        format!("`{text}` is not a mask name (letters, digits, `_`)")
    })
}
