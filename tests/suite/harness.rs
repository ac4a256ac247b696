//! Copies a fixture site to a temporary folder, runs the `gazette` binary on it and gives
//! access to the output. Adding a case is adding a fixture folder and a few lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub(crate) struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// The outcome of one run of the binary.
pub(crate) struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl TestSite {
    /// A copy of `tests/suite/<fixture>`.
    pub(crate) fn fixture(fixture: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite").join(fixture);
        copy_tree(&from, &root);
        TestSite { _dir: dir, root }
    }

    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Runs `gazette ARGS --root SITE` in the site folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gazette");
        Run::from(output)
    }

    /// `gazette build`, which must succeed.
    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.status, Some(0), "build failed:\n{}", run.stderr);
        run
    }

    pub(crate) fn output(&self, relative: &str) -> PathBuf {
        self.root.join("public").join(relative)
    }

    pub(crate) fn exists(&self, relative: &str) -> bool {
        self.output(relative).exists()
    }

    pub(crate) fn read(&self, relative: &str) -> String {
        let path = self.output(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub(crate) fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.read(relative))
    }
}

/// Every value of `attribute` on elements matching `selector`.
pub(crate) fn attrs(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr(attribute).map(str::to_string))
        .collect()
}

/// The text of every element matching `selector`, whitespace collapsed.
pub(crate) fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub(crate) fn text(html: &Html, selector: &str) -> String {
    texts(html, selector)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Every file below `dir`, relative, sorted, with its bytes: for "unchanged" assertions.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
