//! Reads a built search folder back the way `static/search.js` does: manifest, the chunks a
//! query needs, postings, ranking, fragments; and counts the bytes fetched. The tests use it as
//! the reference for what the browser finds.

#![allow(dead_code)]

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::search::text::{QueryTerm, query};
use crate::search::{Document, File};
use serde_json::Value;

/// Chunks one query term may read: its own and, for a prefix, the next ones (as search.js).
pub(super) const MAX_CHUNKS_PER_TERM: usize = 3;
/// Results on the first page (as search.js).
pub(super) const PAGE: usize = 10;

pub(super) struct Reader {
    files: BTreeMap<String, Vec<u8>>,
    keys: Vec<String>,
    names: Vec<String>,
    pub docs: usize,
    fetched: RefCell<BTreeSet<String>>,
}

fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

impl Reader {
    /// The files of `build` over the analyses of `docs`, fragments made as a build writes them.
    pub(super) fn new(files: &[File], docs: &[Document]) -> Self {
        let files: BTreeMap<String, Vec<u8>> = files.iter().map(|f| (f.path.clone(), super::bytes(f, docs))).collect();
        let manifest: Value = serde_json::from_slice(&files["index.json"]).expect("manifest is JSON");
        let strings = |key: &str| -> Vec<String> {
            manifest[key]
                .as_array()
                .expect("array")
                .iter()
                .map(|v| v.as_str().expect("string").to_string())
                .collect()
        };
        let reader = Reader {
            keys: strings("k"),
            names: strings("c"),
            docs: manifest["docs"].as_u64().expect("docs") as usize,
            files,
            fetched: RefCell::new(BTreeSet::new()),
        };
        reader.fetch("index.json");
        reader
    }

    pub(super) fn fetch(&self, path: &str) -> Value {
        self.fetched.borrow_mut().insert(path.to_string());
        serde_json::from_slice(self.files.get(path).unwrap_or_else(|| panic!("no file {path}"))).expect("JSON")
    }

    /// Forgets what was fetched (a new reader session), keeping the manifest.
    pub(super) fn reset(&self) {
        let mut f = self.fetched.borrow_mut();
        f.clear();
        f.insert("index.json".to_string());
    }

    pub(super) fn bytes_fetched(&self) -> usize {
        self.fetched.borrow().iter().map(|p| self.files[p].len()).sum()
    }

    fn chunk_of(&self, term: &str) -> usize {
        self.keys
            .iter()
            .rposition(|k| utf16_cmp(k, term) != Ordering::Greater)
            .unwrap_or(0)
    }

    fn chunks_for(&self, q: &QueryTerm) -> Vec<usize> {
        let first = self.chunk_of(&q.term);
        let mut out = vec![first];
        if q.prefix {
            let mut next = first + 1;
            while next < self.keys.len() && self.keys[next].starts_with(&q.term) && out.len() < MAX_CHUNKS_PER_TERM {
                out.push(next);
                next += 1;
            }
        }
        out
    }

    /// Document id → best score of this query term (2 × tier, +1 for an exact match).
    fn term_scores(&self, q: &QueryTerm) -> BTreeMap<u32, u32> {
        let mut scores = BTreeMap::new();
        for c in self.chunks_for(q) {
            let chunk = self.fetch(&format!("c/{}.json", self.names[c]));
            let terms = chunk["t"].as_array().expect("terms");
            let lists = chunk["p"].as_array().expect("postings");
            for (t, p) in terms.iter().zip(lists) {
                let t = t.as_str().expect("term");
                let exact = t == q.term;
                let matches = exact || (q.prefix && t.starts_with(&q.term));
                if !matches {
                    continue;
                }
                for (tier, ids) in decode_postings(p.as_str().expect("postings")).into_iter().enumerate() {
                    let score = 2 * tier as u32 + u32::from(exact);
                    for id in ids {
                        let s = scores.entry(id).or_insert(0);
                        *s = (*s).max(score);
                    }
                }
            }
        }
        scores
    }

    /// Ids with scores, best first, then newest first.
    pub(super) fn search(&self, text: &str) -> Vec<(u32, u32)> {
        let terms = query(text);
        let mut total: Option<BTreeMap<u32, u32>> = None;
        for q in &terms {
            let scores = self.term_scores(q);
            total = Some(match total {
                None => scores,
                Some(t) => t
                    .into_iter()
                    .filter_map(|(id, s)| scores.get(&id).map(|s2| (id, s + s2)))
                    .collect(),
            });
        }
        let mut hits: Vec<(u32, u32)> = total.unwrap_or_default().into_iter().collect();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        hits
    }

    /// A fresh reader's first query: hits, and bytes fetched for manifest, chunks and the first
    /// page of fragments.
    pub(super) fn first_query(&self, text: &str) -> (Vec<(u32, u32)>, usize) {
        self.reset();
        let hits = self.search(text);
        for &(id, _) in hits.iter().take(PAGE) {
            self.fetch(&format!("f/{id}.json"));
        }
        (hits, self.bytes_fetched())
    }

    pub(super) fn fragment(&self, id: u32) -> Value {
        self.fetch(&format!("f/{id}.json"))
    }

    pub(super) fn title(&self, id: u32) -> String {
        self.fragment(id)["t"].as_str().unwrap_or_default().to_string()
    }
}

const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn value(c: char) -> u32 {
    ALPHABET.find(c).expect("base64url") as u32
}

pub(super) fn decode_list(list: &str) -> Vec<u32> {
    let mut ids = Vec::new();
    if let Some(bits) = list.strip_prefix('~') {
        for (i, c) in bits.chars().enumerate() {
            let v = value(c);
            for b in 0..6 {
                if v & (1 << b) != 0 {
                    ids.push(i as u32 * 6 + b);
                }
            }
        }
        return ids;
    }
    let (mut acc, mut shift, mut previous): (u32, u32, Option<u32>) = (0, 0, None);
    for c in list.chars() {
        let v = value(c);
        acc |= (v & 31) << shift;
        shift += 5;
        if v & 32 == 0 {
            let id = previous.map_or(acc, |p| p + 1 + acc);
            ids.push(id);
            previous = Some(id);
            acc = 0;
            shift = 0;
        }
    }
    ids
}

pub(super) fn decode_postings(p: &str) -> Vec<Vec<u32>> {
    p.split('.').map(decode_list).collect()
}
