//! Rules of the code's shape that a reader should not have to take on trust.

use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out
}

/// The code of a file without its unit tests: test data may format anything.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Paths and URLs are made in `src/route.rs` only: a format string that puts a placeholder
/// next to a `/` anywhere else is a path or URL being assembled by hand.
#[test]
fn no_path_or_url_is_formatted_outside_the_route_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for path in files(&root.join("src"), "rs") {
        let relative = path.strip_prefix(root).unwrap();
        let is_test = relative.components().any(|c| c.as_os_str() == "tests") || relative.ends_with("tests.rs");
        if relative == Path::new("src/route.rs") || is_test {
            continue;
        }
        for (n, line) in code(&path).lines().enumerate() {
            let Some(start) = line.find("format!(\"") else { continue };
            let literal = &line[start + 9..];
            let literal = &literal[..literal.find('"').unwrap_or(literal.len())];
            let by_hand = literal.contains("/{") || literal.contains("}/") || literal.contains("://");
            if by_hand {
                found.push(format!("{}:{}: {}", relative.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "paths or URLs formatted outside src/route.rs:\n{}",
        found.join("\n")
    );
}

/// Templates print the URLs they are given; they never assemble `/{{ lang }}/…`.
#[test]
fn templates_use_the_urls_they_are_given() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut found = Vec::new();
    for path in files(&root, "html") {
        for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            if line.contains("/{{") || line.contains("}}/") || line.contains("base_path") {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "templates building URLs:\n{}", found.join("\n"));
}
