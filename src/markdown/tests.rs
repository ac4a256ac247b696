use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::*;

/// A body's reading and its HTML, for tests that look at both.
struct Rendered {
    markdown: Markdown,
    html: String,
}

impl std::ops::Deref for Rendered {
    type Target = Markdown;
    fn deref(&self) -> &Markdown {
        &self.markdown
    }
}

/// The reading and the HTML of a body, as a build makes them in one pass.
fn render(body: &str, options: &Options) -> Rendered {
    let markdown = render_with_html(body, options);
    let html = markdown.html.clone().unwrap_or_default();
    // The entry points agree: what a build makes at load, what watch mode makes when it
    // writes a page, and what is read without the HTML.
    assert_eq!(super::html(body, options), html);
    let read = super::render(body, options);
    assert_eq!(
        (&read.plain_text, &read.summary, &read.ids),
        (&markdown.plain_text, &markdown.summary, &markdown.ids)
    );
    Rendered { markdown, html }
}

fn md(body: &str) -> Rendered {
    render(body, &Options::default())
}

fn safe(body: &str) -> Rendered {
    render(
        body,
        &Options {
            raw_html: false,
            ..Options::default()
        },
    )
}

fn lang(body: &str, lang: &str) -> Rendered {
    render(
        body,
        &Options {
            smart_punctuation: true,
            lang,
            ..Options::default()
        },
    )
}

fn ids(out: &Markdown) -> Vec<&str> {
    out.headings.iter().map(|h| h.id.as_str()).collect()
}

/// Placeholders written as `[key]`, to compare outputs readably.
fn shown(text: &str) -> String {
    fill(text, |key| Some(format!("[{key}]"))).into_owned()
}

// 1. Heading ids in linear time.

fn time_empty_headings(n: usize) -> Duration {
    let body = "#\n".repeat(n);
    let start = Instant::now();
    let out = md(&body);
    let elapsed = start.elapsed();
    assert_eq!(out.headings.len(), n);
    assert_eq!(out.headings[n - 1].id, format!("section-{}", n - 1));
    elapsed
}

#[test]
fn twenty_thousand_empty_headings_are_fast() {
    let elapsed = time_empty_headings(20_000);
    eprintln!("20,000 empty headings: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

/// A safety net, not the measure: an optimised build takes about 0.1 s of CPU; a debug build
/// sharing two cores with the other tests took up to 5 s; the quadratic search took minutes.
/// `ids::tests` checks the amortised bound by counting.
#[test]
fn a_hundred_thousand_empty_headings_are_fast() {
    let elapsed = time_empty_headings(100_000);
    eprintln!("100,000 empty headings: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
}

#[test]
fn suffixes_skip_ids_already_taken() {
    let out = md("# A\n\n# A-1\n\n# A\n\n# A\n\n# A 1\n");
    assert_eq!(ids(&out), ["a", "a-1", "a-2", "a-3", "a-1-1"]);
}

#[test]
fn no_generated_id_takes_a_later_explicit_one() {
    let out = md("# Intro\n\n# Other {#intro}\n\n# Other {#intro}\n\n# Intro\n");
    assert_eq!(ids(&out), ["intro-1", "intro", "intro-2", "intro-3"]);
}

#[test]
fn explicit_ids_are_kept_or_slugged() {
    let out = md("# A {#Key_Figures.2024}\n\n# B {#签约}\n\n# C {#a\"b}\n");
    assert_eq!(ids(&out), ["Key_Figures.2024", "qianyue", "a-b"]);
}

#[test]
fn heading_ids_use_the_slug_and_keep_the_text() {
    let out = md("## Key figures\n\n## Key figures\n\n## 签约仪式\n\n## !!!\n\n## *Über* `150`\n");
    assert_eq!(
        ids(&out),
        ["key-figures", "key-figures-1", "qianyue-yishi", "section", "uber-150"]
    );
    assert_eq!(out.headings[4].text, "Über 150");
    assert_eq!(out.headings[4].level, 2);
    assert!(
        out.html.contains("<h2 id=\"key-figures\">Key figures</h2>"),
        "{}",
        out.html
    );
}

// 2. Streaming: a big table.

#[test]
fn a_big_table_streams_through() {
    let mut body = String::from("|a|b|c|d|e|f|g|h|i|j|\n|-|-|-|-|-|-|-|-|-|-|\n");
    for n in 0..20_000 {
        body.push_str(&format!("|{}|b|c|d|e|f|g|h|i|j|\n", n % 10));
    }
    let start = Instant::now();
    let out = md(&body);
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
    assert!(out.html.starts_with("<div class=\"table-wrap\"><table>"));
    assert!(
        out.html.trim_end().ends_with("</table>\n</div>"),
        "{}",
        &out.html[out.html.len() - 40..]
    );
    assert_eq!(out.html.matches("<tr>").count(), 20_001);
    assert_eq!(out.plain_text.lines().count(), 200_010);
}

// 3. Footnote and reserved ids.

#[test]
fn footnotes_get_prefixed_ids_and_a_back_link() {
    let out = md("Text[^1] and again[^1].\n\n[^1]: The note.\n");
    let html = &out.html;
    assert!(
        html.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"),
        "{html}"
    );
    assert!(
        html.contains("again<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>"),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"footnote-definition\" id=\"fn-1\">"),
        "{html}"
    );
    assert!(
        html.contains("<p>The note. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Back to text\">↩"),
        "{html}"
    );
    assert!(!html.contains("id=\"1\"") && !html.contains("href=\"#1\""), "{html}");
    assert_eq!(out.ids, ["fnref-1", "fn-1"]);
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let out = render(
        "A[^b] B[^A] C[^b]\n\n[^a]: First defined.\n\n[^b]: Second defined.\n\n[^x]: Unused.\n",
        &Options {
            lang: "de",
            ..Options::default()
        },
    );
    let html = &out.html;
    assert!(html.contains("<a href=\"#fn-b\" id=\"fnref-b\">1</a>"), "{html}");
    assert!(html.contains("<a href=\"#fn-a\" id=\"fnref-a\">2</a>"), "{html}");
    assert!(
        html.contains("id=\"fn-a\"><sup class=\"footnote-definition-label\">2</sup>"),
        "{html}"
    );
    assert!(
        html.contains("id=\"fn-x\"><sup class=\"footnote-definition-label\">3</sup>"),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Zurück zum Text\""), "{html}");
    assert_eq!(html.matches("footnote-backref").count(), 2, "{html}");
}

#[test]
fn footnote_labels_are_made_id_safe_and_unique() {
    let out = md("# Fn 1\n\nA[^注释] B[^a\"b] C[^a-b] D[^1]\n\n[^注释]: x\n\n[^a\"b]: y\n\n[^a-b]: z\n\n[^1]: w\n");
    let html = &out.html;
    assert!(html.contains("id=\"fn-zhushi\""), "{html}");
    assert!(
        html.contains("id=\"fn-a-b\"") && html.contains("id=\"fn-a-b-1\""),
        "{html}"
    );
    assert!(!html.contains("a\"b\""), "{html}");
    assert_eq!(out.headings[0].id, "fn-1-1", "the footnote owns fn-1");
    assert!(html.contains("id=\"fn-1\""), "{html}");
    let unique: HashSet<_> = out.ids.iter().collect();
    assert_eq!(unique.len(), out.ids.len(), "{:?}", out.ids);
}

#[test]
fn a_label_defined_twice_keeps_ids_unique() {
    let out = md("A[^1]\n\n[^1]: One.\n\n[^1]: Again.\n");
    let unique: HashSet<_> = out.ids.iter().collect();
    assert_eq!(unique.len(), out.ids.len(), "{:?}", out.ids);
}

#[test]
fn headings_avoid_reserved_ids() {
    let reserved = ["main", "facts-title", "figures-title", "search-q"];
    let options = Options {
        reserved_ids: &reserved,
        ..Options::default()
    };
    let out = render(
        "# Main\n\n# Facts title\n\n# Search Q {#search-q}\n\n# Other\n",
        &options,
    );
    assert_eq!(ids(&out), ["main-1", "facts-title-1", "search-q-1", "other"]);
}

// 4. raw_html = false cannot be bypassed.

#[test]
fn heading_attributes_without_raw_html() {
    let out =
        safe("## H {#top .lead .x\"y onclick=alert(1) style=color:red data-x=1 hidden}\n\n## I {onclick=alert(1)}\n");
    assert_eq!(out.html, "<h2 id=\"top\" class=\"lead\">H</h2>\n<h2 id=\"i\">I</h2>\n");
}

#[test]
fn heading_attributes_with_raw_html() {
    let out = md("## H {#top .lead onclick=alert(1) ONMOUSEOVER=x style=\"color:red\" data-x=1 id=y class=z hidden}\n");
    assert_eq!(
        out.html,
        "<h2 id=\"top\" class=\"lead\" style=\"color:red\" data-x=\"1\" hidden=\"\">H</h2>\n"
    );
}

#[test]
fn dangerous_urls_are_refused_without_raw_html() {
    let cases = [
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1))",
        "[x](<\tjavascript:alert(1)>)",
        "[x](java&#x09;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](&#x01;javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ];
    for body in cases {
        let out = safe(body);
        assert!(!out.html.contains("<a"), "{body}: {}", out.html);
        assert_eq!(out.links.len(), 1, "{body}");
        assert_eq!(out.links[0].emitted, None, "{body}");
    }
    let out = safe("![x](data:text/html;base64,PHNjcmlwdD4=) ![y](javascript:alert(1) \"t\")");
    assert!(
        !out.html.contains("<img") && !out.html.contains("x") && !out.html.contains("y"),
        "{}",
        out.html
    );
    assert!(out.links.iter().all(|l| l.image && l.emitted.is_none()));
}

#[test]
fn safe_urls_pass_without_raw_html() {
    let cases = [
        ("[x](https://example.org/a?b#c)", "https://example.org/a?b#c"),
        ("[x](HTTP://example.org)", "HTTP://example.org"),
        ("[x](mailto:a@example.org)", "mailto:a@example.org"),
        ("[x](tel:+49301234)", "tel:+49301234"),
        ("[x](page/)", "page/"),
        ("[x](../a:b)", "../a:b"),
        ("[x](#top)", "#top"),
        ("[x](?q=a:b)", "?q=a:b"),
        ("[x](//cdn.example.org/a)", "//cdn.example.org/a"),
        ("<a@example.org>", "mailto:a@example.org"),
    ];
    for (body, url) in cases {
        let out = safe(body);
        assert_eq!(out.links[0].emitted.as_deref(), Some(url), "{body}");
        assert!(out.html.contains("<a href=\""), "{body}: {}", out.html);
    }
}

#[test]
fn url_schemes_are_read_as_a_browser_does() {
    for url in [
        "javascript:x",
        " \u{1}JAVASCRIPT:x",
        "java\tscript:x",
        "jav\nascript:x",
        "data:x",
        "a:b",
        "java script:x",
    ] {
        assert!(!safety::is_safe_url(url), "{url:?}");
    }
    for url in ["", "/a", "a/b:c", "#x:y", "?a:b", "https://x", "MailTo:a@b", "x"] {
        assert!(safety::is_safe_url(url), "{url:?}");
    }
}

#[test]
fn raw_html_is_text_without_raw_html() {
    let out = safe("<script>alert(1)</script>\n\nText <b onclick=x>bold</b> <img src=x onerror=alert(1)>");
    assert!(!out.html.contains("<script") && !out.html.contains("<b") && !out.html.contains("<img"));
    assert!(
        out.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        out.html
    );
    assert!(out.html.contains("&lt;b onclick=x&gt;bold&lt;/b&gt;"), "{}", out.html);
}

#[test]
fn raw_html_and_urls_pass_with_raw_html() {
    let out = md("<div class=\"note\">Hi</div>\n\nText <b>bold</b> [x](javascript:void(0))");
    assert!(out.html.contains("<div class=\"note\">Hi</div>"), "{}", out.html);
    assert!(out.html.contains("<b>bold</b>"));
    assert!(out.html.contains("href=\"javascript:void(0)\""));
}

// 5. Base path and links.

#[test]
fn root_relative_urls_get_the_base_path() {
    for base in ["/events", "/events/"] {
        let options = Options {
            base_path: base,
            ..Options::default()
        };
        let body = "[a](/de/2024/b/) [b](//cdn.org/x) [c](rel/) [d](#f) [e](https://x.org/y) ![i](/img/a.png)";
        let out = render(body, &options);
        let emitted: Vec<_> = out.links.iter().map(|l| l.emitted.as_deref().unwrap_or("")).collect();
        assert_eq!(
            emitted,
            [
                "/events/de/2024/b/",
                "//cdn.org/x",
                "rel/",
                "#f",
                "https://x.org/y",
                "/events/img/a.png"
            ],
            "{base}"
        );
        assert!(
            out.html.contains("<a href=\"/events/de/2024/b/\">a</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<img src=\"/events/img/a.png\""), "{}", out.html);
    }
    let out = md("[a](/de/)");
    assert_eq!(out.links[0].emitted.as_deref(), Some("/de/"));
}

#[test]
fn links_are_recorded_as_written_with_their_range() {
    let body = "Intro [the page](/de/2024/b/ \"T\") and ![pic](img.png).\n\n[ref]: /x/";
    let out = render(
        body,
        &Options {
            base_path: "/events",
            ..Options::default()
        },
    );
    let link = &out.links[0];
    assert_eq!(link.url, "/de/2024/b/");
    assert_eq!(link.emitted.as_deref(), Some("/events/de/2024/b/"));
    assert_eq!(&body[link.range.clone()], "[the page](/de/2024/b/ \"T\")");
    assert!(!link.image && out.links[1].image);
    assert_eq!(&body[out.links[1].range.clone()], "![pic](img.png)");
}

// 6. Citations.

#[test]
fn citations_become_placeholders_and_are_recorded() {
    let body = "Es wurden {{projects_signed}} Projekte und {{ investment }} Euro.";
    let out = md(body);
    let keys: Vec<_> = out.citations.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["projects_signed", "investment"]);
    assert_eq!(&body[out.citations[0].range.clone()], "{{projects_signed}}");
    assert_eq!(&body[out.citations[1].range.clone()], "{{ investment }}");
    assert_eq!(
        shown(&out.html),
        "<p>Es wurden [projects_signed] Projekte und [investment] Euro.</p>\n"
    );
    assert_eq!(
        shown(&out.summary),
        "Es wurden [projects_signed] Projekte und [investment] Euro."
    );
    assert_eq!(shown(&out.plain_text), shown(&out.summary));
}

#[test]
fn citations_count_in_link_text_not_in_code_or_urls() {
    let body = "[{{a}} *x*](/{{b}}/) `{{c}}` ![{{d}}](i.png)\n\n```\n{{e}}\n```\n\n    {{f}}\n\n# T {{g.h-i}}\n";
    let out = md(body);
    let keys: Vec<_> = out.citations.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["a", "d", "g.h-i"]);
    assert!(out.html.contains("<code>{{c}}</code>") && out.html.contains("{{e}}") && out.html.contains("{{f}}"));
    assert_eq!(out.links[0].url, "/{{b}}/");
    assert_eq!(out.headings[0].id, "t-g-h-i", "slug from the key, not a value");
    assert_eq!(shown(&out.headings[0].text), "T [g.h-i]");
}

#[test]
fn only_literal_citations_count() {
    let out = md("\\{{a}} {{ b c }} {{}} {{d} {{e}}} {&#123;f}} {{g\\_h}} \\\\{{i}}");
    let keys: Vec<_> = out.citations.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["e", "i"]);
    assert!(out.html.starts_with("<p>{{a}} {{ b c }} {{}} {{d} "), "{}", out.html);
}

#[test]
fn citations_survive_smart_punctuation_and_splits() {
    let body = "\"{{a_b}}\" and {{x.y}}'s and **{{z}}**";
    let out = lang(body, "de");
    let keys: Vec<_> = out.citations.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["a_b", "x.y", "z"]);
    assert_eq!(
        shown(&out.html),
        "<p>„[a_b]“ and [x.y]’s and <strong>[z]</strong></p>\n"
    );
    for citation in &out.citations {
        assert!(body[citation.range.clone()].starts_with("{{"));
    }
}

#[test]
fn sentinels_in_the_body_are_neutralised() {
    let out = md("a \u{FDD0}x\u{FDD1} b {{k}}");
    assert_eq!(out.citations.len(), 1);
    assert_eq!(shown(&out.html), "<p>a \u{FFFD}x\u{FFFD} b [k]</p>\n");
    assert_eq!(out.citations[0].range, 12..17);
}

#[test]
fn fill_resolves_escapes_and_keeps_unknown_keys_visible() {
    let out = md("Wert: {{a}}, {{b}}, ![{{a}}](x.png)");
    let resolve = |key: &str| (key == "a").then(|| "<1 & \"2\">".to_string());
    let html = fill_html(&out.html, resolve);
    assert_eq!(
        html,
        "<p>Wert: &lt;1 &amp; &quot;2&quot;&gt;, {{b}}, <img src=\"x.png\" alt=\"&lt;1 &amp; &quot;2&quot;&gt;\" /></p>\n"
    );
    assert_eq!(fill(&out.plain_text, resolve), "Wert: <1 & \"2\">, {{b}},");
    assert!(matches!(
        fill("no placeholders", resolve),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(fill("\u{FDD0}\u{FDD1}\u{FDD0}a b\u{FDD1}", resolve), "a b");
}

#[test]
fn fill_is_linear_on_hostile_text() {
    let hostile = [
        "\u{FDD0}".repeat(1_000_000),
        "\u{FDD0}aaaaaaaaaaaaaaaaaaaa".repeat(200_000),
        "\u{FDD0}k\u{FDD1}".repeat(500_000),
        format!("\u{FDD0}{}", "a".repeat(4_000_000)),
    ];
    for text in &hostile {
        let start = Instant::now();
        let filled = fill(text, |_| Some("v".to_string()));
        assert!(filled.len() <= text.len() * 2);
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    }
}

#[test]
fn citation_scanning_is_linear_on_hostile_text() {
    let hostile = [
        "{{".repeat(500_000),
        "{{a}}&amp;".repeat(100_000),
        "{{ ".repeat(300_000) + "x",
    ];
    for body in &hostile {
        let start = Instant::now();
        md(body);
        assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    }
}

// 7. Quotes by language.

#[test]
fn german_quotes() {
    let out = lang(
        "\"Hallo\", sagte sie. \"Er sagte 'ja' und ging.\" Das ist's, it's 'n Test.",
        "de",
    );
    assert_eq!(
        out.html,
        "<p>„Hallo“, sagte sie. „Er sagte ‚ja‘ und ging.“ Das ist’s, it’s ’n Test.</p>\n"
    );
    let out = lang("'it's fine' and 'Hallo ' Welt'", "de");
    assert_eq!(out.html, "<p>‚it’s fine‘ and ‚Hallo ’ Welt‘</p>\n");
    assert_eq!(
        lang("\"Grüezi\" 'mitenand'", "de-CH").html,
        "<p>«Grüezi» ‹mitenand›</p>\n"
    );
}

#[test]
fn chinese_and_english_quotes() {
    for code in ["zh", "en", ""] {
        assert_eq!(
            lang("\"你好\" 'a' it's", code).html,
            "<p>“你好” ‘a’ it’s</p>\n",
            "{code}"
        );
    }
    assert_eq!(lang("„Schon“ typografisch", "de").html, "<p>„Schon“ typografisch</p>\n");
    let out = render(
        "\"Hallo\"",
        &Options {
            lang: "de",
            ..Options::default()
        },
    );
    assert_eq!(out.html, "<p>\"Hallo\"</p>\n", "no smart punctuation, no change");
}

#[test]
fn quotes_pair_within_one_block() {
    let out = lang("# 'Titel\n\nit' \"x\n\n| 'a | b' |\n|---|---|\n| 'c' | d |\n", "de");
    assert!(out.html.contains("<h1 id=\"titel\">’Titel</h1>"), "{}", out.html);
    assert!(out.html.contains("<p>it’ „x</p>"), "{}", out.html);
    assert!(out.html.contains("<td>‚c‘</td>"), "{}", out.html);
}

// 8. Summaries.

fn summary(body: &str, max: usize) -> String {
    render(
        body,
        &Options {
            summary_chars: max,
            ..Options::default()
        },
    )
    .markdown
    .summary
}

#[test]
fn summary_skips_images_scripts_and_footnotes() {
    assert_eq!(summary("![Ein Bild](a.png)\n\nDer Text.", 200), "Der Text.");
    assert_eq!(
        summary("[![Bild](a.png)](b/)\n\n<img src=x>\n\nDer Text.", 200),
        "Der Text."
    );
    assert_eq!(summary("Vor ![alt](a.png) nach.", 200), "Vor nach.");
    assert_eq!(
        summary("Vor <script>evil()</script> Text <style>p{}</style>da.", 200),
        "Vor Text da."
    );
    assert_eq!(summary("<script>evil()</script> is a block.\n\nText.", 200), "Text.");
    assert_eq!(summary("<script>\nevil()\n</script>\n\nText.", 200), "Text.");
    let out = safe("Vor <script>evil()</script> Text\n\n<style>\np{}\n</style>");
    assert_eq!(out.summary, "Vor Text");
    assert!(
        !out.plain_text.contains("evil") && !out.plain_text.contains("p{}"),
        "{}",
        out.plain_text
    );
    assert_eq!(
        summary("# Title\n\nFirst *para*\ngraph with [a link](/x/).\n\nSecond.", 200),
        "First para graph with a link."
    );
}

#[test]
fn summary_is_cut_at_a_sentence_end() {
    let text = "Erster Satz. Zweiter Satz! Dritter Satz ist viel länger als der Rest.";
    assert_eq!(summary(text, 30), "Erster Satz. Zweiter Satz!");
    assert_eq!(summary(text, 26), "Erster Satz. Zweiter Satz!");
    assert_eq!(summary(text, 25), "Erster Satz.");
    assert_eq!(summary(text, 0), text);
    assert_eq!(summary(text, 500), text);
    assert_eq!(
        summary("Er sagte: \"Gut.\" Dann ging er nach Hause.", 20),
        "Er sagte: \"Gut.\""
    );
    assert_eq!(
        summary("Am 3. Oktober kamen z. B. viele. Danach mehr Text hier.", 40),
        "Am 3. Oktober kamen z. B. viele."
    );
    assert_eq!(
        summary("山东企业在重庆签约。共有二十五个项目签约，总金额很高。", 12),
        "山东企业在重庆签约。"
    );
    assert_eq!(summary("Version 1.5 ist da? Ja.", 12), "Version 1.5…");
}

#[test]
fn summary_without_a_sentence_end_is_cut_at_a_word() {
    assert_eq!(
        summary("Ein sehr langer Satz ohne jedes Ende und so weiter", 20),
        "Ein sehr langer…"
    );
    assert_eq!(summary("Ein, zwei, drei, vier, fünf, sechs", 12), "Ein, zwei…");
    assert_eq!(summary("山东企业在重庆签约共有二十五个项目", 8), "山东企业在重庆…");
    assert_eq!(summary("Donaudampfschifffahrtsgesellschaft", 10), "Donaudamp…");
    let cited = shown(&summary("Es wurden {{projects_signed}} Projekte unterzeichnet", 20));
    assert_eq!(cited, "Es wurden…");
    assert_eq!(
        shown(&summary("Es wurden {{n}} Projekte unterzeichnet", 20)),
        "Es wurden [n]…"
    );
}

// 9. Plain text.

#[test]
fn plain_text_is_one_block_a_line() {
    let body = "# Titel\n\nErster *Absatz*\nweiter.\n\n- eins\n- zwei `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlet x = 1;\n```\n\n![alt](a.png) <span>html</span>\n\n> Zitat[^1]\n\n[^1]: Fußnote.\n";
    assert_eq!(
        md(body).plain_text,
        "Titel\nErster Absatz weiter.\neins\nzwei code\na\nb\n1\n2\nhtml\nZitat\nFußnote."
    );
}

// 10. Word count and reading time.

#[test]
fn chinese_counts_characters() {
    assert_eq!(md("山东企业在重庆签约。").word_count, 9);
    assert_eq!(md("Über 150 Unternehmen kamen nach Chongqing.").word_count, 6);
    assert_eq!(md("共有25个项目签约").word_count, 8);
    assert_eq!(md("Es wurden {{projects_signed}} Projekte.").word_count, 4);
}

#[test]
fn reading_time() {
    assert_eq!(md("山东企业在重庆签约。").reading_minutes, 1);
    assert_eq!(md("").reading_minutes, 1);
    assert_eq!(md(&"签".repeat(400)).reading_minutes, 1);
    assert_eq!(md(&"签".repeat(401)).reading_minutes, 2);
    assert_eq!(md(&"Wort ".repeat(460)).reading_minutes, 2);
    assert_eq!(md(&"Wort ".repeat(461)).reading_minutes, 3);
    // Half a minute of each is one minute, not two.
    assert_eq!(
        md(&format!("{} {}", "Wort ".repeat(115), "签".repeat(200))).reading_minutes,
        1
    );
}

// 11. What stays.

#[test]
fn extensions_stay() {
    let out = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ and a note[^1]\n\n[^1]: The note.\n");
    assert!(out.html.contains("<div class=\"table-wrap\"><table>"), "{}", out.html);
    assert!(out.html.contains("</table>\n</div>"), "{}", out.html);
    assert!(out.html.contains("<del>x</del>"));
    assert!(out.html.contains("footnote-definition"));
}

// Any input.

mod any_input {
    use proptest::prelude::*;

    use super::*;

    /// Markdown-heavy text: every construct this module rewrites, in any order.
    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "#",
            "## ",
            "\n",
            "\n\n",
            " ",
            "*",
            "_",
            "`",
            "```\n",
            "[",
            "]",
            "(",
            ")",
            "!",
            "{",
            "}",
            "{{",
            "}}",
            "#id",
            ".c",
            "=",
            "on",
            "\"",
            "'",
            "<",
            ">",
            "<script>",
            "</script>",
            "<b>",
            "|",
            "|---|",
            "[^1]",
            "[^1]: ",
            "^",
            "-",
            "> ",
            "\\",
            "&#x09;",
            "javascript:",
            "/",
            "//",
            "a",
            "Ü",
            "签",
            "。",
            ".",
            "\u{FDD0}",
            "\u{FDD1}",
            "\t",
            "    ",
            "1.",
            "~~",
            "http://x",
            "key_1",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    fn options(raw_html: bool, smart: bool, summary_chars: usize) -> Options<'static> {
        Options {
            raw_html,
            smart_punctuation: smart,
            lang: if smart { "de" } else { "zh" },
            base_path: "/events",
            reserved_ids: &["main", "1"],
            summary_chars,
        }
    }

    fn check(body: &str, raw_html: bool, smart: bool, summary_chars: usize) {
        let out = render(body, &options(raw_html, smart, summary_chars));
        let mut seen: HashSet<&str> = ["main", "1"].into();
        for id in &out.ids {
            assert!(seen.insert(id), "duplicate id {id}");
        }
        for link in &out.links {
            assert!(body.get(link.range.clone()).is_some());
        }
        for citation in &out.citations {
            assert!(body[citation.range.clone()].starts_with("{{"));
        }
        if !raw_html {
            assert_tags_are_safe(&out.html);
        }
        let filled = fill(&out.html, |_| Some(String::new()));
        assert!(!filled.contains(['\u{FDD0}', '\u{FDD1}']));
    }

    /// Every tag in the HTML (text `<` is escaped, so each `<` is one): no `<script>`, no
    /// event handler, no unsafe URL.
    fn assert_tags_are_safe(html: &str) {
        for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or("")) {
            let lower = tag.to_ascii_lowercase();
            assert!(!lower.starts_with("script"), "{html}");
            for attr in lower.split_whitespace().skip(1) {
                assert!(!attr.starts_with("on"), "{html}");
            }
            for quoted in [" href=\"", " src=\""] {
                if let Some(start) = tag.find(quoted) {
                    let value = tag[start + quoted.len()..].split('"').next().unwrap_or("");
                    assert!(safety::is_safe_url(&value.replace("&amp;", "&")), "{html}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn render_never_panics(body in markdownish(), raw in any::<bool>(), smart in any::<bool>(), max in 0usize..40) {
            check(&body, raw, smart, max);
        }

        #[test]
        fn render_never_panics_on_any_text(body in "\\PC{0,200}", raw in any::<bool>()) {
            check(&body, raw, true, 10);
        }
    }
}
