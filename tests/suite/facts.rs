//! Facts written once, right in both languages: exact quantities, a Chinese original with a
//! German translation, the original governing publication, and translations that know which
//! state of their original they follow.

use crate::harness::{TestSite, snapshot, text, texts};

/// Next year, from today's date: fixtures never expire.
fn next_year() -> i16 {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).year() + 1
}

const ZH_ORIGINAL: &str = "+++
title = \"鲁渝合作签约项目25个\"
date = 2024-10-31T11:08:24+08:00
tags = [\"投资\"]
summary = \"总投资{{investment}}。\"

[location]
name = \"重庆\"
slug = \"chongqing\"
country = \"CN\"

[[figures]]
label = \"总投资额\"
value = 121_000_000_000
currency = \"CNY\"
key = \"investment\"

[[figures]]
label = \"参会企业\"
value = 150
approx = \"over\"
counter = \"家\"
key = \"companies\"

[[figures]]
label = \"精确数值\"
value = 9007199254740993
key = \"exact\"
+++
共有{{companies}}企业参会。

第二段。
";

const DE_TRANSLATION: &str = "+++
title = \"25 Projekte zwischen Shandong und Chongqing\"
tags = [\"Investitionen\"]

[location]
name = \"Chongqing\"

[[figures]]
label = \"Investitionsvolumen\"
key = \"investment\"

[[figures]]
label = \"Unternehmen\"
key = \"companies\"

[[figures]]
label = \"genauer Wert\"
key = \"exact\"

[translation]
from = \"zh\"
+++
Es kamen {{companies}} Unternehmen; das Volumen betrug {{investment}}.
";

fn with_chinese_original() -> TestSite {
    let site = TestSite::fixture("build/bilingual");
    site.write("content/2024/lu-yu.zh.md", ZH_ORIGINAL);
    site.write("content/2024/lu-yu.de.md", DE_TRANSLATION);
    site
}

#[test]
fn a_chinese_original_gives_its_facts_to_the_german_translation() {
    let site = with_chinese_original();
    site.build(&[]);
    let de = site.html("de/2024/lu-yu/index.html");
    let zh = site.html("zh/2024/lu-yu/index.html");
    // One value each, written by each language: 1210亿元 and 121 Mrd. Yuan.
    assert_eq!(
        texts(&zh, ".figure-value"),
        ["1210亿元", "150余家", "9,007,199,254,740,993"]
    );
    assert_eq!(
        texts(&de, ".figure-value"),
        ["121 Mrd. Yuan", "über 150", "9.007.199.254.740.993"]
    );
    assert_eq!(
        texts(&de, ".figure[data-key=exact]").len(),
        1,
        "the exact value is kept as written"
    );
    // The body cites figures by key; each page writes them its own way.
    assert_eq!(
        text(&de, ".prose p"),
        "Es kamen über 150 Unternehmen; das Volumen betrug 121 Mrd. Yuan."
    );
    assert_eq!(text(&zh, ".prose p"), "共有150余家企业参会。");
    assert_eq!(text(&zh, ".lede"), "总投资1210亿元。");
    // The German page inherited the date and the place, and names its original.
    assert!(texts(&de, "time").contains(&"31. Oktober 2024 um 11:08".to_string()));
    let json: serde_json::Value = serde_json::from_str(&texts(&de, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(json["@graph"][0]["translationOfWork"]["inLanguage"], "zh");
    let zh_json: serde_json::Value =
        serde_json::from_str(&texts(&zh, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(zh_json["@graph"][0]["workTranslation"][0]["inLanguage"], "de");
    assert!(
        site.read("de/2024/lu-yu/index.html")
            .contains("data-value=\"9007199254740993\"")
    );
}

#[test]
fn an_embargoed_original_keeps_every_version_out_of_every_output() {
    let site = TestSite::fixture("build/bilingual");
    let year = next_year();
    site.write(
        "content/2024/secret.zh.md",
        ZH_ORIGINAL.replace("2024-10-31T11:08:24+08:00", &format!("{year}-03-01T09:00:00+08:00")),
    );
    site.write("content/2024/secret.de.md", DE_TRANSLATION);
    site.build(&[]);
    let leaked: Vec<_> = snapshot(&site.root.join("public"))
        .into_iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.contains("secret") || text.contains("25 Projekte zwischen") || text.contains("鲁渝合作签约")
        })
        .map(|(path, _)| path)
        .collect();
    assert!(leaked.is_empty(), "the embargoed article leaked into {leaked:?}");
    // A translation dated before its embargoed original is an error naming both files.
    site.write(
        "content/2024/secret.de.md",
        DE_TRANSLATION.replace("tags = [", "date = 2024-01-01\ntags = ["),
    );
    let before = snapshot(&site.root.join("public"));
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.status, Some(1), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("content/2024/secret.de.md:3:8"), "{}", run.stderr);
        assert!(
            run.stderr.contains("its original content/2024/secret.zh.md is dated"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(before, snapshot(&site.root.join("public")), "public/ was kept");
    // check counts the translation as written, although nothing of it is published.
    site.write("content/2024/secret.de.md", DE_TRANSLATION);
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("secret.zh.md\n |\nhelp: translation coverage"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("translation coverage: de 5 of 5"), "{}", run.stderr);
}

#[test]
fn a_stale_translation_is_reported_until_it_is_confirmed() {
    let site = with_chinese_original();
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .contains("translations into de: 0 up to date, 0 stale, 1 not yet confirmed"),
        "{}",
        run.stderr
    );
    let done = site.run(&["translate", "--done", "content/2024/lu-yu.de.md"]);
    assert_eq!(done.status, Some(0), "{}", done.stderr);
    let recorded = std::fs::read_to_string(site.root.join("content/2024/lu-yu.de.md")).unwrap();
    assert!(
        recorded.contains("[translation]\nfrom = \"zh\"\nstate = \"v1 "),
        "{recorded}"
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("translations into de: 1 up to date, 0 stale"),
        "{}",
        run.stderr
    );
    // The original changes a figure and its second paragraph.
    let changed = ZH_ORIGINAL
        .replace("value = 121_000_000_000", "value = 125_000_000_000")
        .replace("第二段。", "第二段，已修改。");
    site.write("content/2024/lu-yu.zh.md", changed);
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(0), "staleness is a warning: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "the original content/2024/lu-yu.zh.md changed since this translation was confirmed: figures.investment; paragraph 2 of 2 (“第二段，已修改。”)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/2024/lu-yu.de.md:22:9"), "{}", run.stderr);
    assert!(run.stderr.contains("1 stale"), "{}", run.stderr);
    site.run(&["translate", "--done", "content/2024/lu-yu.de.md"]);
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("changed since"), "{}", run.stderr);
    assert!(
        run.stderr.contains("translations into de: 1 up to date, 0 stale"),
        "{}",
        run.stderr
    );
}

#[test]
fn translate_starts_a_draft_that_follows_the_original() {
    let site = TestSite::fixture("build/bilingual");
    site.write("content/2024/lu-yu.zh.md", ZH_ORIGINAL);
    let run = site.run(&["translate", "content/2024/lu-yu.zh.md"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let stub = std::fs::read_to_string(site.root.join("content/2024/lu-yu.de.md")).unwrap();
    insta::assert_snapshot!("translate_stub", stub);
    // The draft builds (with --drafts) and inherits the facts.
    site.build(&["--drafts"]);
    assert_eq!(
        texts(&site.html("de/2024/lu-yu/index.html"), ".figure-value")[0],
        "121 Mrd. Yuan"
    );
    let again = site.run(&["translate", "content/2024/lu-yu.zh.md", "--to", "de"]);
    assert_eq!(again.status, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}
