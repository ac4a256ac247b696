//! Chinese text to pinyin words: segmentation by the most probable sequence of dictionary words, then a reading
//! for each word from phrase data, so that polyphones are read as the word needs (重庆 chongqing, 银行 yinhang).

use pinyin::ToPinyin;

use super::lexicon::{self, Lexicon, Probe};

/// Whether `ch` is a Han character this module can read; everything else goes to the general transliterator.
pub(super) fn is_han(ch: char) -> bool {
    ch.to_pinyin().is_some()
}

/// Splits a run of Han characters into words and returns each word's toneless reading, syllables joined.
pub(super) fn read_words(run: &str) -> Vec<String> {
    let lex = lexicon::get();
    let dag = Dag::new(run, lex);
    dag.segment(lex).windows(2).map(|w| dag.read(w[0], w[1])).collect()
}

/// Every dictionary word in a run (jieba's "DAG"), looked up once and used both to cut and to read the run.
struct Dag<'a> {
    run: &'a str,
    /// Byte offset of every character start, plus the end of the run.
    bounds: Vec<usize>,
    /// Words as (start char, end char, what the lexicon says), ordered by start.
    words: Vec<(usize, usize, Probe)>,
}

impl<'a> Dag<'a> {
    fn new(run: &'a str, lex: &Lexicon) -> Self {
        let bounds: Vec<usize> = run
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(run.len()))
            .collect();
        let mut words = Vec::new();
        for i in 0..bounds.len() - 1 {
            for j in i + 1..bounds.len() {
                let probe = lex.probe(&run[bounds[i]..bounds[j]]);
                if probe.freq > 0 || probe.reading.is_some() {
                    words.push((i, j, probe));
                }
                // Prefix pruning: no longer word starts here.
                if !probe.extendable {
                    break;
                }
            }
        }
        Dag { run, bounds, words }
    }

    fn chars(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Dictionary words starting at char `i`, as (end char, probe).
    fn starting_at(&self, i: usize) -> impl Iterator<Item = (usize, Probe)> + '_ {
        let first = self.words.partition_point(|w| w.0 < i);
        self.words[first..]
            .iter()
            .take_while(move |w| w.0 == i)
            .map(|w| (w.1, w.2))
    }

    /// Word boundaries in chars, starting with 0 and ending with the character count.
    ///
    /// This is jieba's dictionary mode: among all ways to cut the run into dictionary words (any single character
    /// being allowed), take the one with the highest product of unigram probabilities. It beats forward or
    /// backward maximum matching on sequences such as 长沙市长 without needing a trained model.
    fn segment(&self, lex: &Lexicon) -> Vec<usize> {
        let n = self.chars();
        // best[i] = (log probability of the best cut of chars i.., end of its first word)
        let mut best = vec![(0.0_f64, n); n + 1];
        for i in (0..n).rev() {
            let single = self.starting_at(i).find(|w| w.0 == i + 1).map_or(0, |w| w.1.freq);
            let mut choice = (lex.log_prob(single) + best[i + 1].0, i + 1);
            for (j, probe) in self.starting_at(i).filter(|w| w.0 > i + 1 && w.1.freq > 0) {
                let score = lex.log_prob(probe.freq) + best[j].0;
                // Ties go to the longer word, as in jieba.
                if score >= choice.0 {
                    choice = (score, j);
                }
            }
            best[i] = choice;
        }
        let mut cuts = vec![0];
        while let Some(&last) = cuts.last().filter(|&&c| c < n) {
            cuts.push(best[last].1);
        }
        cuts
    }

    /// Reads the word spanning chars `start..end`: the longest phrase with a stored reading wins, other
    /// characters get their default reading.
    ///
    /// The phrase table only stores readings that differ from the character-by-character default, so a word
    /// without any stored phrase inside is simply read character by character.
    fn read(&self, start: usize, end: usize) -> String {
        let mut out = String::with_capacity(2 * (self.bounds[end] - self.bounds[start]));
        let mut i = start;
        while i < end {
            let phrase = self
                .starting_at(i)
                .filter(|&(j, p)| j > i + 1 && j <= end && p.reading.is_some())
                .last();
            match phrase.and_then(|(j, p)| Some((j, p.reading?))) {
                Some((j, reading)) => {
                    out.extend(reading.chars().filter(|c| !c.is_whitespace()));
                    i = j;
                }
                None => {
                    push_default(&mut out, &self.run[self.bounds[i]..self.bounds[i + 1]]);
                    i += 1;
                }
            }
        }
        out
    }
}

/// Appends the most common reading of a single character, with ü written `v` as pinyin input methods do.
fn push_default(out: &mut String, ch: &str) {
    for py in ch.to_pinyin().flatten() {
        out.extend(py.plain().chars().filter_map(fold_pinyin_letter));
    }
}

/// The `pinyin` crate's toneless style keeps ü and ê; slugs want ASCII.
fn fold_pinyin_letter(c: char) -> Option<char> {
    match c {
        'ü' => Some('v'),
        'ê' => Some('e'),
        c if c.is_ascii_alphabetic() => Some(c),
        _ => None,
    }
}

/// The default reading of every character of `word`, space-separated (for the data-consistency tests).
#[cfg(test)]
pub(super) fn default_reading(word: &str) -> String {
    let syllables: Vec<String> = word
        .chars()
        .map(|c| {
            let mut s = String::new();
            push_default(&mut s, c.encode_utf8(&mut [0; 4]));
            s
        })
        .collect();
    syllables.join(" ")
}
