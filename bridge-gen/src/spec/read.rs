//! Typed reads from a TOML table that remember where every key and value was written, and
//! refuse keys nobody asked for.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::suggest::did_you_mean;

/// A value with the byte range it came from in `bridge.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> At<T> {
    pub fn new(value: T, span: Range<usize>) -> At<T> {
        At { value, span }
    }
}

impl At<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// `name = [values]` entries of a table, each located.
pub type ListMap = Vec<(At<String>, Vec<At<String>>)>;

/// A problem at a byte range; turned into line:column once, at the end.
#[derive(Clone, Debug)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

pub type Read<T> = Result<T, Problem>;

pub fn problem(span: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        span,
        message: message.into(),
    }
}

/// One table being read: the keys taken so far, so leftovers can be reported.
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    what: String,
    taken: Vec<&'static str>,
}

impl<'t, 'i> TableReader<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, what: impl Into<String>) -> Self {
        TableReader {
            table,
            what: what.into(),
            taken: Vec::new(),
        }
    }

    fn take(&mut self, key: &'static str) -> Option<(Range<usize>, &'t DeValue<'i>)> {
        self.taken.push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| (v.span(), v.get_ref()))
    }

    pub fn string(&mut self, key: &'static str) -> Read<Option<At<String>>> {
        match self.take(key) {
            None => Ok(None),
            Some((span, DeValue::String(s))) => Ok(Some(At::new(s.to_string(), span))),
            Some((span, _)) => Err(problem(span, format!("`{key}` must be a string"))),
        }
    }

    pub fn required_string(
        &mut self,
        key: &'static str,
        table_span: Range<usize>,
    ) -> Read<At<String>> {
        let what = self.what.clone();
        self.string(key)?
            .ok_or_else(|| problem(table_span, format!("{what} needs `{key} = \"...\"`")))
    }

    pub fn strings(&mut self, key: &'static str) -> Read<Vec<At<String>>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some((_, DeValue::Array(items))) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok(At::new(s.to_string(), item.span())),
                    _ => Err(problem(item.span(), format!("`{key}` holds strings only"))),
                })
                .collect(),
            Some((span, _)) => Err(problem(
                span,
                format!("`{key}` must be an array of strings"),
            )),
        }
    }

    /// `strings`, telling an absent key (`None`) from an empty list.
    pub fn optional_strings(&mut self, key: &'static str) -> Read<Option<Vec<At<String>>>> {
        let present = self.table.iter().any(|(k, _)| k.get_ref().as_ref() == key);
        let list = self.strings(key)?;
        Ok(present.then_some(list))
    }

    /// A table of `name = "string"` entries, e.g. `returns = { phy_read = "value<u16>" }`.
    pub fn string_map(&mut self, key: &'static str) -> Read<Vec<(At<String>, At<String>)>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some((_, DeValue::Table(table))) => table
                .iter()
                .map(|(k, v)| match v.get_ref() {
                    DeValue::String(s) => Ok((
                        At::new(k.get_ref().to_string(), k.span()),
                        At::new(s.to_string(), v.span()),
                    )),
                    _ => Err(problem(
                        v.span(),
                        format!("the values of `{key}` are strings"),
                    )),
                })
                .collect(),
            Some((span, _)) => Err(problem(span, format!("`{key}` must be a table"))),
        }
    }

    /// A table of `name = ["string", ...]` entries, e.g. `views = { Unlocked = ["phy_id"] }`.
    pub fn strings_map(&mut self, key: &'static str) -> Read<ListMap> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some((_, DeValue::Table(table))) => table
                .iter()
                .map(|(k, v)| match v.get_ref() {
                    DeValue::Array(items) => {
                        let items = items
                            .iter()
                            .map(|item| match item.get_ref() {
                                DeValue::String(s) => Ok(At::new(s.to_string(), item.span())),
                                _ => Err(problem(item.span(), format!("`{key}` lists strings"))),
                            })
                            .collect::<Read<Vec<_>>>()?;
                        Ok((At::new(k.get_ref().to_string(), k.span()), items))
                    }
                    _ => Err(problem(
                        v.span(),
                        format!("the values of `{key}` are arrays of strings"),
                    )),
                })
                .collect(),
            Some((span, _)) => Err(problem(span, format!("`{key}` must be a table"))),
        }
    }

    /// A table of `name = integer` entries, e.g. `masks = { exact = 0xffffffff }`.
    pub fn integer_map(&mut self, key: &'static str) -> Read<Vec<(At<String>, At<u64>)>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some((_, DeValue::Table(table))) => table
                .iter()
                .map(|(k, v)| match v.get_ref() {
                    DeValue::Integer(i) => {
                        let digits = i.as_str().replace('_', "");
                        let digits = digits.trim_start_matches("0x").trim_start_matches("0o");
                        let digits = digits.trim_start_matches("0b");
                        u64::from_str_radix(digits, i.radix())
                            .map(|n| {
                                (
                                    At::new(k.get_ref().to_string(), k.span()),
                                    At::new(n, v.span()),
                                )
                            })
                            .map_err(|_| problem(v.span(), "not an unsigned 64-bit integer"))
                    }
                    _ => Err(problem(
                        v.span(),
                        format!("the values of `{key}` are integers"),
                    )),
                })
                .collect(),
            Some((span, _)) => Err(problem(span, format!("`{key}` must be a table"))),
        }
    }

    /// Fails on the first key that no read asked for, suggesting the closest known one.
    pub fn finish(self) -> Read<()> {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if !self.taken.contains(&name) {
                let hint = did_you_mean(name, self.taken.iter().copied());
                return Err(problem(
                    key.span(),
                    format!(
                        "unknown key `{name}` in {}{hint}; known keys: {}",
                        self.what,
                        self.taken.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// One `[section.NAME]` table: its name, contents and span.
pub type Section<'t, 'i> = (At<String>, &'t DeTable<'i>, Range<usize>);

/// The sub-tables of a section such as `[ops.*]`.
pub fn sections<'t, 'i>(
    value: &'t DeValue<'i>,
    span: Range<usize>,
    section: &str,
) -> Read<Vec<Section<'t, 'i>>> {
    let DeValue::Table(table) = value else {
        return Err(problem(
            span,
            format!("`{section}` must hold tables, as in [{section}.NAME]"),
        ));
    };
    table
        .iter()
        .map(|(k, v)| match v.get_ref() {
            DeValue::Table(inner) => {
                Ok((At::new(k.get_ref().to_string(), k.span()), inner, v.span()))
            }
            _ => Err(problem(
                v.span(),
                format!("[{section}.{}] must be a table", k.get_ref()),
            )),
        })
        .collect()
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}
