//! A stable, line-oriented text form of the IR: the snapshot reviewers read.

use std::fmt;

use super::{ConstValue, FunctionKind, Ir, RecordKind};

impl fmt::Display for Ir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# headers ({})", self.headers.len())?;
        for header in &self.headers {
            writeln!(f, "{header}")?;
        }

        writeln!(f, "\n# functions ({})", self.functions.len())?;
        for func in &self.functions {
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
            )?;
        }

        writeln!(
            f,
            "\n# macros without a shim ({})",
            self.skipped_macros.len()
        )?;
        for skipped in &self.skipped_macros {
            writeln!(
                f,
                "{}: {}  @ {}",
                skipped.name, skipped.reason, skipped.location
            )?;
        }

        writeln!(f, "\n# variables ({})", self.variables.len())?;
        for variable in &self.variables {
            writeln!(
                f,
                "extern {}  @ {}",
                variable.ty.declare(&variable.name),
                variable.location
            )?;
        }

        writeln!(f, "\n# constants ({})", self.constants.len())?;
        for constant in &self.constants {
            let value = match &constant.value {
                ConstValue::Signed(v) => v.to_string(),
                ConstValue::Unsigned(v) => format!("{v:#x}"),
                ConstValue::Str(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
            };
            writeln!(
                f,
                "{}: {} = {value}  @ {}",
                constant.name, constant.ty, constant.location
            )?;
        }

        writeln!(
            f,
            "\n# object-like macros that are not constants ({})",
            self.skipped_constants.len()
        )?;
        for skipped in &self.skipped_constants {
            writeln!(
                f,
                "{}: {}  @ {}",
                skipped.name, skipped.reason, skipped.location
            )?;
        }

        writeln!(f, "\n# records ({})", self.records.len())?;
        for record in &self.records {
            let kind = match record.kind {
                RecordKind::Struct => "struct",
                RecordKind::Union => "union",
            };
            writeln!(
                f,
                "{kind} {} ({})  @ {}",
                record.name, record.c_type, record.location
            )?;
            for field in &record.fields {
                let name = if field.name.is_empty() {
                    "<anonymous>"
                } else {
                    &field.name
                };
                match (&field.callback, field.bit_width) {
                    (Some(cb), _) => {
                        let params: Vec<String> = cb
                            .params
                            .iter()
                            .zip(&cb.param_names)
                            .map(|(ty, name)| match name.is_empty() {
                                true => ty.0.clone(),
                                false => ty.declare(name),
                            })
                            .collect();
                        writeln!(f, "    {name}: fn({}) -> {}", params.join(", "), cb.ret)?
                    }
                    (None, Some(width)) => writeln!(f, "    {name}: {} : {width}", field.ty)?,
                    (None, None) => writeln!(f, "    {name}: {}", field.ty)?,
                }
            }
        }

        writeln!(f, "\n# enums ({})", self.enums.len())?;
        for e in &self.enums {
            writeln!(f, "{} ({})  @ {}", e.name, e.c_type, e.location)?;
            for (name, value) in &e.variants {
                writeln!(f, "    {name} = {value}")?;
            }
        }

        writeln!(f, "\n# typedefs ({})", self.typedefs.len())?;
        for t in &self.typedefs {
            writeln!(f, "{} = {}  @ {}", t.name, t.canonical, t.location)?;
        }
        Ok(())
    }
}
