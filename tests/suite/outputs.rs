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
    let ids: Vec<&str> = de.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://test.example.org/de/2024/qilu-bayu/",
            "https://test.example.org/de/2023/jinan-fair/"
        ]
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
    assert!(prop(talks, "UID").unwrap().ends_with("@test.example.org"));
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
fn the_sitemap_lists_every_page_once_with_its_translations() {
    let site = built();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
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
    assert_eq!(lastmod, "2024-11-02T00:00:00+08:00");
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
        site.exists("zh/tags/tou-zi/index.html"),
        "Chinese tag 投资 gets an ASCII path"
    );
    assert_eq!(text(&site.html("zh/tags/tou-zi/index.html"), "h1"), "投资");
    let tags = site.html("de/tags/index.html");
    assert_eq!(texts(&tags, ".term-list a"), ["Automobil", "Investitionen"]);
    let sources = site.html("de/sources/index.html");
    assert_eq!(
        attrs(&sources, ".term-list a", "href"),
        ["/de/sources/dzwww-com/", "/de/sources/messeburo/"]
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
fn two_terms_that_would_write_the_same_page_are_an_error_naming_both() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/other.de.md",
        "+++\ntitle = \"Anders\"\ndate = 2024-03-01\ntags = [\"automobil!\"]\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/2024/other.de.md"), "{}", run.stderr);
    assert!(run.stderr.contains("content/2024/qilu-bayu.de.md"), "{}", run.stderr);
    assert!(run.stderr.contains("/de/tags/automobil/"), "{}", run.stderr);
}

#[test]
fn the_archive_groups_by_year_and_month_in_the_page_language() {
    let site = built();
    let de = site.html("de/archive/index.html");
    assert_eq!(texts(&de, ".archive h2"), ["2024", "2023"]);
    assert_eq!(texts(&de, ".archive h3"), ["Oktober 2024", "Mai 2023"]);
    let zh = site.html("zh/archive/index.html");
    assert_eq!(texts(&zh, ".archive h3"), ["2024年10月"]);
}

#[test]
fn search_indexes_are_per_language() {
    let site = built();
    let de: serde_json::Value = serde_json::from_str(&site.read("de/search.json")).expect("valid JSON");
    let titles: Vec<&str> = de
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2);
    let zh: serde_json::Value = serde_json::from_str(&site.read("zh/search.json")).expect("valid JSON");
    assert_eq!(zh[0]["title"], "150余家鲁企齐聚重庆");
    assert_eq!(zh[0]["location"], "重庆");
    assert_eq!(zh[0]["url"], "/zh/2024/qilu-bayu/");
    let page = site.html("zh/search/index.html");
    assert_eq!(attrs(&page, ".search", "data-index"), ["/zh/search.json"]);
    assert!(site.exists("search.js"));
}
