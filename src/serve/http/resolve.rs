//! Maps a request path to a file inside the served folder, or to nothing. The path is
//! percent-decoded first, so `%2e%2e` is the `..` it spells; then any `..`, `.`, backslash,
//! NUL or drive-like segment is refused; and the file found, symlinks resolved, must still lie
//! inside the folder (resolved too). The file is then served by that resolved path, so a
//! symlink is never followed after the check.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

#[derive(Debug, PartialEq)]
pub(super) enum Resolved {
    /// The canonical path of a regular file inside the folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: where it is with one. Relative links
    /// in its index page only work from there.
    Redirect(String),
    NotFound,
}

pub(super) fn resolve(root: &Path, raw_path: &str, query: Option<&str>) -> Resolved {
    let Some((segments, trailing_slash)) = segments(raw_path) else {
        return Resolved::NotFound;
    };
    let Ok(root) = std::fs::canonicalize(root) else {
        return Resolved::NotFound;
    };
    let mut candidate = root.clone();
    candidate.extend(&segments);
    if candidate.is_dir() {
        if !trailing_slash {
            return Resolved::Redirect(folder_location(&segments, query));
        }
        candidate.push("index.html");
    }
    match std::fs::canonicalize(&candidate) {
        Ok(real) if real.starts_with(&root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// The decoded, non-empty segments of a path (so `//a///b` is `a/b`), and whether it ended
/// in a slash; `None` if any segment could step outside the folder or name another one.
fn segments(raw_path: &str) -> Option<(Vec<String>, bool)> {
    let decoded = percent_encoding::percent_decode_str(raw_path).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<String> = decoded
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    // One plain component each: no `.`, `..`, root or `C:` prefix hiding in a segment.
    let plain = |s: &String| {
        let mut components = Path::new(s).components();
        matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none()
    };
    if !segments.iter().all(plain) {
        return None;
    }
    Some((segments, decoded.ends_with('/')))
}

/// Characters a path segment cannot carry as they are; `%` too, since the segments are decoded.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Built from the normalised segments, so it always starts with exactly one slash: `//dir`
/// must not become `//dir/`, which a browser reads as the host `dir`.
fn folder_location(segments: &[String], query: Option<&str>) -> String {
    let mut location = String::from("/");
    for segment in segments {
        location.extend(utf8_percent_encode(segment, SEGMENT));
        location.push('/');
    }
    if let Some(query) = query.filter(|q| !q.is_empty()) {
        location.push('?');
        location.push_str(query);
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(output.join("de/sub")).unwrap();
        std::fs::create_dir_all(output.join("ü ber")).unwrap();
        std::fs::write(output.join("index.html"), "home").unwrap();
        std::fs::write(output.join("de/index.html"), "de").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::fs::write(dir.path().join("outside/index.html"), "outside").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), output.join("link.txt")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("outside"), output.join("linkdir")).unwrap();
            std::os::unix::fs::symlink("../secret.txt", output.join("relative-link.txt")).unwrap();
        }
        (dir, output)
    }

    #[test]
    fn files_and_folders_resolve() {
        let (_dir, output) = folder();
        let real = |p: &str| std::fs::canonicalize(output.join(p)).unwrap();
        assert_eq!(resolve(&output, "/", None), Resolved::File(real("index.html")));
        assert_eq!(resolve(&output, "/de/", None), Resolved::File(real("de/index.html")));
        assert_eq!(
            resolve(&output, "//de//index.html", None),
            Resolved::File(real("de/index.html"))
        );
        assert_eq!(resolve(&output, "/de/sub/", None), Resolved::NotFound, "no index.html");
    }

    #[test]
    fn folder_redirects_stay_on_this_site() {
        let (_dir, output) = folder();
        assert_eq!(resolve(&output, "/de", None), Resolved::Redirect("/de/".into()));
        assert_eq!(resolve(&output, "//de", None), Resolved::Redirect("/de/".into()));
        assert_eq!(
            resolve(&output, "///de", Some("a=1")),
            Resolved::Redirect("/de/?a=1".into())
        );
        assert_eq!(resolve(&output, "/%2fde", None), Resolved::Redirect("/de/".into()));
        assert_eq!(
            resolve(&output, "//de/sub", None),
            Resolved::Redirect("/de/sub/".into())
        );
        assert_eq!(
            resolve(&output, "/%C3%BC%20ber", None),
            Resolved::Redirect("/%C3%BC%20ber/".into())
        );
        assert_eq!(resolve(&output, "//evil.example", None), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let (dir, output) = folder();
        let secret = dir.path().join("secret.txt");
        let absolute = format!("/{}", secret.display());
        let absolute_encoded = format!("/{}", secret.display().to_string().replace('/', "%2f"));
        for bad in [
            "/../secret.txt",
            "/..",
            "/../",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/de/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..%5Csecret.txt",
            "/de/..\\..\\secret.txt",
            "/..\\secret.txt",
            "/.%2e/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/%252e%252e/secret.txt",
            "/./index.html",
            "/%2e/index.html",
            "/%00",
            "/index.html%00",
            "/index.html%00.txt",
            "/%ff%fe",
            "//etc/passwd",
            "/etc/passwd",
            &absolute,
            &absolute_encoded,
            "/C:/Windows/win.ini",
            "/link.txt",
            "/relative-link.txt",
            "/linkdir/",
            "/linkdir/index.html",
        ] {
            assert_eq!(resolve(&output, bad, None), Resolved::NotFound, "{bad}");
        }
    }

    #[test]
    fn a_missing_root_is_not_found_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(resolve(&dir.path().join("gone"), "/", None), Resolved::NotFound);
    }
}
