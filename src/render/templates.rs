//! Tera setup: the theme's templates (with the site's overrides), gazette's filters, and the
//! translation of Tera's errors into diagnostics that name the template file and line.
//!
//! Tera 2 rather than 1.x: on templates like the theme's it rendered 1.7–2.2 times faster in
//! our measurement, it checks filters and includes when templates load instead of halfway
//! through a build, and every error, an unknown variable included, carries its template,
//! line and column. docs/configuration.md records the figures.

use std::path::Path;
use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::render::Locales;
use crate::render::theme::{TemplateSource, Theme};

/// The templates of a build, ready to render from any thread.
pub(crate) struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
}

impl Templates {
    pub(crate) fn new(theme: &Theme, locales: Arc<Locales>) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        // Escape every template's output; templates are HTML, XML or text, and front matter
        // text must never turn into markup. Bodies are passed with `| safe`.
        tera.autoescape_on([""]);
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

    /// The page's bytes. Written into a buffer the size of a typical page, not grown from
    /// the template's size (at 10,000 articles the copies of growing buffers were 2% of a
    /// build), and not checked as UTF-8 again: every part of it is text already.
    pub(crate) fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        self.render_into(name, context, Vec::with_capacity(PAGE_BYTES))
    }

    /// A part of a page (an article's card), in a buffer of a part's size.
    pub(crate) fn render_part(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        self.render_into(name, context, Vec::with_capacity(PART_BYTES))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|t| t.name == name)
    }

    fn render_into(&self, name: &str, context: &Context, mut page: Vec<u8>) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|e| to_diagnostic(&e, &self.sources))?;
        Ok(page)
    }
}

/// What a rendered page starts with: the default theme's article pages are 10–20 KB.
const PAGE_BYTES: usize = 24 * 1024;

/// What a rendered part starts with: the default theme's cards are about 1 KB.
const PART_BYTES: usize = 2 * 1024;

/// Filters that need the page's language take it as an argument: `{{ n | number(lang=lang) }}`.
fn register_filters(tera: &mut Tera, locales: Arc<Locales>) {
    let for_number = locales.clone();
    tera.register_filter(
        "number",
        move |value: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            Ok(pick(&for_number, &kwargs)?.number(value))
        },
    );
    tera.register_filter(
        "local_date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let locale = pick(&locales, &kwargs)?;
            let day = value.get(..10).unwrap_or(value);
            let date: jiff::civil::Date = day.parse().map_err(|_| {
                tera::Error::message(format!("`local_date` needs a date like 2024-10-22, got `{value}`"))
            })?;
            Ok(locale.date(date))
        },
    );
}

fn pick<'a>(locales: &'a Locales, kwargs: &Kwargs) -> TeraResult<&'a Locale> {
    let lang: &str = kwargs.must_get("lang")?;
    crate::config::Lang::new(lang)
        .and_then(|l| locales.get(&l))
        .ok_or_else(|| tera::Error::message(format!("`{lang}` is not a configured language")))
}

/// Tera 2 reports syntax and rendering errors with the template's name and the span.
fn to_diagnostic(error: &tera::Error, sources: &[TemplateSource]) -> Diagnostic {
    let display = |name: &str| {
        sources
            .iter()
            .rev()
            .find(|s| s.name == name)
            .map_or_else(|| Path::new("templates").join(name), |s| s.display.clone())
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let message = report.message().to_string();
            let mut d = Diagnostic::error(display(report.filename()), message.clone());
            d = match sources.iter().rev().find(|s| s.name == report.filename()) {
                Some(source) => d.at(&Arc::from(source.text.as_str()), span.range.clone()),
                None => d.at_line(span.start_line, span.start_col + 1),
            };
            d = d.hint(if message.contains("not defined") {
                "docs/templates.md lists the variables of each template; guard optional ones with {% if x is defined %}"
                    .to_string()
            } else {
                "see docs/templates.md for the template syntax and the variables".to_string()
            });
            d
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            display(current),
            format!("extends `{parent}`, which no theme or site template provides"),
        )
        .hint("check the name in {% extends %}; templates/ overrides use the theme's file names"),
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            display(name),
            format!("the template `{name}` is missing"),
        )
        .hint(
            "a theme must provide every template in docs/templates.md, or inherit them from the default theme's files",
        ),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Diagnostic::error(display(tpl), error.to_string())
                .hint("a template cannot extend or include itself, even through others")
        }
        _ => {
            let mut message = error.to_string();
            let mut cause = std::error::Error::source(error);
            while let Some(c) = cause {
                message = format!("{message}: {c}");
                cause = c.source();
            }
            Diagnostic::error("templates", message).hint("see docs/templates.md")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
        assert!(e.message.contains("subtitle"), "{e:?}");
    }

    #[test]
    fn text_is_escaped() {
        let t = Templates::new(&theme(&[("page.xml", "{{ title }}")]), Arc::default()).unwrap();
        let mut cx = Context::new();
        cx.insert("title", "<script>&");
        assert_eq!(t.render("page.xml", &cx).unwrap(), b"&lt;script&gt;&amp;");
    }
}
