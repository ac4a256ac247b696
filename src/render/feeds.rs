//! The feeds of each language: Atom (RFC 4287) for feed readers and iCalendar (RFC 5545)
//! for calendars. Both are written in code rather than templates, so they are well-formed
//! whatever a theme does; every text goes through an escaper for its format.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::views::rfc3339;
use super::{Renderer, latest_change};
use crate::content::model::Article;

/// When a feed without entries claims to have changed: a fixed moment keeps builds
/// byte-identical (no clock in the output).
const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

/// How many of a language's articles its Atom feed carries.
pub(super) fn entries(config: &crate::config::Config, articles: usize) -> usize {
    match config.feeds.atom_entries {
        0 => articles,
        limit => limit.min(articles),
    }
}

impl Renderer<'_> {
    pub(super) fn atom(&self, lang: usize) -> String {
        let config = &self.site.config;
        let code = self.lang_code(lang);
        let language = &config.languages[lang];
        let indices = self.site.article_indices(code);
        let limit = if config.feeds.atom_entries == 0 {
            indices.len()
        } else {
            config.feeds.atom_entries
        };
        let entries = &indices[..indices.len().min(limit)];
        let updated = entries
            .iter()
            .map(|&i| latest_change(&self.site.articles[i]))
            .max()
            .map_or(EMPTY_FEED_UPDATED.to_string(), |u| rfc3339(&u));
        let home = config.absolute_url(&format!("/{code}/"));
        let mut xml = String::with_capacity(4096 + entries.len() * 4096);
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            xml,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
            escape(code)
        );
        let _ = writeln!(xml, "  <title>{}</title>", escape(&language.title));
        if !language.description.is_empty() {
            let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape(&language.description));
        }
        let self_url = config.absolute_url(&format!("/{code}/atom.xml"));
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            escape(&self_url)
        );
        let _ = writeln!(
            xml,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&home)
        );
        let _ = writeln!(xml, "  <id>{}</id>", escape(&home));
        let _ = writeln!(xml, "  <updated>{updated}</updated>");
        let _ = writeln!(
            xml,
            "  <generator version=\"{}\">gazette</generator>",
            env!("CARGO_PKG_VERSION")
        );
        for &i in entries {
            self.atom_entry(&mut xml, &self.site.articles[i], &language.title);
        }
        xml.push_str("</feed>\n");
        xml
    }

    fn atom_entry(&self, xml: &mut String, article: &Article, site_title: &str) {
        let url = self.site.config.absolute_url(&article.path);
        let url = escape(&url);
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&article.title));
        let _ = writeln!(xml, "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
        let _ = writeln!(xml, "    <id>{url}</id>");
        let _ = writeln!(xml, "    <published>{}</published>", rfc3339(&article.date));
        let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(&latest_change(article)));
        xml.push_str("    <author>\n");
        match &article.source {
            Some(source) => {
                let _ = writeln!(xml, "      <name>{}</name>", escape(&source.name));
                if let Some(link) = &source.url {
                    let _ = writeln!(xml, "      <uri>{}</uri>", escape(link));
                }
            }
            None => {
                let _ = writeln!(xml, "      <name>{}</name>", escape(site_title));
            }
        }
        xml.push_str("    </author>\n");
        for tag in &article.tags {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(tag));
        }
        if !article.summary.is_empty() {
            let _ = writeln!(xml, "    <summary type=\"text\">{}</summary>", escape(&article.summary));
        }
        let _ = writeln!(
            xml,
            "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
            escape(&article.body.html)
        );
        xml.push_str("  </entry>\n");
    }

    pub(super) fn calendar(&self, lang: usize) -> String {
        let config = &self.site.config;
        let code = self.lang_code(lang);
        let host = config
            .base_url
            .split_once("://")
            .map_or("", |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        let mut with_events: Vec<usize> = self
            .site
            .article_indices(code)
            .iter()
            .copied()
            .filter(|&i| self.site.articles[i].event.is_some())
            .collect();
        with_events.sort_by(|&a, &b| {
            let (a, b) = (&self.site.articles[a], &self.site.articles[b]);
            let (ea, eb) = (a.event.as_ref().map(|e| e.start), b.event.as_ref().map(|e| e.start));
            ea.cmp(&eb).then_with(|| a.name.cmp(&b.name))
        });
        let mut ics = Calendar::default();
        ics.line("BEGIN", "VCALENDAR");
        ics.line("VERSION", "2.0");
        ics.line(
            "PRODID",
            &format!(
                "-//gazette//gazette {}//{}",
                env!("CARGO_PKG_VERSION"),
                code.to_uppercase()
            ),
        );
        ics.line("CALSCALE", "GREGORIAN");
        ics.line("METHOD", "PUBLISH");
        ics.line("X-WR-CALNAME", &text(&config.languages[lang].title));
        for i in with_events {
            let vevent = self.fragments[i]
                .vevent
                .get_or_init(|| vevent(&self.site.articles[i], code, host, config));
            ics.out.push_str(vevent);
        }
        ics.line("END", "VCALENDAR");
        ics.out
    }
}

/// One article's VEVENT, lines folded.
fn vevent(article: &Article, code: &str, host: &str, config: &crate::config::Config) -> String {
    let mut ics = Calendar::default();
    let Some(event) = &article.event else {
        return String::new();
    };
    ics.line("BEGIN", "VEVENT");
    ics.line("UID", &format!("{}-{code}@{host}", article.name.replace('/', "-")));
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
    if !article.summary.is_empty() {
        ics.line("DESCRIPTION", &text(&article.summary));
    }
    ics.line("URL", &config.absolute_url(&article.path));
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

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
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
    fn text_values_are_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
