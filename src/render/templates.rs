//! Tera setup: the theme's templates (with the site's overrides), gazette's filters, and the
//! translation of Tera's errors into diagnostics that name the template file and line.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::render::theme::{TemplateSource, Theme};

/// The templates of a build, ready to render from any thread.
pub struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
}

impl Templates {
    pub fn new(theme: &Theme, locales: Arc<HashMap<String, Locale>>) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        // Escape every template's output; templates are HTML, XML or text, and front matter
        // text must never turn into markup. Bodies are passed with `| safe`.
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(escape);
        register_filters(&mut tera, locales);
        let pairs: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(pairs) {
            return Err(vec![to_diagnostic(&e, &theme.templates)]);
        }
        Ok(Templates {
            tera,
            sources: theme.templates.clone(),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| to_diagnostic(&e, &self.sources))
    }
}

/// Escapes the five characters that matter in HTML and XML text and attributes. Tera's own
/// escaper also turns `/` into `&#x2F;`, which is valid but makes every URL unreadable.
fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Filters that need the page's language take it as an argument: `{{ n | number(lang=lang) }}`.
fn register_filters(tera: &mut Tera, locales: Arc<HashMap<String, Locale>>) {
    let for_number = locales.clone();
    tera.register_filter("number", move |value: &Value, args: &HashMap<String, Value>| {
        let locale = pick(&for_number, args)?;
        let n = value
            .as_f64()
            .ok_or_else(|| tera::Error::msg(format!("`number` needs a number, got {value}")))?;
        Ok(Value::String(locale.number(n)))
    });
    let for_date = locales;
    tera.register_filter("local_date", move |value: &Value, args: &HashMap<String, Value>| {
        let locale = pick(&for_date, args)?;
        let text = value.as_str().unwrap_or_default();
        let day = text.get(..10).unwrap_or(text);
        let date: jiff::civil::Date = day
            .parse()
            .map_err(|_| tera::Error::msg(format!("`local_date` needs a date like 2024-10-22, got {value}")))?;
        Ok(Value::String(locale.date(date)))
    });
}

fn pick<'a>(locales: &'a HashMap<String, Locale>, args: &HashMap<String, Value>) -> tera::Result<&'a Locale> {
    let lang = args
        .get("lang")
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg("pass the language: lang=lang"))?;
    locales
        .get(lang)
        .ok_or_else(|| tera::Error::msg(format!("`{lang}` is not a configured language")))
}

/// Tera reports the template by name and, for syntax errors, ` --> line:column` in its
/// message chain; unknown variables come without a line, so we find the first use ourselves.
fn to_diagnostic(error: &tera::Error, sources: &[TemplateSource]) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        chain.push(c.to_string());
        cause = c.source();
    }
    let full = chain.join("\n");
    let name = chain.iter().find_map(|m| quoted_name(m)).unwrap_or_default();
    let source = sources.iter().rev().find(|s| s.name == name);
    let file = source.map_or_else(|| PathBuf::from(format!("templates/{name}")), |s| s.display.clone());
    let message = chain.last().cloned().unwrap_or_default();
    let mut d = Diagnostic::error(file, first_line(&message));
    if let Some((line, column)) = arrow_position(&full) {
        d = d.at_line(line, column).hint(detail(&message));
    } else if let Some(variable) = missing_variable(&full) {
        if let Some((line, column)) = source.and_then(|s| find_use(&s.text, &variable)) {
            d = d.at_line(line, column);
        }
        d = d.hint(format!("`{variable}` is not defined here; docs/templates.md lists the variables of each template, or guard it with {{% if {variable} %}}"));
    }
    d
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_string()
}

/// Tera's pest message after the first line: the offending line and what was expected.
fn detail(message: &str) -> String {
    message
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('\'').or_else(|| message.find('"'))?;
    let quote = message[start..].chars().next()?;
    let rest = &message[start + 1..];
    let end = rest.find(quote)?;
    let name = &rest[..end];
    (name.contains('.') && !name.contains(' ')).then(|| name.to_string())
}

fn arrow_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn missing_variable(message: &str) -> Option<String> {
    let at = message.find("Variable `")? + "Variable `".len();
    let rest = &message[at..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The first line and column where `variable` is used inside a `{{ }}` or `{% %}` tag.
fn find_use(text: &str, variable: &str) -> Option<(usize, usize)> {
    let mut search_from = 0;
    while let Some(i) = text[search_from..].find(variable) {
        let at = search_from + i;
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        let after_ok = text[at + variable.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let open = text[..at].rfind(['{']).unwrap_or(0);
        let in_tag = text[..at].rfind("}}").is_none_or(|close| close < open) && open > 0;
        if before_ok && after_ok && in_tag {
            return Some(crate::diagnostics::line_column(text, at));
        }
        search_from = at + variable.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        Theme {
            templates: templates
                .iter()
                .map(|(n, t)| TemplateSource {
                    name: n.to_string(),
                    text: t.to_string(),
                    display: PathBuf::from(format!("templates/{n}")),
                })
                .collect(),
            ..Theme::default()
        }
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let Err(errors) = Templates::new(&theme(&[("page.html", "<p>\n{{ title }\n</p>")]), Arc::default()) else {
            panic!("a broken template must not load")
        };
        assert_eq!(errors[0].file, PathBuf::from("templates/page.html"));
        assert_eq!(errors[0].line, 2, "{:?}", errors[0]);
    }

    #[test]
    fn unknown_variable_names_file_and_line() {
        let t = Templates::new(
            &theme(&[("page.html", "<p>{{ title }}</p>\n<p>{{ subtitle }}</p>")]),
            Arc::default(),
        )
        .unwrap();
        let mut cx = Context::new();
        cx.insert("title", "x");
        let e = t.render("page.html", &cx).unwrap_err();
        assert_eq!(e.file, PathBuf::from("templates/page.html"));
        assert_eq!((e.line, e.column), (2, 7), "{e:?}");
        assert!(e.hint.unwrap().contains("subtitle"));
    }

    #[test]
    fn text_is_escaped() {
        let t = Templates::new(&theme(&[("page.xml", "{{ title }}")]), Arc::default()).unwrap();
        let mut cx = Context::new();
        cx.insert("title", "<script>&");
        assert_eq!(t.render("page.xml", &cx).unwrap(), "&lt;script&gt;&amp;");
    }
}
