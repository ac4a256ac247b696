//! Front matter: TOML text → `ArticleFront` / `PageFront`. Every field is read through the
//! `schema` walker, so one pass reports every unknown field and every bad value of a file.
//! The fronts hold typed, range-checked values that may still be missing, because a
//! translation inherits the facts it leaves out; required fields are enforced after
//! inheritance, in `content::inherit`. Every value keeps its `Span`, which knows the file.

use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use toml::de::DeValue;

use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Located, SourceText, Span};
use crate::quantity::{Approx, Exact, Unit, parse_approx, parse_currency, parse_measure, parse_value};
use crate::schema::{Doc, Table};

/// The front matter of an article, typed but not yet completed by inheritance.
#[derive(Debug, Clone)]
pub(crate) struct ArticleFront {
    pub title: Option<Located<String>>,
    pub date: Option<Located<ZonedDateTime>>,
    pub updated: Option<Located<ZonedDateTime>>,
    pub summary: Option<Located<String>>,
    pub slug: Option<Located<String>>,
    /// A stable identity for feeds and calendars, kept when the file is renamed or redated.
    pub id: Option<Located<String>>,
    pub tags: Vec<Located<String>>,
    pub draft: bool,
    pub event: Option<Box<EventFront>>,
    pub location: Option<Box<LocationFront>>,
    pub source: Option<Box<SourceFront>>,
    pub figures: Vec<FigureFront>,
    pub image: Option<Box<ImageFront>>,
    pub translation: Option<Box<TranslationFront>>,
    pub extra: toml::Table,
    /// The opening `+++`, where a missing field is reported.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct EventFront {
    pub name: Option<Located<String>>,
    pub start: Option<Located<Date>>,
    pub end: Option<Located<Date>>,
    pub status: Option<Located<EventStatus>>,
    pub attendance: Option<Located<Attendance>>,
    pub span: Span,
}

/// What happened to an event (schema.org `eventStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum EventStatus {
    Scheduled,
    Cancelled,
    Postponed,
    Rescheduled,
    MovedOnline,
}

/// How people take part (schema.org `eventAttendanceMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Attendance {
    Offline,
    Online,
    Mixed,
}

#[derive(Debug, Clone)]
pub(crate) struct LocationFront {
    pub name: Option<Located<String>>,
    pub slug: Option<Located<String>>,
    pub country: Option<Located<String>>,
    pub coordinates: Option<Located<[f64; 2]>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct SourceFront {
    pub name: Option<Located<String>>,
    pub slug: Option<Located<String>>,
    pub url: Option<Located<String>>,
    pub section: Option<Located<String>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct FigureFront {
    pub label: Option<Located<String>>,
    pub value: Option<Located<Exact>>,
    /// `currency`, `unit` or `unit_text`, whichever the figure gives (one at most).
    pub unit: Option<Located<Unit>>,
    /// A measure word some languages put between a number and what it counts (Chinese 家,
    /// 个, 人): grammar of one language, never inherited, never required of a translation.
    pub counter: Option<Located<String>>,
    pub approx: Option<Located<Approx>>,
    pub key: Option<Located<String>>,
    pub span: Span,
}

/// The article's lead photo: a file of its bundle, with words each language writes.
#[derive(Debug, Clone)]
pub(crate) struct ImageFront {
    pub file: Option<Located<String>>,
    pub alt: Option<Located<String>>,
    pub caption: Option<Located<String>>,
    pub credit: Option<Located<String>>,
    pub span: Span,
}

/// `[translation]`: this file translates the version in `from`; `state` records which state
/// of that original it follows (written by `gazette translate`).
#[derive(Debug, Clone)]
pub(crate) struct TranslationFront {
    pub from: Option<Located<Lang>>,
    pub state: Option<Located<String>>,
}

/// The front matter of a standalone page: words only, no facts.
#[derive(Debug, Clone)]
pub(crate) struct PageFront {
    pub title: Option<Located<String>>,
    pub summary: Option<Located<String>>,
    pub slug: Option<Located<String>>,
    pub draft: bool,
    pub updated: Option<Located<ZonedDateTime>>,
    pub translation: Option<TranslationFront>,
    pub extra: toml::Table,
    pub span: Span,
}

const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "slug",
    "id",
    "tags",
    "draft",
    "event",
    "location",
    "source",
    "figures",
    "image",
    "translation",
    "extra",
];
const PAGE_FIELDS: &[&str] = &["title", "summary", "slug", "draft", "updated", "translation", "extra"];

pub(crate) const DATE_FORMS: &str =
    "accepted forms: 2024-10-22, 2024-10-22T09:30:00 (site time zone) or 2024-10-31T11:08:24+08:00";

/// Parses and checks the front matter of a file: `range` is the TOML between the `+++` lines.
pub(crate) struct Parser<'a> {
    pub source: &'a Arc<SourceText>,
    pub range: std::ops::Range<usize>,
    pub timezone: &'a TimeZone,
    /// The site's languages, for `[translation] from`.
    pub languages: &'a [Lang],
}

impl Parser<'_> {
    /// The front matter as far as it is valid, and every mistake in it: a file with mistakes
    /// is still completed, so its missing fields are reported in the same run.
    pub(crate) fn article(&self) -> (ArticleFront, Vec<Diagnostic>) {
        let doc = Doc::new(self.source, self.range.clone(), ARTICLE_FIELDS);
        let table = doc.parse(doc.text(self.range.clone()));
        let root = doc.root(&table, self.opening());
        let front = ArticleFront {
            title: root.string("title"),
            date: self.moment(&root, "date"),
            updated: self.moment(&root, "updated"),
            summary: root.string("summary"),
            slug: root.string("slug"),
            id: root.string("id"),
            tags: root.strings("tags"),
            draft: root.bool("draft").unwrap_or(false),
            event: root.table("event").map(|t| Box::new(self.event(t))),
            location: self
                .short_or_table(&root, "location")
                .map(|t| Box::new(self.location(t))),
            source: self.short_or_table(&root, "source").map(|t| Box::new(self.source(t))),
            figures: root.tables("figures").into_iter().map(|t| self.figure(t)).collect(),
            image: root.table("image").map(|t| Box::new(self.image(t))),
            translation: root.table("translation").map(|t| Box::new(self.translation(t))),
            extra: root.free_table("extra"),
            span: root.span(),
        };
        root.finish(ARTICLE_FIELDS);
        (front, doc.into_errors())
    }

    pub(crate) fn page(&self) -> (PageFront, Vec<Diagnostic>) {
        let doc = Doc::new(self.source, self.range.clone(), PAGE_FIELDS);
        let table = doc.parse(doc.text(self.range.clone()));
        let root = doc.root(&table, self.opening());
        let front = PageFront {
            title: root.string("title"),
            summary: root.string("summary"),
            slug: root.string("slug"),
            draft: root.bool("draft").unwrap_or(false),
            updated: self.moment(&root, "updated"),
            translation: root.table("translation").map(|t| self.translation(t)),
            extra: root.free_table("extra"),
            span: root.span(),
        };
        root.finish(PAGE_FIELDS);
        (front, doc.into_errors())
    }

    /// The opening `+++`, where a missing field is reported.
    fn opening(&self) -> std::ops::Range<usize> {
        0..3.min(self.range.start)
    }

    /// A publication or update time; a date or a time without offset is in the site's zone.
    fn moment(&self, table: &Table, key: &str) -> Option<Located<ZonedDateTime>> {
        let text = table.datetime(key)?;
        match to_zoned(&text.value, self.timezone) {
            Ok(zoned) => Some(Located {
                value: zoned,
                span: text.span,
            }),
            Err(message) => {
                table.doc().push(
                    Diagnostic::at_span(&text.span, message)
                        .field(table.name(key))
                        .hint(DATE_FORMS),
                );
                None
            }
        }
    }

    /// A calendar date, for event start and end.
    fn date(&self, table: &Table, key: &str) -> Option<Located<Date>> {
        let text = table.datetime(key)?;
        match to_date(&text.value) {
            Ok(date) => Some(Located {
                value: date,
                span: text.span,
            }),
            Err(message) => {
                table.doc().push(
                    Diagnostic::at_span(&text.span, message)
                        .field(table.name(key))
                        .hint("write the day bare, like 2024-10-22"),
                );
                None
            }
        }
    }

    /// `location = "Chongqing"` or a `[location]` table; likewise for `source`. The short form
    /// becomes a table with only a name.
    fn short_or_table<'d, 'i>(&self, root: &Table<'d, 'i>, key: &str) -> Option<Short<'d, 'i>> {
        let value = root.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Short::Name(root.located(crate::schema::one_line(s), value))),
            DeValue::Table(_) => root.table_of(key, value).map(Short::Table),
            _ => root.wrong_type(
                key,
                value,
                "a name in quotes or a table",
                &format!("write {key} = \"…\" or a [{key}] table"),
            ),
        }
    }

    fn event(&self, t: Table) -> EventFront {
        let event = EventFront {
            name: t.string("name"),
            start: self.date(&t, "start"),
            end: self.date(&t, "end"),
            status: choice(&t, "status", EVENT_STATUS),
            attendance: choice(&t, "attendance", ATTENDANCE),
            span: t.span(),
        };
        if let (Some(start), Some(end)) = (&event.start, &event.end)
            && end.value < start.value
        {
            t.doc().push(
                Diagnostic::at_span(
                    &end.span,
                    format!("the event ends ({}) before it starts ({})", end.value, start.value),
                )
                .field("event.end")
                .hint("`end` must be the same day as `start` or later; leave it out for a one-day event"),
            );
        }
        t.finish(&["name", "start", "end", "status", "attendance"]);
        event
    }

    fn location(&self, short: Short) -> LocationFront {
        let t = match short {
            Short::Name(name) => {
                return LocationFront {
                    span: name.span.clone(),
                    name: Some(name),
                    slug: None,
                    country: None,
                    coordinates: None,
                };
            }
            Short::Table(t) => t,
        };
        let country = t.string("country");
        if let Some(country) = &country
            && !(country.value.len() == 2 && country.value.bytes().all(|b| b.is_ascii_uppercase()))
        {
            t.doc().push(
                Diagnostic::at_span(
                    &country.span,
                    format!("`{}` is not an ISO 3166-1 alpha-2 code", country.value),
                )
                .field("location.country")
                .hint("use two capital letters, such as \"CN\" or \"DE\""),
            );
        }
        let location = LocationFront {
            name: t.string("name"),
            slug: t.string("slug"),
            country,
            coordinates: self.coordinates(&t),
            span: t.span(),
        };
        t.finish(&["name", "slug", "country", "coordinates"]);
        location
    }

    fn coordinates(&self, t: &Table) -> Option<Located<[f64; 2]>> {
        let value = t.get("coordinates")?;
        let hint = "coordinates are [latitude, longitude], e.g. [29.563, 106.551]";
        let DeValue::Array(items) = value.get_ref() else {
            return t.wrong_type("coordinates", value, "two numbers, [latitude, longitude]", hint);
        };
        if items.len() != 2 {
            t.doc().push(
                t.doc()
                    .error(
                        value.span(),
                        "location.coordinates",
                        "expected two numbers, [latitude, longitude]",
                    )
                    .hint(hint),
            );
            return None;
        }
        let mut pair = [0.0; 2];
        for (i, (item, (name, limit))) in items.iter().zip([("latitude", 90.0), ("longitude", 180.0)]).enumerate() {
            let number = t.float(item, "coordinates")?;
            if !(-limit..=limit).contains(&number) {
                t.doc().push(
                    t.doc()
                        .error(
                            item.span(),
                            "location.coordinates",
                            format!("{name} {number} is out of range"),
                        )
                        .hint(format!("{name} must be between -{limit} and {limit}; {hint}")),
                );
                return None;
            }
            pair[i] = number;
        }
        Some(t.located(pair, value))
    }

    fn source(&self, short: Short) -> SourceFront {
        let t = match short {
            Short::Name(name) => {
                return SourceFront {
                    span: name.span.clone(),
                    name: Some(name),
                    slug: None,
                    url: None,
                    section: None,
                };
            }
            Short::Table(t) => t,
        };
        let url = t.string("url");
        if let Some(url) = &url
            && !is_http_url(&url.value)
        {
            t.doc().push(
                Diagnostic::at_span(&url.span, format!("`{}` is not an http(s) URL", url.value))
                    .field("source.url")
                    .hint("links to sources must start with https:// or http://"),
            );
        }
        let source = SourceFront {
            name: t.string("name"),
            slug: t.string("slug"),
            url,
            section: t.string("section"),
            span: t.span(),
        };
        t.finish(&["name", "slug", "url", "section"]);
        source
    }

    fn figure(&self, t: Table) -> FigureFront {
        let value = t.number("value").and_then(|n| {
            typed(
                &t,
                "value",
                parse_value(&n.value.literal),
                n.span,
                "write the value in full: value = 121_000_000_000",
            )
        });
        let units: Vec<Located<Unit>> = [
            t.string("currency").and_then(|c| {
                let parsed = parse_currency(&c.value).map(Unit::Currency);
                typed(
                    &t,
                    "currency",
                    parsed,
                    c.span,
                    "a currency is an ISO 4217 code such as \"CNY\" or \"EUR\"",
                )
            }),
            t.string("unit").and_then(|u| {
                // Words such as `Mrd. Yuan` are most likely money or a unit with a code: say which.
                let parsed = parse_measure(&u.value).map(Unit::Measure).map_err(|mut e| {
                    if let Some(code) = crate::quantity::suggest_code(&u.value) {
                        e.hint = Some(format!("write {code}; {UNIT_HINT}"));
                    }
                    e
                });
                typed(&t, "unit", parsed, u.span, UNIT_HINT)
            }),
            t.string("unit_text").map(|w| Located {
                value: Unit::Words(w.value),
                span: w.span,
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        if units.len() > 1 {
            t.doc().push(
                Diagnostic::at_span(&units[1].span, "a figure has one unit")
                    .field(t.name("unit"))
                    .hint("give one of currency, unit or unit_text"),
            );
        }
        let approx = t.string("approx").and_then(|a| {
            typed(
                &t,
                "approx",
                parse_approx(&a.value),
                a.span,
                "one of over, about, nearly, up_to, at_least",
            )
        });
        let counter = t.string("counter");
        if let (Some(counter), Some(unit)) = (&counter, units.first()) {
            t.doc().push(
                Diagnostic::at_span(&counter.span, "a figure with a unit takes no counter word")
                    .field(t.name("counter"))
                    .hint(format!(
                        "the unit on line {} already says what is counted; remove one of them",
                        unit.span.line()
                    )),
            );
        }
        let figure = FigureFront {
            label: t.string("label"),
            value,
            unit: units.into_iter().next(),
            counter,
            approx,
            key: t.string("key"),
            span: t.span(),
        };
        t.finish(&[
            "label",
            "value",
            "currency",
            "unit",
            "unit_text",
            "counter",
            "approx",
            "key",
        ]);
        figure
    }

    fn image(&self, t: Table) -> ImageFront {
        let image = ImageFront {
            file: t.string("file"),
            alt: t.string("alt"),
            caption: t.string("caption"),
            credit: t.string("credit"),
            span: t.span(),
        };
        t.finish(&["file", "alt", "caption", "credit"]);
        image
    }

    fn translation(&self, t: Table) -> TranslationFront {
        let from =
            t.string("from").and_then(
                |code| match Lang::new(&code.value).filter(|l| self.languages.contains(l)) {
                    Some(lang) => Some(Located {
                        value: lang,
                        span: code.span,
                    }),
                    None => {
                        let codes: Vec<&str> = self.languages.iter().map(Lang::as_str).collect();
                        t.doc().push(
                            Diagnostic::at_span(&code.span, format!("`{}` is not a configured language", code.value))
                                .field("translation.from")
                                .hint(format!("the language of the original: one of {}", codes.join(", "))),
                        );
                        None
                    }
                },
            );
        let translation = TranslationFront {
            from,
            state: t.string("state"),
        };
        t.finish(&["from", "state"]);
        translation
    }
}

const UNIT_HINT: &str = "`unit` takes a CLDR unit such as \"percent\", \"tonne\" or \"hectare\"; money is \
    `currency = \"CNY\"` with the full value; words of this language for anything else go in `unit_text`";

/// A typed value, or its error at the value's place in the file.
fn typed<T>(
    t: &Table,
    key: &str,
    parsed: Result<T, crate::quantity::QuantityError>,
    span: Span,
    fallback_hint: &str,
) -> Option<Located<T>> {
    match parsed {
        Ok(value) => Some(Located { value, span }),
        Err(e) => {
            let hint = e.hint.unwrap_or_else(|| fallback_hint.to_string());
            t.doc()
                .push(Diagnostic::at_span(&span, e.message).field(t.name(key)).hint(hint));
            None
        }
    }
}

/// A location or source written as a name only, or as a table.
enum Short<'d, 'i> {
    Name(Located<String>),
    Table(Table<'d, 'i>),
}

const EVENT_STATUS: &[(&str, EventStatus)] = &[
    ("scheduled", EventStatus::Scheduled),
    ("cancelled", EventStatus::Cancelled),
    ("postponed", EventStatus::Postponed),
    ("rescheduled", EventStatus::Rescheduled),
    ("moved_online", EventStatus::MovedOnline),
];

const ATTENDANCE: &[(&str, Attendance)] = &[
    ("offline", Attendance::Offline),
    ("online", Attendance::Online),
    ("mixed", Attendance::Mixed),
];

/// One word of a fixed list.
fn choice<T: Copy>(t: &Table, key: &str, choices: &[(&str, T)]) -> Option<Located<T>> {
    let word = t.string(key)?;
    match choices.iter().find(|(name, _)| *name == word.value) {
        Some((_, value)) => Some(Located {
            value: *value,
            span: word.span,
        }),
        None => {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            let hint = match crate::diagnostics::closest(&word.value, names.iter().copied()) {
                Some(best) => format!("did you mean \"{best}\"? one of: {}", names.join(", ")),
                None => format!("one of: {}", names.join(", ")),
            };
            t.doc().push(
                Diagnostic::at_span(&word.span, format!("`{}` is not a known value", word.value))
                    .field(t.name(key))
                    .hint(hint),
            );
            None
        }
    }
}

fn is_http_url(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(parsed) => matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some_and(|h| !h.is_empty()),
        Err(_) => false,
    }
}

/// A TOML datetime (or a string in one of its forms) as a moment in time.
fn to_zoned(text: &str, tz: &TimeZone) -> Result<ZonedDateTime, String> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    if let Ok(dt) = text.replace(' ', "T").parse::<jiff::civil::DateTime>() {
        return dt.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string());
    }
    match text.parse::<Date>() {
        Ok(d) => d.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string()),
        Err(e) => Err(format!("`{text}` is not a valid date: {}", first_cause(&e))),
    }
}

fn to_date(text: &str) -> Result<Date, String> {
    if text.contains(['T', ' ']) && text.len() > 10 {
        return Err(format!("`{text}` has a time; event days are dates"));
    }
    text.parse::<Date>()
        .map_err(|e| format!("`{text}` is not a valid date: {}", first_cause(&e)))
}

/// jiff's messages chain causes with `: `; the innermost is the one a reader needs.
fn first_cause(e: &jiff::Error) -> String {
    let s = e.to_string();
    s.rsplit(": ").next().unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(fm: &str) -> Result<ArticleFront, Vec<Diagnostic>> {
        let (front, errors) = parse_all(fm);
        if errors.is_empty() { Ok(front) } else { Err(errors) }
    }

    fn parse_all(fm: &str) -> (ArticleFront, Vec<Diagnostic>) {
        let text = format!("+++\n{fm}+++\n");
        let source = Arc::new(SourceText {
            display: PathBuf::from("a.md"),
            text: Arc::from(text),
        });
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let langs = [Lang::new("de").unwrap(), Lang::new("zh").unwrap()];
        Parser {
            source: &source,
            range: 4..4 + fm.len(),
            timezone: &tz,
            languages: &langs,
        }
        .article()
    }

    #[test]
    fn long_and_short_forms() {
        let f = parse("title = \"t\"\ndate = 2024-10-31\nlocation = \"Chongqing\"\n[source]\nname = \"dzwww.com\"\nurl = \"https://www.dzwww.com/\"\n").unwrap();
        assert_eq!(f.location.unwrap().name.unwrap().value, "Chongqing");
        assert_eq!(f.source.unwrap().url.unwrap().value, "https://www.dzwww.com/");
        let date = f.date.unwrap().value;
        assert_eq!(date.offset().seconds(), 8 * 3600);
    }

    #[test]
    fn offset_is_kept_and_local_time_uses_site_zone() {
        let f = parse("date = 2024-10-31T11:08:24+02:00\nupdated = 2024-11-02T08:00:00\n").unwrap();
        assert_eq!(f.date.unwrap().value.timestamp().to_string(), "2024-10-31T09:08:24Z");
        assert_eq!(f.updated.unwrap().value.timestamp().to_string(), "2024-11-02T00:00:00Z");
    }

    #[test]
    fn errors_point_at_the_line_in_the_file() {
        let errors = parse("title = \"t\"\n[location]\ncoordinates = [95.0, 106.5]\n").unwrap_err();
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].hint.as_ref().unwrap().contains("between -90 and 90"));
        let errors = parse("title = \"t\"\ndate = 2023-02-30\n").unwrap_err();
        assert_eq!(errors[0].line, 3, "{errors:?}");
    }

    #[test]
    fn a_figure_value_is_a_number_kept_as_written() {
        let errors = parse("[[figures]]\nlabel = \"x\"\nvalue = \"25\"\n").unwrap_err();
        assert_eq!(errors[0].line, 4, "{errors:?}");
        assert!(
            errors[0].message.contains("expected a number, found text"),
            "{errors:?}"
        );
        let f = parse("[[figures]]\nlabel = \"x\"\nvalue = 9007199254740993\n").unwrap();
        assert_eq!(f.figures[0].value.as_ref().unwrap().value.plain(), "9007199254740993");
        let errors = parse("[[figures]]\nlabel = \"x\"\nvalue = 1\ncurrency = \"CNX\"\nunit = \"tone\"\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].hint.as_ref().unwrap().contains("CNY"), "{errors:#?}");
        assert!(errors[1].hint.as_ref().unwrap().contains("tonne"), "{errors:#?}");
    }

    #[test]
    fn an_unknown_field_does_not_hide_the_value_checks() {
        let errors =
            parse("titel = \"t\"\n[event]\nstart = 2024-10-22\nend = 2024-10-21\n[source]\nurl = \"ftp://x\"\n")
                .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }
}
