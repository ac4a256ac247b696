//! The feeds of each language: Atom (RFC 4287) for feed readers and iCalendar (RFC 5545) for
//! calendars. Both are written in code rather than templates, so they are well-formed
//! whatever a theme does; every text goes through an escaper for its format, which also
//! drops the control characters the format forbids (a vertical tab pasted from a word
//! processor must not make a feed ill-formed). Both are bounded (`[feeds]` in site.toml), so
//! they stay small however large the site grows.
//!
//! Entry ids and event UIDs come from the article's `id` (or its name), never from its URL,
//! so they stay the same when a date is corrected across New Year.

use std::fmt::Write;

use super::pages::ArticleKey;
use super::views::rfc3339;
use super::{Keyed, Made, Renderer, Tools, latest_change};
use crate::config::Lang;
use crate::content::front_matter::EventStatus;
use crate::content::model::Article;
use crate::route::Routes;

/// When a feed without entries claims to have changed: a fixed moment keeps builds
/// byte-identical (no clock in the output).
const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

#[derive(Hash)]
pub(super) struct AtomInputs<'r> {
    lang: Lang,
    entries: Vec<(ArticleKey<'r>, Keyed<'r, Made>)>,
}

#[derive(Hash)]
pub(super) struct CalendarInputs<'r> {
    lang: Lang,
    /// Articles with an event, the latest `calendar_events` by start, in calendar order.
    events: Vec<(ArticleKey<'r>, Keyed<'r, Made>)>,
}

impl Renderer<'_> {
    pub(super) fn atom_inputs(&self, lang: Lang) -> AtomInputs<'_> {
        let indices = self.site.article_indices(lang);
        let limit = self.site.config.feeds.atom_entries;
        AtomInputs {
            lang,
            entries: indices
                .iter()
                .take(limit)
                .map(|&i| (ArticleKey(&self.site.articles[i]), self.made(i)))
                .collect(),
        }
    }

    pub(super) fn calendar_inputs(&self, lang: Lang) -> CalendarInputs<'_> {
        let site = self.site;
        let mut with_events: Vec<usize> = site
            .article_indices(lang)
            .iter()
            .copied()
            .filter(|&i| site.articles[i].event.is_some())
            .collect();
        let start = |i: usize| site.articles[i].event.as_ref().map(|e| e.start);
        with_events.sort_by(|&a, &b| {
            start(b)
                .cmp(&start(a))
                .then_with(|| site.articles[a].name.cmp(&site.articles[b].name))
        });
        with_events.truncate(site.config.feeds.calendar_events);
        with_events.reverse();
        CalendarInputs {
            lang,
            events: with_events
                .into_iter()
                .map(|i| (ArticleKey(&site.articles[i]), self.made(i)))
                .collect(),
        }
    }
}

/// Text for XML 1.0: characters it forbids are dropped, markup characters escaped.
pub(super) fn xml(text: &str) -> String {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    let clean: std::borrow::Cow<str> = if text.chars().all(allowed) {
        text.into()
    } else {
        text.chars().filter(|&c| allowed(c)).collect::<String>().into()
    };
    quick_xml::escape::escape(&*clean).into_owned()
}

pub(super) fn atom(tools: &Tools, inputs: AtomInputs) -> String {
    let routes = &tools.routes;
    let lang = inputs.lang;
    let language = tools.config.language(lang).map_or("", |l| l.title.as_str());
    let description = tools.config.language(lang).map_or("", |l| l.description.as_str());
    let updated = inputs
        .entries
        .iter()
        .map(|(a, _)| latest_change(a.0))
        .max()
        .map_or(EMPTY_FEED_UPDATED.to_string(), |u| rfc3339(&u));
    let home = routes.url(&Routes::home(lang));
    let mut out = String::with_capacity(4096 + inputs.entries.len() * 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(lang.as_str())
    );
    let _ = writeln!(out, "  <title>{}</title>", xml(language));
    if !description.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(description));
    }
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&routes.url(&Routes::atom(lang)))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&home)
    );
    let _ = writeln!(out, "  <id>{}</id>", xml(&home));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <generator version=\"{}\">gazette</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for (article, made) in &inputs.entries {
        atom_entry(&mut out, tools, article.0, made.value, language);
    }
    out.push_str("</feed>\n");
    out
}

/// The entry id of one language version: a UUID from the article's identity.
fn entry_id(article: &Article) -> String {
    format!("urn:uuid:{}", crate::stable::article_uuid(&article.id, article.lang))
}

fn atom_entry(out: &mut String, tools: &Tools, article: &Article, made: &Made, site_title: &str) {
    let url = xml(&tools.routes.url(&article.path));
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", xml(&article.title));
    let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
    let _ = writeln!(out, "    <id>{}</id>", entry_id(article));
    let _ = writeln!(out, "    <published>{}</published>", rfc3339(&article.date));
    let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(&latest_change(article)));
    out.push_str("    <author>\n");
    match &article.source {
        Some(source) => {
            let _ = writeln!(out, "      <name>{}</name>", xml(&source.name));
            if let Some(link) = &source.url {
                let _ = writeln!(out, "      <uri>{}</uri>", xml(link));
            }
        }
        None => {
            let _ = writeln!(out, "      <name>{}</name>", xml(site_title));
        }
    }
    out.push_str("    </author>\n");
    for tag in &article.tags {
        let _ = writeln!(out, "    <category term=\"{}\"/>", xml(tag));
    }
    if let Some(image) = &made.image {
        let _ = writeln!(
            out,
            "    <link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>",
            image.mime_type,
            image.bytes,
            xml(&image.permalink)
        );
    }
    if !made.summary().is_empty() {
        let _ = writeln!(out, "    <summary type=\"text\">{}</summary>", xml(made.summary()));
    }
    let _ = writeln!(
        out,
        "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
        xml(&made.html(tools, article))
    );
    out.push_str("  </entry>\n");
}

pub(super) fn calendar(tools: &Tools, inputs: CalendarInputs) -> String {
    let lang = inputs.lang;
    let mut ics = Calendar::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line(
        "PRODID",
        &format!(
            "-//gazette//gazette {}//{}",
            env!("CARGO_PKG_VERSION"),
            lang.as_str().to_uppercase()
        ),
    );
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("METHOD", "PUBLISH");
    let title = tools.config.language(lang).map_or("", |l| l.title.as_str());
    ics.line("X-WR-CALNAME", &text(title));
    if inputs.events.is_empty() {
        // RFC 5545 §3.6 requires at least one component; a calendar with no events carries
        // the definition of UTC, which is true and harmless.
        for (name, value) in UTC_TIMEZONE {
            ics.line(name, value);
        }
    }
    for (article, made) in &inputs.events {
        let vevent = made
            .value
            .vevent
            .get_or_init(|| vevent(tools, article.0, made.value.summary()));
        ics.out.push_str(vevent);
    }
    ics.line("END", "VCALENDAR");
    ics.out
}

const UTC_TIMEZONE: [(&str, &str); 8] = [
    ("BEGIN", "VTIMEZONE"),
    ("TZID", "UTC"),
    ("BEGIN", "STANDARD"),
    ("DTSTART", "19700101T000000"),
    ("TZOFFSETFROM", "+0000"),
    ("TZOFFSETTO", "+0000"),
    ("END", "STANDARD"),
    ("END", "VTIMEZONE"),
];

/// One article's VEVENT, lines folded.
fn vevent(tools: &Tools, article: &Article, summary: &str) -> String {
    let mut ics = Calendar::default();
    let Some(event) = &article.event else {
        return String::new();
    };
    ics.line("BEGIN", "VEVENT");
    ics.line("UID", &crate::stable::article_uuid(&article.id, article.lang));
    ics.line(
        "DTSTAMP",
        &latest_change(article)
            .timestamp()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string(),
    );
    ics.line("DTSTART;VALUE=DATE", &event.start.strftime("%Y%m%d").to_string());
    // DATE values end exclusively: a one-day event on the 22nd ends on the 23rd.
    let end = event.end.tomorrow().unwrap_or(event.end);
    ics.line("DTEND;VALUE=DATE", &end.strftime("%Y%m%d").to_string());
    ics.line("SUMMARY", &text(&event.name));
    if event.status == EventStatus::Cancelled {
        ics.line("STATUS", "CANCELLED");
    } else if event.status == EventStatus::Postponed {
        ics.line("STATUS", "TENTATIVE");
    } else {
        ics.line("STATUS", "CONFIRMED");
    }
    if let Some(location) = &article.location {
        let place = match &location.country {
            Some(country) => format!("{}, {country}", location.name),
            None => location.name.clone(),
        };
        ics.line("LOCATION", &text(&place));
        if let Some([lat, lon]) = location.coordinates {
            ics.line("GEO", &format!("{lat};{lon}"));
        }
    }
    if !summary.is_empty() {
        ics.line("DESCRIPTION", &text(summary));
    }
    ics.line("URL", &tools.routes.url(&article.path));
    ics.line("END", "VEVENT");
    ics.out
}

/// An iCalendar stream: CRLF line ends, lines folded at 75 octets.
#[derive(Default)]
struct Calendar {
    out: String,
}

/// RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line
/// break"; a continuation line starts with one space, which counts toward its 75.
const MAX_LINE_OCTETS: usize = 75;

impl Calendar {
    fn line(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut rest = line.as_str();
        let mut first = true;
        while !rest.is_empty() {
            let room = if first { MAX_LINE_OCTETS } else { MAX_LINE_OCTETS - 1 };
            let mut cut = rest.len().min(room);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if !first {
                self.out.push(' ');
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n");
            rest = &rest[cut..];
            first = false;
        }
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11), dropping control characters other than the tab,
/// which the grammar does not allow.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_on_character_boundaries() {
        let mut ics = Calendar::default();
        ics.line("SUMMARY", &"第二届齐鲁名企巴渝行投资洽谈".repeat(4));
        for line in ics.out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.out.replace("\r\n ", "");
        assert_eq!(
            unfolded,
            format!("SUMMARY:{}\r\n", "第二届齐鲁名企巴渝行投资洽谈".repeat(4))
        );
    }

    #[test]
    fn text_values_are_escaped_and_controls_dropped() {
        assert_eq!(text("a,b;c\\d\ne\u{b}f\r"), "a\\,b\\;c\\\\d\\nef");
        assert_eq!(xml("a\u{b}<b>\u{0}&"), "a&lt;b&gt;&amp;");
    }
}
