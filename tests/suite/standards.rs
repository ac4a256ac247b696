//! What validators, crawlers, feed readers and readers check, driven through the binary: ids
//! that are unique in a page, `og:locale`, one `x-default` story in the chooser, the pages and
//! the sitemap, a search form that goes somewhere, summaries without alt text or script, feed
//! and calendar ids that survive a new date or folder, `updated` that never contradicts
//! itself, events without a place, links below a base path, each language's words, and a
//! `check` that reports in one run every mistake `build` refuses.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;

use scraper::{ElementRef, Html, Selector};

use crate::harness::{TestSite, attrs, snapshot, text, texts};

const BASE: &str = "https://test.example.org";

/// This year, from today's date: dates built from it never expire.
fn this_year() -> i16 {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).year()
}

/// Every HTML file of the output, relative path and text, sorted by path.
fn html_files(site: &TestSite) -> Vec<(String, String)> {
    snapshot(&site.root.join("public"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| {
            let path = path.to_str().unwrap().replace('\\', "/");
            (path, String::from_utf8(bytes).unwrap())
        })
        .collect()
}

/// The URL an output file is served at: `de/index.html` → `https://…/de/`.
fn url_of(file: &str) -> String {
    format!("{BASE}/{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// The page's JSON-LD, parsed.
fn json_ld(html: &Html) -> serde_json::Value {
    let scripts = texts(html, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    serde_json::from_str(&scripts[0]).expect("valid JSON-LD")
}

/// The `@type`s of the JSON-LD graph.
fn graph_types(json: &serde_json::Value) -> Vec<String> {
    json["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["@type"].as_str().unwrap().to_string())
        .collect()
}

/// The `content` of every `<meta>` with this property or name.
fn content_of(html: &Html, meta: &str) -> Vec<String> {
    attrs(
        html,
        &format!("meta[property='{meta}'], meta[name='{meta}']"),
        "content",
    )
}

/// An RFC 3339 text as an instant, so `+08:00` and `Z` forms compare.
fn instant(text: &str) -> jiff::Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The entries of a language's Atom feed, by link.
fn atom_entries(site: &TestSite, lang: &str) -> HashMap<String, atom_syndication::Entry> {
    let feed = atom_syndication::Feed::from_str(&site.read(&format!("{lang}/atom.xml"))).expect("valid Atom");
    feed.entries()
        .iter()
        .map(|e| (e.links()[0].href().to_string(), e.clone()))
        .collect()
}

/// VEVENTs of a calendar: URL → every property by name.
fn calendar_events(site: &TestSite, lang: &str) -> HashMap<String, HashMap<String, String>> {
    let raw = site.read(&format!("{lang}/events.ics"));
    let unfolded = icalendar::parser::unfold(&raw);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            let props: HashMap<String, String> = c
                .properties
                .iter()
                .map(|p| (p.name.to_string(), p.val.to_string()))
                .collect();
            (props["URL"].clone(), props)
        })
        .collect()
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The text of every file the sitemap index names.
fn sitemap_files(site: &TestSite) -> Vec<String> {
    let index = site.read("sitemap.xml");
    let index = roxmltree::Document::parse(&index).expect("well-formed sitemap index");
    index
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
        .map(|file| site.read(file.text().unwrap().strip_prefix(BASE).unwrap().trim_start_matches('/')))
        .collect()
}

/// Every `<url>` of the sitemap: loc → (hreflang → href), `x-default` included.
fn sitemap_alternates(site: &TestSite) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for xml in sitemap_files(site) {
        let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
        for url in doc.descendants().filter(|n| n.has_tag_name((SITEMAP_NS, "url"))) {
            let loc = url.children().find(|c| c.has_tag_name((SITEMAP_NS, "loc"))).unwrap();
            let links = url
                .children()
                .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
                .map(|l| {
                    (
                        l.attribute("hreflang").unwrap().to_string(),
                        l.attribute("href").unwrap().to_string(),
                    )
                })
                .collect();
            let previous = out.insert(loc.text().unwrap().to_string(), links);
            assert!(previous.is_none(), "listed twice: {}", loc.text().unwrap());
        }
    }
    out
}

/// The sitemap's `lastmod` per URL.
fn sitemap_lastmods(site: &TestSite) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for xml in sitemap_files(site) {
        let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
        for url in doc.descendants().filter(|n| n.has_tag_name((SITEMAP_NS, "url"))) {
            let child = |name| url.children().find(|c| c.has_tag_name((SITEMAP_NS, name)))?.text();
            if let (Some(loc), Some(lastmod)) = (child("loc"), child("lastmod")) {
                out.insert(loc.to_string(), lastmod.to_string());
            }
        }
    }
    out
}

/// The nearest `lang` attribute of an element or its ancestors.
fn lang_of(element: ElementRef) -> Option<String> {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .find_map(|e| e.value().attr("lang").map(str::to_string))
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The errors of a run, as (message, location) pairs: what an editor has to fix.
fn errors_of(stderr: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut errors: Vec<_> = lines
        .iter()
        .enumerate()
        .filter_map(|(n, line)| {
            let message = line.strip_prefix("error: ")?;
            let location = lines.get(n + 1).and_then(|l| l.trim_start().strip_prefix("--> "));
            Some((message.to_string(), location.unwrap_or("").to_string()))
        })
        .collect();
    errors.sort();
    errors
}

#[test]
fn every_id_in_an_article_page_is_unique_and_footnotes_keep_their_own() {
    // If this breaks, a footnote link or the skip link jumps to the wrong place, and the
    // validator reports a duplicate id.
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/ids.de.md",
        "+++\ntitle = \"Ids\"\ndate = 2024-03-01\nlocation = \"Jinan\"\n\n[event]\nstart = 2024-02-28\n\n\
         [[figures]]\nlabel = \"Aussteller\"\nvalue = 12\n+++\n\
         Text mit Fußnote[^1] und Quelle[^quelle].\n\n## Main\n\n## Quelle\n\n## fn-1\n\n## 1\n\n\
         ## Facts Title\n\n## Search Q\n\n[^1]: Erste Anmerkung.\n[^quelle]: Zweite Anmerkung.\n",
    );
    site.build(&[]);
    let html = site.html("de/2024/ids/index.html");
    let ids = attrs(&html, "[id]", "id");
    let mut seen = HashSet::new();
    let duplicates: Vec<_> = ids.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(duplicates.is_empty(), "duplicate ids {duplicates:?} in {ids:?}");
    // The theme's own ids stay on the theme's elements.
    assert_eq!(attrs(&html, "main", "id"), ["main"]);
    assert_eq!(attrs(&html, "aside.facts h2", "id"), ["facts-title"]);
    assert_eq!(attrs(&html, "form.search-form input", "id"), ["search-q"]);
    let headings = attrs(&html, ".prose h2", "id");
    assert_eq!(headings.len(), 6, "{headings:?}");
    for taken in ["main", "facts-title", "search-q", "fn-1"] {
        assert!(
            !headings.iter().any(|h| h == taken),
            "a heading took `{taken}`: {headings:?}"
        );
    }
    // Footnotes have prefixed ids, never a bare label that a heading could have.
    let notes: Vec<String> = attrs(&html, ".footnote-definition", "id")
        .into_iter()
        .chain(attrs(&html, ".footnote-reference a", "id"))
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes.iter().all(|id| id.starts_with("fn")), "{notes:?}");
    assert!(!notes.iter().any(|id| id == "1" || id == "quelle"), "{notes:?}");
    // Every in-page link leads to exactly one element.
    for href in attrs(&html, "a[href^='#']", "href") {
        let target = &href[1..];
        assert_eq!(ids.iter().filter(|id| *id == target).count(), 1, "{href} in {ids:?}");
    }
}

#[test]
fn article_pages_name_their_locale_and_the_translations_locale() {
    // If this breaks, a shared link shows the wrong language in social previews.
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let de = site.html("de/2024/qilu-bayu/index.html");
    let zh = site.html("zh/2024/qilu-bayu/index.html");
    assert_eq!(content_of(&de, "og:locale"), ["de_DE"]);
    assert_eq!(content_of(&de, "og:locale:alternate"), ["zh_CN"]);
    assert_eq!(content_of(&zh, "og:locale"), ["zh_CN"]);
    assert_eq!(content_of(&zh, "og:locale:alternate"), ["de_DE"]);
    // No translation, no alternate locale.
    let alone = site.html("de/2023/jinan-fair/index.html");
    assert_eq!(content_of(&alone, "og:locale"), ["de_DE"]);
    assert!(content_of(&alone, "og:locale:alternate").is_empty());
}

#[test]
fn x_default_tells_one_story_in_the_chooser_the_pages_and_the_sitemap() {
    // If this breaks, search engines get conflicting hreflang clusters and may ignore them.
    // The rule (src/render/frame.rs): the language homes and the chooser point to the
    // chooser at `/`; every other page to its version in the default language, where the
    // page has versions in other languages at all.
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let sitemap = sitemap_alternates(&site);
    let mut pages: BTreeMap<String, (Option<String>, BTreeMap<String, String>)> = BTreeMap::new();
    for (file, source) in html_files(&site) {
        if file == "404.html" {
            continue;
        }
        let html = Html::parse_document(&source);
        let url = url_of(&file);
        let x_default = attrs(&html, "link[rel=alternate][hreflang=x-default]", "href");
        assert!(x_default.len() <= 1, "{file}: {x_default:?}");
        let alternates: BTreeMap<String, String> = attrs(&html, "link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(&html, "link[rel=alternate][hreflang]", "href"))
            .collect();
        // The sitemap says what the page says.
        let listed = sitemap
            .get(&url)
            .unwrap_or_else(|| panic!("{url} is not in the sitemap"));
        assert_eq!(listed, &alternates, "{file}: sitemap and page disagree");
        pages.insert(url, (x_default.into_iter().next(), alternates));
    }
    assert_eq!(
        pages.len(),
        sitemap.len(),
        "the sitemap lists a page that does not exist"
    );
    for (url, (x_default, alternates)) in &pages {
        let Some(x_default) = x_default else {
            assert!(alternates.is_empty(), "{url} has alternates but no x-default");
            continue;
        };
        // Every version of a page names the same x-default, and that page names itself.
        for other in alternates.values() {
            assert_eq!(pages[other].0.as_ref(), Some(x_default), "{url} and {other} disagree");
        }
        assert_eq!(pages[x_default].0.as_ref(), Some(x_default), "{url} → {x_default}");
    }
    let chooser = format!("{BASE}/");
    let x = |url: &str| pages[&format!("{BASE}{url}")].0.clone();
    assert_eq!(x("/"), Some(chooser.clone()));
    assert_eq!(x("/de/"), Some(chooser.clone()));
    assert_eq!(x("/zh/"), Some(chooser));
    let de_article = format!("{BASE}/de/2024/qilu-bayu/");
    assert_eq!(x("/de/2024/qilu-bayu/"), Some(de_article.clone()));
    assert_eq!(x("/zh/2024/qilu-bayu/"), Some(de_article));
    assert_eq!(x("/zh/impressum/"), Some(format!("{BASE}/de/impressum/")));
    assert_eq!(x("/de/2023/jinan-fair/"), None, "no translation, no x-default");
    // The chooser lists every home, and the homes list each other and the chooser.
    let homes = &pages[&format!("{BASE}/")].1;
    assert_eq!(homes["de"], format!("{BASE}/de/"));
    assert_eq!(homes["zh"], format!("{BASE}/zh/"));
    assert_eq!(
        attrs(&site.html("index.html"), "link[rel=canonical]", "href"),
        [format!("{BASE}/")]
    );
}

#[test]
fn a_page_in_two_languages_besides_the_default_names_both_in_page_and_sitemap() {
    // If this breaks, with three languages a page that exists in zh and en but not in the
    // default de has no hreflang links, while the sitemap lists them.
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "site.toml",
        std::fs::read_to_string(site.root.join("site.toml")).unwrap()
            + "\n[languages.en]\ntitle = \"Cooperation Test\"\n",
    );
    site.write(
        "content/2024/trade.zh.md",
        "+++\ntitle = \"贸易\"\ndate = 2024-05-05\n+++\n正文。\n",
    );
    site.write(
        "content/2024/trade.en.md",
        "+++\ntitle = \"Trade\"\n\n[translation]\nfrom = \"zh\"\n+++\nText.\n",
    );
    site.build(&[]);
    let sitemap = sitemap_alternates(&site);
    for lang in ["zh", "en"] {
        let url = format!("{BASE}/{lang}/2024/trade/");
        let html = site.html(&format!("{lang}/2024/trade/index.html"));
        let alternates: BTreeMap<String, String> = attrs(&html, "link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(attrs(&html, "link[rel=alternate][hreflang]", "href"))
            .collect();
        assert_eq!(
            alternates.keys().map(String::as_str).collect::<Vec<_>>(),
            ["en", "zh"],
            "{url}: {alternates:?}"
        );
        assert_eq!(sitemap.get(&url), Some(&alternates), "{url}: sitemap and page disagree");
    }
}

#[test]
fn search_forms_send_the_query_to_the_search_page() {
    // If this breaks, pressing Enter in the search box reloads the same page (vnu rejects
    // `action=""`), or leads to a 404.
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    for (file, source) in html_files(&site) {
        let Some((lang, _)) = file.split_once('/') else {
            continue; // the chooser and the 404 page belong to no language and have no search
        };
        let actions = attrs(&Html::parse_document(&source), "form[role=search]", "action");
        // Every page of a language has one search form, and it leads to that language's
        // search page, which exists.
        assert_eq!(actions, [format!("/{lang}/search/")], "{file}");
        assert!(site.exists(&format!("{lang}/search/index.html")));
    }
    let search = site.html("zh/search/index.html");
    assert_eq!(attrs(&search, "form[role=search] input[type=search]", "name"), ["q"]);
}

#[test]
fn a_summary_from_the_body_leaves_out_images_and_scripts_and_ends_a_sentence() {
    // If this breaks, search results and link previews show an image's alt text, script
    // code, or a sentence cut in the middle.
    let first = "Am 3. Oktober kamen Gäste aus Shandong nach Chongqing.";
    let second =
        "Sie sprachen zwei Tage lang über Kooperationen in der Industrie, im Handel und in der Landwirtschaft.";
    let third = "Dazu gehörten z. B. Unternehmen aus der Automobilindustrie, dem Maschinenbau und der \
                 Lebensmittelverarbeitung, die neue Projekte vorstellten und Verträge unterzeichneten.";
    let expected = format!("{first} {second}");
    // The paragraph is over the 200-character limit, and the abbreviation `z.` would fit:
    // only a cut at the last real sentence end gives `expected`.
    assert!(format!("{expected} {third}").chars().count() > 200);
    assert!(format!("{expected} Dazu gehörten z.").chars().count() <= 200);
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/lead/halle.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/2024/lead.de.md",
        format!(
            "+++\ntitle = \"Leitbild\"\ndate = 2024-11-15\n+++\n\
             ![Die Halle von oben gesehen](halle.svg)\n\n\
             <script>var geheim = \"Blockskript\";</script>\n\n\
             {first} <script>document.title = \"Zeilenskript\";</script>{second} {third}\n\nZweiter Absatz.\n"
        ),
    );
    site.build(&[]);
    let page = site.html("de/2024/lead/index.html");
    let home = site.html("de/index.html");
    let json = json_ld(&page);
    let atom = atom_entries(&site, "de");
    let entry = &atom[&format!("{BASE}/de/2024/lead/")];
    let summaries = [
        ("meta description", content_of(&page, "description")[0].clone()),
        ("og:description", content_of(&page, "og:description")[0].clone()),
        ("lede", text(&page, ".lede")),
        (
            "JSON-LD",
            json["@graph"][0]["description"].as_str().unwrap().to_string(),
        ),
        ("card", texts(&home, ".card-summary")[0].clone()),
        ("Atom", entry.summary().unwrap().as_str().to_string()),
    ];
    for (place, summary) in summaries {
        assert_eq!(summary, expected, "{place}");
        for leaked in ["Halle", "Blockskript", "Zeilenskript", "document"] {
            assert!(!summary.contains(leaked), "{place}: {summary}");
        }
    }
    // The body keeps the image and the scripts; only the summary leaves them out.
    assert_eq!(attrs(&page, ".prose img", "alt"), ["Die Halle von oben gesehen"]);
}

#[test]
fn feed_and_calendar_ids_survive_a_new_date_and_a_new_folder() {
    // If this breaks, feed readers show a corrected article as new and calendar apps
    // duplicate its event.
    let site = TestSite::fixture("build/bilingual");
    let year = this_year() - 2;
    let article = |date: &str| {
        format!(
            "+++\ntitle = \"Jahreswechsel\"\ndate = {date}\nlocation = \"Jinan\"\n\n\
             [event]\nstart = {year}-12-30\n+++\nText.\n"
        )
    };
    let ids = |site: &TestSite, url: &str| {
        let entry = atom_entries(site, "de")
            .remove(url)
            .unwrap_or_else(|| panic!("{url} not in the feed"));
        let event = calendar_events(site, "de")
            .remove(url)
            .unwrap_or_else(|| panic!("{url} not in the calendar"));
        (entry.id().to_string(), event["UID"].clone())
    };
    // (a) The date is corrected from New Year's Eve to New Year's Day: the URL moves.
    site.write("content/x/turn.de.md", article(&format!("{year}-12-31T22:00:00+08:00")));
    site.build(&[]);
    let before = ids(&site, &format!("{BASE}/de/{year}/turn/"));
    site.write(
        "content/x/turn.de.md",
        article(&format!("{}-01-01T09:00:00+08:00", year + 1)),
    );
    site.build(&[]);
    assert!(!site.exists(&format!("de/{year}/turn/index.html")));
    assert_eq!(ids(&site, &format!("{BASE}/de/{}/turn/", year + 1)), before);
    // (b) The file moves to another folder; its `id` keeps the identity.
    let with_id = "+++\ntitle = \"Umzug\"\ndate = 2024-05-01\nid = \"4f1c2a9e-umzug\"\nlocation = \"Jinan\"\n\n\
                   [event]\nstart = 2024-04-30\n+++\nText.\n";
    site.write("content/2024/moved.de.md", with_id);
    site.write(
        "content/2024/moved.zh.md",
        "+++\ntitle = \"搬家\"\n[event]\nname = \"活动\"\n+++\n正文。\n",
    );
    site.build(&[]);
    let de_url = format!("{BASE}/de/2024/moved/");
    let zh_url = format!("{BASE}/zh/2024/moved/");
    let zh_ids = |site: &TestSite| {
        let entry = atom_entries(site, "zh").remove(&zh_url).unwrap();
        (
            entry.id().to_string(),
            calendar_events(site, "zh")[&zh_url]["UID"].clone(),
        )
    };
    let (de_before, zh_before) = (ids(&site, &de_url), zh_ids(&site));
    assert_ne!(de_before, zh_before, "each language has its own identity");
    for lang in ["de", "zh"] {
        let from = site.root.join(format!("content/2024/moved.{lang}.md"));
        let to = site.root.join(format!("content/2025/moved.{lang}.md"));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(from, to).unwrap();
    }
    site.build(&[]);
    assert_eq!(ids(&site, &de_url), de_before);
    assert_eq!(zh_ids(&site), zh_before, "the translation inherits the id");
}

#[test]
fn an_update_before_the_publication_date_is_ignored_everywhere_alike() {
    // If this breaks, a page claims it was changed before it was published, or its meta
    // tags, JSON-LD, feed and sitemap give three different modification times.
    // gazette's decision (src/render/views.rs, `latest_change`): such an `updated` is neither
    // an error nor shown; the last change is the publication.
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/early.de.md",
        "+++\ntitle = \"Früh\"\ndate = 2024-05-10T10:00:00+08:00\nupdated = 2024-05-01\n+++\nText.\n",
    );
    // A real update written in another offset: one hour after the publication.
    site.write(
        "content/2024/later.de.md",
        "+++\ntitle = \"Später\"\ndate = 2024-05-10T10:00:00+08:00\nupdated = 2024-05-10T03:00:00Z\n+++\nText.\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.status, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("content/2024/early.de.md:"), "{}", check.stderr);
    site.build(&[]);
    let atom = atom_entries(&site, "de");
    let sitemap = sitemap_lastmods(&site);
    for (slug, modified) in [("early", "2024-05-10T02:00:00Z"), ("later", "2024-05-10T03:00:00Z")] {
        let url = format!("{BASE}/de/2024/{slug}/");
        let html = site.html(&format!("de/2024/{slug}/index.html"));
        let json = json_ld(&html);
        let published = instant(json["@graph"][0]["datePublished"].as_str().unwrap());
        let json_modified = instant(json["@graph"][0]["dateModified"].as_str().unwrap());
        assert_eq!(json_modified, instant(modified), "{slug}: JSON-LD");
        assert!(json_modified >= published, "{slug}");
        assert_eq!(
            instant(&content_of(&html, "article:published_time")[0]),
            published,
            "{slug}"
        );
        // The meta tag, where there is one, says what the JSON-LD says.
        let meta = content_of(&html, "article:modified_time");
        assert_eq!(meta.len(), usize::from(slug == "later"), "{slug}: {meta:?}");
        for m in meta {
            assert_eq!(instant(&m), json_modified, "{slug}: meta");
        }
        let entry = &atom[&url];
        assert_eq!(instant(&entry.updated().to_rfc3339()), json_modified, "{slug}: Atom");
        assert_eq!(
            instant(&entry.published().unwrap().to_rfc3339()),
            published,
            "{slug}: Atom"
        );
        assert_eq!(instant(&sitemap[&url]), json_modified, "{slug}: sitemap");
    }
    // The page does not print the earlier date as an update.
    let early = site.html("de/2024/early/index.html");
    assert!(
        !text(&early, ".meta").contains("aktualisiert"),
        "{}",
        text(&early, ".meta")
    );
    assert!(text(&site.html("de/2024/later/index.html"), ".meta").contains("aktualisiert am"));
}

#[test]
fn an_event_without_a_place_stays_in_the_calendar_but_gets_no_event_markup() {
    // If this breaks, Search Console reports the page's Event markup as invalid (no
    // location), or the event silently drops out of the calendar, or the editor is not told.
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/nowhere.de.md",
        "+++\ntitle = \"Ohne Ort\"\ndate = 2024-04-01\n\n[event]\nname = \"Treffen\"\nstart = 2024-03-30\n+++\nText.\n",
    );
    site.write(
        "content/2024/online.de.md",
        "+++\ntitle = \"Online\"\ndate = 2024-04-02\n\n[event]\nstart = 2024-03-31\nattendance = \"online\"\n+++\nText.\n",
    );
    site.build(&[]);
    let json = json_ld(&site.html("de/2024/nowhere/index.html"));
    assert_eq!(graph_types(&json), ["NewsArticle"]);
    assert!(
        json["@graph"][0].get("about").is_none(),
        "no reference to a missing Event"
    );
    let calendar = calendar_events(&site, "de");
    let event = &calendar[&format!("{BASE}/de/2024/nowhere/")];
    assert_eq!(event["SUMMARY"], "Treffen");
    assert_eq!(event["DTSTART"], "20240330");
    assert!(!event.contains_key("LOCATION"));
    // An online event has its place: the page itself.
    let online = json_ld(&site.html("de/2024/online/index.html"));
    assert_eq!(graph_types(&online), ["NewsArticle", "Event"]);
    assert_eq!(online["@graph"][1]["location"]["@type"], "VirtualLocation");
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(0), "a warning, not an error: {}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: `event`: the event has no place\n --> content/2024/nowhere.de.md:5:1\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("the event has no place").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn links_under_a_base_path_are_prefixed_in_pages_and_feeds_and_checked() {
    // If this breaks, links in articles lead to the domain's root instead of the site, in the
    // browser or in feed readers, and `check` cannot tell.
    let site = TestSite::fixture("build/bilingual");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write(
        "site.toml",
        config.replace(
            "base_url = \"https://test.example.org/\"",
            "base_url = \"https://example.org/events/\"",
        ),
    );
    site.write(
        "content/2024/b.de.md",
        "+++\ntitle = \"B\"\ndate = 2024-04-02\n+++\nB.\n",
    );
    let body = "Siehe [B](/de/2024/b/) und [Anker](/de/2024/qilu-bayu/#unterzeichnung).";
    let article = |body: &str| format!("+++\ntitle = \"A\"\ndate = 2024-04-03\n+++\n{body}\n");
    site.write(
        "content/2024/a.de.md",
        article(&format!("{body} [fehlt](/de/2024/nirgends/)")),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(
        errors_of(&run.stderr),
        [(
            "broken link `/de/2024/nirgends/`: no page or file /de/2024/nirgends/ in the built site".to_string(),
            "content/2024/a.de.md:5:73".to_string()
        )]
    );
    site.write("content/2024/a.de.md", article(body));
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    site.build(&[]);
    let page = site.html("de/2024/a/index.html");
    assert_eq!(
        attrs(&page, ".prose a", "href"),
        ["/events/de/2024/b/", "/events/de/2024/qilu-bayu/#unterzeichnung"]
    );
    // The feed reader resolves the content's links against xml:base: they land in the site.
    let feed = site.read("de/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed Atom");
    let content = doc
        .descendants()
        .find(|n| {
            n.has_tag_name(("http://www.w3.org/2005/Atom", "content"))
                && n.attribute(("http://www.w3.org/XML/1998/namespace", "base"))
                    == Some("https://example.org/events/de/2024/a/")
        })
        .expect("the entry's content with its xml:base");
    let base = url::Url::parse(
        content
            .attribute(("http://www.w3.org/XML/1998/namespace", "base"))
            .unwrap(),
    )
    .unwrap();
    let fragment = Html::parse_fragment(content.text().unwrap());
    let links: Vec<String> = attrs(&fragment, "a", "href")
        .iter()
        .map(|href| base.join(href).unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.org/events/de/2024/b/",
            "https://example.org/events/de/2024/qilu-bayu/#unterzeichnung"
        ]
    );
    assert!(site.exists("de/2024/b/index.html"));
}

#[test]
fn counts_pages_dates_and_quotes_read_as_each_language_writes_them() {
    // If this breaks, readers see "1 Berichte", "第 2 / 3", a Latin colon in Chinese, an
    // English quote in German, a time nobody gave, or a tooltip in the wrong language.
    let site = TestSite::fixture("build/bilingual");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", config + "\n[markdown]\nsmart_punctuation = true\n");
    for month in 1..=5 {
        site.write(
            &format!("content/2024/zh{month}.zh.md"),
            format!(
                "+++\ntitle = \"报道{month}\"\ndate = 2024-0{month}-10T17:30:00+08:00\ntags = [\"合作\"]\n\
                 location = \"济南\"\n\n[event]\nname = \"活动{month}\"\nstart = 2024-0{month}-09\n+++\n\
                 正文第{month}篇，很短。\n"
            ),
        );
    }
    site.write(
        "content/2024/zitat.de.md",
        "+++\ntitle = \"Zitat\"\ndate = 2024-10-22T17:30:00+08:00\ntags = [\"Automobil\"]\n+++\n\
         Er sagte: \"Wir kommen wieder.\" Das war's.\n",
    );
    site.build(&[]);
    // Plurals: one report, several reports.
    assert_eq!(
        text(&site.html("de/tags/investitionen/index.html"), ".term-count"),
        "1 Bericht"
    );
    assert_eq!(
        text(&site.html("de/tags/automobil/index.html"), ".term-count"),
        "2 Berichte"
    );
    assert_eq!(text(&site.html("zh/tags/hezuo/index.html"), ".term-count"), "5篇报道");
    // Chinese pagination: six articles, two a page.
    let zh_page = site.html("zh/page/2/index.html");
    assert_eq!(text(&zh_page, ".pagination-status"), "第2页，共3页");
    assert!(text(&zh_page, "title").starts_with("第2页，共3页 · "));
    assert_eq!(text(&site.html("de/index.html"), ".pagination-status"), "Seite 1 von 2");
    // The date label: a full-width colon in Chinese, a colon and space in German.
    let zh_home = site.html("zh/index.html");
    let labels = texts(&zh_home, ".meta-event");
    assert!(!labels.is_empty());
    assert!(
        labels.iter().all(|l| l.starts_with("日期：") && !l.contains(':')),
        "{labels:?}"
    );
    assert!(
        texts(&site.html("de/index.html"), ".meta-event")
            .iter()
            .all(|l| l.starts_with("Datum: ")),
    );
    // Reading time of a short Chinese text: at least a minute, in Chinese words.
    let zh = site.html("zh/2024/zh1/index.html");
    let reading = texts(&zh, ".meta span:not(.meta-sep)").pop().unwrap();
    assert_eq!(reading, "阅读约1分钟");
    // Smart punctuation writes German quotes.
    let de = site.html("de/2024/zitat/index.html");
    assert_eq!(text(&de, ".prose p"), "Er sagte: „Wir kommen wieder.“ Das war’s.");
    // A time of day is shown where the date has one, and only there.
    assert_eq!(text(&de, ".meta time"), "22. Oktober 2024 um 17:30");
    assert_eq!(text(&zh, ".meta time"), "2024年1月10日 17:30");
    let date_only = text(&site.html("de/2023/jinan-fair/index.html"), ".meta time");
    assert_eq!(date_only, "14. Mai 2023");
    // Tooltips are written in the language of the element they sit on.
    let mut seen = HashSet::new();
    let selector = Selector::parse("body [title]").unwrap();
    for (file, source) in html_files(&site) {
        let html = Html::parse_document(&source);
        for element in html.select(&selector) {
            let title = element.value().attr("title").unwrap();
            let lang = lang_of(element).unwrap_or_else(|| panic!("{file}: no lang for {title}"));
            let expected = if has_cjk(title) { "zh" } else { "de" };
            assert_eq!(lang, expected, "{file}: `{title}` on an element in {lang}");
            seen.insert(lang);
        }
    }
    assert_eq!(seen.len(), 2, "tooltips in both languages were checked: {seen:?}");
}

#[test]
fn check_reports_every_mistake_build_refuses_in_one_run() {
    // If this breaks, an editor fixes what `check` said and `build` still fails, or has to
    // run `check` once per mistake. errors.rs covers each mistake alone; this is all of them
    // at once, and the two commands side by side.
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let before = snapshot(&site.root.join("public"));
    site.write(
        "content/pages/leer.de.md",
        "+++\ntitle = \"Leer\"\nslug = \"\"\n+++\nText.\n",
    );
    site.write("static/robots.txt", "User-agent: *\n");
    site.write(
        "content/pages/feed.de.md",
        "+++\ntitle = \"Feed\"\nslug = \"atom.xml\"\n+++\nText.\n",
    );
    site.write(
        "content/2024/two.de.md",
        "+++\ntitle = \"Zwei Fehler\"\ndate = 2024-02-02\nsumary = \"x\"\ntags = \"Messe\"\n+++\nText.\n",
    );
    site.write(
        "content/2024/table.de.md",
        "+++\ntitle = \"Tabelle\"\ndate = 2024-02-03\n[location]\nname = \"Jinan\"\nsource = \"x\"\n+++\nText.\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.status, Some(1), "{}", check.stderr);
    let found = errors_of(&check.stderr);
    let expected = [
        ("`location.source`: unknown field", "content/2024/table.de.md:6:1"),
        ("`slug`: `` is not a safe slug", "content/pages/leer.de.md:3:8"),
        (
            "`slug`: this and the de Atom feed would both write de/atom.xml",
            "content/pages/feed.de.md:3:8",
        ),
        ("`sumary`: unknown field", "content/2024/two.de.md:4:1"),
        (
            "`tags`: expected a list of text, found text",
            "content/2024/two.de.md:5:8",
        ),
        (
            "this and the robots.txt gazette writes would both write robots.txt",
            "static/robots.txt",
        ),
    ];
    let mut expected: Vec<(String, String)> = expected.iter().map(|(m, l)| (m.to_string(), l.to_string())).collect();
    expected.sort();
    assert_eq!(found, expected, "{}", check.stderr);
    assert!(check.stderr.contains("6 errors found"), "{}", check.stderr);
    let build = site.run(&["build"]);
    assert_eq!(build.status, Some(1), "{}", build.stderr);
    assert_eq!(errors_of(&build.stderr), expected, "{}", build.stderr);
    assert!(build.stderr.contains("nothing was written"), "{}", build.stderr);
    assert_eq!(before, snapshot(&site.root.join("public")), "public/ changed");
}
