//! Front matter: TOML text → `ArticleFront` / `PageFront`. Two layers: the raw serde structs
//! mirror the file strictly (unknown fields are errors, spans kept), and the fronts hold typed,
//! range-checked values that may still be missing, because a translation inherits the facts it
//! leaves out. Required fields are enforced after inheritance, in `content::inherit`.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use crate::diagnostics::Diagnostic;

/// A value and where it was written (byte range in the whole file).
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// The front matter of an article, typed but not yet completed by inheritance.
#[derive(Debug, Clone, Default)]
pub struct ArticleFront {
    pub title: Option<Located<String>>,
    pub date: Option<Located<ZonedDateTime>>,
    pub summary: Option<String>,
    pub slug: Option<Located<String>>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub updated: Option<Located<ZonedDateTime>>,
    pub event: Option<EventFront>,
    pub location: Option<LocationFront>,
    pub source: Option<SourceFront>,
    pub figures: Vec<FigureFront>,
    pub extra: toml::Table,
    /// The opening `+++`, for errors about a missing field.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct EventFront {
    pub name: Option<String>,
    pub start: Option<Located<Date>>,
    pub end: Option<Located<Date>>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct LocationFront {
    pub name: Option<String>,
    pub slug: Option<Located<String>>,
    pub country: Option<Located<String>>,
    pub coordinates: Option<Located<[f64; 2]>>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceFront {
    pub name: Option<String>,
    pub url: Option<Located<String>>,
    pub section: Option<String>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct FigureFront {
    pub label: String,
    pub value: Option<Located<f64>>,
    pub unit: Option<String>,
    pub key: Option<String>,
    pub span: Range<usize>,
}

/// The front matter of a standalone page: words only, no facts.
#[derive(Debug, Clone, Default)]
pub struct PageFront {
    pub title: Option<Located<String>>,
    pub summary: Option<String>,
    pub slug: Option<Located<String>>,
    pub draft: bool,
    pub updated: Option<Located<ZonedDateTime>>,
    pub extra: toml::Table,
    pub span: Range<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    title: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    summary: Option<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    updated: Option<Spanned<toml::Value>>,
    event: Option<Spanned<RawEvent>>,
    location: Option<Spanned<ShortOr<RawLocation>>>,
    source: Option<Spanned<ShortOr<RawSource>>>,
    #[serde(default)]
    figures: Vec<Spanned<RawFigure>>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Option<Spanned<String>>,
    summary: Option<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    updated: Option<Spanned<toml::Value>>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    name: Option<String>,
    start: Option<Spanned<toml::Value>>,
    end: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLocation {
    name: Option<String>,
    slug: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    coordinates: Option<Spanned<Vec<Spanned<f64>>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Option<String>,
    url: Option<Spanned<String>>,
    section: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    label: String,
    value: Option<Spanned<f64>>,
    unit: Option<String>,
    key: Option<String>,
}

/// `location = "Chongqing"` or a `[location]` table; likewise for `source`. A hand-written
/// visitor instead of `#[serde(untagged)]`, because untagged enums drop the inner error.
enum ShortOr<T> {
    Short(String),
    Long(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ShortOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShortOrVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ShortOrVisitor<T> {
            type Value = ShortOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name in quotes or a table")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ShortOr::Short(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(ShortOr::Long)
            }
        }
        deserializer.deserialize_any(ShortOrVisitor(std::marker::PhantomData))
    }
}

/// Parses and checks the front matter of a file. `text` is the whole file (for spans),
/// `range` the front matter inside it.
pub struct Parser<'a> {
    pub text: &'a Arc<str>,
    pub range: Range<usize>,
    pub file: &'a Path,
    pub timezone: &'a TimeZone,
}

impl Parser<'_> {
    pub fn article(&self) -> Result<ArticleFront, Vec<Diagnostic>> {
        let raw: RawArticle = self.deserialize()?;
        let mut errors = Vec::new();
        let front = ArticleFront {
            title: raw.title.map(|t| self.located(t)),
            date: self.moment(raw.date, "date", &mut errors),
            summary: raw.summary,
            slug: raw.slug.map(|s| self.located(s)),
            tags: raw.tags,
            draft: raw.draft,
            updated: self.moment(raw.updated, "updated", &mut errors),
            event: raw.event.map(|e| self.event(e, &mut errors)),
            location: raw.location.map(|l| self.location(l, &mut errors)),
            source: raw.source.map(|s| self.source(s, &mut errors)),
            figures: raw.figures.into_iter().map(|f| self.figure(f)).collect(),
            extra: raw.extra,
            span: self.opening(),
        };
        if errors.is_empty() { Ok(front) } else { Err(errors) }
    }

    pub fn page(&self) -> Result<PageFront, Vec<Diagnostic>> {
        let raw: RawPage = self.deserialize()?;
        let mut errors = Vec::new();
        let front = PageFront {
            title: raw.title.map(|t| self.located(t)),
            summary: raw.summary,
            slug: raw.slug.map(|s| self.located(s)),
            draft: raw.draft,
            updated: self.moment(raw.updated, "updated", &mut errors),
            extra: raw.extra,
            span: self.opening(),
        };
        if errors.is_empty() { Ok(front) } else { Err(errors) }
    }

    /// The opening `+++`, where a missing field is reported.
    fn opening(&self) -> Range<usize> {
        0..3.min(self.range.start)
    }

    fn deserialize<T: de::DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        toml::from_str(&self.text[self.range.clone()])
            .map_err(|e| vec![Diagnostic::from_toml(&e, self.text, self.file, self.range.start)])
    }

    fn span<T>(&self, spanned: &Spanned<T>) -> Range<usize> {
        let s = spanned.span();
        self.range.start + s.start..self.range.start + s.end
    }

    fn located<T>(&self, spanned: Spanned<T>) -> Located<T> {
        let span = self.span(&spanned);
        Located {
            value: spanned.into_inner(),
            span,
        }
    }

    fn error(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message).field(field).at(self.text, span)
    }

    /// A publication or update time; a date or a time without offset is in the site's zone.
    fn moment(
        &self,
        value: Option<Spanned<toml::Value>>,
        field: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Located<ZonedDateTime>> {
        let value = value?;
        let span = self.span(&value);
        match to_zoned(value.get_ref(), self.timezone) {
            Ok(zoned) => Some(Located { value: zoned, span }),
            Err(message) => {
                errors.push(self.error(span, field, message).hint(DATE_FORMS));
                None
            }
        }
    }

    /// A calendar date, for event start and end.
    fn date(
        &self,
        value: Option<Spanned<toml::Value>>,
        field: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Located<Date>> {
        let value = value?;
        let span = self.span(&value);
        match to_date(value.get_ref()) {
            Ok(date) => Some(Located { value: date, span }),
            Err(message) => {
                errors.push(
                    self.error(span, field, message)
                        .hint("write the day bare, like 2024-10-22"),
                );
                None
            }
        }
    }

    fn event(&self, raw: Spanned<RawEvent>, errors: &mut Vec<Diagnostic>) -> EventFront {
        let span = self.span(&raw);
        let raw = raw.into_inner();
        let event = EventFront {
            name: raw.name,
            start: self.date(raw.start, "event.start", errors),
            end: self.date(raw.end, "event.end", errors),
            span,
        };
        if let (Some(start), Some(end)) = (&event.start, &event.end)
            && end.value < start.value
        {
            errors.push(
                self.error(
                    end.span.clone(),
                    "event.end",
                    format!("the event ends ({}) before it starts ({})", end.value, start.value),
                )
                .hint("`end` must be the same day as `start` or later; leave it out for a one-day event"),
            );
        }
        event
    }

    fn location(&self, raw: Spanned<ShortOr<RawLocation>>, errors: &mut Vec<Diagnostic>) -> LocationFront {
        let span = self.span(&raw);
        let raw = match raw.into_inner() {
            ShortOr::Short(name) => RawLocation {
                name: Some(name),
                ..RawLocation::default()
            },
            ShortOr::Long(raw) => raw,
        };
        let coordinates = raw.coordinates.and_then(|c| {
            let span = self.span(&c);
            match c.get_ref().as_slice() {
                [lat, lon] => {
                    let mut ok = true;
                    for (value, name, limit) in [(lat, "latitude", 90.0), (lon, "longitude", 180.0)] {
                        if !(-limit..=limit).contains(value.get_ref()) {
                            ok = false;
                            errors.push(
                                self.error(self.span(value), "location.coordinates", format!("{name} {} is out of range", value.get_ref()))
                                    .hint(format!("{name} must be between -{limit} and {limit}; coordinates are [latitude, longitude], e.g. [29.563, 106.551]")),
                            );
                        }
                    }
                    ok.then(|| Located { value: [*lat.get_ref(), *lon.get_ref()], span })
                }
                _ => {
                    errors.push(
                        self.error(span, "location.coordinates", "expected two numbers, [latitude, longitude]")
                            .hint("for example coordinates = [29.563, 106.551]"),
                    );
                    None
                }
            }
        });
        let country = raw.country.map(|c| self.located(c));
        if let Some(country) = &country {
            let valid = country.value.len() == 2 && country.value.bytes().all(|b| b.is_ascii_uppercase());
            if !valid {
                errors.push(
                    self.error(
                        country.span.clone(),
                        "location.country",
                        format!("`{}` is not an ISO 3166-1 alpha-2 code", country.value),
                    )
                    .hint("use two capital letters, such as \"CN\" or \"DE\""),
                );
            }
        }
        LocationFront {
            name: raw.name,
            slug: raw.slug.map(|s| self.located(s)),
            country,
            coordinates,
            span,
        }
    }

    fn source(&self, raw: Spanned<ShortOr<RawSource>>, errors: &mut Vec<Diagnostic>) -> SourceFront {
        let span = self.span(&raw);
        let raw = match raw.into_inner() {
            ShortOr::Short(name) => RawSource {
                name: Some(name),
                ..RawSource::default()
            },
            ShortOr::Long(raw) => raw,
        };
        let url = raw.url.map(|u| self.located(u));
        if let Some(url) = &url
            && !is_http_url(&url.value)
        {
            errors.push(
                self.error(
                    url.span.clone(),
                    "source.url",
                    format!("`{}` is not an http(s) URL", url.value),
                )
                .hint("links to sources must start with https:// or http://"),
            );
        }
        SourceFront {
            name: raw.name,
            url,
            section: raw.section,
            span,
        }
    }

    fn figure(&self, raw: Spanned<RawFigure>) -> FigureFront {
        let span = self.span(&raw);
        let raw = raw.into_inner();
        FigureFront {
            label: raw.label,
            value: raw.value.map(|v| self.located(v)),
            unit: raw.unit,
            key: raw.key,
            span,
        }
    }
}

pub const DATE_FORMS: &str =
    "accepted forms: 2024-10-22, 2024-10-22T09:30:00 (site time zone) or 2024-10-31T11:08:24+08:00";

fn is_http_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

/// A TOML datetime (or a string in one of its forms) as a moment in time.
fn to_zoned(value: &toml::Value, tz: &TimeZone) -> Result<ZonedDateTime, String> {
    let text = match value {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => return Err(format!("expected a date, found {}", other.type_str())),
    };
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

fn to_date(value: &toml::Value) -> Result<Date, String> {
    let text = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() => dt.to_string(),
        toml::Value::Datetime(dt) => return Err(format!("`{dt}` has a time; event days are dates")),
        toml::Value::String(s) => s.clone(),
        other => return Err(format!("expected a date, found {}", other.type_str())),
    };
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

    fn parse(fm: &str) -> Result<ArticleFront, Vec<Diagnostic>> {
        let text: Arc<str> = Arc::from(format!("+++\n{fm}+++\n"));
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        Parser {
            text: &text,
            range: 4..4 + fm.len(),
            file: Path::new("a.md"),
            timezone: &tz,
        }
        .article()
    }

    #[test]
    fn long_and_short_forms() {
        let f = parse("title = \"t\"\ndate = 2024-10-31\nlocation = \"Chongqing\"\n[source]\nname = \"dzwww.com\"\nurl = \"https://www.dzwww.com/\"\n").unwrap();
        assert_eq!(f.location.unwrap().name.as_deref(), Some("Chongqing"));
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
    fn figure_value_must_be_a_number() {
        let errors = parse("[[figures]]\nlabel = \"x\"\nvalue = \"25\"\n").unwrap_err();
        assert_eq!(errors[0].line, 4, "{errors:?}");
        assert!(errors[0].message.contains("invalid type"), "{errors:?}");
    }

    #[test]
    fn event_end_before_start_and_bad_url() {
        let errors = parse("[event]\nstart = 2024-10-22\nend = 2024-10-21\n[source]\nurl = \"ftp://x\"\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }
}
