//! `gazette build` on a bilingual site: paths, translations, localisation, inheritance,
//! escaping, drafts and embargo, encodings, themes, and the swap that protects public/.

use crate::harness::{TestSite, attrs, snapshot, text, texts};

const DE: &str = "de/2024/qilu-bayu/index.html";
const ZH: &str = "zh/2024/qilu-bayu/index.html";

#[test]
fn articles_and_pages_land_at_their_urls() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    for path in [
        DE,
        ZH,
        "de/2023/jinan-fair/index.html",
        "de/impressum/index.html",
        "zh/impressum/index.html",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    for path in [
        "index.html",
        "404.html",
        "de/index.html",
        "zh/index.html",
        "gazette.css",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    assert_eq!(text(&site.html(ZH), "h1"), "150余家鲁企齐聚重庆");
}

#[test]
fn translations_link_each_other_with_hreflang_and_switcher() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let de = site.html(DE);
    let zh = site.html(ZH);
    assert_eq!(
        attrs(&de, "link[rel=alternate][hreflang=zh]", "href"),
        ["https://test.example.org/zh/2024/qilu-bayu/"]
    );
    assert_eq!(
        attrs(&zh, "link[rel=alternate][hreflang=de]", "href"),
        ["https://test.example.org/de/2024/qilu-bayu/"]
    );
    assert_eq!(
        attrs(&de, "link[rel=canonical]", "href"),
        ["https://test.example.org/de/2024/qilu-bayu/"]
    );
    assert_eq!(attrs(&de, "nav.lang-switch a", "href"), ["/zh/2024/qilu-bayu/"]);
    assert_eq!(attrs(&zh, "nav.lang-switch a", "href"), ["/de/2024/qilu-bayu/"]);
    // Without a translation the switcher leads to the other language's home, and no
    // hreflang claims a translation that does not exist.
    let untranslated = site.html("de/2023/jinan-fair/index.html");
    assert_eq!(attrs(&untranslated, "nav.lang-switch a", "href"), ["/zh/"]);
    assert!(attrs(&untranslated, "link[rel=alternate][hreflang=zh]", "href").is_empty());
    let page = site.html("zh/impressum/index.html");
    assert_eq!(
        attrs(&page, "link[rel=alternate][hreflang=de]", "href"),
        ["https://test.example.org/de/impressum/"]
    );
}

#[test]
fn dates_and_numbers_are_written_for_each_language() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let de = site.html(DE);
    let times = texts(&de, "time");
    // The publication time was given, so it is shown.
    assert!(times.contains(&"31. Oktober 2024 um 11:08".to_string()), "{times:?}");
    assert!(times.contains(&"22. Oktober 2024".to_string()), "{times:?}");
    // One value each, written by each language: scale words, approximations, units.
    assert_eq!(texts(&de, ".figure-value"), ["über 150", "121 Mrd. Yuan", "38,6 %"]);
    let fair = site.html("de/2023/jinan-fair/index.html");
    assert!(texts(&fair, "time").contains(&"10.–12. Mai 2023".to_string()));
    let zh = site.html(ZH);
    assert!(texts(&zh, "time").contains(&"2024年10月31日 11:08".to_string()));
    assert_eq!(texts(&zh, ".figure-value"), ["150余家", "1210亿元", "38.6%"]);
}

#[test]
fn translation_inherits_the_facts_it_leaves_out() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let zh = site.html(ZH);
    // Date, event day, figure values and unit, location country and source come from the
    // German original; the words (title, labels, names) are the translation's own.
    assert_eq!(attrs(&zh, "article time", "datetime")[0], "2024-10-31T11:08:24+08:00");
    assert!(texts(&zh, "time").contains(&"2024年10月22日".to_string()));
    assert_eq!(texts(&zh, ".figure-label"), ["企业", "投资额", "工业项目占比"]);
    // The body cites the figures by key: each language writes them its own way.
    assert_eq!(
        text(&zh, ".prose p"),
        "10月22日，150余家山东企业齐聚重庆，投资总额1210亿元。"
    );
    assert!(
        text(&site.html(DE), ".prose p")
            .contains("über 150 Unternehmen in Chongqing. Das Volumen betrug 121 Mrd. Yuan.")
    );
    let facts = text(&zh, ".facts");
    assert!(facts.contains("重庆") && facts.contains("CN"), "{facts}");
    assert!(facts.contains("第二届齐鲁名企巴渝行"), "{facts}");
    assert_eq!(attrs(&zh, ".facts a.external", "href"), ["https://www.dzwww.com/"]);
}

#[test]
fn front_matter_text_is_escaped() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let raw = site.read("de/2023/jinan-fair/index.html");
    assert!(!raw.contains("<script>alert"), "front matter became markup");
    let html = site.html("de/2023/jinan-fair/index.html");
    assert_eq!(text(&html, "h1"), "Messe in Jinan <script>alert(\"x\")</script> & Co");
}

#[test]
fn drafts_and_embargoed_articles_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    assert!(!site.exists("de/2023/draft-notice/index.html"));
    assert!(!site.exists("de/2999/future-notice/index.html"));
    let home = site.read("de/index.html");
    assert!(!home.contains("Entwurf") && !home.contains("Sperrfrist"));
    site.build(&["--drafts", "--future"]);
    assert!(site.exists("de/2023/draft-notice/index.html"));
    assert!(site.exists("de/2999/future-notice/index.html"));
}

#[test]
fn home_is_paginated_newest_first() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&["--future"]);
    let first = site.html("de/index.html");
    let titles = texts(&first, ".card-title");
    assert_eq!(
        titles,
        ["Sperrfrist bis 2999", "Über 150 Unternehmen aus Shandong in Chongqing"]
    );
    assert_eq!(attrs(&first, "a[rel=next]", "href"), ["/de/page/2/"]);
    let second = site.html("de/page/2/index.html");
    assert_eq!(texts(&second, ".card-title").len(), 1);
    assert_eq!(attrs(&second, "a[rel=prev]", "href"), ["/de/"]);
    // UI strings: the theme's, with site.toml's override for zh.
    assert_eq!(text(&site.html("zh/index.html"), "h1"), "最新消息");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let site = TestSite::fixture("build/bilingual");
    let source = "\u{feff}+++\r\ntitle = \"Windows-Datei\"\r\ndate = 2024-01-05\r\n+++\r\nZeile eins\r\nZeile zwei\r\n";
    site.write("content/2024/windows.de.md", source);
    site.build(&[]);
    let html = site.html("de/2024/windows/index.html");
    assert_eq!(text(&html, "h1"), "Windows-Datei");
    assert!(!site.read("de/2024/windows/index.html").contains('\r'));
}

#[test]
fn site_templates_override_the_theme_and_the_theme_is_built_in() {
    let site = TestSite::fixture("build/bilingual");
    assert!(
        !site.root.join("themes").exists(),
        "the fixture relies on the built-in theme"
    );
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><title>{{ page.title }}</title><div class=\"custom\">{{ content | safe }}</div>",
    );
    site.build(&[]);
    let page = site.html("de/impressum/index.html");
    assert_eq!(text(&page, "div.custom"), "Verantwortlich: Pressestelle.");
}

/// Lists print each article's card as the theme's card partial renders it, once per article:
/// a site's own partial shows on the home page and on the term pages alike, with the
/// article (`a`), the language and its UI strings.
#[test]
fn a_site_card_partial_shows_on_every_list() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "templates/partials/article_card.html",
        "<article class=\"card custom\" lang=\"{{ lang }}\"><a href=\"{{ a.url }}\">{{ a.title }}</a> <span>{{ i18n.event_date }}</span></article>",
    );
    site.build(&[]);
    let home = site.html("de/index.html");
    let tag = site.html("de/tags/automobil/index.html");
    for list in [&home, &tag] {
        assert_eq!(
            attrs(list, "article.card.custom a", "href").first().map(String::as_str),
            Some("/de/2024/qilu-bayu/")
        );
        assert_eq!(
            attrs(list, "article.card.custom", "lang").first().map(String::as_str),
            Some("de")
        );
        assert!(texts(list, "article.card.custom span").iter().all(|t| !t.is_empty()));
    }
    let card = |page: &str| {
        let text = site.read(page);
        let start = text.find("<article class=\"card custom\"").expect("a card");
        let end = start + text[start..].find("</article>").expect("the card's end");
        text[start..end].to_string()
    };
    assert_eq!(card("de/index.html"), card("de/tags/automobil/index.html"));
    let zh = site.html("zh/index.html");
    assert!(attrs(&zh, "article.card.custom", "lang").iter().all(|l| l == "zh"));
    assert!(!attrs(&zh, "article.card.custom", "lang").is_empty());
}

#[test]
fn bundle_files_are_copied_beside_the_page() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/qilu-bayu/hall.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build(&[]);
    assert!(site.exists("de/2024/qilu-bayu/hall.svg"));
    assert!(site.exists("zh/2024/qilu-bayu/hall.svg"));
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&["--base-url", "https://preview.example.net/sub/"]);
    let de = site.html(DE);
    assert_eq!(
        attrs(&de, "link[rel=canonical]", "href"),
        ["https://preview.example.net/sub/de/2024/qilu-bayu/"]
    );
    assert_eq!(attrs(&de, "nav.lang-switch a", "href"), ["/sub/zh/2024/qilu-bayu/"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("build/bilingual");
    site.build(&[]);
    let before = snapshot(&site.root.join("public"));
    site.write("content/2024/broken.de.md", "+++\ntitle = \"x\"\n");
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/2024/broken.de.md"), "{}", run.stderr);
    assert_eq!(before, snapshot(&site.root.join("public")));
}

#[test]
fn an_unconfigured_language_suffix_is_an_error() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/qilu-bayu.fr.md",
        "+++\ntitle = \"x\"\ndate = 2024-01-01\n+++\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1));
    assert!(run.stderr.contains("`fr` is not configured"), "{}", run.stderr);
    assert!(!site.root.join("public").exists());
}

#[test]
fn wrong_usage_exits_with_2() {
    let site = TestSite::fixture("build/bilingual");
    assert_eq!(site.run(&["build", "--no-such-flag"]).status, Some(2));
    let help = site.run(&["build", "--help"]);
    assert!(
        help.stdout.contains("--drafts") && help.stdout.contains("--base-url"),
        "{}",
        help.stdout
    );
}
