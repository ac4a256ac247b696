//! The words of one article: sentence templates filled from the article's context, and the
//! Markdown body built from them (paragraphs, an occasional heading, list, table and footnote).
//!
//! Every text exists four times: German and Chinese, each in two modes. In [`Mode::Cite`] a
//! quantity the article lists as a figure is written `{{key}}` (gazette fills in the value);
//! in [`Mode::Plain`] it is written out in words. Articles that do not cite, and every Hugo
//! file (Hugo has no citations), use the plain text.

use std::fmt::Write as _;

use crate::calendar::Date;
use crate::data::{Data, Location, Pair, Source};
use crate::quantity::Quantity;
use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    De = 0,
    Zh = 1,
}

impl Lang {
    pub(crate) const BOTH: [Lang; 2] = [Lang::De, Lang::Zh];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::Zh => "zh",
        }
    }

    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::De => Lang::Zh,
            Lang::Zh => Lang::De,
        }
    }

    pub(crate) fn of(self, pair: Pair) -> &'static str {
        match self {
            Lang::De => pair.de,
            Lang::Zh => pair.zh,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Cite = 0,
    Plain = 1,
}

/// A text in both languages and both modes: `[lang][mode]`.
pub(crate) type Texts = [[String; 2]; 2];

/// What the sentence templates of one article refer to.
pub(crate) struct Ctx<'d> {
    pub(crate) data: &'d Data,
    pub(crate) city: &'d Location,
    pub(crate) city2: &'d Location,
    pub(crate) cn_city: &'d Location,
    pub(crate) de_city: &'d Location,
    pub(crate) region: Pair,
    pub(crate) region2: Pair,
    pub(crate) company: Pair,
    pub(crate) company2: Pair,
    pub(crate) sector: Pair,
    pub(crate) sector2: Pair,
    pub(crate) event: [String; 2],
    pub(crate) motto: Pair,
    pub(crate) source: &'d Source,
    /// The event's first day, as the text names it.
    pub(crate) date: Date,
    pub(crate) since: i64,
    pub(crate) next_year: i64,
    pub(crate) foreign_share: i64,
    pub(crate) partnership_projects: i64,
    /// One value for every figure of `figures.tsv`, in its order: the text may mention any.
    pub(crate) quantities: Vec<Quantity>,
    /// Which quantities the text writes as `{{key}}` in [`Mode::Cite`]: the article's figures,
    /// when the article cites.
    pub(crate) cited: Vec<bool>,
}

impl Ctx<'_> {
    fn word(&self, name: &str, lang: Lang) -> String {
        let place = |l: &Location| lang.of(l.name).to_string();
        match name {
            "city" => place(self.city),
            "city2" => place(self.city2),
            "cn_city" => place(self.cn_city),
            "de_city" => place(self.de_city),
            "region" => lang.of(self.region).to_string(),
            "region2" => lang.of(self.region2).to_string(),
            "company" => lang.of(self.company).to_string(),
            "company2" => lang.of(self.company2).to_string(),
            "sector" => lang.of(self.sector).to_string(),
            "sector2" => lang.of(self.sector2).to_string(),
            "event" => self.event[lang as usize].clone(),
            "motto" => lang.of(self.motto).to_string(),
            "source" => lang.of(self.source.name).to_string(),
            "source_url" => self.source.url.to_string(),
            "date" => match lang {
                Lang::De => self.date.de(),
                Lang::Zh => self.date.zh(),
            },
            "since" => self.since.to_string(),
            "next_year" => self.next_year.to_string(),
            "foreign_share" => self.foreign_share.to_string(),
            "partnership_projects" => self.partnership_projects.to_string(),
            // `Data::load` accepts only the names above.
            _ => String::new(),
        }
    }

    /// A quantity as text. `starts` says it opens a sentence: German capitalises `Über 150`
    /// there, which a citation cannot do, so an approximate value is written out instead.
    fn quantity(&self, key: &str, lang: Lang, mode: Mode, starts: bool) -> String {
        let Some(i) = self.data.figures.iter().position(|f| f.key == key) else {
            return String::new();
        };
        let capital = starts && lang == Lang::De && self.quantities[i].approx.is_some();
        if mode == Mode::Cite && self.cited[i] && !capital {
            return format!("{{{{{key}}}}}");
        }
        let q = &self.quantities[i];
        match lang {
            Lang::De => q.de(),
            Lang::Zh => q.zh(self.data.figures[i].counter),
        }
    }

    /// The template of `lang` with its `{name}` and `{q:key}` placeholders filled in.
    pub(crate) fn fill(&self, template: Pair, lang: Lang, mode: Mode) -> String {
        let text = lang.of(template);
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(len) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + len];
            match name.strip_prefix("q:") {
                Some(key) => {
                    let starts = out.is_empty();
                    out.push_str(&self.quantity(key, lang, mode, starts));
                }
                None => out.push_str(&self.word(name, lang)),
            }
            rest = &rest[open + len + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A template in all four versions.
    pub(crate) fn texts(&self, template: Pair) -> Texts {
        Lang::BOTH.map(|lang| [Mode::Cite, Mode::Plain].map(|mode| self.fill(template, lang, mode)))
    }

    /// Several sentences as one paragraph: German joined by spaces and wrapped, Chinese joined.
    fn paragraph(&self, sentences: &[Pair]) -> Texts {
        Lang::BOTH.map(|lang| {
            [Mode::Cite, Mode::Plain].map(|mode| {
                let filled: Vec<String> = sentences.iter().map(|s| self.fill(*s, lang, mode)).collect();
                match lang {
                    Lang::De => wrap(&filled.join(" ")),
                    Lang::Zh => filled.concat(),
                }
            })
        })
    }
}

/// Word-wraps German prose at 100 columns, as an editor would.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut col = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if col > 0 && col + 1 + w > 100 {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    out
}

/// The blocks of a body in all four versions; joined by blank lines at the end.
#[derive(Default)]
struct Blocks([[Vec<String>; 2]; 2]);

impl Blocks {
    fn push(&mut self, texts: Texts) {
        for (lang, modes) in texts.into_iter().enumerate() {
            for (mode, text) in modes.into_iter().enumerate() {
                self.0[lang][mode].push(text);
            }
        }
    }

    /// A block that is the same in both modes.
    fn push_words(&mut self, de: String, zh: String) {
        self.push([[de.clone(), de], [zh.clone(), zh]]);
    }

    fn finish(self) -> Texts {
        self.0.map(|modes| modes.map(|blocks| blocks.join("\n\n") + "\n"))
    }
}

/// Builds the body: 4–8 paragraphs, a list in most articles, a figures table now and then,
/// sometimes headings and a footnote. `figures` are indices into `figures.tsv`.
pub(crate) fn body(cx: &Ctx, rng: &mut Rng, figures: &[usize], status_note: Option<Pair>) -> Texts {
    let data = cx.data;
    let paragraphs = rng.range(4, 8) as usize;
    let order = rng.sample(data.middle.len(), data.middle.len());
    let mut next_middle = order.iter().cycle().map(|&i| data.middle[i]);
    let list_after = rng.chance(0.8).then(|| rng.range(1, 2) as usize);
    let table_after = rng.chance(0.2).then(|| rng.range(1, paragraphs as i64 - 1) as usize);
    let heading_at = rng.chance(0.4).then(|| rng.range(2, paragraphs as i64 - 1) as usize);
    let second_heading = heading_at.is_some() && paragraphs >= 6 && rng.chance(0.5);
    let headings = rng.sample(data.headings.len(), 2);
    let footnote = rng.chance(0.05);

    let mut blocks = Blocks::default();
    if let Some(note) = status_note {
        // A note on a cancelled or moved event opens the report, as a block quote.
        let mut texts = cx.texts(note);
        texts.iter_mut().flatten().for_each(|t| t.insert_str(0, "> "));
        blocks.push(texts);
    }
    for p in 0..paragraphs {
        if heading_at == Some(p) || (second_heading && p == paragraphs - 1) {
            let h = data.headings[headings[usize::from(heading_at != Some(p))]];
            blocks.push_words(format!("## {}", h.de), format!("## {}", h.zh));
        }
        let mut sentences: Vec<Pair> = Vec::new();
        if p == 0 {
            sentences.push(*rng.pick(&data.opening));
        }
        let count = if p == paragraphs - 1 {
            rng.range(1, 2)
        } else {
            rng.range(2, 4)
        };
        for _ in 0..count {
            sentences.extend(next_middle.next());
        }
        if p == paragraphs - 1 {
            sentences.push(*rng.pick(&data.closing));
        }
        let mut texts = cx.paragraph(&sentences);
        if footnote && p == 1 {
            texts.iter_mut().flatten().for_each(|t| t.push_str("[^1]"));
        }
        blocks.push(texts);
        if list_after == Some(p) {
            let (de, zh) = list(data, rng);
            blocks.push_words(de, zh);
        }
        if table_after == Some(p) {
            blocks.push(table(cx, figures));
        }
    }
    if footnote {
        blocks.push_words(
            format!(
                "[^1]: Angaben nach dem Bericht von {} vom {}.",
                cx.source.name.de,
                cx.date.de()
            ),
            format!("[^1]: 数据引自{}{}的报道。", cx.source.name.zh, cx.date.zh()),
        );
    }
    blocks.finish()
}

/// A bulleted list of sectors, signatories or programme items, with its lead-in sentence.
fn list(data: &Data, rng: &mut Rng) -> (String, String) {
    let (intro, items): (Pair, Vec<Pair>) = match rng.below(3) {
        0 => (
            Pair {
                de: "Die Gäste vertraten vor allem diese Wirtschaftszweige:",
                zh: "参会企业主要来自以下领域：",
            },
            rng.some(data.sectors.len(), 3, 6)
                .into_iter()
                .map(|i| data.sectors[i])
                .collect(),
        ),
        1 => (
            Pair {
                de: "Zu den Unterzeichnern gehörten:",
                zh: "签约企业包括：",
            },
            rng.some(data.companies.len(), 3, 5)
                .into_iter()
                .map(|i| data.companies[i])
                .collect(),
        ),
        _ => (
            Pair {
                de: "Auf dem Programm standen:",
                zh: "活动主要安排如下：",
            },
            rng.some(data.programme.len(), 3, 5)
                .into_iter()
                .map(|i| data.programme[i])
                .collect(),
        ),
    };
    let render = |lang: Lang| {
        let mut s = format!("{}\n", lang.of(intro));
        for item in &items {
            let _ = write!(s, "\n- {}", lang.of(*item));
        }
        s
    };
    (render(Lang::De), render(Lang::Zh))
}

/// The article's figures as a Markdown table; cited where the article cites.
fn table(cx: &Ctx, figures: &[usize]) -> Texts {
    Lang::BOTH.map(|lang| {
        [Mode::Cite, Mode::Plain].map(|mode| {
            let mut s = String::from(match lang {
                Lang::De => "| Kennzahl | Wert |\n| --- | ---: |",
                Lang::Zh => "| 指标 | 数据 |\n| --- | ---: |",
            });
            for &i in figures {
                let spec = &cx.data.figures[i];
                let value = cx.quantity(spec.key, lang, mode, false);
                let _ = write!(s, "\n| {} | {} |", lang.of(spec.label), value);
            }
            s
        })
    })
}
