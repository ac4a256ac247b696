//! Full-text search for a language's articles, as static files that the browser fetches in
//! small pieces: a manifest, term chunks and one fragment per article.
//!
//! Why not one `search.json`: at 10,000 articles that file is megabytes before the first result,
//! and it still holds no body text. Here the reader fetches the manifest (a few KB: where each
//! range of terms lives), the chunk that holds each query term, and the fragments of the first
//! page of results: a median of 40 KB (German) and 52 KB (Chinese) for a one-word query at
//! 10,000 articles, uncompressed.
//!
//! The work is split in two so that incremental rebuilds stay cheap: [`analyse`] turns one
//! article into its terms and fragment (the caller caches the [`Analysed`] by article version),
//! and [`build`] merges all of them into files whose bytes depend only on the articles, so an
//! unchanged chunk has the same name and bytes as before. [`Written`] tells the caller which
//! files changed since its last build.
//!
//! Text analysis (German folding, numbers, Chinese bigrams) is in [`text`]; `static/search.js`
//! implements the same rules for queries. The file formats are described in [`index`].

mod encode;
pub(crate) mod index;
pub(crate) mod text;

use std::hash::BuildHasher;

use rustc_hash::{FxHashMap, FxHashSet};

pub(crate) use encode::content_hash;
pub(crate) use index::build;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) use text::query;

/// One article as the search sees it. Fields that an article lacks are empty.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Document<'a> {
    /// The article's URL as the result links to it.
    pub url: &'a str,
    pub title: &'a str,
    /// The date as the results show it, already formatted for the language.
    pub date: &'a str,
    pub summary: &'a str,
    pub event: &'a str,
    pub location: &'a str,
    pub source: &'a str,
    pub tags: &'a [String],
    /// Plain text (no markup); paragraphs may be separated by newlines.
    pub body: &'a str,
}

/// Ranks of the fields: a match in a higher tier ranks above any match in a lower one.
/// Title, tags and event name say what an article is about; summary, location and source
/// describe it; the body merely mentions.
pub(crate) const TIER_TITLE: u8 = 2;
pub(crate) const TIER_DESCRIPTION: u8 = 1;
pub(crate) const TIER_BODY: u8 = 0;

/// How much body text a fragment carries for the snippet. Articles are 2–3 KB; the limit keeps
/// a page of ten results within the download budget even when an article is very long.
pub(crate) const FRAGMENT_BODY_LIMIT: usize = 4096;

/// One article's terms and the hash of its result fragment: everything [`build`] needs from
/// it. The caller caches it per article version, so an incremental rebuild analyses only
/// changed articles. The fragment's bytes are not kept: they are most of an index's bytes
/// (the body text for snippets), and the caller makes them again with [`fragment`] when it
/// writes the file, so a build never holds every fragment at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analysed {
    /// The distinct terms, each followed by one byte that is its best tier (0–2). Terms never
    /// contain control characters, so the byte also separates them: one byte per term instead
    /// of a `Vec<(String, u8)>`'s 32, which matters at 10,000 articles × 500 terms.
    terms: String,
    fragment_hash: u64,
}

impl Analysed {
    /// The distinct terms with their best tier.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, u8)> + '_ {
        let mut rest = self.terms.as_str();
        std::iter::from_fn(move || {
            // A tier byte (0–2) is ASCII, so it never occurs inside a multi-byte character.
            let end = rest.bytes().position(|b| b <= TIER_TITLE)?;
            let tier = *rest.as_bytes().get(end)?;
            let term = rest.get(..end)?;
            rest = rest.get(end + 1..)?;
            Some((term, tier))
        })
    }
}

/// Analyses one article: its terms with the best field tier of each, and its result fragment.
pub(crate) fn analyse(doc: &Document) -> Analysed {
    analyse_with_fragment(doc).0
}

/// [`analyse`], and the fragment's bytes, for a caller that writes them at once.
pub(crate) fn analyse_with_fragment(doc: &Document) -> (Analysed, Vec<u8>) {
    let mut set = TermSet::with_capacity(doc.body.len() / 4);
    set.add_text(doc.title, TIER_TITLE);
    set.add_text(doc.event, TIER_TITLE);
    for tag in doc.tags {
        set.add_text(tag, TIER_TITLE);
    }
    set.add_text(doc.summary, TIER_DESCRIPTION);
    set.add_text(doc.location, TIER_DESCRIPTION);
    set.add_text(doc.source, TIER_DESCRIPTION);
    set.add_text(doc.body, TIER_BODY);
    let fragment = fragment(doc);
    let analysed = Analysed {
        terms: set.into_terms(),
        fragment_hash: content_hash(&fragment),
    };
    (analysed, fragment)
}

/// The distinct terms of one article in one string, with hash tables of offsets into it:
/// an article has hundreds of distinct terms and thousands of occurrences, and a map of
/// owned strings would allocate for each. CJK terms are keyed by their characters.
struct TermSet {
    text: String,
    /// (start, end, best tier) of each distinct term in `text`, in order of first occurrence.
    entries: Vec<(u32, u32, u8)>,
    words: hashbrown::HashTable<u32>,
    cjk: FxHashMap<u64, u32>,
    hasher: rustc_hash::FxBuildHasher,
    /// The tier of the field being analysed.
    tier: u8,
}

impl text::Terms for TermSet {
    fn word(&mut self, term: &str, _: text::Spelling) {
        let hash = self.hasher.hash_one(term);
        let (text, entries) = (&self.text, &mut self.entries);
        let slice = |e: &(u32, u32, u8)| text.get(e.0 as usize..e.1 as usize).unwrap_or_default();
        match self.words.find(hash, |&i| slice(&entries[i as usize]) == term) {
            Some(&i) => raise(&mut entries[i as usize], self.tier),
            None => {
                let index = self.push(term);
                let (text, entries, hasher) = (&self.text, &self.entries, &self.hasher);
                self.words.insert_unique(hash, index, |&i| {
                    let e = &entries[i as usize];
                    hasher.hash_one(text.get(e.0 as usize..e.1 as usize).unwrap_or_default())
                });
            }
        }
    }

    fn cjk(&mut self, first: char, second: Option<char>) {
        // Characters are 21 bits; bit 42 tells a lone character from a pair with U+0000.
        let key = u64::from(first) << 21 | second.map_or(1 << 42, u64::from);
        match self.cjk.get(&key) {
            Some(&i) => raise(&mut self.entries[i as usize], self.tier),
            None => {
                let mut buf = [0u8; 8];
                let a = first.encode_utf8(&mut buf).len();
                let b = second.map_or(0, |c| c.encode_utf8(&mut buf[a..]).len());
                let index = self.push(std::str::from_utf8(&buf[..a + b]).unwrap_or_default());
                self.cjk.insert(key, index);
            }
        }
    }
}

fn raise(entry: &mut (u32, u32, u8), tier: u8) {
    entry.2 = entry.2.max(tier);
}

impl TermSet {
    fn with_capacity(terms: usize) -> Self {
        TermSet {
            text: String::with_capacity(terms * 6),
            entries: Vec::with_capacity(terms),
            words: hashbrown::HashTable::with_capacity(terms),
            cjk: FxHashMap::with_capacity_and_hasher(terms, Default::default()),
            hasher: rustc_hash::FxBuildHasher,
            tier: TIER_BODY,
        }
    }

    fn add_text(&mut self, text: &str, tier: u8) {
        self.tier = tier;
        text::analyse_into(text, self);
    }

    /// Appends a new distinct term with the current tier; returns its index.
    fn push(&mut self, term: &str) -> u32 {
        let start = self.text.len() as u32;
        self.text.push_str(term);
        self.entries.push((start, self.text.len() as u32, self.tier));
        (self.entries.len() - 1) as u32
    }

    /// Terms each followed by its tier byte: the form [`Analysed`] keeps.
    fn into_terms(self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.entries.len());
        for &(start, end, tier) in &self.entries {
            out.push_str(self.text.get(start as usize..end as usize).unwrap_or_default());
            out.push(char::from(tier));
        }
        out
    }
}

/// The result fragment of one article (JSON): what the browser fetches to show it in the
/// results.
pub(crate) fn fragment(doc: &Document) -> Vec<u8> {
    fragment_json(doc).into_bytes()
}

fn fragment_json(doc: &Document) -> String {
    let body = truncate(doc.body.trim(), FRAGMENT_BODY_LIMIT);
    let mut out = String::with_capacity(64 + doc.url.len() + doc.title.len() + doc.summary.len() + body.len());
    for (i, (key, value)) in [
        ("u", doc.url),
        ("t", doc.title),
        ("d", doc.date),
        ("s", doc.summary),
        ("b", body),
    ]
    .iter()
    .enumerate()
    {
        out.push_str(if i == 0 { "{\"" } else { ",\"" });
        out.push_str(key);
        out.push_str("\":");
        encode::push_json_string(&mut out, value);
    }
    out.push('}');
    out
}

/// `text` cut to at most `limit` bytes at a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// One output file, relative to the language's search folder (`index.json`, `c/…`, `f/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct File {
    pub path: String,
    pub contents: Contents,
    /// [`content_hash`] of the bytes, for [`Written`].
    pub hash: u64,
}

/// The bytes of a file, or which article's fragment it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Contents {
    /// The manifest or a chunk.
    Index(Vec<u8>),
    /// The fragment of the article at this position of the slice given to [`build`]; the
    /// caller makes its bytes with [`fragment`].
    Fragment(usize),
}

/// What the previous build of one language's search folder wrote, so that the next build
/// writes only files whose bytes changed and removes files that are gone.
#[derive(Debug, Default, Clone)]
pub(crate) struct Written {
    hashes: FxHashMap<String, u64>,
}

/// The difference between a build's files and what was written before.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Indices into the build's files of those that are new or whose bytes changed.
    pub write: Vec<usize>,
    /// Paths written before and not part of this build, to delete.
    pub remove: Vec<String>,
}

impl Written {
    /// Records `files` as written and returns what differs from the previous record.
    /// The first call reports every file.
    pub(crate) fn update(&mut self, files: &[File]) -> Changes {
        let mut changes = Changes::default();
        let mut current: FxHashSet<&str> = FxHashSet::default();
        for (i, file) in files.iter().enumerate() {
            current.insert(file.path.as_str());
            if self.hashes.get(&file.path) != Some(&file.hash) {
                changes.write.push(i);
            }
        }
        changes.remove = self
            .hashes
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        changes.remove.sort_unstable();
        self.hashes = files.iter().map(|f| (f.path.clone(), f.hash)).collect();
        changes
    }
}
