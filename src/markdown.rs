//! Markdown body → HTML with pulldown-cmark, plus what templates and checks need from the text:
//! heading ids for anchors, the first paragraph as a plain-text summary, a word count that is
//! right for Chinese (every ideograph counts, as Chinese has no spaces), and the links.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::MarkdownOptions;
use crate::slug::slugify;

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub html: String,
    /// The first paragraph as plain text; empty if the body has none.
    pub first_paragraph: String,
    pub headings: Vec<Heading>,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// Link and image targets with their byte range in the body, for `gazette check`.
    pub links: Vec<(String, Range<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Words a minute for alphabetic text, and characters a minute for CJK text: common
/// reading-speed estimates (around 230 words and 400 characters).
const WORDS_PER_MINUTE: usize = 230;
const CJK_CHARS_PER_MINUTE: usize = 400;

pub fn render(body: &str, options: &MarkdownOptions) -> Markdown {
    let mut flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, flags).into_offset_iter().collect();

    let mut out = Markdown::default();
    let mut counter = WordCounter::default();
    let mut used_ids = HashSet::new();
    let mut heading_start = None;
    let mut paragraph: Option<String> = None;
    let mut depth_in_footnote = 0;

    for i in 0..events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { .. }) => heading_start = Some(i),
            Event::End(TagEnd::Heading(level)) => {
                let level = *level as u8;
                if let Some(start) = heading_start.take() {
                    let text = plain_text(&events[start + 1..i]);
                    let Event::Start(Tag::Heading { id, .. }) = &mut events[start].0 else {
                        unreachable!()
                    };
                    let wanted = id.as_ref().map_or_else(|| slugify(&text), |given| given.to_string());
                    let unique = unique_id(if wanted.is_empty() { "section".into() } else { wanted }, &mut used_ids);
                    *id = Some(CowStr::from(unique.clone()));
                    out.headings.push(Heading {
                        level,
                        id: unique,
                        text,
                    });
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => depth_in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => depth_in_footnote -= 1,
            Event::Start(Tag::Paragraph) if out.first_paragraph.is_empty() && depth_in_footnote == 0 => {
                paragraph = Some(String::new())
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take() {
                    out.first_paragraph = p.trim().to_string();
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                out.links.push((dest_url.to_string(), events[i].1.clone()));
            }
            Event::Text(t) | Event::Code(t) => {
                counter.add(t);
                if let Some(p) = paragraph.as_mut() {
                    p.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if !options.raw_html => {
                let (Event::Html(raw) | Event::InlineHtml(raw)) = std::mem::replace(&mut events[i].0, Event::SoftBreak)
                else {
                    unreachable!()
                };
                events[i].0 = Event::Text(raw);
            }
            _ => {}
        }
    }

    out.word_count = counter.words + counter.cjk_chars;
    out.reading_minutes =
        (counter.words.div_ceil(WORDS_PER_MINUTE) + counter.cjk_chars.div_ceil(CJK_CHARS_PER_MINUTE)).max(1);
    out.html.reserve(body.len() * 3 / 2);
    // Tables sit in a wrapper that scrolls sideways on a phone, so the page never does.
    let mut html_events = Vec::with_capacity(events.len() + 2);
    for (event, _) in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                html_events.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                html_events.push(event);
            }
            Event::End(TagEnd::Table) => {
                html_events.push(event);
                html_events.push(Event::Html(CowStr::from("</div>")));
            }
            event => html_events.push(event),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, html_events.into_iter());
    out
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    let mut id = wanted.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    id
}

/// Counts words the way a reader would: runs of letters and digits in alphabetic scripts,
/// and every character in scripts written without spaces (Han, kana, Hangul syllables).
#[derive(Default)]
struct WordCounter {
    words: usize,
    cjk_chars: usize,
    in_word: bool,
}

impl WordCounter {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            if is_cjk(c) {
                self.cjk_chars += 1;
                self.in_word = false;
            } else if c.is_alphanumeric() {
                if !self.in_word {
                    self.words += 1;
                    self.in_word = true;
                }
            } else if !matches!(c, '\'' | '’' | '-' | '.' | ',') || !self.in_word {
                self.in_word = false;
            }
        }
        self.in_word = false;
    }
}

/// Scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B–F
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Markdown {
        render(body, &MarkdownOptions::default())
    }

    #[test]
    fn extensions_and_heading_ids() {
        let out = md(
            "## Key figures\n\n## Key figures\n\n## 签约仪式\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ and a note[^1]\n\n[^1]: The note.\n",
        );
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["key-figures", "key-figures-1", "qian-yue-yi-shi"]);
        assert!(out.html.contains("<h2 id=\"key-figures\">"), "{}", out.html);
        assert!(out.html.contains("<div class=\"table-wrap\"><table>"), "{}", out.html);
        assert!(out.html.contains("<del>x</del>"));
        assert!(out.html.contains("footnote-definition"));
    }

    #[test]
    fn summary_is_the_first_paragraph_as_text() {
        let out = md("# Title\n\nFirst *para*\ngraph with [a link](/x/).\n\nSecond.");
        assert_eq!(out.first_paragraph, "First para graph with a link.");
        assert_eq!(out.links[0].0, "/x/");
    }

    #[test]
    fn chinese_counts_characters() {
        assert_eq!(md("山东企业在重庆签约。").word_count, 9);
        assert_eq!(md("Über 150 Unternehmen kamen nach Chongqing.").word_count, 6);
        assert_eq!(md("共有25个项目签约").word_count, 8);
    }

    #[test]
    fn raw_html_can_be_switched_off() {
        let options = MarkdownOptions {
            raw_html: false,
            ..MarkdownOptions::default()
        };
        let out = render("<script>alert(1)</script>\n\nText <b>bold</b>", &options);
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;b&gt;"));
        assert!(md("<b>bold</b>").html.contains("<b>bold</b>"));
    }
}
