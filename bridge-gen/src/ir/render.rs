//! A stable, line-oriented text form of the IR: the snapshot reviewers read.

use std::fmt;

use super::{ConstValue, Constant, Enum, Field, Function, FunctionKind, Ir, Record, RecordKind};

impl fmt::Display for Ir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# headers ({})", self.headers.len())?;
        for header in &self.headers {
            writeln!(f, "{header}")?;
        }
        section(f, "functions", &self.functions, write_function)?;
        section(f, "macros without a shim", &self.skipped_macros, |f, s| {
            writeln!(f, "{}: {}  @ {}", s.name, s.reason, s.location)
        })?;
        section(f, "variables", &self.variables, |f, v| {
            writeln!(f, "extern {}  @ {}", v.ty.declare(&v.name), v.location)
        })?;
        section(f, "constants", &self.constants, write_constant)?;
        section(
            f,
            "object-like macros that are not constants",
            &self.skipped_constants,
            |f, s| writeln!(f, "{}: {}  @ {}", s.name, s.reason, s.location),
        )?;
        section(f, "records", &self.records, write_record)?;
        section(f, "enums", &self.enums, write_enum)?;
        section(f, "typedefs", &self.typedefs, |f, t| {
            writeln!(f, "{} = {}  @ {}", t.name, t.canonical, t.location)
        })
    }
}

/// A `# title (count)` heading after a blank line, then each item's lines.
fn section<T>(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    items: &[T],
    item: impl Fn(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    writeln!(f, "\n# {title} ({})", items.len())?;
    items.iter().try_for_each(|i| item(f, i))
}

/// `kind [__must_check] ret name(params)  @ location`.
fn write_function(f: &mut fmt::Formatter<'_>, func: &Function) -> fmt::Result {
    let kind = match func.kind {
        FunctionKind::Extern => "extern",
        FunctionKind::StaticInline => "static inline",
        FunctionKind::Macro => "macro",
    };
    let params: Vec<String> = func.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let must_check = if func.must_check { " __must_check" } else { "" };
    writeln!(
        f,
        "{kind}{must_check} {} {}({})  @ {}",
        func.ret,
        func.name,
        params.join(", "),
        func.location
    )
}

/// `NAME: type = value  @ location`; unsigned values in hex, strings quoted.
fn write_constant(f: &mut fmt::Formatter<'_>, constant: &Constant) -> fmt::Result {
    let value = match &constant.value {
        ConstValue::Signed(v) => v.to_string(),
        ConstValue::Unsigned(v) => format!("{v:#x}"),
        ConstValue::Str(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
    };
    writeln!(
        f,
        "{}: {} = {value}  @ {}",
        constant.name, constant.ty, constant.location
    )
}

/// `struct|union name (c type)  @ location`, then one indented line per field.
fn write_record(f: &mut fmt::Formatter<'_>, record: &Record) -> fmt::Result {
    let kind = match record.kind {
        RecordKind::Struct => "struct",
        RecordKind::Union => "union",
    };
    writeln!(
        f,
        "{kind} {} ({})  @ {}",
        record.name, record.c_type, record.location
    )?;
    record
        .fields
        .iter()
        .try_for_each(|field| write_field(f, field))
}

/// `    name: type`, `    name: type : width` or `    name: fn(params) -> ret`.
fn write_field(f: &mut fmt::Formatter<'_>, field: &Field) -> fmt::Result {
    let name = match &field.anonymous {
        None => field.name.clone(),
        Some(a) => match &a.shares_with {
            Some(first) => format!("{} (anonymous union: shares `{first}`)", field.name),
            None => format!("{} (anonymous member)", field.name),
        },
    };
    match (&field.callback, field.bit_width) {
        (Some(cb), _) => {
            let params: Vec<String> = cb
                .params
                .iter()
                .zip(&cb.param_names)
                .map(|(ty, name)| match name.is_empty() {
                    true => ty.to_string(),
                    false => ty.declare(name),
                })
                .collect();
            writeln!(f, "    {name}: fn({}) -> {}", params.join(", "), cb.ret)
        }
        (None, Some(width)) => writeln!(f, "    {name}: {} : {width}", field.ty),
        (None, None) => writeln!(f, "    {name}: {}", field.ty),
    }
}

/// `name (c type)  @ location`, then `    VARIANT = value` per variant.
fn write_enum(f: &mut fmt::Formatter<'_>, e: &Enum) -> fmt::Result {
    writeln!(f, "{} ({})  @ {}", e.name, e.c_type, e.location)?;
    for c in &e.variants {
        writeln!(f, "    {} = {}", c.name, c.value)?;
    }
    Ok(())
}
