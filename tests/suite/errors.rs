//! Bad input, one case each: the build exits 1, the message names the file, the line and
//! a hint, and the previously built public/ is byte-for-byte as it was.

use crate::harness::{TestSite, snapshot};

/// One mistake: files to write (path, bytes) and what the message must contain.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "missing front matter",
        files: &[("content/2024/bad.de.md", b"title = \"x\"\n")],
        expect: &["content/2024/bad.de.md:1:1", "does not start with front matter", "the first line must be +++"],
    },
    Case {
        name: "unclosed front matter",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\nText\n")],
        expect: &["content/2024/bad.de.md:1:1", "never closed", "add a line with only +++"],
    },
    Case {
        name: "invalid TOML",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\ntags = [\"a\"\n+++\n")],
        expect: &["content/2024/bad.de.md:4:12", "unclosed array"],
    },
    Case {
        name: "missing title",
        files: &[("content/2024/bad.de.md", b"+++\ndate = 2024-01-01\n+++\nText\n")],
        expect: &["content/2024/bad.de.md:1", "`title`: required field is missing", "add title ="],
    },
    Case {
        name: "missing date",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\n+++\nText\n")],
        expect: &["content/2024/bad.de.md:1", "`date`: required field is missing", "add date = 2024-10-22"],
    },
    Case {
        name: "unknown field",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\nlocaton = \"Jinan\"\n+++\n")],
        expect: &["content/2024/bad.de.md:4:1", "`locaton`: unknown field", "did you mean `location`?"],
    },
    Case {
        name: "figure value given as a string",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Projekte\"\nvalue = \"25\"\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:6:9", "`figures[1].value`: expected a number, found text", "without quotes"],
    },
    Case {
        name: "unknown currency",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Volumen\"\nvalue = 5\ncurrency = \"CNX\"\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:7:12", "`figures[1].currency`", "CNY"],
    },
    Case {
        name: "a unit written in words",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Volumen\"\nvalue = 121\nunit = \"Mrd. Yuan\"\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:7:8", "`figures[1].unit`", "currency = \"CNY\""],
    },
    Case {
        name: "a translation inheriting words for a unit",
        files: &[
            (
                "content/2024/w.de.md",
                b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Kapazit\xc3\xa4t\"\nvalue = 200000\nunit_text = \"Tonnen\"\nkey = \"capacity\"\n+++\n",
            ),
            ("content/2024/w.zh.md", b"+++\ntitle = \"y\"\n[[figures]]\nlabel = \"capacity\"\nkey = \"capacity\"\n+++\n"),
        ],
        expect: &["content/2024/w.zh.md:3:1", "cannot inherit them", "write unit = \"tonne\" in the original"],
    },
    Case {
        name: "a translation counting a figure the original gives a currency",
        files: &[
            (
                "content/2024/c.de.md",
                b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Investitionen\"\nvalue = 38_600_000_000\ncurrency = \"CNY\"\nkey = \"investment\"\n+++\n",
            ),
            (
                "content/2024/c.zh.md",
                b"+++\ntitle = \"y\"\n[[figures]]\nlabel = \"\xe6\x8a\x95\xe8\xb5\x84\"\nkey = \"investment\"\ncounter = \"\xe7\xac\x94\"\n+++\n",
            ),
        ],
        expect: &["content/2024/c.zh.md:6:11", "takes no counter word", "content/2024/c.de.md:7", "remove counter here"],
    },
    Case {
        name: "a citation of a missing figure",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[[figures]]\nlabel = \"Projekte\"\nvalue = 25\nkey = \"projects\"\n+++\nEs wurden {{projekts}} Projekte unterzeichnet.\n",
        )],
        expect: &["content/2024/bad.de.md:9:11", "`{{projekts}}` cites no figure", "did you mean {{projects}}?"],
    },
    Case {
        name: "two originals",
        files: &[("content/2024/qilu-bayu.zh.md", b"+++\ntitle = \"y\"\ndate = 2024-10-31\n+++\n")],
        expect: &["content/2024/qilu-bayu.zh.md:3:8", "two originals", "content/2024/qilu-bayu.de.md", "[translation] from = \"de\""],
    },
    Case {
        name: "a key written below a table",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[location]\nname = \"Jinan\"\nsource = \"dzwww\"\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:6:1", "`location.source`: unknown field", "below the [location] header"],
    },
    Case {
        name: "an uppercase language suffix",
        files: &[("content/2024/bad.DE.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\n+++\n")],
        expect: &["content/2024/bad.DE.md", "must be written in lowercase", "bad.de.md"],
    },
    Case {
        name: "a page slug that collides with a generated page",
        files: &[("content/pages/archive.de.md", b"+++\ntitle = \"Archiv\"\n+++\nText.\n")],
        expect: &["content/pages/archive.de.md:1:1", "the de archive", "de/archive/index.html"],
    },
    Case {
        name: "a static file that collides with a generated file",
        files: &[("static/robots.txt", b"User-agent: *\n")],
        expect: &["static/robots.txt", "robots.txt", "gazette makes this file itself"],
    },
    Case {
        name: "a slug that collides with the search index",
        files: &[("content/pages/x.de.md", b"+++\ntitle = \"x\"\nslug = \"search\"\n+++\n")],
        expect: &["content/pages/x.de.md:3:8", "de/search/index.html", "the de search"],
    },
    Case {
        name: "coordinates out of range",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[location]\nname = \"Jinan\"\ncoordinates = [117.12, 36.65]\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:6:16", "latitude 117.12 is out of range", "between -90 and 90"],
    },
    Case {
        name: "empty location name",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[location]\nname = \"\"\n+++\n")],
        expect: &["content/2024/bad.de.md:5:8", "`location.name`: the location name is empty", "write the location's name"],
    },
    Case {
        name: "unconfigured language suffix",
        files: &[("content/2024/bad.fr.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\n+++\n")],
        expect: &["content/2024/bad.fr.md", "`fr` is not configured", "configured languages: de, zh"],
    },
    Case {
        name: "invalid UTF-8",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"Gr\xfc\xdfe\"\ndate = 2024-01-01\n+++\n")],
        expect: &["content/2024/bad.de.md:2:12", "not valid UTF-8", "save the file as UTF-8"],
    },
    Case {
        name: "empty file",
        files: &[("content/2024/bad.de.md", b"")],
        expect: &["content/2024/bad.de.md", "the file is empty", "start it with front matter"],
    },
    Case {
        name: "event ends before it starts",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[event]\nstart = 2024-05-12\nend = 2024-05-10\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:6:7", "ends (2024-05-10) before it starts (2024-05-12)", "`end` must be"],
    },
    Case {
        name: "source URL that is not http(s)",
        files: &[(
            "content/2024/bad.de.md",
            b"+++\ntitle = \"x\"\ndate = 2024-01-01\n[source]\nname = \"x\"\nurl = \"javascript:alert(1)\"\n+++\n",
        )],
        expect: &["content/2024/bad.de.md:6:7", "is not an http(s) URL", "https://"],
    },
    Case {
        name: "slug that leaves the output folder",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2024-01-01\nslug = \"../../../etc\"\n+++\n")],
        expect: &["content/2024/bad.de.md:4:8", "is not a safe slug", "cannot contain `/` or `..`"],
    },
    Case {
        name: "impossible date",
        files: &[("content/2024/bad.de.md", b"+++\ntitle = \"x\"\ndate = 2023-02-30\n+++\n")],
        expect: &["content/2024/bad.de.md:3:8", "invalid date", "accepted forms: 2024-10-22"],
    },
    Case {
        name: "two pages with the same path",
        files: &[("content/2024/copy.de.md", b"+++\ntitle = \"x\"\ndate = 2024-03-01\nslug = \"qilu-bayu\"\n+++\n")],
        expect: &["content/2024/copy.de.md:4:8", "content/2024/qilu-bayu.de.md:1", "would both write de/2024/qilu-bayu/index.html"],
    },
    Case {
        name: "template syntax error",
        files: &[("templates/page.html", b"<h1>{{ page.title }}</h1>\n<p>{{ page.summary </p>\n")],
        expect: &["templates/page.html:2", "page.html"],
    },
    Case {
        name: "template with an unknown variable",
        files: &[("templates/page.html", b"<h1>{{ page.title }}</h1>\n<p>{{ page.subtitle }}</p>\n")],
        expect: &["templates/page.html:2:12", "`subtitle` is not defined", "docs/templates.md"],
    },
    Case {
        // The card partial is rendered once per article, without the list page's variables.
        name: "card partial with a page's variable",
        files: &[(
            "templates/partials/article_card.html",
            b"<article>{{ a.title }}\n{{ paginator.status }}</article>\n",
        )],
        expect: &["templates/partials/article_card.html:2", "`paginator` is not defined"],
    },
    Case {
        name: "missing theme",
        files: &[(
            "site.toml",
            b"title = \"t\"\nbase_url = \"https://t.org\"\ndefault_language = \"de\"\ntheme = \"newsroom\"\n[languages.de]\n[languages.zh]\n",
        )],
        expect: &["site.toml", "the theme `newsroom` was not found", "themes/newsroom"],
    },
    Case {
        name: "broken site.toml",
        files: &[("site.toml", b"title = \"t\"\nbase_url = \"https://t.org\"\ndefault_language = de\n[languages.de]\n")],
        expect: &["site.toml:3:20", "string"],
    },
];

/// `figure value given as a string` → `error_figure_value_given_as_a_string`.
fn snapshot_name(case: &str) -> String {
    let words: String = case
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    ["error", &words].join("_")
}

#[test]
fn each_bad_input_is_reported_precisely_and_public_is_kept() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = TestSite::fixture("build/bilingual");
        site.build(&[]);
        let before = snapshot(&site.root.join("public"));
        for (path, bytes) in case.files {
            site.write(path, bytes);
        }
        let run = site.run(&["build"]);
        let missing: Vec<_> = case.expect.iter().filter(|e| !run.stderr.contains(*e)).collect();
        if run.status != Some(1) || !missing.is_empty() {
            failures.push(format!(
                "{}: exit {:?}, missing {missing:?} in:\n{}",
                case.name, run.status, run.stderr
            ));
        }
        insta::assert_snapshot!(snapshot_name(case.name), run.stderr);
        if snapshot(&site.root.join("public")) != before {
            failures.push(format!("{}: public/ changed", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_broken_file_is_reported_in_one_run_sorted_by_path() {
    let site = TestSite::fixture("build/bilingual");
    site.write("content/2024/b.de.md", "+++\ntitle = \"x\"\nlocaton = 1\n+++\n");
    site.write("content/2023/a.de.md", "+++\ndate = 2024-01-01\n+++\n");
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1));
    let a = run.stderr.find("content/2023/a.de.md").expect("first file reported");
    let b = run.stderr.find("content/2024/b.de.md").expect("second file reported");
    assert!(a < b, "sorted by path:\n{}", run.stderr);
    // The unknown field does not hide the missing date of the same file.
    assert!(
        run.stderr.contains("`date`: required field is missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 errors found"), "{}", run.stderr);
}
