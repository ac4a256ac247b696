//! Everything around the articles, each read by a real parser of its format: Atom feeds,
//! iCalendar feeds, the sitemap, JSON-LD, the search index, taxonomies and the archive.

use std::str::FromStr;

use crate::harness::{TestSite, attrs, text, texts};

fn built() -> TestSite {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    site
}

#[test]
fn atom_feeds_hold_exactly_the_published_articles() {
    let site = built();
    let de = atom_syndication::Feed::from_str(&site.read("de/atom.xml")).expect("valid Atom");
    // Entry ids are UUIDs of the article's identity, not its URL (see the redating test).
    let ids: Vec<&str> = de.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids.iter().all(|id| id.starts_with("urn:uuid:") && id.len() == 45),
        "{ids:?}"
    );
    let first = &de.entries()[0];
    assert_eq!(first.links()[0].href(), "https://test.example.org/de/2024/qilu-bayu/");
    assert_eq!(first.authors()[0].name(), "dzwww.com");
    assert_eq!(first.updated().to_rfc3339(), "2024-11-02T00:00:00+08:00");
    assert!(
        first
            .content()
            .unwrap()
            .value()
            .unwrap()
            .contains("<h2 id=\"unterzeichnung\">")
    );
    assert_eq!(de.updated().to_rfc3339(), "2024-11-02T00:00:00+08:00");
    assert_eq!(
        de.links().iter().find(|l| l.rel() == "self").unwrap().href(),
        "https://test.example.org/de/atom.xml"
    );
    let zh = atom_syndication::Feed::from_str(&site.read("zh/atom.xml")).expect("valid Atom");
    assert_eq!(zh.entries().len(), 1);
    assert_eq!(zh.entries()[0].title().as_str(), "150余家鲁企齐聚重庆");
    // Every page announces its language's feed.
    let home = site.html("de/index.html");
    assert_eq!(
        attrs(&home, "link[type='application/atom+xml']", "href"),
        ["https://test.example.org/de/atom.xml"]
    );
}

#[test]
fn calendars_have_one_valid_event_per_article_with_an_event() {
    let site = built();
    let raw = site.read("de/events.ics");
    for line in raw.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "line without CRLF: {line:?}");
        assert!(line.len() - 2 <= 75, "line over 75 octets: {line:?}");
    }
    let unfolded = icalendar::parser::unfold(&raw);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = calendar.components.iter().filter(|c| c.name == "VEVENT").collect();
    assert_eq!(events.len(), 2);
    let prop = |event: &icalendar::parser::Component, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
    };
    let fair = events
        .iter()
        .find(|e| prop(e, "URL").unwrap().contains("jinan-fair"))
        .unwrap();
    assert_eq!(prop(fair, "DTSTART").unwrap(), "20230510");
    assert_eq!(
        prop(fair, "DTEND").unwrap(),
        "20230513",
        "DTEND of an all-day event is exclusive"
    );
    let talks = events
        .iter()
        .find(|e| prop(e, "URL").unwrap().contains("qilu-bayu"))
        .unwrap();
    assert_eq!(prop(talks, "DTSTART").unwrap(), "20241022");
    assert_eq!(prop(talks, "DTEND").unwrap(), "20241023");
    assert_eq!(prop(talks, "GEO").unwrap(), "29.563;106.551");
    assert_eq!(prop(talks, "LOCATION").unwrap(), "Chongqing, CN");
    assert!(
        raw.contains("LOCATION:Chongqing\\, CN\r\n"),
        "commas in TEXT are escaped"
    );
    assert_eq!(prop(talks, "UID").unwrap().len(), 36, "a UUID");
    assert!(prop(talks, "DTSTAMP").unwrap().ends_with('Z'));
    // The translation's calendar carries its own words and the inherited dates.
    let zh = site.read("zh/events.ics");
    let zh_unfolded = icalendar::parser::unfold(&zh);
    let zh = icalendar::parser::read_calendar(&zh_unfolded).expect("valid iCalendar");
    let zh_events: Vec<_> = zh.components.iter().filter(|c| c.name == "VEVENT").collect();
    assert_eq!(zh_events.len(), 1);
    assert_eq!(prop(zh_events[0], "SUMMARY").unwrap(), "第二届齐鲁名企巴渝行");
    assert_eq!(prop(zh_events[0], "DTSTART").unwrap(), "20241022");
}

#[test]
fn a_calendar_without_events_is_still_a_valid_calendar() {
    let site = TestSite::fixture("build/bilingual");
    std::fs::remove_file(site.root.join("content/2024/qilu-bayu.zh.md")).unwrap();
    site.build(&[]);
    let raw = site.read("zh/events.ics");
    // Every BEGIN has its END, in order (RFC 5545 §3.4, §3.6).
    let mut open = Vec::new();
    for line in raw.split("\r\n").filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push(name);
        } else if let Some(name) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(name), "END:{name} closes the wrong component");
        }
    }
    assert!(open.is_empty(), "never closed: {open:?}");
    // RFC 5545 §3.6 wants at least one component: the definition of UTC is the true one.
    let unfolded = icalendar::parser::unfold(&raw);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let names: Vec<&str> = calendar.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["VTIMEZONE"]);
    assert_eq!(calendar.components[0].components[0].name, "STANDARD");
}

#[test]
fn the_sitemap_lists_every_page_once_with_its_translations() {
    let site = built();
    let sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    // The sitemap is an index over sitemap files.
    let index = site.read("sitemap.xml");
    let index = roxmltree::Document::parse(&index).expect("well-formed sitemap index");
    assert!(index.root_element().has_tag_name((sitemap_ns, "sitemapindex")));
    let files: Vec<&str> = index
        .descendants()
        .filter(|n| n.has_tag_name((sitemap_ns, "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(files, ["https://test.example.org/sitemap-1.xml"]);
    let xml = site.read("sitemap-1.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((sitemap_ns, "url")))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|c| c.has_tag_name((sitemap_ns, "loc")))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    let mut unique = locs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), locs.len(), "a page is listed twice");
    assert!(locs.contains(&"https://test.example.org/de/2024/qilu-bayu/"));
    assert!(locs.contains(&"https://test.example.org/zh/locations/chongqing/"));
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("draft-notice") || l.contains("future-notice"))
    );
    let article = urls
        .iter()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some("https://test.example.org/zh/2024/qilu-bayu/"))
        })
        .unwrap();
    let alternates: Vec<(&str, &str)> = article
        .children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|l| (l.attribute("hreflang").unwrap(), l.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("de", "https://test.example.org/de/2024/qilu-bayu/"),
            ("zh", "https://test.example.org/zh/2024/qilu-bayu/"),
            ("x-default", "https://test.example.org/de/2024/qilu-bayu/"),
        ]
    );
    let lastmod = article
        .children()
        .find(|c| c.has_tag_name((sitemap_ns, "lastmod")))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(lastmod, "2024-11-01T16:00:00Z");
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://test.example.org/sitemap.xml")
    );
    assert!(site.exists("404.html"));
    let not_found = site.html("404.html");
    assert_eq!(texts(&not_found, "h1"), ["Seite nicht gefunden", "页面未找到"]);
}

#[test]
fn article_pages_carry_json_ld_that_survives_hostile_titles() {
    let site = built();
    for page in ["de/2024/qilu-bayu/index.html", "de/2023/jinan-fair/index.html"] {
        let html = site.html(page);
        let scripts = texts(&html, "script[type='application/ld+json']");
        assert_eq!(scripts.len(), 1, "{page}");
        let json: serde_json::Value = serde_json::from_str(&scripts[0]).expect("valid JSON-LD");
        let graph = json["@graph"].as_array().unwrap();
        let types: Vec<&str> = graph.iter().map(|n| n["@type"].as_str().unwrap()).collect();
        assert_eq!(types, ["NewsArticle", "Event"], "{page}");
    }
    let html = site.html("de/2024/qilu-bayu/index.html");
    let json: serde_json::Value = serde_json::from_str(&texts(&html, "script[type='application/ld+json']")[0]).unwrap();
    let event = &json["@graph"][1];
    assert_eq!(event["startDate"], "2024-10-22");
    assert_eq!(event["location"]["address"]["addressCountry"], "CN");
    assert_eq!(event["location"]["geo"]["latitude"], 29.563);
    assert_eq!(json["@graph"][0]["isBasedOn"], "https://www.dzwww.com/");
    assert_eq!(json["@graph"][0]["workTranslation"][0]["inLanguage"], "zh");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(json["@graph"][0]["author"]["name"], "dzwww.com");
    // The translation points at its original, not the other way round.
    let zh = site.html("zh/2024/qilu-bayu/index.html");
    let zh: serde_json::Value = serde_json::from_str(&texts(&zh, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(
        zh["@graph"][0]["translationOfWork"]["url"],
        "https://test.example.org/de/2024/qilu-bayu/"
    );
    assert!(zh["@graph"][0].get("workTranslation").is_none());
    let hostile = site.html("de/2023/jinan-fair/index.html");
    let json: serde_json::Value =
        serde_json::from_str(&texts(&hostile, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(
        json["@graph"][0]["headline"],
        "Messe in Jinan <script>alert(\"x\")</script> & Co"
    );
    assert_eq!(attrs(&html, "meta[property='og:type']", "content"), ["article"]);
    assert_eq!(attrs(&html, "meta[name='twitter:card']", "content"), ["summary"]);
}

#[test]
fn location_pages_pair_across_languages_and_cjk_terms_get_ascii_paths() {
    let site = built();
    let de = site.html("de/locations/chongqing/index.html");
    let zh = site.html("zh/locations/chongqing/index.html");
    assert_eq!(text(&de, "h1"), "Chongqing");
    assert_eq!(text(&zh, "h1"), "重庆");
    assert_eq!(
        attrs(&de, "link[rel=alternate][hreflang=zh]", "href"),
        ["https://test.example.org/zh/locations/chongqing/"]
    );
    assert_eq!(attrs(&zh, "nav.lang-switch a", "href"), ["/de/locations/chongqing/"]);
    assert!(
        site.exists("zh/tags/touzi/index.html"),
        "Chinese tag 投资 gets an ASCII path, read as one word"
    );
    assert_eq!(text(&site.html("zh/tags/touzi/index.html"), "h1"), "投资");
    let tags = site.html("de/tags/index.html");
    assert_eq!(texts(&tags, ".term-list a"), ["Automobil", "Investitionen"]);
    let sources = site.html("de/sources/index.html");
    assert_eq!(
        attrs(&sources, ".term-list a", "href"),
        ["/de/sources/dzwww-com/", "/de/sources/messebuero/"]
    );
    // Unpaired term pages send the switcher to the other language's home.
    assert_eq!(
        attrs(&site.html("de/tags/automobil/index.html"), "nav.lang-switch a", "href"),
        ["/zh/"]
    );
}

#[test]
fn term_pages_list_articles_newest_first() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/chongqing-followup.de.md",
        "+++\ntitle = \"Nachtreffen in Chongqing\"\ndate = 2024-12-01\n[location]\nname = \"Chongqing\"\nslug = \"chongqing\"\n+++\nText.\n",
    );
    site.build(&[]);
    let page = site.html("de/locations/chongqing/index.html");
    assert_eq!(
        texts(&page, ".card-title"),
        [
            "Nachtreffen in Chongqing",
            "Über 150 Unternehmen aus Shandong in Chongqing"
        ]
    );
}

#[test]
fn distinct_words_with_one_slug_get_distinct_pages() {
    // 公益 (public good) and 工艺 (craft) read `gongyi` alike; neither may take the other's page.
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/a.zh.md",
        "+++\ntitle = \"甲\"\ndate = 2024-03-01\ntags = [\"公益\"]\n+++\n正文。\n",
    );
    site.write(
        "content/2024/b.zh.md",
        "+++\ntitle = \"乙\"\ndate = 2024-03-02\ntags = [\"工艺\"]\n+++\n正文。\n",
    );
    let run = site.build(&[]);
    assert!(run.stderr.contains("shares the slug `gongyi`"), "{}", run.stderr);
    let tags = site.html("zh/tags/index.html");
    let names = texts(&tags, ".term-list a");
    let links = attrs(&tags, ".term-list a", "href");
    let gongyi: Vec<_> = names
        .iter()
        .zip(&links)
        .filter(|(n, _)| *n == "公益" || *n == "工艺")
        .collect();
    assert_eq!(gongyi.len(), 2, "{names:?}");
    assert_ne!(gongyi[0].1, gongyi[1].1, "each word has its own page");
    for (name, href) in gongyi {
        let page = site.html(&format!("{}index.html", href.trim_start_matches('/')));
        assert_eq!(text(&page, "h1"), *name);
    }
    // An editor-given slug in site.toml pairs a tag across languages.
    site.write(
        "site.toml",
        std::fs::read_to_string(site.root.join("site.toml")).unwrap()
            + "\n[terms.tags.automotive]\nde = \"Automobil\"\nzh = \"汽车\"\n",
    );
    site.write(
        "content/2024/c.zh.md",
        "+++\ntitle = \"丙\"\ndate = 2024-03-03\ntags = [\"汽车\"]\n+++\n正文。\n",
    );
    site.build(&[]);
    let de = site.html("de/tags/automotive/index.html");
    assert_eq!(
        attrs(&de, "link[rel=alternate][hreflang=zh]", "href"),
        ["https://test.example.org/zh/tags/automotive/"]
    );
}

#[test]
fn site_toml_terms_pair_locations_and_name_inherited_sources() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "site.toml",
        std::fs::read_to_string(site.root.join("site.toml")).unwrap()
            + "\n[terms.locations.lz]\nde = \"Lanzhou\"\nzh = \"兰州\"\n\n[terms.sources.dzw]\nde = \"Dazhong-Netz\"\nzh = \"大众网\"\n",
    );
    // A Chinese original whose source the German translation inherits, and a Chinese-only
    // article in a place site.toml names.
    site.write(
        "content/2024/lu.zh.md",
        "+++\ntitle = \"鲁\"\ndate = 2024-03-03\n\n[location]\nname = \"兰州\"\n\n[source]\nname = \"大众网\"\n+++\n正文。\n",
    );
    site.write(
        "content/2024/lu.de.md",
        "+++\ntitle = \"Lu\"\n\n[translation]\nfrom = \"zh\"\n+++\nText.\n",
    );
    site.build(&[]);
    let de = site.html("de/2024/lu/index.html");
    assert!(
        attrs(&de, "a", "href").contains(&"/de/sources/dzw/".to_string()),
        "{:?}",
        attrs(&de, "a", "href")
    );
    // The inherited source shows the German word site.toml gives it.
    assert_eq!(text(&site.html("de/sources/dzw/index.html"), "h1"), "Dazhong-Netz");
    assert_eq!(text(&site.html("zh/sources/dzw/index.html"), "h1"), "大众网");
    // The place site.toml names gets its slug and its word in both languages.
    let zh = site.html("zh/locations/lz/index.html");
    assert_eq!(text(&zh, "h1"), "兰州");
    assert_eq!(
        attrs(&zh, "link[rel=alternate][hreflang=de]", "href"),
        ["https://test.example.org/de/locations/lz/"]
    );
    assert_eq!(text(&site.html("de/locations/lz/index.html"), "h1"), "Lanzhou");
}

#[test]
fn a_tag_that_gives_no_slug_is_an_error_at_its_place() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/x.de.md",
        "+++\ntitle = \"X\"\ndate = 2024-03-01\ntags = [\"!!!\"]\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/2024/x.de.md:4:9"), "{}", run.stderr);
    assert!(run.stderr.contains("the tag `!!!` gives no slug"), "{}", run.stderr);
}

#[test]
fn the_archive_is_split_by_year_and_each_year_links_the_others() {
    let site = built();
    let index = site.html("de/archive/index.html");
    assert_eq!(texts(&index, ".archive-years a"), ["2024", "2023"]);
    assert_eq!(
        attrs(&index, ".archive-years a", "href"),
        ["/de/archive/2024/", "/de/archive/2023/"]
    );
    assert_eq!(texts(&index, ".archive-years .count"), ["1 Bericht", "1 Bericht"]);
    let year = site.html("de/archive/2023/index.html");
    assert_eq!(texts(&year, ".archive h2"), ["Mai 2023"]);
    assert_eq!(
        attrs(&year, ".archive-years a[aria-current=page]", "href"),
        ["/de/archive/2023/"]
    );
    assert_eq!(
        texts(&year, ".archive li a"),
        ["Messe in Jinan <script>alert(\"x\")</script> & Co"]
    );
    let zh = site.html("zh/archive/2024/index.html");
    assert_eq!(texts(&zh, ".archive h2"), ["2024年10月"]);
    assert_eq!(texts(&zh, ".archive-years .count"), ["1篇报道"]);
    // The year pages pair across languages where both have the year.
    assert_eq!(
        attrs(
            &site.html("de/archive/2024/index.html"),
            "link[rel=alternate][hreflang=zh]",
            "href"
        ),
        ["https://test.example.org/zh/archive/2024/"]
    );
    assert!(!site.exists("zh/archive/2023/index.html"));
}

#[test]
fn search_indexes_are_per_language_and_split_into_small_files() {
    let site = built();
    let manifest: serde_json::Value = serde_json::from_str(&site.read("de/search/index.json")).expect("valid JSON");
    assert_eq!(manifest["lang"], "de");
    assert_eq!(manifest["docs"], 2);
    // Every chunk the manifest names exists, and so does a fragment per article.
    for name in manifest["c"].as_array().unwrap() {
        let chunk = format!("de/search/c/{}.json", name.as_str().unwrap());
        let chunk: serde_json::Value = serde_json::from_str(&site.read(&chunk)).expect("valid chunk");
        assert!(chunk["t"].is_array());
    }
    let fragments: Vec<serde_json::Value> = (0..2)
        .map(|id| serde_json::from_str(&site.read(&format!("de/search/f/{id}.json"))).expect("valid fragment"))
        .collect();
    let titles: Vec<&str> = fragments.iter().map(|f| f["t"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Über 150 Unternehmen aus Shandong in Chongqing"),
        "{titles:?}"
    );
    // The body is indexed with its cited figures as the page shows them.
    let talks = fragments.iter().find(|f| f["u"] == "/de/2024/qilu-bayu/").unwrap();
    assert!(
        talks["b"]
            .as_str()
            .unwrap()
            .replace('\u{a0}', " ")
            .contains("121 Mrd. Yuan"),
        "{talks}"
    );
    let zh: serde_json::Value = serde_json::from_str(&site.read("zh/search/index.json")).expect("valid JSON");
    assert_eq!(zh["docs"], 1);
    let page = site.html("zh/search/index.html");
    assert_eq!(attrs(&page, ".search", "data-index"), ["/zh/search/index.json"]);
    assert!(site.exists("search.js"));
}
