//! One generated article: its facts (dates, place, source, figures), its words in both
//! languages, and which language is the original. Article i depends only on the seed and i,
//! so the corpus can be written by several threads and streamed out one article at a time.

use crate::body::{self, Ctx, Lang, Mode, Texts};
use crate::calendar::{Date, DateForm, Published};
use crate::data::{Data, Location, Pair, Source, Status};
use crate::quantity::{self, Quantity};
use crate::rng::Rng;

/// The first and last publication day of the corpus.
const FIRST_DAY: Date = Date::new(2015, 1, 1);
const LAST_DAY: Date = Date::new(2024, 12, 31);

/// The RNG stream of articles (photos have their own, see `photo`).
pub(crate) const STREAM: u64 = 1;

/// How the version in the other language relates to the original.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Translation {
    /// Words only, no `[translation]` table: the original is the version with a `date`.
    Words,
    /// Words only, marked `[translation] from = "…"`.
    MarkedWords,
    /// Marked, and repeating the original's facts (which must agree).
    MarkedFacts,
}

impl Translation {
    pub(crate) fn marked(self) -> bool {
        self != Translation::Words
    }

    pub(crate) fn facts(self) -> bool {
        self == Translation::MarkedFacts
    }
}

/// The lead photo's words; the file is `photo.jpg` in the article's bundle.
pub(crate) struct LeadImage {
    pub(crate) alt: Pair2,
    pub(crate) caption: Option<Pair2>,
    /// A fact: written in the original's language only.
    pub(crate) credit: Pair,
}

/// Two owned strings, German and Chinese.
pub(crate) type Pair2 = [String; 2];

pub(crate) struct Figure {
    /// Index into `figures.tsv`.
    pub(crate) spec: usize,
    pub(crate) quantity: Quantity,
}

pub(crate) struct Article<'d> {
    /// `2019/shenyang-trade-fair-0042`: the path below content/ without the language ending.
    pub(crate) name: String,
    pub(crate) original: Lang,
    pub(crate) translation: Translation,
    pub(crate) id: String,
    pub(crate) published: Published,
    pub(crate) updated: Option<Date>,
    pub(crate) draft: bool,
    pub(crate) write_draft_false: bool,
    pub(crate) title: Pair2,
    pub(crate) summary: Option<Texts>,
    pub(crate) tags: Vec<usize>,
    pub(crate) event_name: Pair2,
    pub(crate) event_start: Date,
    pub(crate) event_end: Option<Date>,
    pub(crate) status: Option<&'d Status>,
    pub(crate) attendance: Option<&'static str>,
    pub(crate) location: &'d Location,
    /// `location = "Name"` instead of a table, per language.
    pub(crate) location_short: [bool; 2],
    pub(crate) source: &'d Source,
    pub(crate) source_short: [bool; 2],
    pub(crate) figures: Vec<Figure>,
    /// Whether big values are written `121_000_000_000` rather than `121000000000`.
    pub(crate) underscores: bool,
    pub(crate) motto: Option<Pair>,
    pub(crate) image: Option<LeadImage>,
    pub(crate) body: Texts,
}

impl Article<'_> {
    /// Whether this language's file holds the article's facts.
    pub(crate) fn has_facts(&self, lang: Lang) -> bool {
        lang == self.original || self.translation.facts()
    }

    /// The text of this language as the gazette file writes it (cited or plain).
    pub(crate) fn gazette_text<'t>(&self, texts: &'t Texts, lang: Lang) -> &'t str {
        &texts[lang as usize][Mode::Cite as usize]
    }

    pub(crate) fn plain_text<'t>(&self, texts: &'t Texts, lang: Lang) -> &'t str {
        &texts[lang as usize][Mode::Plain as usize]
    }
}

/// Builds article `index` (1-based) of the corpus with `seed`; `photo` gives it a lead image.
pub(crate) fn generate<'d>(data: &'d Data, seed: u64, index: usize, photo: bool) -> Article<'d> {
    let mut rng = Rng::for_item(seed, STREAM, index as u64);
    let rng = &mut rng;
    let day = rng.range(FIRST_DAY.days(), LAST_DAY.days());
    let date = Date::from_days(day);
    let event_start = date.plus(-rng.range(0, 6));
    let days = rng.range(1, 3);
    let event_end = if days > 1 {
        Some(event_start.plus(days - 1))
    } else {
        rng.chance(0.4).then_some(event_start)
    };

    let (city, city2) = two_cities(data, rng);
    let chinese: Vec<&Location> = data.locations.iter().filter(|l| l.country == "CN").collect();
    let german: Vec<&Location> = data.locations.iter().filter(|l| l.country == "DE").collect();
    let regions = rng.sample(data.regions.len(), 2);
    let companies = rng.sample(data.companies.len(), 2);
    let sectors = rng.sample(data.sectors.len(), 2);
    let kind = rng.pick(&data.kinds);
    let edition = rng.range(1, 15);
    let event_name = if kind.numbered {
        [
            format!("{edition}. {} {}", kind.name.de, city.name.de),
            format!("第{}届{}{}", chinese_number(edition), city.name.zh, kind.name.zh),
        ]
    } else {
        [
            format!("{} {} {}", kind.name.de, city.name.de, event_start.year()),
            format!("{}年{}{}", event_start.year(), city.name.zh, kind.name.zh),
        ]
    };

    // Figures: 2–5 distinct keys; the text may mention any quantity, so all get a value.
    let quantities: Vec<Quantity> = data
        .figures
        .iter()
        .map(|f| quantity::draw(f.key, f.unit, rng))
        .collect();
    let figure_count = rng.range(2, 5) as usize;
    let chosen = rng.sample(data.figures.len(), figure_count);
    let cites = rng.chance(0.3);
    let mut cited = vec![false; data.figures.len()];
    if cites {
        chosen.iter().for_each(|&i| cited[i] = true);
    }

    let source = rng.pick(&data.sources);
    let cx = Ctx {
        data,
        city,
        city2,
        cn_city: chinese[rng.below(chinese.len())],
        de_city: german[rng.below(german.len())],
        region: data.regions[regions[0]],
        region2: data.regions[regions[1]],
        company: data.companies[companies[0]],
        company2: data.companies[companies[1]],
        sector: data.sectors[sectors[0]],
        sector2: data.sectors[sectors[1]],
        event: event_name.clone(),
        motto: *rng.pick(&data.mottos),
        source,
        date: event_start,
        since: rng.range(2010, date.year().min(2016)),
        next_year: date.year() + 1,
        foreign_share: rng.range(5, 40),
        partnership_projects: rng.range(50, 900),
        quantities,
        cited,
    };

    let status = rng.chance(0.03).then(|| rng.pick(&data.statuses));
    let attendance = match status.map(|s| s.name) {
        Some("moved_online") => None,
        _ if rng.chance(0.08) => Some(*rng.pick(&["online", "mixed", "offline"])),
        _ => None,
    };
    let body = body::body(&cx, rng, &chosen, status.map(|s| s.note));
    let title_template = *rng.pick(&data.titles);
    let title = [
        capitalise(&cx.fill(title_template, Lang::De, Mode::Plain)),
        cx.fill(title_template, Lang::Zh, Mode::Plain),
    ];
    let summary = rng.chance(0.6).then(|| {
        let texts = cx.texts(*rng.pick(&data.summaries));
        texts.map(|modes| modes.map(|t| capitalise(&t)))
    });
    let tags = rng.some(data.tags.len(), 2, 4);
    let form = match rng.below(10) {
        0..=5 => DateForm::Offset,
        6 => DateForm::Local,
        _ => DateForm::Bare,
    };
    let published = Published {
        date,
        time: (rng.range(7, 20), rng.range(0, 59), rng.range(0, 59)),
        form,
    };
    let draft = rng.chance(0.01);
    let write_draft_false = rng.chance(0.3);
    let updated = rng.chance(0.15).then(|| date.plus(rng.range(1, 30)));

    // About a third of the reports were written in Chinese and translated into German.
    let original = if rng.chance(1.0 / 3.0) { Lang::Zh } else { Lang::De };
    let translation = match (original, rng.below(10)) {
        // A German translation of a Chinese original is always marked and writes no facts.
        (Lang::Zh, _) => Translation::MarkedWords,
        (Lang::De, 0..=3) => Translation::Words,
        (Lang::De, 4..=5) => Translation::MarkedWords,
        (Lang::De, _) => Translation::MarkedFacts,
    };
    // Short forms carry no slug or coordinates, so only German originals use them (a short
    // Chinese original would make `zhong-qing` the location page instead of `chongqing`);
    // a translation may use them for its own name, unless it repeats the facts.
    let short = |rng: &mut Rng, p_original: f64, p_translation: f64| {
        let in_original = original == Lang::De && rng.chance(p_original);
        let in_translation = !translation.facts() && (in_original || rng.chance(p_translation));
        let mut both = [false; 2];
        both[original as usize] = in_original;
        both[original.other() as usize] = in_translation;
        both
    };
    let location_short = short(rng, 0.1, 0.1);
    let source_short = short(rng, 0.15, 0.1);
    let image = photo.then(|| lead_image(&cx, rng));
    let id = rng.uuid();
    let motto = rng.chance(0.03).then_some(cx.motto);

    Article {
        name: format!("{}/{}-{}-{:04}", date.year(), city.slug, kind.part, index),
        original,
        translation,
        id,
        published,
        updated,
        draft,
        write_draft_false,
        title,
        summary,
        tags,
        event_name,
        event_start,
        event_end,
        status,
        attendance,
        location: city,
        location_short,
        source,
        source_short,
        figures: chosen
            .into_iter()
            .map(|spec| Figure {
                spec,
                quantity: cx.quantities[spec],
            })
            .collect(),
        underscores: rng.chance(0.5),
        motto,
        image,
        body,
    }
}

/// The event's city and a different second city.
fn two_cities<'d>(data: &'d Data, rng: &mut Rng) -> (&'d Location, &'d Location) {
    let n = data.locations.len();
    let first = rng.below(n);
    let second = (first + 1 + rng.below(n - 1)) % n;
    (&data.locations[first], &data.locations[second])
}

fn lead_image(cx: &Ctx, rng: &mut Rng) -> LeadImage {
    let alt = *rng.pick(&cx.data.photo_alt);
    let caption = rng.chance(0.7).then(|| *rng.pick(&cx.data.photo_caption));
    let plain = |t: Pair| Lang::BOTH.map(|lang| cx.fill(t, lang, Mode::Plain));
    let credit = *rng.pick(&cx.data.credits);
    LeadImage {
        alt: plain(alt),
        caption: caption.map(plain),
        credit,
    }
}

/// `über 150 Unternehmen …` at the start of a title becomes `Über 150 Unternehmen …`.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// 1–99 in Chinese numerals, for edition numbers (第十二届).
fn chinese_number(n: i64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!(
            "{}十{}",
            D[(n / 10) as usize % 10],
            if n % 10 == 0 { "" } else { D[(n % 10) as usize] }
        ),
    }
}
