//! The safety of the output folder, proved through the real `gazette` binary on a fixture site:
//!
//! - a build killed at any moment leaves public/ as the whole previous site or the whole new one,
//!   never missing and never a mix, and the next build removes what the killed one left;
//! - a previous site that cannot be deleted after the swap is a warning saying where it is, not
//!   a failure, and the next build removes it;
//! - what gazette must not replace (a file, someone else's folder, a folder inside the site's
//!   sources) is refused and left exactly as it was, and the message says so;
//! - a symbolic link as output is followed and kept;
//! - a full disk, bad content and a second build running at once change nothing.
//!
//! The tests that need root's powers (`chattr +i`, mounting a tmpfs) print a notice and return
//! where those are not available, and undo what they did in guards, also when an assertion fails.
//! No test waits a fixed time for an event: each polls for the event itself, within `PATIENCE`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, snapshot};

type Snapshot = Vec<(PathBuf, Vec<u8>)>;

/// The bound for anything a test waits for: a busy machine is slow, but never this slow.
const PATIENCE: Duration = Duration::from_secs(60);

/// The file gazette marks its output folders with.
const MARKER: &str = ".gazette";

/// Articles added to the fixture where a build must take long enough to be caught mid-way: about
/// 500 files. The kills are anchored on what the build does (see `Moment`), so a longer build
/// would not spread them better, only cost more: every kill costs deleting one site, which takes
/// seconds on a disk mounted with `discard`.
const EXTRA_ARTICLES: usize = 150;

/// Builds killed in the kill test.
const KILLS: u32 = 25;

// ---------------------------------------------------------------------------------------------
// Helpers

/// `gazette build EXTRA --root SITE` in the site folder, to be spawned; its standard error goes
/// to `log` (read when the build fails by itself), its standard output nowhere.
fn build_command(site: &TestSite, extra: &[&str], log: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(&site.root)
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).expect("log file"));
    command
}

/// A path as a command-line argument (temporary paths are plain ASCII).
fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The folder holding the site folder: part of the test's temporary folder, outside the site.
fn outside(site: &TestSite) -> &Path {
    site.root.parent().expect("the site has a parent folder")
}

/// Names gazette gives the hidden siblings of the output `name` in `folder` (staging folders,
/// parked previous sites, the lock file), sorted.
fn siblings(folder: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.gazette-");
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    names.sort();
    names
}

/// Every file and folder below `dir`, relative: `snapshot` sees only files, and "nothing was
/// created" must also hold for empty folders.
fn entries(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                pending.push(path.clone());
            }
            out.insert(path.strip_prefix(dir).expect("inside").to_path_buf());
        }
    }
    out
}

/// For a failure message: which files differ between two snapshots (a few names of each kind).
fn differences(actual: &Snapshot, expected: &Snapshot) -> String {
    let actual: BTreeMap<_, _> = actual.iter().map(|(p, b)| (p, b)).collect();
    let expected: BTreeMap<_, _> = expected.iter().map(|(p, b)| (p, b)).collect();
    let only_actual: Vec<_> = actual.keys().filter(|p| !expected.contains_key(*p)).collect();
    let only_expected: Vec<_> = expected.keys().filter(|p| !actual.contains_key(*p)).collect();
    let changed: Vec<_> = actual
        .iter()
        .filter(|(p, b)| expected.get(*p).is_some_and(|e| e != *b))
        .map(|(p, _)| p)
        .collect();
    format!(
        "{} files only in the output {:?}…, {} missing {:?}…, {} with other bytes {:?}…",
        only_actual.len(),
        &only_actual[..only_actual.len().min(3)],
        only_expected.len(),
        &only_expected[..only_expected.len().min(3)],
        changed.len(),
        &changed[..changed.len().min(3)],
    )
}

/// Adds `count` small articles, each with one of 20 tags, so tag and list pages grow too.
fn add_articles(site: &TestSite, count: usize) {
    for i in 0..count {
        site.write(
            &format!("content/2024/extra-{i}.de.md"),
            format!(
                "+++\ntitle = \"Artikel {i}\"\ndate = 2024-03-{:02}T10:00:00+08:00\nsummary = \"Kurz {i}.\"\n\
                 tags = [\"Thema {}\"]\n+++\nText {i} mit etwas Inhalt.\n\n## Abschnitt\n\nMehr Text.\n",
                i % 28 + 1,
                i % 20
            ),
        );
    }
}

/// Makes the content generation `g`: both site titles (on the pages of their language) carry the
/// number, and an article named after it replaces the previous generation's, so from one
/// generation to the next most files change, one page appears and one goes.
fn set_generation(site: &TestSite, config: &str, g: u32) {
    let (de, zh) = ("title = \"Kooperation Test\"", "title = \"协作测试\"");
    assert!(
        config.contains(de) && config.contains(zh),
        "the fixture's titles changed:\n{config}"
    );
    let numbered = config
        .replace(de, &format!("title = \"Kooperation Test {g}\""))
        .replace(zh, &format!("title = \"协作测试 {g}\""));
    site.write("site.toml", numbered);
    if let Some(previous) = g.checked_sub(1) {
        let _ = fs::remove_file(site.root.join(format!("content/2024/generation-{previous}.de.md")));
    }
    site.write(
        &format!("content/2024/generation-{g}.de.md"),
        format!("+++\ntitle = \"Generation {g}\"\ndate = 2024-04-01\n+++\nFassung {g}.\n"),
    );
}

/// What a complete build of the site as it is now writes: built with `-o` into a fresh folder,
/// in memory-backed /dev/shm where there is one, since deleting a thousand files takes seconds on
/// some disks and this copy is thrown away at once. The bytes do not depend on the output path.
fn expected_site(site: &TestSite) -> Snapshot {
    let scratch = Path::new("/dev/shm")
        .is_dir()
        .then(|| tempfile::tempdir_in("/dev/shm").ok())
        .flatten()
        .unwrap_or_else(|| tempfile::tempdir().expect("temp dir"));
    let out = scratch.path().join("expected");
    site.build(&["-o", arg(&out)]);
    snapshot(&out)
}

/// A small xorshift generator, so kill moments differ from run to run but a failing run can be
/// repeated: the seed is printed, and `GAZETTE_TEST_SEED` sets it.
struct Random(u64);

impl Random {
    fn seeded() -> Random {
        let seed = std::env::var("GAZETTE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()) << 20)
            });
        eprintln!("kill moments: seed {seed} (GAZETTE_TEST_SEED={seed} repeats them)");
        // xorshift must not start at 0.
        Random(seed.max(1))
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }

    fn duration_below(&mut self, bound: Duration) -> Duration {
        Duration::from_micros(self.below(u64::try_from(bound.as_micros()).unwrap_or(u64::MAX)))
    }
}

/// Polls `ready` every millisecond (short against a build, long against a `stat`) until it holds:
/// true; or until the child has ended: whether it held by then. Panics after `PATIENCE`.
fn wait_while_running(child: &mut Child, what: &str, mut ready: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if ready() {
            return true;
        }
        if child.try_wait().expect("try_wait").is_some() {
            return ready();
        }
        assert!(started.elapsed() < PATIENCE, "waited {PATIENCE:?} for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether the build with process id `pid` has its staging folder beside `output`.
fn has_staging(output: &Path, pid: u32) -> bool {
    let (folder, name) = split(output);
    let own = format!(".{name}.gazette-staging-{pid}-");
    siblings(folder, &name).iter().any(|n| n.starts_with(&own))
}

fn split(output: &Path) -> (&Path, String) {
    let name = output.file_name().expect("named").to_string_lossy().into_owned();
    (output.parent().expect("has a parent"), name)
}

/// The inode at `path` (not following a link): it changes when a swap puts another folder there.
fn inode(path: &Path) -> Option<u64> {
    fs::symlink_metadata(path).ok().map(|m| m.ino())
}

// ---------------------------------------------------------------------------------------------
// 1. Killed builds

/// When the phases of a build over an existing site end, seen from outside, from its start.
#[derive(Debug)]
struct Phases {
    /// The staging folder appeared: the checks, the lock and the sweep of leftovers are done.
    staging: Duration,
    /// public/ became another folder: the new site was swapped in.
    swap: Duration,
    /// The process ended, after deleting the previous site.
    end: Duration,
}

fn timed_build(site: &TestSite, log: &Path) -> Phases {
    let public = site.root.join("public");
    let before = inode(&public);
    let started = Instant::now();
    let mut child = build_command(site, &[], log).spawn().expect("spawn gazette");
    let (mut staging, mut swap) = (None, None);
    let status = loop {
        if staging.is_none() && has_staging(&public, child.id()) {
            staging = Some(started.elapsed());
        }
        if swap.is_none() && inode(&public) != before {
            swap = Some(started.elapsed());
        }
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "a build took over {PATIENCE:?}");
        std::thread::sleep(Duration::from_millis(1));
    };
    let end = started.elapsed();
    assert!(status.success(), "{}", fs::read_to_string(log).unwrap_or_default());
    let swap = swap.expect("public/ was replaced");
    Phases {
        // Seen unless this process was not scheduled for the whole writing phase.
        staging: staging.unwrap_or(Duration::ZERO),
        swap,
        end,
    }
}

/// When a kill lands. Anchored on what can be seen of the build where the clock alone would
/// drift on a busy machine; taken in turn, so every kind occurs in every run.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// Right after the process started: it has printed and written nothing yet.
    Immediately,
    /// Anywhere from the start to 1.5 times a whole build.
    Anytime,
    /// After the staging folder appeared, within the time it took to fill it: before the swap.
    Writing,
    /// After the swap, while the previous site is deleted.
    Removing,
}

const MOMENTS: [Moment; 4] = [Moment::Immediately, Moment::Anytime, Moment::Writing, Moment::Removing];

#[test]
fn killed_builds_leave_the_old_site_or_the_new_one_whole_and_the_next_build_cleans_up() {
    let site = TestSite::fixture("build/bilingual");
    let public = site.root.join("public");
    let log = outside(&site).join("gazette.log");
    let config = fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    add_articles(&site, EXTRA_ARTICLES);
    set_generation(&site, &config, 0);
    site.build(&[]);
    set_generation(&site, &config, 1);
    let phases = timed_build(&site, &log);
    let files = snapshot(&public).len();
    let mut old = snapshot(&public);
    let mut random = Random::seeded();

    let mut outcomes = BTreeMap::<String, u32>::new();
    let (mut saw_old, mut saw_new) = (false, false);
    for g in 2..2 + KILLS {
        set_generation(&site, &config, g);
        let moment = MOMENTS[g as usize % MOMENTS.len()];
        let before = inode(&public);
        let mut child = build_command(&site, &[], &log).spawn().expect("spawn gazette");
        let pid = child.id();
        let delay = match moment {
            Moment::Immediately => Duration::ZERO,
            Moment::Anytime => random.duration_below(phases.end * 3 / 2),
            Moment::Writing => {
                if wait_while_running(&mut child, "the staging folder", || has_staging(&public, pid)) {
                    // The sweep has run: earlier kills' leftovers are gone, only this build's
                    // staging folder and lock are beside the output.
                    let beside = siblings(&site.root, "public");
                    assert!(
                        beside.len() == 2
                            && beside[0] == ".public.gazette-lock"
                            && beside[1].starts_with(&format!(".public.gazette-staging-{pid}-")),
                        "kill {g}: leftovers not removed before writing: {beside:?}"
                    );
                }
                random.duration_below(phases.swap.saturating_sub(phases.staging))
            }
            Moment::Removing => {
                wait_while_running(&mut child, "the swap", || inode(&public) != before);
                random.duration_below(phases.end.saturating_sub(phases.swap))
            }
        };
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let what = format!("kill {g} ({moment:?}, {delay:?} after the anchor)");
        assert!(
            status.success() || status.signal() == Some(9),
            "{what}: the build failed by itself ({status}):\n{}",
            fs::read_to_string(&log).unwrap_or_default()
        );

        let meta = fs::symlink_metadata(&public).unwrap_or_else(|e| panic!("{what}: public/ is missing: {e}"));
        assert!(meta.is_dir(), "{what}: public/ is not a folder");
        assert!(public.join(MARKER).is_file(), "{what}: the marker is missing");
        let now = snapshot(&public);
        let outcome = if now == old {
            assert!(
                !status.success(),
                "{what}: the build succeeded but public/ is the previous site"
            );
            saw_old = true;
            "old site"
        } else {
            let new = expected_site(&site);
            assert!(
                now == new,
                "{what}: public/ is neither the previous site nor the new one: against the new one {}",
                differences(&now, &new)
            );
            saw_new = true;
            old = now;
            let staging_left = siblings(&site.root, "public").iter().any(|n| n.contains("-staging-"));
            match (status.success(), staging_left) {
                (true, _) => "new site, build had finished",
                (false, true) => "new site, previous one partly deleted",
                (false, false) => "new site",
            }
        };
        *outcomes.entry(format!("{moment:?} → {outcome}")).or_default() += 1;
    }
    // Immediate kills can only leave the old site and kills after the swap the new one: both
    // sides of the swap were seen, so the comparison above was put to work.
    assert!(saw_old && saw_new, "{outcomes:?}");

    set_generation(&site, &config, 2 + KILLS);
    let run = site.build(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // Leftovers are swept under the lock, and the lock file goes when the build ends.
    assert_eq!(siblings(&site.root, "public"), Vec::<String>::new());
    let now = snapshot(&public);
    let new = expected_site(&site);
    assert!(now == new, "after the kills: {}", differences(&now, &new));

    eprintln!(
        "{KILLS} kills; a build of {files} files over the previous site: staging folder after {:?}, swap after \
         {:?}, end after {:?}",
        phases.staging, phases.swap, phases.end
    );
    for (outcome, count) in outcomes {
        eprintln!("  {count:3} × {outcome}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A previous site that cannot be removed

/// A file made immutable with `chattr +i` below public/, which root cannot delete either. Drop
/// clears the attribute wherever a build has moved the file (public/ or a hidden sibling), so no
/// undeletable file outlives the test, also when an assertion fails.
struct Immutable {
    root: PathBuf,
    relative: PathBuf,
}

impl Immutable {
    /// Protects `public/RELATIVE`, or None where `chattr` is missing or has no effect.
    fn protect(root: &Path, relative: &str) -> Option<Immutable> {
        let guard = Immutable {
            root: root.to_path_buf(),
            relative: PathBuf::from(relative),
        };
        let file = root.join("public").join(relative);
        let set = Command::new("chattr")
            .arg("+i")
            .arg(&file)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        // Opening for writing is refused only when the attribute took effect.
        let effective = set && fs::OpenOptions::new().append(true).open(&file).is_err();
        effective.then_some(guard)
    }

    /// Clears the attribute wherever the file is now.
    fn clear(&self) {
        let mut places = vec![self.root.join("public")];
        places.extend(siblings(&self.root, "public").iter().map(|n| self.root.join(n)));
        for place in places {
            let file = place.join(&self.relative);
            if file.exists() {
                let _ = Command::new("chattr").arg("-i").arg(&file).status();
            }
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        self.clear();
    }
}

/// The path a "could not be removed" warning names.
fn left_at(stderr: &str) -> Option<PathBuf> {
    let start = stderr.find("what is left of it is at ")? + "what is left of it is at ".len();
    let end = start + stderr[start..].find(", which the next build removes")?;
    Some(PathBuf::from(&stderr[start..end]))
}

#[test]
fn a_previous_site_that_cannot_be_removed_is_a_warning_and_the_next_build_removes_it() {
    let site = TestSite::fixture("build/bilingual");
    let public = site.root.join("public");
    site.build(&[]);
    site.write("public/locked/keep.txt", "cannot be deleted\n");
    let Some(guard) = Immutable::protect(&site.root, "locked/keep.txt") else {
        eprintln!("NOTICE: chattr +i has no effect here; the undeletable previous site is not tested");
        return;
    };
    site.write(
        "content/2024/neu.de.md",
        "+++\ntitle = \"Neu\"\ndate = 2024-05-01\n+++\nNeu.\n",
    );
    let new = expected_site(&site);

    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: the new site is in place at {}; the previous one could not be removed",
            public.display()
        )),
        "{}",
        run.stderr
    );
    let left = left_at(&run.stderr).unwrap_or_else(|| panic!("no place named:\n{}", run.stderr));
    assert!(
        left.starts_with(&site.root) && left.to_string_lossy().contains("/.public.gazette-staging-"),
        "{}",
        left.display()
    );
    assert!(
        left.join("locked/keep.txt").is_file(),
        "{} holds no remains",
        left.display()
    );
    let now = snapshot(&public);
    assert!(now == new, "{}", differences(&now, &new));

    guard.clear();
    let run = site.build(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(!left.exists(), "{} was not removed", left.display());
    assert_eq!(siblings(&site.root, "public"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// 3.–5. What gazette must not replace, and a link it follows

#[test]
fn an_output_that_is_a_regular_file_is_refused_and_untouched() {
    let site = TestSite::fixture("build/bilingual");
    site.write("notes.txt", "my notes\n");
    let (files, all) = (snapshot(&site.root), entries(&site.root));
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["build", "-o", "notes.txt"];
        args.extend_from_slice(extra);
        let run = site.run(&args);
        assert_eq!(run.status, Some(1), "{args:?}:\n{}", run.stderr);
        for expected in ["the output path is a file, not a folder", "notes.txt is unchanged"] {
            assert!(run.stderr.contains(expected), "{args:?}:\n{}", run.stderr);
        }
    }
    assert_eq!(snapshot(&site.root), files);
    assert_eq!(entries(&site.root), all, "something was created");
}

#[test]
fn a_symlinked_output_is_followed_and_stays_a_link() {
    let site = TestSite::fixture("build/bilingual");
    let www = outside(&site).join("www");
    fs::create_dir(&www).expect("www");
    let link = site.root.join("live");
    std::os::unix::fs::symlink("../www", &link).expect("symlink");
    for round in 0..2 {
        site.write(
            "content/2024/round.de.md",
            format!("+++\ntitle = \"Runde {round}\"\ndate = 2024-05-01\n+++\n"),
        );
        let new = expected_site(&site);
        site.build(&["-o", "live"]);
        let meta = fs::symlink_metadata(&link).expect("link");
        assert!(meta.file_type().is_symlink(), "round {round}: the link was replaced");
        assert_eq!(fs::read_link(&link).expect("link"), Path::new("../www"));
        assert!(
            www.join(MARKER).is_file(),
            "round {round}: no marker in the real folder"
        );
        let now = snapshot(&www);
        assert!(now == new, "round {round}: {}", differences(&now, &new));
        // Staging and lock lived beside the real folder, and are gone; none beside the link.
        assert_eq!(siblings(outside(&site), "www"), Vec::<String>::new());
        assert_eq!(siblings(&site.root, "live"), Vec::<String>::new());
    }
}

#[test]
fn a_foreign_folder_is_refused_unless_forced_and_then_becomes_gazettes() {
    let site = TestSite::fixture("build/bilingual");
    let foreign = site.root.join("foreign");
    site.write("foreign/keep.txt", "mine\n");
    site.write("foreign/notes/a.md", "# mine too\n");
    let (files, all) = (snapshot(&foreign), entries(&foreign));

    let run = site.run(&["build", "-o", "foreign"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    for expected in [
        "the output folder is not empty and gazette did not create it",
        "foreign is unchanged",
        "pass --force",
    ] {
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
    assert_eq!(snapshot(&foreign), files);
    assert_eq!(entries(&foreign), all);
    assert_eq!(siblings(&site.root, "foreign"), Vec::<String>::new());

    let new = expected_site(&site);
    site.build(&["-o", "foreign", "--force"]);
    assert!(foreign.join(MARKER).is_file());
    assert!(!foreign.join("keep.txt").exists());
    let now = snapshot(&foreign);
    assert!(now == new, "{}", differences(&now, &new));
    // Marked now, so it is gazette's: no --force needed any more.
    site.build(&["-o", "foreign"]);
    assert_eq!(siblings(&site.root, "foreign"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// 6. Full disk

/// A small tmpfs, unmounted on drop (also when an assertion fails) before its folder is removed.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Lazily, so no mount outlives the test even if something still holds it.
            let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
        }
    }
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_previous_site() {
    let site = TestSite::fixture("build/bilingual");
    let Some(disk) = SmallDisk::mount("1m") else {
        eprintln!("NOTICE: cannot mount a tmpfs here; the full-disk test is skipped");
        return;
    };
    let public = disk.path().join("public");
    // The fixture (48 files) fits in 1 MiB.
    site.build(&["-o", arg(&public)]);
    let (before, on_disk) = (snapshot(&public), entries(disk.path()));
    // About a thousand files of at least a page each do not.
    add_articles(&site, 300);

    let run = site.run(&["build", "-o", arg(&public)]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    for expected in [
        "No space left on device".to_string(),
        format!("{} is unchanged", public.display()),
    ] {
        assert!(run.stderr.contains(&expected), "{expected:?} missing:\n{}", run.stderr);
    }
    assert!(snapshot(&public) == before, "the previous site changed");
    // Neither a staging folder nor a lock is left on the disk.
    assert_eq!(entries(disk.path()), on_disk);

    // Where there was no output, there still is none.
    let other = disk.path().join("other");
    let run = site.run(&["build", "-o", arg(&other)]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    let expected = format!("{} did not exist and still does not", other.display());
    assert!(run.stderr.contains(&expected), "{expected:?} missing:\n{}", run.stderr);
    assert_eq!(entries(disk.path()), on_disk);
}

// ---------------------------------------------------------------------------------------------
// 7. Two builds at once

#[test]
fn a_second_build_is_refused_while_the_first_writes_and_the_first_completes() {
    let site = TestSite::fixture("build/bilingual");
    let public = site.root.join("public");
    let log = outside(&site).join("first.log");
    add_articles(&site, EXTRA_ARTICLES);
    site.build(&[]);
    // The second build must run while the first holds the lock; if the first is done before the
    // second gets to it, that attempt proves nothing and is repeated. A lock that does not work
    // fails every attempt.
    for attempt in 1..=3 {
        site.write(
            "content/2024/attempt.de.md",
            format!("+++\ntitle = \"Versuch {attempt}\"\ndate = 2024-05-01\n+++\n"),
        );
        let new = expected_site(&site);
        let mut first = build_command(&site, &[], &log).spawn().expect("spawn gazette");
        let pid = first.id();
        let writing = wait_while_running(&mut first, "the first build's staging folder", || {
            has_staging(&public, pid)
        });
        let second = site.run(&["build"]);
        let first_running = first.try_wait().expect("try_wait").is_none();
        let status = first.wait().expect("wait");
        assert!(status.success(), "{}", fs::read_to_string(&log).unwrap_or_default());
        let now = snapshot(&public);
        assert!(now == new, "the first build's site: {}", differences(&now, &new));
        assert_eq!(siblings(&site.root, "public"), Vec::<String>::new());
        if second.status == Some(0) {
            assert!(!first_running, "two builds wrote public/ at once:\n{}", second.stderr);
            eprintln!("attempt {attempt}: the first build ended before the second started (writing seen: {writing})");
            continue;
        }
        assert_eq!(second.status, Some(1), "{}", second.stderr);
        for expected in [
            format!("another gazette build (process {pid}) is writing this output"),
            format!("{} is unchanged", public.display()),
        ] {
            assert!(
                second.stderr.contains(&expected),
                "{expected:?} missing:\n{}",
                second.stderr
            );
        }
        return;
    }
    panic!("in 3 attempts the first build always ended before the second one started");
}

// ---------------------------------------------------------------------------------------------
// 8.–9. Sources as output, and a failed build through a link

#[test]
fn an_output_inside_the_sources_is_refused_even_when_its_parents_do_not_exist() {
    let site = TestSite::fixture("build/bilingual");
    let (files, all) = (snapshot(&site.root), entries(&site.root));
    for (output, source) in [
        ("content/../content/x/new/deep", "content"),
        ("static/new/deep", "static"),
    ] {
        let run = site.run(&["build", "-o", output]);
        assert_eq!(run.status, Some(1), "{output}:\n{}", run.stderr);
        for expected in [
            format!("the output folder is inside the site's {source}/ folder"),
            format!("{output} did not exist and still does not"),
        ] {
            assert!(run.stderr.contains(&expected), "{expected:?} missing:\n{}", run.stderr);
        }
    }
    assert_eq!(snapshot(&site.root), files);
    assert_eq!(entries(&site.root), all, "something was created");
}

#[test]
fn a_failed_build_leaves_the_real_folder_behind_a_symlinked_output_untouched() {
    let site = TestSite::fixture("build/bilingual");
    let www = outside(&site).join("www");
    fs::create_dir(&www).expect("www");
    let link = site.root.join("public");
    std::os::unix::fs::symlink("../www", &link).expect("symlink");
    site.build(&[]);
    assert!(www.join(MARKER).is_file(), "the site did not go to the link's target");
    let (files, all) = (snapshot(&www), entries(outside(&site)));

    site.write("content/2024/broken.de.md", "+++\ntitle = \"x\"\n");
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    for expected in [
        "content/2024/broken.de.md",
        "nothing was written; the output folder is as it was",
    ] {
        assert!(run.stderr.contains(expected), "{expected:?} missing:\n{}", run.stderr);
    }
    assert!(fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
    assert_eq!(fs::read_link(&link).expect("link"), Path::new("../www"));
    assert_eq!(snapshot(&www), files);
    // No staging folder or lock beside the target or the link, nothing else anywhere.
    let mut now = entries(outside(&site));
    now.remove(Path::new("site/content/2024/broken.de.md"));
    assert_eq!(now, all);
}
