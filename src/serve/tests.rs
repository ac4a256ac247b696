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
    s.assert_same_as_full_build("body edit");

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
