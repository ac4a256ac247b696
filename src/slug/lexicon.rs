//! The word table behind Chinese slugs: which character sequences are words, how common each is, and how a
//! phrase is read when reading its characters one by one would be wrong.
//!
//! Data (see `NOTICE` and `tools/gen_lexicon.py`, which regenerates `lexicon.tsv` and `lexicon.idx`):
//! - word list and frequencies: jieba's `dict.txt` (fxsjy/jieba, MIT, (c) 2013 Sun Junyi), as shipped in the
//!   crates.io package jieba-rs 0.11.0; only Han-only words of frequency >= 4 plus all single characters are kept
//!   (150,606 of 348,974);
//! - phrase readings: mozillazg/phrase-pinyin-data 0.19.0 `pinyin.txt` (MIT, (c) 2017 mozillazg), as shipped in
//!   the PyPI package pypinyin 0.55.0; a reading is kept only where it differs from the per-character default of
//!   the `pinyin` crate (plus guards, see the generator), 3,543 of 47,111 phrases;
//! - `extra.tsv`: gazette's own hand-kept words and official spellings (e.g. 陕西 → shaan xi).
//!
//! Everything is embedded and read in place. `lexicon.idx` is a hash table the generator lays out (every word and
//! every word prefix → its first line in `lexicon.tsv`), so the generated data needs no start-up work at all; only
//! the few hand-kept lines are parsed and sorted, once, behind a [`LazyLock`]. Nothing changes after that.

use std::sync::LazyLock;

const GENERATED: &str = include_str!("lexicon.tsv");
const GENERATED_INDEX: &[u8] = include_bytes!("lexicon.idx");
const HAND_KEPT: &str = include_str!("extra.tsv");

/// Built on first use and never changed, so every thread can read it without locking.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::new);

/// The shared lexicon, built on first call.
pub(super) fn get() -> &'static Lexicon {
    &LEXICON
}

/// What the lexicon knows about one character sequence.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Probe {
    /// Frequency if the sequence is a word (0 when it is not).
    pub freq: u32,
    /// Space-separated toneless syllables when the phrase is not read character by character.
    pub reading: Option<&'static str>,
    /// Whether some word starts with this sequence, i.e. whether a longer match is still possible.
    pub extendable: bool,
}

pub(super) struct Lexicon {
    hand_kept: HandKept,
    generated: Indexed,
    /// Natural log of the sum of all frequencies, to turn frequencies into log probabilities.
    ln_total: f64,
}

impl Lexicon {
    fn new() -> Self {
        let total = header_total(GENERATED).unwrap_or(1);
        Lexicon {
            hand_kept: HandKept::new(HAND_KEPT),
            generated: Indexed {
                text: GENERATED,
                slots: GENERATED_INDEX,
            },
            ln_total: (total.max(1) as f64).ln(),
        }
    }

    /// Looks `word` up in both tables; what gazette's own entry gives (a frequency above 0, a reading) wins.
    pub(super) fn probe(&self, word: &str) -> Probe {
        let own = self.hand_kept.probe(word);
        let base = self.generated.probe(word);
        Probe {
            freq: if own.freq > 0 { own.freq } else { base.freq },
            reading: own.reading.or(base.reading),
            extendable: own.extendable || base.extendable,
        }
    }

    /// Log probability of a word of frequency `freq`; unknown single characters count as frequency 1, as in jieba.
    pub(super) fn log_prob(&self, freq: u32) -> f64 {
        f64::from(freq.max(1)).ln() - self.ln_total
    }
}

/// The generated table: `lexicon.tsv` searched through the hash table in `lexicon.idx` (see the generator).
struct Indexed {
    text: &'static str,
    slots: &'static [u8],
}

impl Indexed {
    fn probe(&self, word: &str) -> Probe {
        match self.find(word) {
            Some(offset) => describe(self.text, offset, word),
            None => Probe::default(),
        }
    }

    /// Offset of the first line whose word starts with `word`, by linear probing from the word's hash.
    fn find(&self, word: &str) -> Option<usize> {
        let size = self.slots.len() / 4;
        if size == 0 || word.is_empty() || word.len() > 0xff {
            return None;
        }
        let mut i = fnv1a(word.as_bytes()) as usize % size;
        // The table is never full, so an empty slot ends every search; the bound only guards against bad data.
        for _ in 0..size {
            let slot = match self.slots[4 * i..4 * i + 4] {
                [a, b, c, d] => u32::from_le_bytes([a, b, c, d]),
                _ => 0,
            };
            if slot == 0 {
                return None;
            }
            let (offset, len) = ((slot >> 8) as usize, (slot & 0xff) as usize);
            if len == word.len() && self.text.get(offset..offset + len) == Some(word) {
                return Some(offset);
            }
            i = (i + 1) % size;
        }
        None
    }
}

/// FNV-1a, 32 bits: the hash `tools/gen_lexicon.py` laid the table out with.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0x811c_9dc5, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Reads the entry for `word` from the first line at `offset` whose word starts with `word`.
///
/// Byte-level on purpose: this runs for every candidate word of every Chinese slug.
fn describe(text: &'static str, offset: usize, word: &str) -> Probe {
    let bytes = text.as_bytes();
    let after_key = offset + word.len();
    if bytes.get(after_key) != Some(&b'\t') {
        // The line's word is longer: `word` is only a prefix of words.
        return Probe {
            extendable: true,
            ..Probe::default()
        };
    }
    let line_end = bytes[after_key..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| after_key + i);
    let (freq, reading) = parse_fields(&text[after_key + 1..line_end]);
    // Lines are sorted, so a longer word with this prefix, if any, is on the very next line.
    let next = text.get(line_end + 1..).unwrap_or_default();
    let extendable = next.starts_with(word) && next.as_bytes().get(word.len()).is_some_and(|&b| b != b'\t');
    Probe {
        freq,
        reading,
        extendable,
    }
}

/// One line of a lexicon file: `word<TAB>frequency[<TAB>reading]`.
#[derive(Clone, Copy, Debug)]
struct Entry {
    word: &'static str,
    freq: u32,
    reading: Option<&'static str>,
}

/// Parses a data line; comments (`#`) and blank lines give `None`.
fn parse_line(line: &'static str) -> Option<Entry> {
    let line = line.trim_end_matches(['\r', '\n']);
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let (word, rest) = line.split_once('\t').unwrap_or((line, ""));
    let (freq, reading) = parse_fields(rest);
    Some(Entry {
        word: word.trim(),
        freq,
        reading,
    })
}

/// Parses what follows the word: `frequency[<TAB>reading]`; a missing or bad frequency counts as 0.
fn parse_fields(rest: &'static str) -> (u32, Option<&'static str>) {
    let (freq, reading) = rest.split_once('\t').unwrap_or((rest, ""));
    let reading = reading.trim();
    (
        freq.trim().parse().unwrap_or(0),
        (!reading.is_empty()).then_some(reading),
    )
}

/// gazette's own few entries, parsed once and sorted by word for binary search.
struct HandKept {
    entries: Vec<Entry>,
}

impl HandKept {
    fn new(text: &'static str) -> Self {
        let mut entries: Vec<Entry> = text.lines().filter_map(parse_line).collect();
        // Editors may add lines anywhere.
        entries.sort_by_key(|e| e.word);
        HandKept { entries }
    }

    fn probe(&self, word: &str) -> Probe {
        let (entry, next) = match self.entries.binary_search_by(|e| e.word.cmp(word)) {
            Ok(i) => (Some(self.entries[i]), i + 1),
            Err(i) => (None, i),
        };
        let extendable = self
            .entries
            .get(next)
            .is_some_and(|e| e.word.len() > word.len() && e.word.starts_with(word));
        match entry {
            Some(e) => Probe {
                freq: e.freq,
                reading: e.reading,
                extendable,
            },
            None => Probe {
                extendable,
                ..Probe::default()
            },
        }
    }
}

/// Reads the `#total<TAB>N` header the generator writes, which saves summing 150,000 numbers at start-up.
fn header_total(text: &str) -> Option<u64> {
    let first = text.lines().next()?;
    first.strip_prefix("#total\t")?.trim().parse().ok()
}

/// Every entry as (word, reading), for the tests that check the data against the per-character table.
#[cfg(test)]
pub(super) fn entries() -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    GENERATED
        .lines()
        .chain(HAND_KEPT.lines())
        .filter_map(parse_line)
        .map(|e| (e.word, e.reading))
}

/// Whether the index finds every word and word prefix of `lexicon.tsv` at the right line (i.e. the two
/// generated files belong together).
#[cfg(test)]
pub(super) fn index_matches_text() -> Result<(), String> {
    let lex = get();
    let mut offset = GENERATED.find('\n').map_or(0, |i| i + 1);
    let mut seen = std::collections::HashSet::new();
    for line in GENERATED[offset..].split_inclusive('\n') {
        let word = line.split('\t').next().unwrap_or_default();
        for (end, ch) in word.char_indices() {
            let prefix = &word[..end + ch.len_utf8()];
            if seen.insert(prefix) && lex.generated.find(prefix) != Some(offset) {
                return Err(format!("{prefix} (line at byte {offset})"));
            }
        }
        offset += line.len();
    }
    Ok(())
}
