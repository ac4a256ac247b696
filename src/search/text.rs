//! Text analysis: how text becomes index terms, for articles here and for queries in the browser.
//!
//! `static/search.js` implements the same rules (its `tokens`, `wordTerms`, `cjkTerms`); the two
//! must agree, or a query misses what the index holds. The rules, in order:
//!
//! 1. **Tokens.** A run of CJK characters (Han, kana, 々〆〇) is one CJK token. A run of letters,
//!    digits and combining marks (`\p{Alphabetic}`, `\p{N}`, `\p{M}`) is one word token; between
//!    two digits, `.` `,` `'` `’` and the no-break spaces U+00A0, U+2009, U+202F belong to the
//!    token, so `1.500`, `1,500` and `12,5` are single tokens. Everything else separates tokens.
//! 2. **Words** are NFKC-normalised and lower-cased; then `ä ö ü` become `ae oe ue`, `ß` becomes
//!    `ss` and other diacritics are dropped (NFD, marks removed): `Außenhandel` → `aussenhandel`.
//!    A word that had an umlaut is indexed a second time with the umlaut dropped (`muller` for
//!    `Müller`), since readers without a German keyboard type either form.
//! 3. **Numbers** (digits with separators) are read as written in either convention: groups of
//!    three after `.` `,` or a space are thousands (`1.500`, `1,500`, `1 500` → `1500`); a last
//!    separator followed by anything else is the decimal point (`12,5`, `12.5` → `12.5`,
//!    `1.234,5` → `1234.5`); anything else (`22.10.2024`) is a list of separate numbers.
//! 4. **CJK runs** are NFKC-normalised and indexed as overlapping bigrams, plus their last
//!    character alone (a one-character run is just that character). Bigrams never span a
//!    punctuation mark or a Latin word, so no term straddles two sentences. This is Lucene's
//!    CJKAnalyzer scheme: it needs no dictionary, so the browser analyses a query exactly as the
//!    index was analysed, and any 2- or 3-character word is found as the conjunction of its
//!    bigrams (`展销会` = `展销` ∧ `销会`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// One token of a text: its byte range and what kind of run it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub cjk: bool,
}

/// Whether a term came from the text as written or is the umlaut-dropped second spelling.
/// The second spelling is indexed but never produced from a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    Primary,
    Variant,
}

/// One term of a query, as the browser looks it up.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryTerm {
    /// The normalised term.
    pub term: String,
    /// Whether index terms that merely start with `term` match too (words of three or more
    /// letters, to find inflected forms and compounds; a single CJK character, to find the
    /// bigrams that start with it).
    pub prefix: bool,
}

/// Han, kana and the CJK iteration and zero marks; the same ranges as `isCjk` in search.js.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007 | 0x3040..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

fn is_word(c: char) -> bool {
    !is_cjk(c) && !is_common_punctuation(c) && (c.is_alphabetic() || c.is_numeric() || is_combining_mark(c))
}

/// Punctuation of Chinese and German text (“” „ – … 。，《》【】 ！（）：？) that is certainly not a
/// letter, digit or mark: a quick answer before the table look-ups of `is_alphabetic`.
fn is_common_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x3004 | 0x3008..=0x3011
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '\u{2019}' | '\u{00A0}' | '\u{2009}' | '\u{202F}')
}

/// Splits `text` into word and CJK tokens (rule 1). ASCII is classified byte by byte, since
/// it is most of a German text and `char::is_alphabetic` is a table look-up.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(at) {
            let start = at;
            if b < 0x80 {
                at += 1;
                if b.is_ascii_alphanumeric() {
                    at = word_end(text, start);
                    return Some(Token {
                        start,
                        end: at,
                        cjk: false,
                    });
                }
                continue;
            }
            let c = char_at(text, at)?;
            at += c.len_utf8();
            if is_cjk(c) {
                while let Some(d) = char_at(text, at).filter(|&d| is_cjk(d)) {
                    at += d.len_utf8();
                }
                return Some(Token {
                    start,
                    end: at,
                    cjk: true,
                });
            }
            if is_word(c) {
                at = word_end(text, start);
                return Some(Token {
                    start,
                    end: at,
                    cjk: false,
                });
            }
        }
        None
    })
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The end of the word token that starts at `start` (a word character).
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut after_digit = false;
    while let Some(&b) = bytes.get(end) {
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            match char_at(text, end) {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        let word = if b < 0x80 {
            b.is_ascii_alphanumeric()
        } else {
            is_word(c)
        };
        if word {
            after_digit = is_digit(c);
        } else if after_digit && is_number_separator(c) && char_at(text, end + len).is_some_and(is_digit) {
            after_digit = false;
        } else {
            break;
        }
        end += len;
    }
    end
}

/// Calls `emit` with each term of a word token (rules 2 and 3).
pub(crate) fn word_terms(word: &str, emit: &mut impl FnMut(&str, Spelling)) {
    // Separators are `.` `,` `'` or start with byte C2 or E2: a cheap test before decoding.
    let maybe_separator = word.bytes().any(|b| matches!(b, b'.' | b',' | b'\'' | 0xC2 | 0xE2));
    if maybe_separator && word.chars().any(is_number_separator) {
        if word.chars().all(|c| is_digit(c) || is_number_separator(c)) {
            number_terms(word, emit);
        } else {
            for part in word.split(is_number_separator).filter(|p| !p.is_empty()) {
                plain_word_terms(part, emit);
            }
        }
    } else {
        plain_word_terms(word, emit);
    }
}

fn plain_word_terms(word: &str, emit: &mut impl FnMut(&str, Spelling)) {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            emit(word, Spelling::Primary);
            return;
        }
        let mut buf = [0u8; 64];
        if let Some(lower) = buf.get_mut(..word.len()) {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(lower) {
                emit(lower, Spelling::Primary);
            }
        } else {
            emit(&word.to_ascii_lowercase(), Spelling::Primary);
        }
        return;
    }
    if let Some(()) = german_word_terms(word, emit) {
        return;
    }
    let lower: String = nfkc(word).to_lowercase();
    let mut folded = String::with_capacity(lower.len() + 4);
    for c in lower.chars() {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            c => folded.push(c),
        }
    }
    let primary = strip_marks(&folded);
    if !primary.is_empty() {
        emit(&primary, Spelling::Primary);
    }
    if lower.contains(['ä', 'ö', 'ü']) {
        let variant = strip_marks(&lower.replace('ß', "ss"));
        if !variant.is_empty() && variant != primary {
            emit(&variant, Spelling::Variant);
        }
    }
}

/// The same terms as the general path for words of ASCII letters and digits with German
/// umlauts and ß, which need no Unicode normalisation; `None` for any other word.
fn german_word_terms(word: &str, emit: &mut impl FnMut(&str, Spelling)) -> Option<()> {
    let mut primary = String::with_capacity(word.len() + 4);
    let mut variant = String::with_capacity(word.len() + 2);
    let mut umlaut = false;
    for c in word.chars() {
        let (p, v): (&str, &str) = match c {
            'ä' | 'Ä' => ("ae", "a"),
            'ö' | 'Ö' => ("oe", "o"),
            'ü' | 'Ü' => ("ue", "u"),
            'ß' | '\u{1E9E}' => ("ss", "ss"),
            c if c.is_ascii_alphanumeric() => {
                let lower = c.to_ascii_lowercase();
                primary.push(lower);
                variant.push(lower);
                continue;
            }
            _ => return None,
        };
        umlaut |= v.len() == 1;
        primary.push_str(p);
        variant.push_str(v);
    }
    emit(&primary, Spelling::Primary);
    if umlaut {
        emit(&variant, Spelling::Variant);
    }
    Some(())
}

fn nfkc(text: &str) -> std::borrow::Cow<'_, str> {
    // Unified ideographs are their own NFKC form: the common case of a Chinese run.
    if text
        .chars()
        .all(|c| matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfkc().collect()),
    }
}

fn strip_marks(text: &str) -> String {
    text.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

/// Rule 3: the terms of a token of digits and separators, e.g. `1.500` → `1500`.
fn number_terms(token: &str, emit: &mut impl FnMut(&str, Spelling)) {
    let mut groups: Vec<String> = vec![String::new()];
    let mut separators: Vec<char> = Vec::new();
    for c in token.chars() {
        if is_number_separator(c) {
            separators.push(if matches!(c, '.' | ',') { c } else { ' ' });
            groups.push(String::new());
        } else if let Some(last) = groups.last_mut() {
            last.push(ascii_digit(c));
        }
    }
    if is_grouping(&groups, &separators) {
        emit(&groups.concat(), Spelling::Primary);
        return;
    }
    let n = separators.len();
    let decimal = match separators.last() {
        Some(&last) if last != ' ' => {
            n == 1 || (separators[n - 2] != last && is_grouping(&groups[..n], &separators[..n - 1]))
        }
        _ => false,
    };
    if let (true, Some((fraction, whole))) = (decimal, groups.split_last()) {
        let fraction = fraction.trim_end_matches('0');
        let whole = whole.concat();
        let term = if fraction.is_empty() {
            whole
        } else {
            format!("{whole}.{fraction}")
        };
        emit(&term, Spelling::Primary);
    } else {
        for group in &groups {
            emit(group, Spelling::Primary);
        }
    }
}

fn ascii_digit(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
        c => c,
    }
}

/// Thousands grouping: one separator used throughout, 1–3 leading digits, then groups of three.
fn is_grouping(groups: &[String], separators: &[char]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    !separators.is_empty()
        && separators.iter().all(|&s| s == separators[0])
        && (1..=3).contains(&first.len())
        && rest.iter().all(|g| g.len() == 3)
}

/// Calls `pair` with each bigram of a CJK token, then with its last character alone (rule 4).
pub(crate) fn cjk_pairs(run: &str, pair: &mut impl FnMut(char, Option<char>)) {
    let run = nfkc(run);
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        pair(c, chars.peek().copied());
    }
}

#[cfg(test)]
/// Calls `emit` with each term of a CJK token as a string.
pub(crate) fn cjk_terms(run: &str, emit: &mut impl FnMut(&str)) {
    let mut buf = String::with_capacity(8);
    cjk_pairs(run, &mut |a, b| {
        buf.clear();
        buf.push(a);
        buf.extend(b);
        emit(&buf);
    });
}

/// Receives the terms of a text. CJK terms come as characters, so that a receiver can key
/// them by number instead of hashing strings (they are most terms of a Chinese article).
pub(crate) trait Terms {
    fn word(&mut self, term: &str, spelling: Spelling);
    /// A bigram, or a run's last character alone when `second` is `None`.
    fn cjk(&mut self, first: char, second: Option<char>);
}

/// Passes every term of `text` to `sink` (tokens, then words or CJK runs).
pub(crate) fn analyse_into(text: &str, sink: &mut impl Terms) {
    for token in tokens(text) {
        let Some(piece) = text.get(token.start..token.end) else {
            continue;
        };
        if token.cjk {
            cjk_pairs(piece, &mut |a, b| sink.cjk(a, b));
        } else {
            word_terms(piece, &mut |t, spelling| sink.word(t, spelling));
        }
    }
}

#[cfg(test)]
/// Calls `emit` with every term of `text` as a string.
pub(crate) fn terms(text: &str, emit: &mut impl FnMut(&str, Spelling)) {
    struct Strings<'f, F>(&'f mut F, String);
    impl<F: FnMut(&str, Spelling)> Terms for Strings<'_, F> {
        fn word(&mut self, term: &str, spelling: Spelling) {
            (self.0)(term, spelling);
        }
        fn cjk(&mut self, first: char, second: Option<char>) {
            self.1.clear();
            self.1.push(first);
            self.1.extend(second);
            (self.0)(&self.1, Spelling::Primary);
        }
    }
    analyse_into(text, &mut Strings(emit, String::new()));
}

#[cfg(test)]
/// How the browser analyses a query: the same rules as the index, without second spellings,
/// with prefix matching for words of three or more letters and for a single CJK character,
/// and with a CJK run of two or more characters reduced to its bigrams (which cover it).
pub(crate) fn query(text: &str) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    let mut push = |term: &str, prefix: bool| {
        if !out.iter().any(|q| q.term == term) {
            out.push(QueryTerm {
                term: term.to_string(),
                prefix,
            });
        }
    };
    for token in tokens(text) {
        let piece = &text[token.start..token.end];
        if token.cjk {
            let mut all: Vec<String> = Vec::new();
            cjk_terms(piece, &mut |t| all.push(t.to_string()));
            if all.len() == 1 {
                push(&all[0], true);
            } else {
                // Drop the trailing single character: the last bigram covers it.
                all.pop();
                for bigram in &all {
                    push(bigram, false);
                }
            }
        } else {
            word_terms(piece, &mut |t, spelling| {
                if spelling == Spelling::Primary {
                    let numeric = t.chars().all(|c| c.is_ascii_digit() || c == '.');
                    push(t, !numeric && t.chars().count() >= 3);
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, &mut |t, _| out.push(t.to_string()));
        out
    }

    #[test]
    fn german_words_fold_umlauts_and_sharp_s() {
        assert_eq!(all("Außenhandel"), ["aussenhandel"]);
        assert_eq!(all("AUSSENHANDEL"), ["aussenhandel"]);
        assert_eq!(all("Müller Straße"), ["mueller", "muller", "strasse"]);
        assert_eq!(all("Café"), ["cafe"]);
        // Decomposed input (a + combining diaeresis) folds the same way.
        assert_eq!(all("Mu\u{308}ller"), ["mueller", "muller"]);
    }

    #[test]
    fn numbers_in_either_convention() {
        assert_eq!(all("1.500"), ["1500"]);
        assert_eq!(all("1,500"), ["1500"]);
        assert_eq!(all("1\u{202F}500 10.000.000"), ["1500", "10000000"]);
        assert_eq!(all("12,5 12.5 12,50"), ["12.5", "12.5", "12.5"]);
        assert_eq!(all("1.234,5 1,234.5"), ["1234.5", "1234.5"]);
        assert_eq!(all("22.10.2024"), ["22", "10", "2024"]);
        assert_eq!(all("１５００"), ["1500"]);
        assert_eq!(all("Ende 2024, 17 Firmen"), ["ende", "2024", "17", "firmen"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_that_stop_at_punctuation() {
        assert_eq!(all("兰州"), ["兰州", "州"]);
        assert_eq!(all("展销会"), ["展销", "销会", "会"]);
        assert_eq!(all("举行。活动"), ["举行", "行", "活动", "动"]);
        assert_eq!(all("签约25个"), ["签约", "约", "25", "个"]);
    }

    #[test]
    fn queries() {
        let q = query("Außenh 1.500 展销会 兰");
        let terms: Vec<(&str, bool)> = q.iter().map(|t| (t.term.as_str(), t.prefix)).collect();
        assert_eq!(
            terms,
            [
                ("aussenh", true),
                ("1500", false),
                ("展销", false),
                ("销会", false),
                ("兰", true)
            ]
        );
    }

    #[test]
    fn the_punctuation_shortcut_skips_no_word_character() {
        for c in ['\u{2010}', '\u{3000}', '\u{FF01}'].iter().flat_map(|&start| {
            (start as u32..start as u32 + 0x60)
                .filter_map(char::from_u32)
                .filter(|&c| is_common_punctuation(c))
        }) {
            assert!(
                !(c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        for text in [
            "",
            ".",
            "1.",
            ".1",
            "1..2",
            "\u{308}",
            "a\u{308}\u{308}",
            "𠀀𠀁",
            "ǅ",
            "İ",
            "1'2'3",
            "ﬀ",
        ] {
            let _ = all(text);
            let _ = query(text);
        }
    }
}
