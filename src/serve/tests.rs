//! Incremental rebuilds give the same bytes as a full build: scripted edits, and random
//! sequences of edits (proptest) — facts, bodies, translations, dates across years,
//! deletions, renames, templates and site.toml — each rebuilt incrementally and compared
//! byte for byte with a full build of the same files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::classify::{Change, classify};
use super::project::{Project, Rebuild};
use crate::BuildOptions;

/// A copy of a fixture site in a temporary folder.
struct TestSite {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl TestSite {
    fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite").join(name),
            &root,
        );
        TestSite { _dir: dir, root }
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn output(&self, relative: &str) -> PathBuf {
        self.root.join("public").join(relative)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, relative, sorted, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Applies changes to the project the way the watcher would, rebuilds, and checks the
/// output against a fresh full build of the same files.
struct Session {
    site: TestSite,
    project: Project,
}

impl Session {
    fn start() -> Session {
        let site = TestSite::fixture("build/bilingual");
        let options = BuildOptions {
            root: site.root.clone(),
            ..Default::default()
        };
        let output = site.root.join("public");
        let mut project = Project::open(options, output);
        project.build().expect("first build");
        Session { site, project }
    }

    fn change(&mut self, relative: &str, contents: Option<&str>) -> Result<Rebuild, String> {
        let path = self.site.root.join(relative);
        match contents {
            Some(text) => self.site.write(relative, text),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let output = self.site.root.join("public");
        let change = classify(&self.site.root, &output, &path);
        assert_ne!(change, Change::Ignored, "{relative}");
        self.project.apply(&[(change, path)]);
        self.project
            .build()
            .map_err(|e| e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))
    }

    fn assert_same_as_full_build(&self, step: &str) {
        let full = self.site.root.join("full");
        let options = BuildOptions {
            root: self.site.root.clone(),
            output: Some(full.clone()),
            ..Default::default()
        };
        crate::build(&options).unwrap_or_else(|e| panic!("{step}: full build failed: {e:?}"));
        let incremental = snapshot(&self.site.root.join("public"));
        let expected = snapshot(&full);
        let differing: Vec<_> = expected
            .iter()
            .filter(|f| !incremental.contains(f))
            .map(|(p, _)| p.display().to_string())
            .chain(
                incremental
                    .iter()
                    .filter(|f| !expected.contains(f))
                    .map(|(p, _)| p.display().to_string()),
            )
            .collect();
        assert!(
            differing.is_empty(),
            "{step}: incremental output differs from a full build in {differing:?}"
        );
        std::fs::remove_dir_all(full).unwrap();
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.site.root.join("public").join(relative)).unwrap()
    }
}

const ARTICLE: &str = "content/2024/qilu-bayu.de.md";

#[test]
fn incremental_rebuilds_are_byte_identical_to_full_builds() {
    let mut s = Session::start();
    let original = std::fs::read_to_string(s.site.root.join(ARTICLE)).unwrap();

    let modified = |p: &str| std::fs::metadata(s.site.output(p)).unwrap().modified().unwrap();
    let untouched = [
        "de/impressum/index.html",
        "de/2023/jinan-fair/index.html",
        "zh/impressum/index.html",
    ];
    let before: Vec<_> = untouched.iter().map(|p| modified(p)).collect();
    std::thread::sleep(Duration::from_millis(20));
    let edited = original.replace(
        "Es wurden 25 Projekte unterzeichnet.",
        "Es wurden 26 Projekte unterzeichnet.",
    );
    let rebuild = s.change(ARTICLE, Some(&edited)).unwrap();
    assert!(s.read("de/2024/qilu-bayu/index.html").contains("26 Projekte"));
    let after: Vec<_> = untouched
        .iter()
        .map(|p| std::fs::metadata(s.site.output(p)).unwrap().modified().unwrap())
        .collect();
    assert_eq!(before, after, "pages that do not show the article were written again");
    assert!(rebuild.unchanged >= untouched.len(), "{rebuild:?}");
    assert!(!rebuild.planned, "a body edit reuses the plan: {rebuild:?}");
    s.assert_same_as_full_build("body edit");

    // Without a `summary`, the first paragraph is one: editing it reaches the lists, which
    // takes a new plan.
    let unsummarised = edited.replace(
        "summary = \"Zweite Qilu-Bayu-Gespräche: 25 Projekte unterzeichnet.\"\n",
        "",
    );
    s.change(ARTICLE, Some(&unsummarised)).unwrap();
    let lead = unsummarised.replace("Am 22. Oktober trafen", "Am 22. Oktober 2024 trafen");
    let rebuild = s.change(ARTICLE, Some(&lead)).unwrap();
    assert!(rebuild.planned, "{rebuild:?}");
    assert!(s.read("de/index.html").contains("Am 22. Oktober 2024 trafen"));
    s.assert_same_as_full_build("first paragraph as summary");
    s.change(ARTICLE, Some(&edited)).unwrap();

    // The original's new date reaches the translation, the lists and the feeds.
    let redated = edited.replace("date = 2024-10-31T11:08:24+08:00", "date = 2022-06-01T09:00:00+08:00");
    s.change(ARTICLE, Some(&redated)).unwrap();
    assert!(s.read("zh/2022/qilu-bayu/index.html").contains("2022年6月1日"));
    s.assert_same_as_full_build("date change (paths move)");

    s.change(
        "content/2024/new.de.md",
        Some("+++\ntitle = \"Neu\"\ndate = 2024-12-01\ntags = [\"Automobil\"]\n+++\nNeu.\n"),
    )
    .unwrap();
    assert!(s.read("de/tags/automobil/index.html").contains("Neu"));
    s.assert_same_as_full_build("new article");

    s.change("content/2024/new.de.md", None).unwrap();
    assert!(!s.read("de/index.html").contains(">Neu<"));
    assert!(!s.site.root.join("public/de/2024/new").exists());
    s.assert_same_as_full_build("deleted article");

    s.change(
        "content/2024/qilu-bayu.zh.md",
        Some("+++\ntitle = \"只有标题\"\n+++\n正文。\n"),
    )
    .unwrap();
    s.assert_same_as_full_build("translation edit");

    s.change(
        "templates/page.html",
        Some("<!DOCTYPE html><title>{{ page.title }}</title><div>{{ content | safe }}</div>"),
    )
    .unwrap();
    s.assert_same_as_full_build("template override");

    let rebuild = s
        .change("static/logo.svg", Some("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
        .unwrap();
    assert_eq!((rebuild.rendered, rebuild.copied), (0, 1), "{rebuild:?}");
    s.assert_same_as_full_build("static file");

    let config = std::fs::read_to_string(s.site.root.join("site.toml")).unwrap();
    s.change(
        "site.toml",
        Some(&config.replace("Kooperation Test", "Kooperation Neu")),
    )
    .unwrap();
    s.assert_same_as_full_build("site.toml");
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_a_fix_recovers() {
    let mut s = Session::start();
    let good = snapshot(&s.site.root.join("public"));
    let original = std::fs::read_to_string(s.site.root.join(ARTICLE)).unwrap();
    let errors = s
        .change(ARTICLE, Some(&original.replace("[event]", "[event")))
        .unwrap_err();
    assert!(errors.contains("content/2024/qilu-bayu.de.md"), "{errors}");
    assert_eq!(
        good,
        snapshot(&s.site.root.join("public")),
        "a failed rebuild changed the output"
    );
    s.change(
        ARTICLE,
        Some(&original.replace("in Chongqing.", "in Chongqing, repariert.")),
    )
    .unwrap();
    assert!(s.read("de/2024/qilu-bayu/index.html").contains("repariert"));
    s.assert_same_as_full_build("recovery");
}

#[test]
fn a_deleted_output_folder_is_written_again_by_the_next_rebuild() {
    let mut s = Session::start();
    // The lock file beside the output stays: it is this session's own.
    std::fs::remove_dir_all(s.site.root.join("public")).unwrap();
    let original = std::fs::read_to_string(s.site.root.join(ARTICLE)).unwrap();
    s.change(ARTICLE, Some(&original.replace("in Chongqing.", "in Chongqing, neu.")))
        .unwrap();
    assert!(s.read("de/2024/qilu-bayu/index.html").contains("neu."));
    s.assert_same_as_full_build("output folder deleted");
}

#[test]
fn an_article_written_again_with_its_folder_is_parsed_again() {
    let mut s = Session::start();
    let content = s.site.root.join("content");
    let original = std::fs::read_to_string(s.site.root.join(ARTICLE)).unwrap();
    // content/ deleted and written again in one burst, the article changed meanwhile.
    std::fs::remove_dir_all(&content).unwrap();
    s.site
        .write(ARTICLE, original.replace("in Chongqing.", "in Chongqing, neu."));
    let article = s.site.root.join(ARTICLE);
    s.project.apply(&[
        (classify(&s.site.root, &s.site.output(""), &article), article.clone()),
        (classify(&s.site.root, &s.site.output(""), &content), content.clone()),
    ]);
    s.project.build().unwrap();
    assert!(s.read("de/2024/qilu-bayu/index.html").contains("neu."));
    s.assert_same_as_full_build("content/ written again");
}

/// One edit an editor might make, for the property test below.
#[derive(Debug, Clone)]
enum Edit {
    /// A body word of one generated article in one language.
    Body { article: usize, zh: bool, word: u8 },
    /// How long the second paragraph is: the front matter and the summary stay, the word
    /// count changes.
    Paragraph { article: usize, zh: bool, word: u8 },
    /// The original's figure value.
    Figure { article: usize, value: u32 },
    /// The original's date, across years (paths and year pages move).
    Date { article: usize, year: i16 },
    /// A translation written, changed or deleted.
    Translation { article: usize, present: bool, word: u8 },
    /// The whole article deleted, or written again.
    Exists { article: usize, present: bool },
    /// The article's files renamed (a new name, so new paths and ids).
    Rename { article: usize },
    /// A theme template overridden or the override removed.
    Template { present: bool, word: u8 },
    /// site.toml's page size and title.
    Config { per_page: u8 },
    /// A tag shared by articles, changing the term pages.
    Tag { article: usize, tag: u8 },
}

const ARTICLES: usize = 4;

/// The files of the generated articles, as the edits leave them.
#[derive(Debug, Clone)]
struct Generated {
    name: [String; ARTICLES],
    present: [bool; ARTICLES],
    translated: [bool; ARTICLES],
    year: [i16; ARTICLES],
    value: [u32; ARTICLES],
    words: [(u8, u8); ARTICLES],
    more: [(u8, u8); ARTICLES],
    tag: [u8; ARTICLES],
}

impl Generated {
    fn new() -> Generated {
        Generated {
            name: std::array::from_fn(|i| format!("gen-{i}")),
            present: [true; ARTICLES],
            translated: [true, false, true, false],
            year: [2022, 2023, 2024, 2024],
            value: [10, 20, 30, 40],
            words: [(0, 0); ARTICLES],
            more: [(0, 0); ARTICLES],
            tag: [0, 1, 0, 2],
        }
    }

    fn original(&self, i: usize) -> String {
        format!(
            "+++\ntitle = \"Bericht {i} Wort {w}\"\ndate = {y}-0{m}-1{i}\ntags = [\"Thema {t}\"]\n[event]\nname = \"Messe {i}\"\nstart = {y}-0{m}-0{d}\n[location]\nname = \"Jinan\"\n[[figures]]\nlabel = \"Aussteller\"\nvalue = {v}\nkey = \"x\"\n+++\nText {w} mit {{{{x}}}} Ausstellern.\n\nMehr {more}.\n",
            w = self.words[i].0,
            more = "mehr ".repeat(usize::from(self.more[i].0 % 4)),
            y = self.year[i],
            m = 1 + i % 8,
            d = i + 1,
            t = self.tag[i],
            v = self.value[i],
        )
    }

    fn translation(&self, i: usize) -> String {
        format!(
            "+++\ntitle = \"报道{i}词{w}\"\ntags = [\"主题{t}\"]\n[[figures]]\nlabel = \"展商\"\nkey = \"x\"\n+++\n正文{w}，{{{{x}}}}家展商。\n\n更多{more}。\n",
            w = self.words[i].1,
            more = "多".repeat(usize::from(self.more[i].1 % 4)),
            t = self.tag[i],
        )
    }

    fn path(&self, i: usize, lang: &str) -> String {
        format!("content/{}/{}.{lang}.md", self.year_folder(i), self.name[i])
    }

    fn year_folder(&self, _i: usize) -> &'static str {
        "gen"
    }
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    let article = 0..ARTICLES;
    prop_oneof![
        (article.clone(), any::<bool>(), any::<u8>()).prop_map(|(article, zh, word)| Edit::Body { article, zh, word }),
        (article.clone(), any::<bool>(), any::<u8>()).prop_map(|(article, zh, word)| Edit::Paragraph {
            article,
            zh,
            word
        }),
        (article.clone(), 1u32..5000).prop_map(|(article, value)| Edit::Figure { article, value }),
        (article.clone(), 2021i16..2026).prop_map(|(article, year)| Edit::Date { article, year }),
        (article.clone(), any::<bool>(), any::<u8>()).prop_map(|(article, present, word)| Edit::Translation {
            article,
            present,
            word
        }),
        (article.clone(), any::<bool>()).prop_map(|(article, present)| Edit::Exists { article, present }),
        article.clone().prop_map(|article| Edit::Rename { article }),
        (any::<bool>(), any::<u8>()).prop_map(|(present, word)| Edit::Template { present, word }),
        (1u8..4).prop_map(|per_page| Edit::Config { per_page }),
        (article, 0u8..3).prop_map(|(article, tag)| Edit::Tag { article, tag }),
    ]
}

impl Session {
    /// Writes or removes a file, and tells the project as the watcher would.
    fn touch(&mut self, changes: &mut Vec<(Change, PathBuf)>, relative: &str, contents: Option<String>) {
        let path = self.site.root.join(relative);
        match contents {
            Some(text) => self.site.write(relative, text),
            None if path.exists() => std::fs::remove_file(&path).unwrap(),
            None => return,
        }
        let change = classify(&self.site.root, &self.site.root.join("public"), &path);
        changes.push((change, path));
    }

    /// Writes every file of the generated articles as `g` says.
    fn write_generated(&mut self, g: &Generated, changes: &mut Vec<(Change, PathBuf)>) {
        for i in 0..ARTICLES {
            let original = g.present[i].then(|| g.original(i));
            let translation = (g.present[i] && g.translated[i]).then(|| g.translation(i));
            self.touch(changes, &g.path(i, "de"), original);
            self.touch(changes, &g.path(i, "zh"), translation);
        }
    }

    fn apply_edit(&mut self, g: &mut Generated, edit: &Edit, config: &str, step: usize) -> Vec<(Change, PathBuf)> {
        let mut changes = Vec::new();
        match *edit {
            Edit::Body { article, zh, word } if zh => g.words[article].1 = word,
            Edit::Body { article, word, .. } => g.words[article].0 = word,
            Edit::Paragraph { article, zh, word } if zh => g.more[article].1 = word,
            Edit::Paragraph { article, word, .. } => g.more[article].0 = word,
            Edit::Figure { article, value } => g.value[article] = value,
            Edit::Date { article, year } => g.year[article] = year,
            Edit::Translation { article, present, word } => {
                g.translated[article] = present;
                g.words[article].1 = word;
            }
            Edit::Exists { article, present } => g.present[article] = present,
            Edit::Rename { article } => {
                // The old files go away as the new ones appear.
                for lang in ["de", "zh"] {
                    let old = g.path(article, lang);
                    self.touch(&mut changes, &old, None);
                }
                g.name[article] = format!("gen-{article}-{step}");
            }
            Edit::Template { present, word } => {
                let text = present.then(|| {
                    format!("<!DOCTYPE html><title>{{{{ page.title }}}} {word}</title>{{{{ content | safe }}}}")
                });
                self.touch(&mut changes, "templates/page.html", text);
            }
            Edit::Config { per_page } => {
                let text = config.replace("paginate_by = 2", &format!("paginate_by = {per_page}"));
                self.touch(&mut changes, "site.toml", Some(text));
            }
            Edit::Tag { article, tag } => g.tag[article] = tag,
        }
        self.write_generated(g, &mut changes);
        changes
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Random sequences of edits, each rebuilt incrementally from the paths a watcher would
    /// report, give byte for byte the output of a full build of the same files.
    #[test]
    fn random_edit_sequences_rebuild_like_full_builds(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut s = Session::start();
        let config = std::fs::read_to_string(s.site.root.join("site.toml")).unwrap();
        let mut g = Generated::new();
        let mut changes = Vec::new();
        // Cards that count words, as many themes' do: a body edit then reaches the lists.
        let card = include_str!("../../themes/default/templates/partials/article_card.html")
            .replace("</article>", "<p class=\"words\">{{ a.word_count }}</p></article>");
        s.touch(&mut changes, "templates/partials/article_card.html", Some(card));
        s.write_generated(&g, &mut changes);
        s.project.apply(&changes);
        s.project.build().expect("the generated articles build");
        for (step, edit) in edits.iter().enumerate() {
            let changes = s.apply_edit(&mut g, edit, &config, step);
            s.project.apply(&changes);
            let rebuilt = s.project.build();
            proptest::prop_assert!(rebuilt.is_ok(), "step {step} {edit:?}: {:?}", rebuilt.err());
            s.assert_same_as_full_build(&format!("step {step}: {edit:?}"));
        }
    }
}
