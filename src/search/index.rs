//! Merges analysed articles into the files the browser fetches.
//!
//! ```text
//! index.json      the manifest: {"v":1,"lang":"de","docs":N,"k":[…],"c":[…]}
//! c/NAME.json     a chunk: {"t":[terms…],"p":[postings…]}
//! f/ID.json       a fragment: {"u":url,"t":title,"d":date,"s":summary,"b":body}
//! ```
//!
//! **Document ids.** Articles come newest first; the oldest gets id 0, so a new article gets
//! the next id and no other id moves, and "newer first" is "larger id first".
//!
//! **Chunks** hold consecutive runs of the sorted terms (sorted by UTF-16 code units, as
//! JavaScript compares strings), so a prefix query reads one or two neighbouring chunks.
//! `k[i]` is the shortest prefix of chunk i's first term that sorts after chunk i−1's last term:
//! the chunk of a term is the last i with `k[i] <= term`. `c[i]` is the chunk's file name, a
//! hash of its bytes, so a changed chunk gets a new URL (safe to cache forever) and an
//! unchanged one keeps its name.
//!
//! Chunk boundaries are content-defined: a chunk ends after a term whose hash is divisible by
//! [`CUT_DIVISOR`] once it holds [`MIN_CHUNK`] bytes, or at [`MAX_CHUNK`] bytes. A boundary
//! depends only on the terms just before it, so an edit that changes a few posting lists
//! rewrites the chunks that hold them and, rarely, a neighbour; the other chunks keep their
//! bytes. (Boundaries from cumulative sizes would shift every later chunk.)
//!
//! **Postings** of a term are up to three lists of document ids separated by `.`: those whose
//! best match is in the body, in summary/location/source, in title/tags/event; each list in the
//! encoding of [`encode::push_list`](super::encode). Trailing empty lists are left out.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::encode::{content_hash, push_json_string, push_list, short_name};
use super::{Analysed, Contents, File, TIER_TITLE};

/// A chunk is not cut before it holds this many bytes.
///
/// The sizes balance the manifest against the chunks a query reads: the manifest has one entry
/// (~20 bytes) per chunk, and a query reads one chunk per term (a Chinese word of n characters
/// has n−1 bigrams). At 10,000 articles, 6–16 KB chunks give a 7–10 KB manifest and a median
/// first query of 40–52 KB with ten fragments (measured by `examples/bench.rs`).
pub(crate) const MIN_CHUNK: usize = 6 * 1024;
/// A chunk is cut once it holds this many bytes even where no term hash allows it.
pub(crate) const MAX_CHUNK: usize = 16 * 1024;
/// About one term in this many may end a chunk: with terms of ~25 bytes, chunks average
/// MIN_CHUNK + 2 KB.
pub(crate) const CUT_DIVISOR: u64 = 64;

/// Builds the search files of one language from its analysed articles, newest first.
///
/// The result is deterministic: the same articles give the same paths and bytes, which is what
/// lets [`Written`](super::Written) report only what changed.
pub(crate) fn build(lang: &str, docs: &[&Analysed]) -> Vec<File> {
    let hashes: Vec<u64> = docs.iter().rev().map(|d| d.fragment_hash).collect();
    files(lang, invert(docs), &hashes)
}

/// The same index as [`build`], made from articles added one at a time, oldest first: each
/// distinct term is kept once, and an article's terms can go as soon as they are added. At
/// 10,000 articles a language's analysed articles are about 45 MB; its distinct terms with
/// their postings are a fraction of that. A build, which analyses every article once, uses
/// this; watch mode keeps every article's analysis to make the next index from.
#[derive(Default)]
pub(crate) struct Inverted {
    postings: hashbrown::HashMap<Box<str>, Vec<u32>, rustc_hash::FxBuildHasher>,
    /// Each article's fragment hash, by document id.
    hashes: Vec<u64>,
}

impl Inverted {
    /// Adds the next article: one newer than every article added before.
    pub(crate) fn add(&mut self, doc: &Analysed) {
        let id = self.hashes.len() as u32;
        for (term, tier) in doc.terms() {
            let entry = id << 2 | u32::from(tier);
            match self.postings.get_mut(term) {
                Some(list) => list.push(entry),
                None => {
                    self.postings.insert(term.into(), vec![entry]);
                }
            }
        }
        self.hashes.push(doc.fragment_hash);
    }

    pub(crate) fn files(self, lang: &str) -> Vec<File> {
        let (keys, lists): (Vec<Box<str>>, Vec<Vec<u32>>) = self.postings.into_iter().unzip();
        let terms = keys.iter().map(|k| &**k).zip(lists).collect();
        files(lang, terms, &self.hashes)
    }
}

/// The files of an index: `terms` with their entries (ids ascending, in any order of terms),
/// and each article's fragment hash by document id.
fn files(lang: &str, mut terms: Vec<(&str, Vec<u32>)>, hashes: &[u64]) -> Vec<File> {
    let n = hashes.len();
    if terms.iter().any(|(t, _)| has_astral(t)) {
        terms.sort_unstable_by(|a, b| utf16_cmp(a.0, b.0));
    } else {
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }

    let mut files: Vec<File> = Vec::with_capacity(n + terms.len() / 256 + 2);
    let mut chunker = Chunker::default();
    // The postings are encoded on all cores, a block of terms at a time (so only a block's
    // lists are held), and cut into chunks in order: the two languages' indexes end at
    // different times, and the one that ends last was left to encode on one core.
    for block in terms.chunks(8192) {
        use rayon::prelude::*;
        let lists: Vec<String> = block
            .par_iter()
            .with_min_len(512)
            .map_init(<[Vec<u32>; 3]>::default, |tiers, (_, entries)| {
                let mut list = String::new();
                push_postings(&mut list, entries, tiers);
                list
            })
            .collect();
        for ((term, _), list) in block.iter().zip(&lists) {
            chunker.push(term, list);
        }
    }
    let chunks = chunker.finish();
    let manifest = manifest(lang, n, &chunks);
    files.push(owned("index.json".to_string(), manifest.into_bytes()));
    for chunk in chunks {
        files.push(File {
            path: crate::route::Routes::search_chunk(&chunk.name),
            hash: chunk.hash,
            contents: Contents::Index(chunk.bytes),
        });
    }
    // Fragments newest first: `Contents::Fragment` counts positions in that order.
    for (i, hash) in hashes.iter().rev().enumerate() {
        files.push(File {
            path: crate::route::Routes::search_fragment(n - 1 - i),
            contents: Contents::Fragment(i),
            hash: *hash,
        });
    }
    files
}

fn owned(path: String, bytes: Vec<u8>) -> File {
    File {
        path,
        hash: content_hash(&bytes),
        contents: Contents::Index(bytes),
    }
}

/// A term as a map key. Terms are short (a Chinese bigram is 6 bytes), and comparing them
/// byte by byte inline is several times faster than the `memcmp` call of `str`'s `==`, which
/// was an eighth of `build`'s time.
#[derive(Clone, Copy, Hash)]
struct Term<'a>(&'a str);

impl PartialEq for Term<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len()
            && if a.len() <= 24 {
                a.iter().zip(b).all(|(x, y)| x == y)
            } else {
                a == b
            }
    }
}

impl Eq for Term<'_> {}

/// Term → entries `id << 2 | tier`, ids ascending, in no particular order of terms.
fn invert<'a>(docs: &[&'a Analysed]) -> Vec<(&'a str, Vec<u32>)> {
    // Sized from the articles' term bytes (~8 per term, one distinct term per ~15 postings) so
    // that the map does not grow and rehash a dozen times.
    let term_bytes: usize = docs.iter().map(|d| d.terms.len()).sum();
    let mut postings: FxHashMap<Term<'a>, Vec<u32>> =
        FxHashMap::with_capacity_and_hasher(term_bytes / 120, Default::default());
    let n = docs.len();
    for (i, doc) in docs.iter().enumerate().rev() {
        let id = (n - 1 - i) as u32;
        for (term, tier) in doc.terms() {
            postings.entry(Term(term)).or_default().push(id << 2 | u32::from(tier));
        }
    }
    postings.into_iter().map(|(t, e)| (t.0, e)).collect()
}

/// The three tier lists of one term, lowest tier first, trailing empty lists left out.
/// `lists` is scratch space, reused across terms.
fn push_postings(out: &mut String, entries: &[u32], lists: &mut [Vec<u32>; 3]) {
    for list in lists.iter_mut() {
        list.clear();
    }
    for &e in entries {
        let tier = (e & 3).min(u32::from(TIER_TITLE)) as usize;
        lists[tier].push(e >> 2);
    }
    let used = lists.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
    for (i, ids) in lists[..used].iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_list(out, ids);
    }
}

/// Orders strings as JavaScript's `<` does (by UTF-16 code units), which differs from byte
/// order only when a character beyond U+FFFF meets one in U+E000–U+FFFF.
pub(crate) fn utf16_cmp(a: &str, b: &str) -> Ordering {
    if has_astral(a) || has_astral(b) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

/// Whether `s` has a character beyond U+FFFF (4 bytes in UTF-8, two code units in UTF-16).
fn has_astral(s: &str) -> bool {
    s.bytes().any(|b| b >= 0xF0)
}

struct Chunk {
    /// Shortest prefix of the first term that sorts after the previous chunk's last term.
    key: String,
    name: String,
    hash: u64,
    bytes: Vec<u8>,
}

/// Collects sorted terms into chunks with content-defined boundaries.
#[derive(Default)]
struct Chunker {
    done: Vec<Chunk>,
    terms: String,
    lists: String,
    first: Option<String>,
    last_of_previous: Option<String>,
    last: String,
}

impl Chunker {
    fn push(&mut self, term: &str, postings: &str) {
        if self.first.is_none() {
            self.first = Some(term.to_string());
        } else {
            self.terms.push(',');
            self.lists.push(',');
        }
        push_json_string(&mut self.terms, term);
        push_json_string(&mut self.lists, postings);
        self.last.clear();
        self.last.push_str(term);
        let size = self.terms.len() + self.lists.len();
        if size >= MAX_CHUNK || (size >= MIN_CHUNK && content_hash(term.as_bytes()).is_multiple_of(CUT_DIVISOR)) {
            self.cut();
        }
    }

    fn cut(&mut self) {
        let Some(first) = self.first.take() else {
            return;
        };
        let bytes = format!("{{\"t\":[{}],\"p\":[{}]}}", self.terms, self.lists).into_bytes();
        let hash = content_hash(&bytes);
        let key = separating_prefix(self.last_of_previous.as_deref(), &first);
        self.done.push(Chunk {
            key,
            name: short_name(hash),
            hash,
            bytes,
        });
        self.terms.clear();
        self.lists.clear();
        self.last_of_previous = Some(std::mem::take(&mut self.last));
    }

    fn finish(mut self) -> Vec<Chunk> {
        self.cut();
        dedupe_names(&mut self.done);
        self.done
    }
}

/// Two chunks whose 40-bit names collide (about once in 10^6 builds at 1,000 chunks) would
/// overwrite each other: the later one gets a suffix.
fn dedupe_names(chunks: &mut [Chunk]) {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for chunk in chunks.iter_mut() {
        let count = seen.entry(chunk.name.clone()).or_insert(0);
        if *count > 0 {
            chunk.name = format!("{}-{}", chunk.name, count);
        }
        *count += 1;
    }
}

/// The shortest prefix of `first` that still sorts after `previous` (`first` itself at worst).
fn separating_prefix(previous: Option<&str>, first: &str) -> String {
    let Some(previous) = previous else {
        return String::new();
    };
    for (end, c) in first.char_indices() {
        let prefix = &first[..end + c.len_utf8()];
        if utf16_cmp(prefix, previous) == Ordering::Greater {
            return prefix.to_string();
        }
    }
    first.to_string()
}

fn manifest(lang: &str, docs: usize, chunks: &[Chunk]) -> String {
    let mut out = String::with_capacity(64 + chunks.len() * 20);
    out.push_str("{\"v\":1,\"lang\":");
    push_json_string(&mut out, lang);
    out.push_str(&format!(",\"docs\":{docs},\"k\":["));
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, &chunk.key);
    }
    out.push_str("],\"c\":[");
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, &chunk.name);
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_order_puts_astral_characters_before_private_use() {
        assert_eq!(utf16_cmp("\u{20000}", "\u{FF21}"), Ordering::Less);
        assert_eq!("\u{20000}".cmp("\u{FF21}"), Ordering::Greater);
        assert_eq!(utf16_cmp("abc", "abd"), Ordering::Less);
    }

    #[test]
    fn separating_prefixes() {
        assert_eq!(separating_prefix(None, "und"), "");
        assert_eq!(
            separating_prefix(Some("aussenhandel"), "aussenhandelskammer"),
            "aussenhandels"
        );
        assert_eq!(separating_prefix(Some("berlin"), "bremen"), "br");
        assert_eq!(separating_prefix(Some("兰州"), "兰花"), "兰花");
    }
}
