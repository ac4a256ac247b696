//! Plain text from the body: what the summary, the search index and the word count read.

use super::citations::{CLOSE, OPEN};

/// Words a minute for alphabetic text, and characters a minute for CJK text: common
/// reading-speed estimates (around 230 words and 400 characters).
const WORDS_PER_MINUTE: usize = 230;
const CJK_CHARS_PER_MINUTE: usize = 400;

/// The visible text of raw HTML, fed piece by piece (a block comes line by line, inline HTML
/// tag by tag): tags are dropped and the content of `<script>` and `<style>` never shows.
/// Entities are left as written. A small state machine, not a parser: enough for text that is
/// only ever read, never rendered.
#[derive(Debug, Default)]
pub(super) struct HtmlText {
    in_tag: bool,
    /// A `<` was just read outside a tag; the next character tells whether a tag starts.
    after_lt: bool,
    quote: Option<char>,
    /// The name of the tag being read, lowercased, up to a few characters.
    tag_name: String,
    closing: bool,
    /// A comment or declaration (`<!…>`): quotes in it are text (`<!-- don't -->`).
    declaration: bool,
    /// Inside `<script>` or `<style>`: how much of `</script` or `</style` has been matched.
    raw_element: Option<(&'static str, usize)>,
}

impl HtmlText {
    /// Whether text now is the content of a `<script>` or `<style>` element.
    pub(super) fn in_raw_element(&self) -> bool {
        self.raw_element.is_some()
    }

    /// Appends the visible text of `html` to `out`.
    pub(super) fn feed(&mut self, html: &str, out: &mut String) {
        for c in html.chars() {
            if let Some((end, matched)) = self.raw_element {
                self.raw_element = match_end_tag(end, matched, c);
                if self.raw_element.is_none() {
                    self.start_tag(true);
                }
            } else if self.in_tag {
                self.tag_char(c);
            } else if self.after_lt {
                self.after_lt = false;
                if c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?') {
                    self.start_tag(false);
                    self.tag_char(c);
                } else {
                    out.push('<');
                    out.push(c);
                }
            } else if c == '<' {
                self.after_lt = true;
            } else {
                out.push(c);
            }
        }
    }

    /// A tag starts (as a browser sees it: `<` then a letter, `/`, `!` or `?`); `closing` when
    /// it is known to be an end tag already.
    fn start_tag(&mut self, closing: bool) {
        self.in_tag = true;
        self.quote = None;
        self.tag_name.clear();
        self.closing = closing;
        self.declaration = false;
    }

    fn tag_char(&mut self, c: char) {
        match (self.quote, c) {
            (Some(q), c) if c == q => self.quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if !self.declaration => self.quote = Some(c),
            (None, '>') => self.end_tag(),
            (None, '!') if self.tag_name.is_empty() => self.declaration = true,
            (None, '/') if self.tag_name.is_empty() => self.closing = true,
            (None, c) if c.is_ascii_alphanumeric() && self.tag_name.len() < 8 && !self.tag_name.ends_with(' ') => {
                self.tag_name.push(c.to_ascii_lowercase())
            }
            (None, _) if !self.tag_name.is_empty() && !self.tag_name.ends_with(' ') => self.tag_name.push(' '),
            _ => {}
        }
    }

    fn end_tag(&mut self) {
        self.in_tag = false;
        let name = self.tag_name.trim_end();
        if !self.closing && (name == "script" || name == "style") {
            let end = if name == "script" { "</script" } else { "</style" };
            self.raw_element = Some((end, 0));
        }
    }
}

/// One more character against the end tag `end` of a raw element, `matched` characters of it
/// already seen: the new state, or `None` once the whole end tag is there.
fn match_end_tag(end: &'static str, matched: usize, c: char) -> Option<(&'static str, usize)> {
    let expected = end.as_bytes().get(matched).map(|&b| b as char);
    let matched = match expected {
        Some(e) if c.to_ascii_lowercase() == e => matched + 1,
        _ if c == '<' => 1,
        _ => 0,
    };
    (matched < end.len()).then_some((end, matched))
}

/// Runs of whitespace as one space, trimmed.
pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One block a line: each line's whitespace collapsed, blank lines dropped. Byte by byte, with
/// whole words copied at once: the plain text of every body goes through here, and going
/// char by char was 2% of a build.
pub(super) fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut i, mut line_has_word, mut space) = (0, false, false);
    while i < text.len() {
        let (len, white) = whitespace_at(text, i);
        if white {
            if text.as_bytes()[i] == b'\n' {
                line_has_word = false;
            }
            space = true;
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < text.len() {
            let (len, white) = whitespace_at(text, i);
            if white {
                break;
            }
            i += len;
        }
        if !line_has_word {
            if !out.is_empty() {
                out.push('\n');
            }
        } else if space {
            out.push(' ');
        }
        out.push_str(&text[start..i]);
        line_has_word = true;
        space = false;
    }
    out
}

/// The length of the character at byte `i` (a character boundary) and whether it is
/// whitespace as `char::is_whitespace` says. Only characters that start with one of four
/// bytes can be whitespace beyond ASCII (U+0085 to U+3000), so most are settled by their
/// first byte.
fn whitespace_at(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes()[i];
    match b {
        0..0x80 => (1, matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace())
        }
        0xC0..0xE0 => (2, false),
        0xE0..0xF0 => (3, false),
        _ => (4, false),
    }
}

/// Words and CJK characters in `text`: runs of letters and digits in alphabetic scripts, every
/// character in scripts written without spaces (Han, kana, Hangul syllables), and each cited
/// figure as one word. ASCII is read byte by byte; only other characters are decoded.
pub(super) fn count_words(text: &str) -> (usize, usize) {
    let (mut words, mut cjk) = (0, 0);
    let mut in_word = false;
    let mut in_placeholder = false;
    let mut i = 0;
    while i < text.len() {
        let b = text.as_bytes()[i];
        if b < 0x80 && !in_placeholder {
            if b.is_ascii_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if !matches!(b, b'\'' | b'-' | b'.' | b',') {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if in_placeholder || c == OPEN {
            in_placeholder = c != CLOSE;
            words += usize::from(c == OPEN);
            in_word = false;
        } else if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        } else if !matches!(c, '\'' | '’' | '-' | '.' | ',') {
            in_word = false;
        }
    }
    (words, cjk)
}

/// Minutes to read `words` alphabetic words and `cjk` CJK characters, rounded up, at least 1.
/// Both rates add up on one clock, so a mixed text is not rounded up twice.
pub(super) fn reading_minutes(words: usize, cjk: usize) -> usize {
    let per_hour_units = words
        .saturating_mul(CJK_CHARS_PER_MINUTE)
        .saturating_add(cjk.saturating_mul(WORDS_PER_MINUTE));
    per_hour_units.div_ceil(WORDS_PER_MINUTE * CJK_CHARS_PER_MINUTE).max(1)
}

/// Scripts written without spaces between words.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B–F
}

/// The summary from the first paragraph's text: the whole paragraph (whitespace collapsed) if
/// it fits in `max` characters (0: no limit); else up to the last sentence end that fits; else
/// up to the last word boundary that leaves room for `…` (any character boundary next to CJK
/// text, which has no spaces), then `…`. A placeholder counts as its key and is never cut.
pub(super) fn summarise(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if max == 0 || text.chars().filter(|&c| c != OPEN && c != CLOSE).count() <= max {
        return text;
    }
    let cuts = find_cuts(&text, max);
    if let Some(end) = cuts.sentence {
        return text[..end].to_string();
    }
    let end = cuts.word.unwrap_or(cuts.any);
    let mut out = text[..end].trim_end_matches(is_dangling).to_string();
    out.push('…');
    out
}

/// Where a summary of at most `max` characters may end, as byte offsets: after a sentence
/// (then `max` may be used in full), or at a word or character boundary leaving one for `…`.
#[derive(Debug, Default)]
struct Cuts {
    sentence: Option<usize>,
    word: Option<usize>,
    any: usize,
}

fn find_cuts(text: &str, max: usize) -> Cuts {
    let mut cuts = Cuts::default();
    let (mut count, mut in_placeholder, mut prev) = (0, false, ' ');
    for (i, c) in text.char_indices() {
        if count > max {
            break;
        }
        if !in_placeholder && count < max {
            cuts.any = i;
            if c == ' ' || is_cjk_text(c) || is_cjk_text(prev) {
                cuts.word = Some(i);
            }
        }
        if !in_placeholder
            && let Some((end, closers)) = sentence_end(text, i, c)
            && count + 1 + closers <= max
        {
            cuts.sentence = Some(end);
        }
        match c {
            OPEN => in_placeholder = true,
            CLOSE => in_placeholder = false,
            _ => count += 1,
        }
        prev = c;
    }
    cuts
}

/// If `c` at `i` ends a sentence: the byte offset after it and any closing quotes or brackets,
/// and how many of those there are. `.`, `!` and `?` must be followed by a space or the end;
/// `。`, `！` and `？` end a sentence anywhere, as Chinese puts no space after them. A `.`
/// after one letter or after a one- or two-digit number is an abbreviation (`z. B.`) or a
/// German ordinal (`am 3. Oktober`), not a sentence end.
fn sentence_end(text: &str, i: usize, c: char) -> Option<(usize, usize)> {
    let full_width = matches!(c, '。' | '！' | '？');
    if !full_width && !matches!(c, '.' | '!' | '?') {
        return None;
    }
    if c == '.' && is_abbreviation(&text[..i]) {
        return None;
    }
    let rest = &text[i + c.len_utf8()..];
    let after = rest.trim_start_matches(is_closer);
    let closers = rest[..rest.len() - after.len()].chars().count();
    let ends = full_width || after.is_empty() || after.starts_with(char::is_whitespace);
    ends.then_some((text.len() - after.len(), closers))
}

fn is_abbreviation(before: &str) -> bool {
    let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let digits = (1..=2).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit());
    let mut chars = token.chars();
    let letter = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
    digits || letter
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '“' | '’' | '‘' | '»' | '«' | '›' | '‹' | ')' | ']' | '）' | '」' | '』'
    )
}

/// What should not stand before an added `…`: spaces and separating punctuation.
fn is_dangling(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '、' | '，' | '；' | '：')
}

/// CJK characters and CJK punctuation: a line may break between any two of them.
fn is_cjk_text(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(pieces: &[&str]) -> String {
        let mut html = HtmlText::default();
        let mut out = String::new();
        for piece in pieces {
            html.feed(piece, &mut out);
        }
        out
    }

    /// What `tidy_lines` does, written the obvious way.
    fn tidy_lines_by_char(text: &str) -> String {
        let lines: Vec<String> = text
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect();
        lines.join("\n")
    }

    /// What `count_words` does, char by char.
    fn count_words_by_char(text: &str) -> (usize, usize) {
        let (mut words, mut cjk, mut in_word, mut in_placeholder) = (0, 0, false, false);
        for c in text.chars() {
            if in_placeholder || c == OPEN {
                in_placeholder = c != CLOSE;
                words += usize::from(c == OPEN);
                in_word = false;
            } else if is_cjk(c) {
                cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if !matches!(c, '\'' | '’' | '-' | '.' | ',') {
                in_word = false;
            }
        }
        (words, cjk)
    }

    /// Text from the characters that matter to both: every kind of whitespace, line breaks,
    /// word joiners, placeholders, CJK and other letters.
    fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
        let chars = proptest::sample::select(vec![
            ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{1680}', '\u{2003}', '\u{2028}',
            '\u{202F}', '\u{3000}', '\u{3001}', '\u{1C}', 'a', 'Z', '7', 'ß', 'é', '\'', '’', '-', '.', ',', '中',
            '国', 'か', '한', OPEN, CLOSE, '€', '😀', '\u{2010}',
        ]);
        use proptest::strategy::Strategy;
        proptest::collection::vec(chars, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest::proptest! {
        #[test]
        fn tidy_lines_and_count_words_read_as_the_char_by_char_versions(text in tricky_text()) {
            proptest::prop_assert_eq!(tidy_lines(&text), tidy_lines_by_char(&text));
            proptest::prop_assert_eq!(count_words(&text), count_words_by_char(&text));
        }
    }

    #[test]
    fn tidy_lines_keeps_one_block_a_line() {
        assert_eq!(
            tidy_lines("  Erste \u{3000}Zeile \r\n\n\t\nzweite\u{A0}Zeile  "),
            "Erste Zeile\nzweite Zeile"
        );
        assert_eq!(count_words("Messe-Auftakt, 1.500 Gäste\u{3000}中国"), (3, 2));
    }

    #[test]
    fn html_text_drops_tags_comments_and_scripts() {
        assert_eq!(visible(&["<p class=\"a>b\">Hi</p>"]), "Hi");
        assert_eq!(visible(&["<!-- don't -->Text"]), "Text");
        assert_eq!(
            visible(&["<SCRIPT type=x>\n", "a < b && '</scrip'\n", "</Script >after"]),
            "after"
        );
        assert_eq!(visible(&["<style>p{}</style>x<script/>y</script>z"]), "xz");
        assert_eq!(visible(&["a < b and 1<2"]), "a < b and 1<2");
    }
}
