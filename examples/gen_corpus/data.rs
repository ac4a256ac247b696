//! The corpus's words: cities, outlets, companies, sentence templates and so on, kept in the
//! text files of `data/` so that they can be read and extended without touching code. They
//! are compiled in (`include_str!`) and parsed once at start; a malformed line is reported
//! with its file and line instead of producing a broken corpus.
//!
//! Two formats, both plain text with `#` comment lines:
//! - `*.tsv`: one record a line, fields separated by tabs;
//! - `*.txt`: sentence pairs, a German line and its Chinese line, records separated by a blank
//!   line. `{name}` in a sentence is a word of the article, `{q:key}` one of its quantities.

use crate::quantity::UnitSpec;

/// A word or sentence in both languages.
#[derive(Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) de: &'static str,
    pub(crate) zh: &'static str,
}

pub(crate) struct Location {
    pub(crate) slug: &'static str,
    pub(crate) name: Pair,
    pub(crate) country: &'static str,
    /// As written in the data file, so the corpus writes exactly these digits.
    pub(crate) lat: &'static str,
    pub(crate) lon: &'static str,
}

pub(crate) struct Source {
    pub(crate) name: Pair,
    pub(crate) url: &'static str,
    pub(crate) section: Pair,
}

/// A kind of event: its part of the file name, its name, whether editions are numbered.
pub(crate) struct Kind {
    pub(crate) part: &'static str,
    pub(crate) name: Pair,
    pub(crate) numbered: bool,
}

/// A key figure the corpus can report: how it is labelled and what unit it has.
pub(crate) struct FigureSpec {
    pub(crate) key: &'static str,
    pub(crate) label: Pair,
    pub(crate) unit: UnitSpec,
    /// The Chinese measure word after a plain count (家, 个, 人).
    pub(crate) counter: Option<&'static str>,
}

/// An `[event] status` and the note that opens a report about such an event.
pub(crate) struct Status {
    pub(crate) name: &'static str,
    pub(crate) note: Pair,
}

pub(crate) struct Data {
    pub(crate) locations: Vec<Location>,
    pub(crate) sources: Vec<Source>,
    pub(crate) tags: Vec<Pair>,
    pub(crate) regions: Vec<Pair>,
    pub(crate) companies: Vec<Pair>,
    pub(crate) sectors: Vec<Pair>,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) mottos: Vec<Pair>,
    pub(crate) headings: Vec<Pair>,
    pub(crate) programme: Vec<Pair>,
    pub(crate) figures: Vec<FigureSpec>,
    pub(crate) statuses: Vec<Status>,
    pub(crate) credits: Vec<Pair>,
    pub(crate) opening: Vec<Pair>,
    pub(crate) middle: Vec<Pair>,
    pub(crate) closing: Vec<Pair>,
    pub(crate) titles: Vec<Pair>,
    pub(crate) summaries: Vec<Pair>,
    pub(crate) photo_alt: Vec<Pair>,
    pub(crate) photo_caption: Vec<Pair>,
}

/// The words a sentence may name as `{name}`; `body::Ctx::word` gives each its value.
pub(crate) const WORDS: &[&str] = &[
    "city",
    "city2",
    "cn_city",
    "de_city",
    "region",
    "region2",
    "company",
    "company2",
    "sector",
    "sector2",
    "event",
    "motto",
    "source",
    "source_url",
    "date",
    "since",
    "next_year",
    "foreign_share",
    "partnership_projects",
];

macro_rules! file {
    ($name:literal) => {
        ($name, include_str!(concat!("data/", $name)))
    };
}

impl Data {
    pub(crate) fn load() -> Result<Data, String> {
        let figures = tsv(file!("figures.tsv"), 5)?
            .into_iter()
            .map(|(at, f)| {
                Ok(FigureSpec {
                    key: f[0],
                    label: Pair { de: f[1], zh: f[2] },
                    unit: UnitSpec::parse(f[3]).ok_or_else(|| format!("{at}: unknown unit `{}`", f[3]))?,
                    counter: (f[4] != "-").then_some(f[4]),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let keys: Vec<&str> = figures.iter().map(|f| f.key).collect();
        let sentences = |file: (&'static str, &'static str)| pairs(file, &keys);
        let data = Data {
            locations: tsv(file!("locations.tsv"), 6)?
                .into_iter()
                .map(|(at, f)| {
                    for number in [f[4], f[5]] {
                        number
                            .parse::<f64>()
                            .map_err(|_| format!("{at}: `{number}` is not a coordinate"))?;
                    }
                    Ok(Location {
                        slug: f[0],
                        name: Pair { de: f[1], zh: f[2] },
                        country: f[3],
                        lat: f[4],
                        lon: f[5],
                    })
                })
                .collect::<Result<_, String>>()?,
            sources: tsv(file!("sources.tsv"), 5)?
                .into_iter()
                .map(|(_, f)| Source {
                    name: Pair { de: f[0], zh: f[1] },
                    url: f[2],
                    section: Pair { de: f[3], zh: f[4] },
                })
                .collect(),
            tags: word_pairs(file!("tags.tsv"))?,
            regions: word_pairs(file!("regions.tsv"))?,
            companies: word_pairs(file!("companies.tsv"))?,
            sectors: word_pairs(file!("sectors.tsv"))?,
            kinds: tsv(file!("kinds.tsv"), 4)?
                .into_iter()
                .map(|(_, f)| Kind {
                    part: f[0],
                    name: Pair { de: f[1], zh: f[2] },
                    numbered: f[3] == "yes",
                })
                .collect(),
            mottos: word_pairs(file!("mottos.tsv"))?,
            headings: word_pairs(file!("headings.tsv"))?,
            programme: word_pairs(file!("programme.tsv"))?,
            statuses: tsv(file!("status.tsv"), 3)?
                .into_iter()
                .map(|(at, f)| {
                    check_template(&at, f[1], &keys)?;
                    check_template(&at, f[2], &keys)?;
                    Ok(Status {
                        name: f[0],
                        note: Pair { de: f[1], zh: f[2] },
                    })
                })
                .collect::<Result<_, String>>()?,
            credits: word_pairs(file!("credits.tsv"))?,
            opening: sentences(file!("opening.txt"))?,
            middle: sentences(file!("middle.txt"))?,
            closing: sentences(file!("closing.txt"))?,
            titles: sentences(file!("titles.txt"))?,
            summaries: sentences(file!("summaries.txt"))?,
            photo_alt: sentences(file!("photo_alt.txt"))?,
            photo_caption: sentences(file!("photo_caption.txt"))?,
            figures,
        };
        data.check_sizes()?;
        Ok(data)
    }

    /// The generator draws two distinct items from several lists and one of each from the rest.
    fn check_sizes(&self) -> Result<(), String> {
        let lists: [(&str, usize, usize); 12] = [
            ("locations.tsv", self.locations.len(), 2),
            ("regions.tsv", self.regions.len(), 2),
            ("companies.tsv", self.companies.len(), 5),
            ("sectors.tsv", self.sectors.len(), 6),
            ("headings.tsv", self.headings.len(), 2),
            ("programme.tsv", self.programme.len(), 5),
            ("tags.tsv", self.tags.len(), 4),
            ("figures.tsv", self.figures.len(), 5),
            ("sources.tsv", self.sources.len(), 1),
            ("kinds.tsv", self.kinds.len(), 1),
            ("opening.txt", self.opening.len(), 1),
            ("middle.txt", self.middle.len(), 12),
        ];
        for (file, len, least) in lists {
            if len < least {
                return Err(format!("data/{file}: needs at least {least} records, has {len}"));
            }
        }
        let cities = |country: &str| self.locations.iter().filter(|l| l.country == country).count();
        if cities("CN") == 0 || cities("DE") == 0 {
            return Err("data/locations.tsv: needs at least one city in CN and one in DE".to_string());
        }
        Ok(())
    }
}

/// Records of a tab-separated file with exactly `columns` fields, each with its `file:line`.
fn tsv((name, text): (&str, &'static str), columns: usize) -> Result<Vec<(String, Vec<&'static str>)>, String> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("data/{name}:{}", i + 1);
        let fields: Vec<&'static str> = line.split('\t').collect();
        if fields.len() != columns || fields.iter().any(|f| f.trim().is_empty()) {
            return Err(format!(
                "{at}: expected {columns} non-empty fields separated by tabs, found {}",
                fields.len()
            ));
        }
        rows.push((at, fields));
    }
    Ok(rows)
}

fn word_pairs(file: (&str, &'static str)) -> Result<Vec<Pair>, String> {
    Ok(tsv(file, 2)?
        .into_iter()
        .map(|(_, f)| Pair { de: f[0], zh: f[1] })
        .collect())
}

/// Sentence pairs: a German line, its Chinese line, a blank line between records.
fn pairs((name, text): (&str, &'static str), keys: &[&str]) -> Result<Vec<Pair>, String> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, &'static str)> = None;
    for (i, line) in text.lines().enumerate() {
        let at = format!("data/{name}:{}", i + 1);
        if line.starts_with('#') {
            continue;
        }
        match (pending.take(), line.trim().is_empty()) {
            (None, true) => {}
            (None, false) => pending = Some((i, line)),
            (Some((first, _)), true) => {
                return Err(format!(
                    "data/{name}:{}: a German line without its Chinese line",
                    first + 1
                ));
            }
            (Some((_, de)), false) => {
                check_template(&at, de, keys)?;
                check_template(&at, line, keys)?;
                out.push(Pair { de, zh: line });
            }
        }
    }
    if let Some((first, _)) = pending {
        return Err(format!(
            "data/{name}:{}: a German line without its Chinese line",
            first + 1
        ));
    }
    Ok(out)
}

/// Every `{…}` of a template names a known word or quantity, and every brace is closed.
fn check_template(at: &str, text: &str, keys: &[&str]) -> Result<(), String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return Err(format!("{at}: `{{` without `}}`"));
        };
        let name = &rest[open + 1..open + len];
        let known = match name.strip_prefix("q:") {
            Some(key) => keys.contains(&key),
            None => WORDS.contains(&name),
        };
        if !known {
            return Err(format!("{at}: unknown placeholder `{{{name}}}`"));
        }
        rest = &rest[open + len + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_data_files_load() {
        let data = super::Data::load().unwrap_or_else(|e| panic!("{e}"));
        assert!(data.middle.len() >= 12);
        assert!(data.figures.iter().any(|f| f.key == "investment"));
    }

    #[test]
    fn a_template_with_an_unknown_name_is_refused() {
        let error = super::check_template("x:1", "In {town}", &[]).unwrap_err();
        assert!(error.contains("{town}"), "{error}");
    }
}
