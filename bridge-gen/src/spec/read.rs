//! Typed reads from a TOML table that remember where every key and value was written, and
//! refuse keys nobody asked for.
//!
//! A read never stops the file: a value of the wrong kind or with a malformed grammar is
//! recorded in [`Problems`] and left out, and reading goes on, so one run reports every
//! mistake of the spec.

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

/// A problem at a byte range; turned into line:column once, at the end.
#[derive(Clone, Debug)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

/// The result of parsing one value: the value, or the one problem that refuses it.
pub type Read<T> = Result<T, Problem>;

pub fn problem(span: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        span,
        message: message.into(),
    }
}

/// Every problem found in the spec so far.
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<Problem>,
}

impl Problems {
    pub fn add(&mut self, problem: Problem) {
        self.found.push(problem);
    }

    /// The value of `read`, or `None` with its problem recorded.
    pub fn keep<T>(&mut self, read: Read<T>) -> Option<T> {
        read.map_err(|p| self.add(p)).ok()
    }

    /// The problems in the order they are written in the file (those at one place in the
    /// order found).
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.found.sort_by_key(|p| p.span.start);
        self.found
    }
}

/// One table being read: the keys taken so far, so leftovers can be reported.
pub struct TableReader<'t, 'i, 'p> {
    table: &'t DeTable<'i>,
    what: String,
    taken: Vec<&'static str>,
    problems: &'p mut Problems,
}

impl<'t, 'i, 'p> TableReader<'t, 'i, 'p> {
    pub fn new(
        table: &'t DeTable<'i>,
        what: impl Into<String>,
        problems: &'p mut Problems,
    ) -> Self {
        TableReader {
            table,
            what: what.into(),
            taken: Vec::new(),
            problems,
        }
    }

    fn take(&mut self, key: &'static str) -> Option<(Range<usize>, &'t DeValue<'i>)> {
        self.taken.push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| (v.span(), v.get_ref()))
    }

    /// Records a problem of this table's.
    pub fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.add(problem(span, message));
    }

    pub fn string(&mut self, key: &'static str) -> Option<At<String>> {
        match self.take(key)? {
            (span, DeValue::String(s)) => Some(At::new(s.to_string(), span)),
            (span, _) => {
                self.problem(span, format!("`{key}` must be a string"));
                None
            }
        }
    }

    /// A string with a grammar: `parse` gives the typed value or its refusal.
    pub fn parsed<T>(
        &mut self,
        key: &'static str,
        parse: impl FnOnce(&At<String>) -> Read<T>,
    ) -> Option<At<T>> {
        let text = self.string(key)?;
        let value = self.problems.keep(parse(&text))?;
        Some(At::new(value, text.span))
    }

    /// `parsed`, and a problem at the table's span when the key is absent.
    pub fn required<T>(
        &mut self,
        key: &'static str,
        table_span: Range<usize>,
        parse: impl FnOnce(&At<String>) -> Read<T>,
    ) -> Option<At<T>> {
        if !self.table.iter().any(|(k, _)| k.get_ref().as_ref() == key) {
            self.taken.push(key);
            let what = &self.what;
            self.problem(table_span, format!("{what} needs `{key} = \"...\"`"));
            return None;
        }
        self.parsed(key, parse)
    }

    pub fn required_string(
        &mut self,
        key: &'static str,
        table_span: Range<usize>,
    ) -> Option<At<String>> {
        self.required(key, table_span, |s| Ok(s.value.clone()))
    }

    pub fn strings(&mut self, key: &'static str) -> Vec<At<String>> {
        self.parsed_strings(key, |s| Ok(s.value.clone()))
    }

    /// An array of strings with a grammar; the refused ones are left out.
    pub fn parsed_strings<T>(
        &mut self,
        key: &'static str,
        parse: impl Fn(&At<String>) -> Read<T>,
    ) -> Vec<At<T>> {
        match self.take(key) {
            None => Vec::new(),
            Some((_, DeValue::Array(items))) => {
                let texts = strings_of(items, self.problems, || {
                    format!("`{key}` holds strings only")
                });
                self.parse_all(texts, parse)
            }
            Some((span, _)) => {
                self.problem(span, format!("`{key}` must be an array of strings"));
                Vec::new()
            }
        }
    }

    fn parse_all<T>(
        &mut self,
        texts: Vec<At<String>>,
        parse: impl Fn(&At<String>) -> Read<T>,
    ) -> Vec<At<T>> {
        texts
            .into_iter()
            .filter_map(|text| {
                let value = self.problems.keep(parse(&text))?;
                Some(At::new(value, text.span))
            })
            .collect()
    }

    /// `strings`, telling an absent key (`None`) from an empty list.
    pub fn optional_strings(&mut self, key: &'static str) -> Option<Vec<At<String>>> {
        let present = self.table.iter().any(|(k, _)| k.get_ref().as_ref() == key);
        let list = self.strings(key);
        present.then_some(list)
    }

    /// A table of `name = "string"` entries, e.g. `why = { probe = "..." }`.
    pub fn string_map(&mut self, key: &'static str) -> Vec<(At<String>, At<String>)> {
        self.map(key, |k| Ok(k.value.clone()), |_, v| Ok(v.value.clone()))
    }

    /// A table of `name = "string"` entries whose names and values have grammars, e.g.
    /// `params = { "queue_rq.rq" = "owned" }`. `value` is given the entry's name too.
    /// An entry with a refused name or value is left out; both refusals are recorded.
    pub fn map<K, V>(
        &mut self,
        key: &'static str,
        name: impl Fn(&At<String>) -> Read<K>,
        value: impl Fn(&At<String>, &At<String>) -> Read<V>,
    ) -> Vec<(At<K>, At<V>)> {
        self.map_with(key, name, |k, v, problems| problems.keep(value(k, v)))
    }

    /// `map` with a value that may be refused for several reasons: `value` records each in
    /// the problems it is given and returns `None`.
    pub fn map_with<K, V>(
        &mut self,
        key: &'static str,
        name: impl Fn(&At<String>) -> Read<K>,
        value: impl Fn(&At<String>, &At<String>, &mut Problems) -> Option<V>,
    ) -> Vec<(At<K>, At<V>)> {
        let entries = self.entries(key, |v| match v.get_ref() {
            DeValue::String(s) => Ok(At::new(s.to_string(), v.span())),
            _ => Err(problem(
                v.span(),
                format!("the values of `{key}` are strings"),
            )),
        });
        let mut out = Vec::new();
        for (k, v) in entries {
            let parsed_name = self.problems.keep(name(&k));
            let parsed_value = value(&k, &v, self.problems);
            if let (Some(n), Some(x)) = (parsed_name, parsed_value) {
                out.push((At::new(n, k.span), At::new(x, v.span)));
            }
        }
        out
    }

    /// A table of `name = ["string", ...]` entries whose names and items have grammars,
    /// e.g. `views = { Unlocked = ["phy_id"] }`; `item` is given the entry's name too. A
    /// refused item is left out of its list, a refused name drops its entry.
    pub fn list_map<K, V>(
        &mut self,
        key: &'static str,
        name: impl Fn(&At<String>) -> Read<K>,
        item: impl Fn(&At<String>, &At<String>) -> Read<V>,
    ) -> Vec<(At<K>, Vec<At<V>>)> {
        let entries = self.entries(key, |v| match v.get_ref() {
            DeValue::Array(items) => Ok(items),
            _ => Err(problem(
                v.span(),
                format!("the values of `{key}` are arrays of strings"),
            )),
        });
        let problems = &mut *self.problems;
        let mut out = Vec::new();
        for (k, items) in entries {
            let texts = strings_of(items, problems, || format!("`{key}` lists strings"));
            let parsed = texts.into_iter().filter_map(|text| {
                let value = problems.keep(item(&k, &text))?;
                Some(At::new(value, text.span))
            });
            let parsed: Vec<At<V>> = parsed.collect();
            if let Some(n) = problems.keep(name(&k)) {
                out.push((At::new(n, k.span), parsed));
            }
        }
        out
    }

    /// A table of `name = integer` entries whose names have a grammar, e.g.
    /// `masks = { exact = 0xffffffff }`; an entry with a refused name is left out.
    pub fn integer_map<K>(
        &mut self,
        key: &'static str,
        name: impl Fn(&At<String>) -> Read<K>,
    ) -> Vec<(At<K>, At<u64>)> {
        let entries = self.entries(key, |v| match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits.trim_start_matches("0x").trim_start_matches("0o");
                let digits = digits.trim_start_matches("0b");
                u64::from_str_radix(digits, i.radix())
                    .map(|n| At::new(n, v.span()))
                    .map_err(|_| problem(v.span(), "not an unsigned 64-bit integer"))
            }
            _ => Err(problem(
                v.span(),
                format!("the values of `{key}` are integers"),
            )),
        });
        let named = entries.into_iter().filter_map(|(k, v)| {
            let n = self.problems.keep(name(&k))?;
            Some((At::new(n, k.span), v))
        });
        named.collect()
    }

    /// The entries of the table at `key`, each value read by `value`; an entry whose value
    /// is refused is left out.
    fn entries<V>(
        &mut self,
        key: &'static str,
        value: impl Fn(&'t toml::Spanned<DeValue<'i>>) -> Read<V>,
    ) -> Vec<(At<String>, V)> {
        match self.take(key) {
            None => Vec::new(),
            Some((_, DeValue::Table(table))) => table
                .iter()
                .filter_map(|(k, v)| {
                    let v = self.problems.keep(value(v))?;
                    Some((At::new(k.get_ref().to_string(), k.span()), v))
                })
                .collect(),
            Some((span, _)) => {
                self.problem(span, format!("`{key}` must be a table"));
                Vec::new()
            }
        }
    }

    /// Records every key that no read asked for, suggesting the closest known one.
    pub fn finish(self) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if !self.taken.contains(&name) {
                let hint = did_you_mean(name, self.taken.iter().copied());
                self.problems.add(problem(
                    key.span(),
                    format!(
                        "unknown key `{name}` in {}{hint}; known keys: {}",
                        self.what,
                        self.taken.join(", ")
                    ),
                ));
            }
        }
    }
}

/// The strings of an array; each item that is no string is recorded with `message`.
fn strings_of(
    items: &toml::de::DeArray<'_>,
    problems: &mut Problems,
    message: impl Fn() -> String,
) -> Vec<At<String>> {
    items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::String(s) => Some(At::new(s.to_string(), item.span())),
            _ => {
                problems.add(problem(item.span(), message()));
                None
            }
        })
        .collect()
}

/// One `[section.NAME]` table: its name, contents and span.
pub type Section<'t, 'i> = (At<String>, &'t DeTable<'i>, Range<usize>);

/// The sub-tables of a section such as `[ops.*]`; an entry that is no table is recorded
/// and left out.
pub fn sections<'t, 'i>(
    value: &'t DeValue<'i>,
    span: Range<usize>,
    section: &str,
    problems: &mut Problems,
) -> Vec<Section<'t, 'i>> {
    let DeValue::Table(table) = value else {
        problems.add(problem(
            span,
            format!("`{section}` must hold tables, as in [{section}.NAME]"),
        ));
        return Vec::new();
    };
    table
        .iter()
        .filter_map(|(k, v)| match v.get_ref() {
            DeValue::Table(inner) => {
                Some((At::new(k.get_ref().to_string(), k.span()), inner, v.span()))
            }
            _ => {
                let message = format!("[{section}.{}] must be a table", k.get_ref());
                problems.add(problem(v.span(), message));
                None
            }
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
