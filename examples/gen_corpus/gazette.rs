//! gazette's side of the corpus: `site.toml`, the about page and each article's
//! `content/YEAR/NAME.LANG.md`, in the current front matter: typed figures, `[translation]`
//! on translations, an `id` on originals, `[event] status`/`attendance` now and then, and
//! `[image]` on articles with a lead photo.
//!
//! Facts are written once: the original (German or Chinese) holds the date, event days,
//! location slug/country/coordinates, source URL, figure values and the image's file and
//! credit; a translation writes only its words, or repeats the facts and is then marked with
//! `[translation]` so that it is not taken for a second original.

use std::fmt::Write as _;

use crate::article::Article;
use crate::body::Lang;
use crate::data::Data;

const SITE_TOML: &str = include_str!("site/site.toml");
pub(crate) const ABOUT_DE: &str = include_str!("site/about.de.md");
pub(crate) const ABOUT_ZH: &str = include_str!("site/about.zh.md");

/// The lead photo's file name in the article's bundle (`content/YEAR/NAME/photo.jpg`).
pub(crate) const PHOTO_FILE: &str = "photo.jpg";

/// site.toml; a site with photos also gets `[images]` from `photo::RESIZE_*`, so that gazette
/// makes exactly the copies the Hugo layout makes, whatever gazette's defaults become.
pub(crate) fn site_toml(photos: bool) -> String {
    let mut s = SITE_TOML.to_string();
    if photos {
        let widths: Vec<String> = crate::photo::RESIZE_WIDTHS.iter().map(u32::to_string).collect();
        let _ = write!(
            s,
            "\n[images]\nwidths = [{}]\nquality = {}\n",
            widths.join(", "),
            crate::photo::RESIZE_QUALITY
        );
    }
    s
}

/// `"…"` with TOML's basic-string escapes.
pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn toml_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(toml_str).collect();
    format!("[{}]", quoted.join(", "))
}

/// One line `key = value` (the value already in TOML syntax).
macro_rules! line {
    ($s:expr, $key:expr, $value:expr) => {
        let _ = writeln!($s, "{} = {}", $key, $value);
    };
}

/// The file `content/NAME.LANG.md` of one language.
pub(crate) fn file(a: &Article, data: &Data, lang: Lang) -> String {
    let facts = a.has_facts(lang);
    let original = lang == a.original;
    let l = lang as usize;
    let mut s = String::with_capacity(4096);
    s.push_str("+++\n");
    line!(s, "title", toml_str(&a.title[l]));
    if facts {
        line!(s, "date", a.published.gazette());
    }
    if original {
        line!(s, "id", toml_str(&a.id));
    }
    if let Some(summary) = &a.summary {
        line!(s, "summary", toml_str(a.gazette_text(summary, lang)));
    }
    line!(s, "tags", toml_list(a.tags.iter().map(|&i| lang.of(data.tags[i]))));
    if a.draft {
        s.push_str("draft = true\n");
    } else if a.write_draft_false {
        s.push_str("draft = false\n");
    }
    if let (Some(updated), true) = (a.updated, facts) {
        line!(s, "updated", updated.iso());
    }
    if a.location_short[l] {
        line!(s, "location", toml_str(lang.of(a.location.name)));
    }
    if a.source_short[l] {
        line!(s, "source", toml_str(lang.of(a.source.name)));
    }
    if !original && a.translation.marked() {
        let _ = write!(s, "\n[translation]\nfrom = \"{}\"\n", a.original.code());
    }
    event(&mut s, a, lang, facts);
    location(&mut s, a, lang, facts);
    source(&mut s, a, lang, facts);
    image(&mut s, a, lang, facts);
    figures(&mut s, a, data, lang, facts);
    if let Some(motto) = a.motto {
        s.push_str("\n[extra]\n");
        line!(s, "motto", toml_str(lang.of(motto)));
    }
    s.push_str("+++\n\n");
    s.push_str(a.gazette_text(&a.body, lang));
    s
}

fn event(s: &mut String, a: &Article, lang: Lang, facts: bool) {
    s.push_str("\n[event]\n");
    line!(s, "name", toml_str(&a.event_name[lang as usize]));
    if facts {
        line!(s, "start", a.event_start.iso());
        if let Some(end) = a.event_end {
            line!(s, "end", end.iso());
        }
    }
    // Status and attendance are written once, in the original; the translation inherits them.
    if lang == a.original {
        if let Some(status) = a.status {
            line!(s, "status", toml_str(status.name));
        }
        if let Some(attendance) = a.attendance {
            line!(s, "attendance", toml_str(attendance));
        }
    }
}

fn location(s: &mut String, a: &Article, lang: Lang, facts: bool) {
    if a.location_short[lang as usize] {
        return;
    }
    s.push_str("\n[location]\n");
    line!(s, "name", toml_str(lang.of(a.location.name)));
    // An original in the short form has no slug or coordinates for a translation to repeat.
    if facts && !a.location_short[a.original as usize] {
        line!(s, "slug", toml_str(a.location.slug));
        line!(s, "country", toml_str(a.location.country));
        let _ = writeln!(s, "coordinates = [{}, {}]", a.location.lat, a.location.lon);
    }
}

fn source(s: &mut String, a: &Article, lang: Lang, facts: bool) {
    if a.source_short[lang as usize] {
        return;
    }
    s.push_str("\n[source]\n");
    line!(s, "name", toml_str(lang.of(a.source.name)));
    if facts && !a.source_short[a.original as usize] {
        line!(s, "url", toml_str(a.source.url));
    }
    line!(s, "section", toml_str(lang.of(a.source.section)));
}

/// `[image]`: the file and credit are facts; alt text and caption are this language's words.
fn image(s: &mut String, a: &Article, lang: Lang, facts: bool) {
    let Some(image) = &a.image else { return };
    let l = lang as usize;
    s.push_str("\n[image]\n");
    if facts {
        line!(s, "file", toml_str(PHOTO_FILE));
    }
    line!(s, "alt", toml_str(&image.alt[l]));
    if let Some(caption) = &image.caption {
        line!(s, "caption", toml_str(&caption[l]));
    }
    if facts {
        line!(s, "credit", toml_str(a.original.of(image.credit)));
    }
}

fn figures(s: &mut String, a: &Article, data: &Data, lang: Lang, facts: bool) {
    for figure in &a.figures {
        let spec = &data.figures[figure.spec];
        let q = &figure.quantity;
        s.push_str("\n[[figures]]\n");
        line!(s, "label", toml_str(lang.of(spec.label)));
        if facts {
            line!(s, "value", q.toml(a.underscores));
            match spec.unit {
                crate::quantity::UnitSpec::Count => {}
                crate::quantity::UnitSpec::Currency(code) => {
                    line!(s, "currency", toml_str(code));
                }
                crate::quantity::UnitSpec::Measure(id) => {
                    line!(s, "unit", toml_str(id));
                }
            }
            if let Some(approx) = q.approx {
                line!(s, "approx", toml_str(approx.name()));
            }
        }
        // The measure word is Chinese grammar: every Chinese file writes its own.
        if let (Lang::Zh, Some(counter)) = (lang, spec.counter) {
            line!(s, "counter", toml_str(counter));
        }
        line!(s, "key", toml_str(spec.key));
    }
}
