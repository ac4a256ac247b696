//! Slugs: the plain-ASCII URL path segments and heading ids gazette writes.
//!
//! This module owns the one rule for turning a title, tag, location or heading into a slug, and the check for
//! slugs that editors type themselves. It exists because per-character transliteration reads Chinese wrongly
//! (重庆 is Chongqing, not "zhong qing") and German readers expect ä → ae, not ä → a.
//!
//! - Chinese is segmented into words with a frequency dictionary and each word is read with phrase data, so
//!   polyphones follow the word: 重庆 → `chongqing`, 山东企业 → `shandong-qiye`. Syllables of one word are
//!   joined, words are separated by hyphens. `slug/lexicon.rs` and `NOTICE` describe the data and its licences.
//! - German (`lang` starting with `de`) folds ä ö ü ß to ae oe ue ss before anything else.
//! - Every other script goes through `deunicode`, one character at a time, as before.
//!
//! Slugs are lowercase ASCII letters and digits in words joined by single hyphens; apostrophes vanish (`Xi'an`
//! → `xian`), every other non-alphanumeric character separates words.

mod chinese;
mod lexicon;

#[cfg(test)]
mod tests;

/// Turns `text` into a slug, or an empty string if it has no letters or digits.
///
/// `lang` is the language of `text` (a BCP 47 tag such as `de`, `de-AT`, `zh-CN`, `en`); it only matters for
/// German folding, since Chinese is recognised by its characters.
pub(crate) fn slugify(text: &str, lang: &str) -> String {
    let german = is_german(lang);
    let mut slug = SlugWriter::default();
    for run in Runs::new(text) {
        match run {
            Run::Han(han) => chinese::read_words(han).iter().for_each(|word| slug.push_word(word)),
            Run::Other(other) => push_transliterated(&mut slug, other, german),
        }
    }
    slug.finish()
}

/// Whether an editor-given slug is safe as one URL path segment: ASCII letters, digits, `-`, `_` and `.` only,
/// not empty, and not starting with `.` (which also rules out `.` and `..`, and hidden files on disk).
pub(crate) fn is_valid(slug: &str) -> bool {
    // `.` and `..` are covered by the leading-dot rule.
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_german(lang: &str) -> bool {
    lang.get(..2).is_some_and(|prefix| prefix.eq_ignore_ascii_case("de"))
}

/// A maximal stretch of text that is either all Han characters or has none.
enum Run<'a> {
    Han(&'a str),
    Other(&'a str),
}

/// Splits text into alternating [`Run`]s.
struct Runs<'a> {
    rest: &'a str,
}

impl<'a> Runs<'a> {
    fn new(text: &'a str) -> Self {
        Runs { rest: text }
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = Run<'a>;

    fn next(&mut self) -> Option<Run<'a>> {
        let han = chinese::is_han(self.rest.chars().next()?);
        let end = self.rest.find(|c| chinese::is_han(c) != han).unwrap_or(self.rest.len());
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(if han { Run::Han(run) } else { Run::Other(run) })
    }
}

/// Writes non-Han text: German folding first (when asked), then `deunicode` for anything outside ASCII.
fn push_transliterated(slug: &mut SlugWriter, text: &str, german: bool) {
    let mut prev = None;
    for ch in text.chars() {
        if ch.is_ascii() {
            slug.push_ascii(ch.encode_utf8(&mut [0; 4]));
        } else {
            let folded = if german { fold_german(ch, prev) } else { None };
            slug.push_ascii(folded.unwrap_or_else(|| transliterate(ch)));
        }
        prev = Some(ch);
    }
}

/// German spelling of umlauts and ß, also for umlauts written as a vowel plus a combining diaeresis.
fn fold_german(ch: char, prev: Option<char>) -> Option<&'static str> {
    Some(match ch {
        'ä' | 'Ä' => "ae",
        'ö' | 'Ö' => "oe",
        'ü' | 'Ü' => "ue",
        'ß' | 'ẞ' => "ss",
        '\u{308}' if prev.is_some_and(|p| "aouAOU".contains(p)) => "e",
        _ => return None,
    })
}

/// `deunicode`'s ASCII for a letter or digit (`é` → `e`, `Ж` → `Zh`, `½` → `1/2`).
///
/// Symbols only separate words: deunicode would spell them out (`€` → `EUR`, 😀 → `grinning`), which would
/// give slugs to text without any letter or digit. Combining marks and `’` still vanish, as deunicode has them.
fn transliterate(ch: char) -> &'static str {
    match deunicode::deunicode_char(ch) {
        Some(ascii) if ch.is_alphanumeric() || ascii.is_empty() || ascii == "'" => ascii,
        _ => " ",
    }
}

/// Accumulates slug text, lowercasing letters and collapsing every run of separators into one hyphen.
#[derive(Default)]
struct SlugWriter {
    out: String,
    pending_hyphen: bool,
}

impl SlugWriter {
    /// Appends ASCII text; letters and digits are kept, apostrophes dropped, everything else separates.
    fn push_ascii(&mut self, text: &str) {
        for ch in text.chars() {
            if ch.is_ascii_alphanumeric() {
                if self.pending_hyphen && !self.out.is_empty() {
                    self.out.push('-');
                }
                self.pending_hyphen = false;
                self.out.push(ch.to_ascii_lowercase());
            } else if ch != '\'' {
                self.pending_hyphen = true;
            }
        }
    }

    /// Appends one word with separators on both sides.
    fn push_word(&mut self, word: &str) {
        self.pending_hyphen = true;
        self.push_ascii(word);
        self.pending_hyphen = true;
    }

    fn finish(self) -> String {
        self.out
    }
}
