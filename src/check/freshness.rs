//! Which state of its original a translation follows, without bookkeeping by hand. The state
//! of an original is a short fingerprint of each of its facts and words (title, summary, date,
//! event, place, source, image, each figure by key) and of each paragraph of its body.
//! `gazette translate --done` records it in the translation's `[translation] state`;
//! `gazette check` compares the recorded state with the original's current one and says what
//! changed since: which facts, which paragraphs.
//!
//! Each part is six hex digits of BLAKE3: short enough for one front matter line, and a
//! chance of one in sixteen million that a change goes unseen.

use crate::content::front_matter::ArticleFront;
use crate::content::model::Article;
use crate::diagnostics::Located;

/// The fingerprint of an original, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct State {
    /// Named facts and words, in a fixed order.
    parts: Vec<(String, String)>,
    /// One hash per paragraph of the body.
    paragraphs: Vec<String>,
}

/// What changed in an original since a translation recorded its state.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    pub parts: Vec<String>,
    /// 1-based numbers of the original's paragraphs that are new or changed.
    pub paragraphs: Vec<usize>,
    pub paragraph_count: usize,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.paragraphs.is_empty()
    }
}

const VERSION: &str = "v1";

fn short(text: &str) -> String {
    crate::stable::hex(text.as_bytes())[..6].to_string()
}

impl State {
    /// The current state of an original article.
    pub(crate) fn of(article: &Article) -> State {
        let Some(front) = article.front.as_deref() else {
            // Only a build lets the front matter go, after its plan; it never asks this.
            return State {
                parts: Vec::new(),
                paragraphs: Vec::new(),
            };
        };
        let mut parts = Vec::new();
        let mut part = |name: &str, value: Option<&str>| {
            if let Some(value) = value {
                parts.push((name.to_string(), short(value)));
            }
        };
        fn text<T>(l: &Option<Located<T>>) -> Option<&str> {
            l.as_ref().map(|l| l.span.text())
        }
        part("title", text(&front.title));
        part("summary", text(&front.summary));
        part("date", text(&front.date));
        part("updated", text(&front.updated));
        if let Some(e) = &front.event {
            part("event.name", text(&e.name));
            part("event.start", text(&e.start));
            part("event.end", text(&e.end));
            part("event.status", text(&e.status));
        }
        if let Some(l) = &front.location {
            part("location.name", text(&l.name));
            part("location.coordinates", text(&l.coordinates));
        }
        if let Some(s) = &front.source {
            part("source.name", text(&s.name));
            part("source.url", text(&s.url));
        }
        if let Some(i) = &front.image {
            part("image.file", text(&i.file));
            part("image.caption", text(&i.caption));
        }
        figures(front, &mut part);
        State {
            parts,
            paragraphs: paragraphs(body_of(article)).map(short).collect(),
        }
    }

    /// `v1 title=3f2a1b date=… ¶ a1b2c3 d4e5f6`: one line for the front matter.
    pub(crate) fn encode(&self) -> String {
        let mut out = String::from(VERSION);
        for (name, hash) in &self.parts {
            out.push(' ');
            out.push_str(name);
            out.push('=');
            out.push_str(hash);
        }
        out.push_str(" ¶");
        for hash in &self.paragraphs {
            out.push(' ');
            out.push_str(hash);
        }
        out
    }

    /// A recorded state; `None` for text gazette did not write.
    pub(crate) fn decode(text: &str) -> Option<State> {
        let rest = text.trim().strip_prefix(VERSION)?;
        let (parts, paragraphs) = rest.split_once('¶')?;
        let parts = parts
            .split_whitespace()
            .map(|p| p.split_once('=').map(|(n, h)| (n.to_string(), h.to_string())))
            .collect::<Option<Vec<_>>>()?;
        let paragraphs = paragraphs.split_whitespace().map(str::to_string).collect();
        Some(State { parts, paragraphs })
    }

    /// What is different in `self` (now) from `recorded` (then).
    pub(crate) fn since(&self, recorded: &State) -> Changes {
        let mut parts: Vec<String> = self
            .parts
            .iter()
            .filter(|(name, hash)| recorded.parts.iter().find(|(n, _)| n == name).map(|(_, h)| h) != Some(hash))
            .map(|(name, _)| name.clone())
            .collect();
        parts.extend(
            recorded
                .parts
                .iter()
                .filter(|(name, _)| !self.parts.iter().any(|(n, _)| n == name))
                .map(|(name, _)| name.clone()),
        );
        // A paragraph counts as unchanged when the translation's record holds it anywhere:
        // inserting one paragraph must not mark every later one as changed.
        let paragraphs: Vec<usize> = self
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, hash)| !recorded.paragraphs.contains(hash))
            .map(|(i, _)| i + 1)
            .collect();
        // A changed paragraph replaces one recorded hash; more gone than changed were removed.
        let gone = recorded
            .paragraphs
            .iter()
            .filter(|h| !self.paragraphs.contains(h))
            .count();
        if gone > paragraphs.len() {
            parts.push(format!("{} paragraph(s) removed", gone - paragraphs.len()));
        }
        Changes {
            parts,
            paragraphs,
            paragraph_count: self.paragraphs.len(),
        }
    }
}

fn figures(front: &ArticleFront, part: &mut impl FnMut(&str, Option<&str>)) {
    for figure in &front.figures {
        let Some(key) = &figure.key else { continue };
        let value = figure.value.as_ref().map(|v| v.span.text()).unwrap_or_default();
        let unit = figure.unit.as_ref().map(|u| u.span.text()).unwrap_or_default();
        let approx = figure.approx.as_ref().map(|a| a.span.text()).unwrap_or_default();
        let label = figure.label.as_ref().map(|l| l.span.text()).unwrap_or_default();
        let name = ["figures.", key.value.as_str()].concat();
        part(&name, Some(&[value, unit, approx, label].join("\u{1f}")));
    }
}

/// The body of an article's file: everything after the closing `+++`.
fn body_of(article: &Article) -> &str {
    let text = &article.file.text;
    crate::content::split::split(text).map_or("", |parts| &text[parts.body])
}

/// The body's paragraphs (blocks between blank lines), whitespace-trimmed.
pub(super) fn paragraphs(body: &str) -> impl Iterator<Item = &str> {
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// The first words of the `n`th paragraph (1-based), to name it in a message.
pub(super) fn opening(article: &Article, n: usize) -> String {
    let paragraph = paragraphs(body_of(article)).nth(n - 1).unwrap_or_default();
    let words: String = paragraph.chars().take(40).collect();
    let words = words.replace('\n', " ");
    if paragraph.chars().count() > 40 {
        [words.as_str(), "…"].concat()
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(parts: &[(&str, &str)], paragraphs: &[&str]) -> State {
        State {
            parts: parts.iter().map(|(n, h)| (n.to_string(), h.to_string())).collect(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_state_survives_its_line() {
        let s = state(
            &[("title", "a1b2c3"), ("figures.investment", "d4e5f6")],
            &["111111", "222222"],
        );
        assert_eq!(State::decode(&s.encode()), Some(s.clone()));
        assert_eq!(State::decode("something else"), None);
    }

    #[test]
    fn changes_name_the_facts_and_paragraphs() {
        let then = state(
            &[("title", "aaaaaa"), ("date", "bbbbbb")],
            &["111111", "222222", "333333"],
        );
        let now = state(
            &[("title", "aaaaaa"), ("date", "cccccc")],
            &["111111", "999999", "222222", "333333"],
        );
        let changes = now.since(&then);
        assert_eq!(changes.parts, ["date"]);
        assert_eq!(changes.paragraphs, [2], "an inserted paragraph marks only itself");
        assert!(now.since(&now).is_empty());
    }
}
