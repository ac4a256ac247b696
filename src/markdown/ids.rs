//! Element ids in one page: heading anchors and footnotes share the page with the theme's own
//! ids, and a duplicate id breaks anchors, `aria-labelledby` and scripts alike.

use std::collections::{HashMap, HashSet};

use crate::slug::slugify;

/// Hands out ids no other element of the page has. Priority: the theme's reserved ids, then
/// explicit `{#id}`s (announced before the body is rendered), then footnotes, then headings in
/// order. A taken id gets the first free `-1`, `-2`, … suffix.
#[derive(Debug, Default)]
pub(super) struct Ids {
    taken: HashSet<String>,
    /// The next suffix to try per base id. Counters only go up and each candidate `base-n` can
    /// come from one base only, so each taken id is skipped at most once: O(1) amortised.
    next_suffix: HashMap<String, usize>,
    /// Explicit ids announced but not yet reached: the first heading that asks gets it.
    announced: HashSet<String>,
    /// Suffixed candidates tried, to test the amortised bound without a clock.
    #[cfg(test)]
    probes: usize,
}

impl Ids {
    pub(super) fn new(reserved: &[&str]) -> Self {
        Ids {
            taken: reserved.iter().map(|id| id.to_string()).collect(),
            ..Ids::default()
        }
    }

    /// An explicit `{#id}` further down: no generated id may take it first.
    pub(super) fn announce(&mut self, id: String) {
        if !self.taken.contains(&id) {
            self.taken.insert(id.clone());
            self.announced.insert(id);
        }
    }

    /// The id for a heading's explicit `{#id}`: itself the first time, else made unique.
    pub(super) fn explicit(&mut self, id: String) -> String {
        if self.announced.remove(&id) { id } else { self.claim(id) }
    }

    /// `base` if free, else the first free `base-N`.
    pub(super) fn claim(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            #[cfg(test)]
            {
                self.probes += 1;
            }
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// An editor's `{#id}` as written if it is made of `[A-Za-z0-9_.-]` (safe in a URL fragment
/// and a CSS selector without escaping), else its slug; `section` if nothing is left.
pub(super) fn explicit_id(raw: &str, lang: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if !raw.is_empty() && raw.chars().all(safe) {
        return raw.to_string();
    }
    auto_id(raw, lang)
}

/// A heading's generated id: the slug of its text, `section` for text with no letters.
pub(super) fn auto_id(text: &str, lang: &str) -> String {
    let slug = slugify(text, lang);
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// A footnote label as part of an id: kept if made of `[A-Za-z0-9_-]` (lowercased, as labels
/// match case-insensitively), else its slug; `note` if nothing is left.
pub(super) fn footnote_label_id(label: &str, lang: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-');
    if !label.is_empty() && label.chars().all(safe) {
        return label.to_ascii_lowercase();
    }
    let slug = slugify(label, lang);
    if slug.is_empty() { "note".to_string() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_found_in_amortised_constant_time() {
        let n = 10_000;
        let mut ids = Ids::new(&["a-3", "a-5"]);
        // Every id a later suffix search could trip over is taken in advance, then the same
        // base is claimed over and over: each taken id costs one extra probe, once.
        for i in (1..n).step_by(2) {
            ids.announce(format!("a-{i}"));
        }
        let claimed: Vec<String> = (0..n).map(|_| ids.claim("a".to_string())).collect();
        assert_eq!(claimed[..3], ["a", "a-2", "a-4"]);
        assert!(ids.probes <= 2 * n, "{} probes for {n} claims", ids.probes);
        let unique: HashSet<_> = claimed.iter().collect();
        assert_eq!(unique.len(), n);
    }

    #[test]
    fn announced_ids_go_to_the_first_explicit_heading() {
        let mut ids = Ids::new(&["main"]);
        ids.announce("main".to_string());
        ids.announce("intro".to_string());
        assert_eq!(ids.claim("intro".to_string()), "intro-1");
        assert_eq!(ids.explicit("intro".to_string()), "intro");
        assert_eq!(ids.explicit("intro".to_string()), "intro-2");
        assert_eq!(ids.explicit("main".to_string()), "main-1");
    }
}
