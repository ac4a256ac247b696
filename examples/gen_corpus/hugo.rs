//! The same corpus as a Hugo site, for a side-by-side benchmark: hugo.toml, the layouts and
//! translation tables of `hugo/` (real template files, compiled in and written out), and one
//! file per article and language under `content/LANG/`.
//!
//! Hugo has no fact inheritance, so every Hugo file carries all facts in both languages, and
//! no figure citations, so bodies are the plain versions (figures written out in words, where
//! the gazette file may have `{{key}}`). Figures are display-ready numbers with unit words
//! (`value = 121`, `unit = "Mrd. Yuan"`), as a Hugo site would store them. Articles with a lead
//! photo are page bundles (`content/LANG/YEAR/NAME/index.md` + `photo.jpg`) so that Hugo can
//! resize the photo; the layouts resize it to `photo::RESIZE_WIDTHS`.

use std::fmt::Write as _;
use std::process::Command;

use crate::article::Article;
use crate::body::Lang;
use crate::data::Data;
use crate::gazette::{toml_list, toml_str};
use crate::photo;

const CONFIG: &str = include_str!("hugo/hugo.toml");

macro_rules! layout {
    ($path:literal) => {
        ($path, include_str!(concat!("hugo/layouts/", $path)))
    };
}

/// Layouts that render what gazette's default theme renders, about as heavily: head with
/// alternates and Open Graph, header navigation with language switcher, article with facts box,
/// lead photo, figures, JSON-LD and tags, paginated lists of cards, term lists, the archive,
/// 404. Written the way a Hugo user would for speed: no tiny partials for one-line helpers
/// (each partial call costs tens of microseconds in Hugo), the card partial shared by all
/// lists, term links built from the page's params with `urlize | relLangURL` (cheaper than
/// `.GetTerms`), and no `where` over all pages on every pager page.
pub(crate) const LAYOUTS: &[(&str, &str)] = &[
    layout!("_default/baseof.html"),
    layout!("_default/single.html"),
    layout!("_default/list.html"),
    layout!("_default/taxonomy.html"),
    layout!("_default/terms.html"),
    layout!("_default/archive.html"),
    layout!("partials/header.html"),
    layout!("partials/card.html"),
    layout!("partials/pagination.html"),
    layout!("partials/lead-image.html"),
    layout!("404.html"),
];

pub(crate) const I18N: &[(&str, &str)] = &[
    ("de.toml", include_str!("hugo/i18n/de.toml")),
    ("zh.toml", include_str!("hugo/i18n/zh.toml")),
];

/// Hugo's installed version as its minor number (111 for v0.111.3); None without Hugo.
pub(crate) fn minor_version() -> Option<u32> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let start = text.find("v0.")? + 3;
    let digits: String = text[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// hugo.toml for Hugo v0.`minor`: `paginate` became `[pagination] pagerSize` in v0.128 and
/// `rssLimit` became `[services.rss] limit` in v0.114; the old keys are errors or warnings in
/// newer versions.
pub(crate) fn config(minor: u32) -> String {
    let mut s = format!(
        "# Benchmark corpus written by examples/gen_corpus (for Hugo v0.{minor}); regenerate instead of editing.\n"
    );
    if minor < 128 {
        s.push_str("paginate = 10\n");
    }
    if minor < 114 {
        s.push_str("rssLimit = 20\n");
    }
    s.push_str(CONFIG);
    if minor >= 128 {
        s.push_str("\n[pagination]\npagerSize = 10\n");
    }
    if minor >= 114 {
        s.push_str("\n[services.rss]\nlimit = 20\n");
    }
    let widths: Vec<String> = photo::RESIZE_WIDTHS.iter().map(u32::to_string).collect();
    let _ = write!(
        s,
        "\n# The lead photo's resized copies: examples/gen_corpus/photo/mod.rs (RESIZE_*).\n[params]\nimageWidths = [{}]\nimageFormat = \"{}\"\nimageFallback = \"{}\"\nimageQuality = {}\n",
        widths.join(", "),
        photo::RESIZE_FORMAT,
        photo::RESIZE_FALLBACK,
        photo::RESIZE_QUALITY
    );
    s
}

/// The about page and the archive page of one language (both kept out of lists, as in gazette).
pub(crate) fn fixed_pages(lang: Lang) -> [(&'static str, String); 2] {
    let unlisted = |front: &str| front.replacen("\n+++\n", "\n[_build]\nlist = \"never\"\n+++\n", 1);
    let (about, archive) = match lang {
        Lang::De => (crate::gazette::ABOUT_DE, "Archiv"),
        Lang::Zh => (crate::gazette::ABOUT_ZH, "归档"),
    };
    [
        ("about.md", unlisted(about)),
        (
            "archive.md",
            unlisted(&format!("+++\ntitle = \"{archive}\"\nlayout = \"archive\"\n+++\n")),
        ),
    ]
}

/// Where an article's file goes below `content/LANG/`: a page bundle when it has a photo.
pub(crate) fn path(a: &Article) -> String {
    if a.image.is_some() {
        format!("{}/index.md", a.name)
    } else {
        format!("{}.md", a.name)
    }
}

/// One article in one language, every fact written out.
pub(crate) fn file(a: &Article, data: &Data, lang: Lang) -> String {
    let l = lang as usize;
    let mut s = String::with_capacity(4096);
    s.push_str("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&a.title[l]));
    let _ = writeln!(s, "date = {}", a.published.hugo());
    if let Some(updated) = a.updated {
        let _ = writeln!(s, "lastmod = {}T00:00:00+08:00", updated.iso());
    }
    if let Some(summary) = &a.summary {
        let _ = writeln!(s, "summary = {}", toml_str(a.plain_text(summary, lang)));
    }
    let _ = writeln!(s, "tags = {}", toml_list(a.tags.iter().map(|&i| lang.of(data.tags[i]))));
    let _ = writeln!(s, "locations = {}", toml_list([a.location.slug]));
    let _ = writeln!(s, "sources = {}", toml_list([lang.of(a.source.name)]));
    let _ = writeln!(s, "draft = {}", a.draft);

    s.push_str("\n[event]\n");
    let _ = writeln!(s, "name = {}", toml_str(&a.event_name[l]));
    let _ = writeln!(s, "start = \"{}\"", a.event_start.iso());
    let _ = writeln!(s, "end = \"{}\"", a.event_end.unwrap_or(a.event_start).iso());
    if let Some(status) = a.status {
        let _ = writeln!(s, "status = \"{}\"", status.name);
    }
    if let Some(attendance) = a.attendance {
        let _ = writeln!(s, "attendance = \"{attendance}\"");
    }

    let original = a.original as usize;
    s.push_str("\n[place]\n");
    let _ = writeln!(s, "name = {}", toml_str(lang.of(a.location.name)));
    if !a.location_short[original] {
        let _ = writeln!(s, "country = \"{}\"", a.location.country);
        let _ = writeln!(s, "coordinates = [{}, {}]", a.location.lat, a.location.lon);
    }

    s.push_str("\n[publisher]\n");
    let _ = writeln!(s, "name = {}", toml_str(lang.of(a.source.name)));
    if !a.source_short[original] {
        let _ = writeln!(s, "url = {}", toml_str(a.source.url));
    }
    if !a.source_short[l] {
        let _ = writeln!(s, "section = {}", toml_str(lang.of(a.source.section)));
    }
    if let Some(image) = &a.image {
        s.push_str("\n[image]\n");
        let _ = writeln!(s, "file = {}", toml_str(crate::gazette::PHOTO_FILE));
        let _ = writeln!(s, "alt = {}", toml_str(&image.alt[l]));
        if let Some(caption) = &image.caption {
            let _ = writeln!(s, "caption = {}", toml_str(&caption[l]));
        }
        let _ = writeln!(s, "credit = {}", toml_str(a.original.of(image.credit)));
    }
    for figure in &a.figures {
        let spec = &data.figures[figure.spec];
        let shown = figure.quantity.hugo(lang == Lang::Zh, spec.counter);
        s.push_str("\n[[figures]]\n");
        let _ = writeln!(s, "key = {}", toml_str(spec.key));
        let _ = writeln!(s, "label = {}", toml_str(lang.of(spec.label)));
        let _ = writeln!(s, "value = {}", shown.number);
        for (name, text) in [
            ("unit", shown.unit.as_str()),
            ("before", shown.before),
            ("after", shown.after),
        ] {
            if !text.is_empty() {
                let _ = writeln!(s, "{name} = {}", toml_str(text));
            }
        }
    }
    if let Some(motto) = a.motto {
        s.push_str("\n[extra]\n");
        let _ = writeln!(s, "motto = {}", toml_str(lang.of(motto)));
    }
    s.push_str("+++\n\n");
    s.push_str(a.plain_text(&a.body, lang));
    s
}
