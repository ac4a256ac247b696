//! `gazette check`, `gazette new` and `gazette init`, run as an editor would.

use crate::harness::TestSite;

#[test]
fn check_passes_the_good_site_and_writes_nothing() {
    let site = TestSite::fixture("build/bilingual");
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(!site.root.join("public").exists(), "check wrote output");
    // Coverage is a warning, not a failure: the Jinan fair has no Chinese version. It is
    // counted from the files, drafts and embargoed articles included.
    assert!(run.stderr.contains("content/2023/jinan-fair.de.md"), "{}", run.stderr);
    assert!(run.stderr.contains("has no zh translation"), "{}", run.stderr);
    assert!(
        run.stderr.contains("translation coverage: de 4 of 4, zh 1 of 4"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_a_figure_that_differs_between_translations_by_its_key() {
    let site = TestSite::fixture("build/bilingual");
    let zh = std::fs::read_to_string(site.root.join("content/2024/qilu-bayu.zh.md")).unwrap();
    let zh = zh.replace(
        "label = \"企业\"\ncounter = \"家\"\nkey = \"companies\"",
        "label = \"企业\"\ncounter = \"家\"\nkey = \"companies\"\nvalue = 160",
    );
    let zh = zh.replace(
        "label = \"投资额\"\nkey = \"investment\"",
        "label = \"投资额\"\nkey = \"investment\"\ncurrency = \"EUR\"",
    );
    site.write("content/2024/qilu-bayu.zh.md", zh);
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    for expected in [
        "`figures[companies].value`",
        "content/2024/qilu-bayu.zh.md:15:9",
        "disagrees with the original content/2024/qilu-bayu.de.md",
        "it says 150, this translation says 160",
        "`figures[investment].unit`",
        "it says currency CNY, this translation says currency EUR",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
}

#[test]
fn check_reports_other_disagreements() {
    let site = TestSite::fixture("build/bilingual");
    let zh = std::fs::read_to_string(site.root.join("content/2024/qilu-bayu.zh.md")).unwrap();
    let zh = zh
        .replace("tags = [\"投资\"]", "tags = [\"投资\"]\ndate = 2024-11-05")
        .replace("name = \"重庆\"", "name = \"重庆\"\ncoordinates = [29.5, 106.5]")
        .replace("+++\n10月22日", "[translation]\nfrom = \"de\"\n+++\n10月22日");
    site.write("content/2024/qilu-bayu.zh.md", zh);
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("`date`: disagrees"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`location.coordinates`: disagrees"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_finds_broken_internal_links_and_anchors() {
    let site = TestSite::fixture("build/bilingual");
    site.write(
        "content/2024/links.de.md",
        "+++\ntitle = \"Links\"\ndate = 2024-02-01\n+++\n\
         [gut](/de/2024/qilu-bayu/#unterzeichnung) [relativ](../../2023/jinan-fair/) [extern](https://example.org/x)\n\
         [fehlt](/de/2024/gibt-es-nicht/) [anker](/de/2024/qilu-bayu/#nirgends) [css](/gazette.css)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("broken link `/de/2024/gibt-es-nicht/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("broken link `/de/2024/qilu-bayu/#nirgends`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("broken link").count(), 2, "{}", run.stderr);
}

#[test]
fn new_creates_one_file_per_language_and_refuses_to_overwrite() {
    let site = TestSite::fixture("build/bilingual");
    let run = site.run(&["new", "2025/qingdao-fair", "--title", "Messe in \"Qingdao\""]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let de = std::fs::read_to_string(site.root.join("content/2025/qingdao-fair.de.md")).unwrap();
    assert!(de.contains("Messe in \"Qingdao\""), "{de}");
    assert!(de.contains("+08:00"), "the date is in the site's time zone: {de}");
    assert!(site.root.join("content/2025/qingdao-fair.zh.md").exists());
    // The new files are valid: with --drafts the site builds and shows the article.
    site.build(&["--drafts"]);
    // The URL's year is that of the date gazette wrote (today, in the site's time zone), not the
    // folder's: read it from the file rather than guessing the year the test runs in.
    let year = de
        .lines()
        .find_map(|l| l.strip_prefix("date = "))
        .and_then(|date| date.get(..4))
        .unwrap_or_else(|| panic!("no date in {de}"));
    assert!(
        site.exists(&format!("de/{year}/qingdao-fair/index.html")),
        "no article for {year}"
    );
    // What an editor finds in the new files, as a reviewed snapshot (the date and the
    // identity change with every run and are masked).
    for lang in ["de", "zh"] {
        let text = std::fs::read_to_string(site.root.join(format!("content/2025/qingdao-fair.{lang}.md"))).unwrap();
        let masked: Vec<String> = text
            .lines()
            .map(|line| match line.split_once(" = ") {
                Some(("date" | "id" | "# start", _)) => {
                    format!("{} = [masked]", line.split(" = ").next().unwrap_or(""))
                }
                _ => line.to_string(),
            })
            .collect();
        insta::assert_snapshot!(format!("new_{lang}"), masked.join("\n"));
    }
    let again = site.run(&["new", "2025/qingdao-fair"]);
    assert_eq!(again.status, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn init_creates_a_site_that_builds_at_once_and_refuses_a_full_folder() {
    let site = TestSite::fixture("build/bilingual");
    let target = site.root.join("fresh");
    let run = site.run(&["init", target.to_str().unwrap()]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        target
            .join("public/zh/2024/shandong-chongqing-talks/index.html")
            .exists()
    );
    assert!(target.join("themes/default/templates/article.html").exists());
    let again = site.run(&["init", target.to_str().unwrap()]);
    assert_eq!(again.status, Some(1));
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}
