//! Reading TOML the way an editor needs it: every mistake of a file in one pass. A serde
//! struct with `deny_unknown_fields` stops at the first unknown key and hides the value
//! checks after it, so site.toml, front matter and i18n files are instead parsed with
//! toml's recoverable parser (all syntax errors, every value with its span) and walked field
//! by field: each getter checks one value's type, and `finish` reports every key that no
//! getter asked for, with a "did you mean" hint — or, for a top-level key written below a
//! `[table]` header, the hint that TOML now reads it as part of that table.
//!
//! The walkers are the raw layer of every input; each module that owns an input (config,
//! front matter) turns what they return into its validated types.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{self, Diagnostic, Located, SourceText, Span};

/// One TOML document inside a file: the file, where the TOML starts in it (after `+++` in
/// front matter), the keys allowed at the top (for hints), and the mistakes found so far.
pub(crate) struct Doc<'s> {
    pub source: &'s Arc<SourceText>,
    offset: usize,
    top_level: &'s [&'s str],
    errors: RefCell<Vec<Diagnostic>>,
    /// Where each syntax error lies in the TOML text, by its index in `errors`: a value the
    /// parser recovered there is not checked again (one mistake, one message).
    syntax: RefCell<Vec<(Range<usize>, usize)>>,
}

/// A TOML table being read: which keys were asked for, so the rest can be reported.
pub(crate) struct Table<'d, 'i> {
    doc: &'d Doc<'d>,
    table: &'d DeTable<'i>,
    /// `location`, `figures[2]`; empty at the top.
    path: String,
    span: Range<usize>,
    used: RefCell<Vec<bool>>,
}

/// A TOML number exactly as written (underscores removed), for values that must not pass
/// through a float: figures are quantities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    pub literal: String,
    pub is_integer: bool,
}

impl<'s> Doc<'s> {
    /// Parses `range` of the file as TOML. Syntax errors are recorded and the parse goes on
    /// where it can, so the fields that did parse are still checked.
    pub(crate) fn new(source: &'s Arc<SourceText>, range: Range<usize>, top_level: &'s [&'s str]) -> Doc<'s> {
        Doc {
            source,
            offset: range.start,
            top_level,
            errors: RefCell::new(Vec::new()),
            syntax: RefCell::new(Vec::new()),
        }
    }

    /// The TOML text of the document.
    pub(crate) fn text(&self, range: Range<usize>) -> &'s str {
        &self.source.text[range]
    }

    /// Parses the document; returns its top-level table (empty after a fatal syntax error).
    pub(crate) fn parse<'i>(&self, toml: &'i str) -> Spanned<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(toml);
        for e in errors {
            let at = self.errors.borrow().len();
            self.syntax.borrow_mut().push((e.span().unwrap_or(0..0), at));
            self.push(syntax_error(&e, self.source, self.offset));
        }
        table
    }

    /// The top-level table; `span` (in the file) is where a missing field is reported.
    pub(crate) fn root<'d, 'i>(&'d self, table: &'d Spanned<DeTable<'i>>, span: Range<usize>) -> Table<'d, 'i> {
        Table::new(self, table.get_ref(), String::new(), span)
    }

    pub(crate) fn push(&self, diagnostic: Diagnostic) {
        self.errors.borrow_mut().push(diagnostic);
    }

    /// A span in the file for a span in the TOML text.
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.source, self.offset + range.start..self.offset + range.end)
    }

    pub(crate) fn error(&self, range: Range<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::at_span(&self.span(range), message);
        if !field.is_empty() {
            d = d.field(field);
        }
        d
    }

    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors.into_inner()
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }
}

impl<'d, 'i> Table<'d, 'i> {
    fn new(doc: &'d Doc<'d>, table: &'d DeTable<'i>, path: String, span: Range<usize>) -> Table<'d, 'i> {
        Table {
            doc,
            table,
            path,
            span,
            used: RefCell::new(vec![false; table.len()]),
        }
    }

    /// The dotted name of a key of this table, for messages.
    pub(crate) fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(crate) fn doc(&self) -> &'d Doc<'d> {
        self.doc
    }

    /// Where the table starts in the file (its header, or the file's opening line).
    pub(crate) fn span(&self) -> Span {
        Span::new(self.doc.source, self.span.clone())
    }

    /// The raw value of `key`, marked as read; `None` where the value has a syntax error,
    /// which then names the field.
    pub(crate) fn get(&self, key: &str) -> Option<&'d Spanned<DeValue<'i>>> {
        let (index, (_, value)) = self.table.iter().enumerate().find(|(_, (k, _))| k.get_ref() == key)?;
        self.used.borrow_mut()[index] = true;
        let span = value.span();
        let broken = self
            .doc
            .syntax
            .borrow()
            .iter()
            .find(|(range, _)| {
                range.start < span.end.max(span.start + 1) && span.start < range.end.max(range.start + 1)
            })
            .map(|(_, at)| *at);
        if let Some(at) = broken {
            if let Some(d) = self.doc.errors.borrow_mut().get_mut(at)
                && d.field.is_none()
            {
                d.field = Some(self.name(key));
            }
            return None;
        }
        Some(value)
    }

    /// Reports a value of the wrong type and returns `None`.
    pub(crate) fn wrong_type<T>(&self, key: &str, value: &Spanned<DeValue>, expected: &str, hint: &str) -> Option<T> {
        let d = self
            .doc
            .error(
                value.span(),
                &self.name(key),
                format!("expected {expected}, found {}", describe(value.get_ref())),
            )
            .hint(hint);
        self.doc.push(d);
        None
    }

    pub(crate) fn string(&self, key: &str) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(self.located(one_line(s), value)),
            _ => self.wrong_type(key, value, "text in quotes", "text is written in quotes: key = \"…\""),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => self.wrong_type(key, value, "true or false", "write true or false, without quotes"),
        }
    }

    pub(crate) fn integer(&self, key: &str) -> Option<Located<i64>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(self.located(n, value)),
                Err(_) => self.wrong_type(key, value, "a whole number that fits 64 bits", "use a smaller number"),
            },
            _ => self.wrong_type(key, value, "a whole number", "write the number without quotes"),
        }
    }

    /// A number as written, for exact quantities.
    pub(crate) fn number(&self, key: &str) -> Option<Located<Number>> {
        let value = self.get(key)?;
        let number = match value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => Number {
                literal: i.as_str().to_string(),
                is_integer: true,
            },
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Number {
                    literal: n.to_string(),
                    is_integer: true,
                },
                Err(_) => return self.wrong_type(key, value, "a number", "write the number in decimal digits"),
            },
            DeValue::Float(f) => Number {
                literal: f.as_str().to_string(),
                is_integer: false,
            },
            _ => {
                return self.wrong_type(
                    key,
                    value,
                    "a number",
                    "write the number without quotes: value = 121_000_000_000 or value = 38.6",
                );
            }
        };
        Some(self.located(number, value))
    }

    /// A float for coordinates and similar measurements.
    pub(crate) fn float(&self, value: &Spanned<DeValue>, key: &str) -> Option<f64> {
        match value.get_ref() {
            DeValue::Float(f) => f.as_str().parse().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            _ => self.wrong_type(key, value, "a number", "write the number without quotes"),
        }
    }

    /// A TOML date or datetime, or a string in one of their forms.
    pub(crate) fn datetime(&self, key: &str) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Datetime(dt) => Some(self.located(dt.to_string(), value)),
            DeValue::String(s) => Some(self.located(s.to_string(), value)),
            _ => self.wrong_type(key, value, "a date", crate::content::front_matter::DATE_FORMS),
        }
    }

    /// An array of strings (`tags = ["a", "b"]`).
    pub(crate) fn strings(&self, key: &str) -> Vec<Located<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            return self
                .wrong_type(
                    key,
                    value,
                    "a list of text",
                    "write a list in brackets: tags = [\"Investitionen\", \"Automobil\"]",
                )
                .unwrap_or_default();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some(self.located(one_line(s), item)),
                _ => self.wrong_type(key, item, "text in quotes", "each entry of the list is text in quotes"),
            })
            .collect()
    }

    /// A sub-table, `[key]` or `key = { … }`.
    pub(crate) fn table(&self, key: &str) -> Option<Table<'d, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(self.child(t, self.name(key), value.span())),
            _ => self.wrong_type(
                key,
                value,
                "a table",
                &format!("write it as a [{}] table", self.name(key)),
            ),
        }
    }

    /// A sub-table as a value, for tables that may also be written short (`location = "x"`).
    pub(crate) fn table_of(&self, key: &str, value: &'d Spanned<DeValue<'i>>) -> Option<Table<'d, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(self.child(t, self.name(key), value.span())),
            _ => None,
        }
    }

    /// `[[key]]` tables, in order.
    pub(crate) fn tables(&self, key: &str) -> Vec<Table<'d, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            return self
                .wrong_type(
                    key,
                    value,
                    "a list of tables",
                    &format!("write each entry as [[{key}]]"),
                )
                .unwrap_or_default();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item.get_ref() {
                DeValue::Table(t) => Some(self.child(t, format!("{}[{}]", self.name(key), i + 1), item.span())),
                _ => self.wrong_type(key, item, "a table", &format!("write each entry as [[{key}]]")),
            })
            .collect()
    }

    /// Every key of the table with its sub-table, for tables keyed by the user
    /// (`[languages.de]`, `[terms.tags.automobil]`).
    pub(crate) fn entries(&self) -> Vec<(Located<String>, &'d Spanned<DeValue<'i>>)> {
        self.used.borrow_mut().iter_mut().for_each(|u| *u = true);
        self.table
            .iter()
            .map(|(k, v)| (self.located(k.get_ref().to_string(), k), v))
            .collect()
    }

    pub(crate) fn child(&self, table: &'d DeTable<'i>, path: String, span: Range<usize>) -> Table<'d, 'i> {
        Table::new(
            self.doc,
            table,
            path,
            self.doc.offset + span.start..self.doc.offset + span.end,
        )
    }

    /// A free-form table passed to templates untouched (`[extra]`).
    pub(crate) fn free_table(&self, key: &str) -> toml::Table {
        match self.get(key).map(|v| (v, v.get_ref())) {
            Some((_, DeValue::Table(t))) => to_toml_table(t),
            Some((v, _)) => self
                .wrong_type(key, v, "a table", "write it as a table")
                .unwrap_or_default(),
            None => toml::Table::new(),
        }
    }

    pub(crate) fn located<T>(&self, value: T, spanned: &Spanned<impl Sized>) -> Located<T> {
        Located {
            value,
            span: self.doc.span(spanned.span()),
        }
    }

    /// Reports every key no getter read: a misspelling, or a key that landed in this table
    /// because it was written below its header.
    pub(crate) fn finish(self, known: &[&str]) {
        let used = self.used.borrow().clone();
        for ((key, _), used) in self.table.iter().zip(used) {
            if used {
                continue;
            }
            let name = key.get_ref().as_ref();
            let hint = if !self.path.is_empty() && self.doc.top_level.contains(&name) {
                format!(
                    "this line is below the [{table}] header, so TOML reads it as `{table}.{name}`; \
                     move it above the first [table] of the file",
                    table = self.path
                )
            } else {
                match diagnostics::closest(name, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if known.is_empty() => "this table has no fields".to_string(),
                    None => format!("known fields here: {}", known.join(", ")),
                }
            };
            let d = self.doc.error(key.span(), &self.name(name), "unknown field").hint(hint);
            self.doc.push(d);
        }
    }
}

/// A value's kind in an editor's words.
fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn to_toml_table(table: &DeTable) -> toml::Table {
    table
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), to_toml_value(v.get_ref())))
        .collect()
}

fn to_toml_value(value: &DeValue) -> toml::Value {
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => toml::Value::Integer(n),
            Err(_) => toml::Value::String(i.as_str().to_string()),
        },
        DeValue::Float(f) => toml::Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(dt) => toml::Value::Datetime(*dt),
        DeValue::Array(items) => toml::Value::Array(items.iter().map(|v| to_toml_value(v.get_ref())).collect()),
        DeValue::Table(t) => toml::Value::Table(to_toml_table(t)),
    }
}

/// A TOML syntax error, located in the file.
fn syntax_error(err: &toml::de::Error, source: &Arc<SourceText>, offset: usize) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut d = Diagnostic::error(&source.display, message.clone());
    if message.contains("duplicate key") {
        d = d.hint("each key may appear once per table; remove or rename the repeated one");
    } else if message.contains("date") || message.contains("time") {
        d = d.hint(crate::content::front_matter::DATE_FORMS);
    } else {
        d = d.hint("check the TOML syntax: key = value, text in quotes, [table] headers on their own line");
    }
    let range = err.span().unwrap_or(0..0);
    d.at(&source.text, offset + range.start..offset + range.end)
}

/// A text value of front matter or configuration is one line of text: titles, names and
/// captions go into `<title>`, Atom and iCalendar lines, where an escaped `\n` or a pasted
/// U+000B would break the format or vanish. Each control character becomes a space.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(char::is_control, " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(text: &str) -> Arc<SourceText> {
        Arc::new(SourceText {
            display: PathBuf::from("a.toml"),
            text: Arc::from(text),
        })
    }

    #[test]
    fn every_mistake_is_reported_in_one_pass() {
        let src = source("titel = \"x\"\ncount = \"3\"\n[location]\nname = \"C\"\nsource = \"d\"\n");
        let doc = Doc::new(&src, 0..src.text.len(), &["title", "count", "location", "source"]);
        let table = doc.parse(doc.text(0..src.text.len()));
        let root = doc.root(&table, 0..0);
        assert!(root.string("title").is_none());
        assert!(root.integer("count").is_none());
        let location = root.table("location").unwrap();
        assert_eq!(location.string("name").unwrap().value, "C");
        location.finish(&["name", "slug"]);
        root.finish(&["title", "count", "location", "source"]);
        let errors = doc.into_errors();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3, "{text:#?}");
        assert!(
            text.iter()
                .any(|t| t.contains("`count`: expected a whole number, found text"))
        );
        assert!(
            text.iter()
                .any(|t| t.contains("`titel`: unknown field (hint: did you mean `title`?)"))
        );
        assert!(
            text.iter()
                .any(|t| t.contains("a.toml:5:1") && t.contains("below the [location] header"))
        );
    }

    #[test]
    fn numbers_keep_their_digits() {
        let src = source("a = 9007199254740993\nb = 121_000_000_000\nc = 38.60\n");
        let doc = Doc::new(&src, 0..src.text.len(), &[]);
        let table = doc.parse(doc.text(0..src.text.len()));
        let root = doc.root(&table, 0..0);
        assert_eq!(root.number("a").unwrap().value.literal, "9007199254740993");
        assert_eq!(root.number("b").unwrap().value.literal, "121000000000");
        assert_eq!(root.number("c").unwrap().value.literal, "38.60");
    }
}
