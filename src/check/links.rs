//! Internal links in Markdown bodies: to pages, to headings' anchors and to static files.
//! A link is resolved the way a browser would, against the page's URL, and looked up in
//! the paths a build would write.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::markdown::Markdown;
use crate::site::Site;

pub fn check(site: &Site, paths: &[String], root: &std::path::Path) -> Vec<Diagnostic> {
    let files: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let mut anchors: HashMap<String, HashSet<&str>> = HashMap::new();
    let bodies = site
        .articles
        .iter()
        .map(|a| (&a.path, &a.body, &a.file))
        .chain(site.pages.iter().map(|p| (&p.path, &p.body, &p.file)));
    for (path, body, _) in bodies.clone() {
        anchors.insert(
            crate::render::file_for(path),
            body.headings.iter().map(|h| h.id.as_str()).collect(),
        );
    }
    let base_path = site.config.base_path();
    let mut findings = Vec::new();
    for (page_path, body, file) in bodies {
        let mut text = None;
        for (url, span) in &body.links {
            if let Some(problem) = check_link(url, page_path, base_path, &files, &anchors, body) {
                let d = Diagnostic::error(file, format!("broken link `{url}`: {problem}"))
                    .hint("links are resolved like a browser does, relative to the page's URL (e.g. /de/2024/slug/)");
                // The file is read again only when it has a broken link, to show the line.
                let text = text.get_or_insert_with(|| {
                    crate::content::read_bytes(&root.join(file), file)
                        .and_then(|b| crate::content::decode(&b, file))
                        .ok()
                });
                findings.push(match text {
                    Some(text) => d.at(text, span.clone()),
                    None => d,
                });
            }
        }
    }
    findings
}

fn check_link(
    url: &str,
    page_path: &str,
    base_path: &str,
    files: &HashSet<&str>,
    anchors: &HashMap<String, HashSet<&str>>,
    body: &Markdown,
) -> Option<String> {
    if is_external(url) {
        return None;
    }
    let (target, fragment) = url.split_once('#').map_or((url, None), |(t, f)| (t, Some(f)));
    let target = target.split('?').next().unwrap_or_default();
    let file = if target.is_empty() {
        crate::render::file_for(page_path)
    } else {
        let absolute = if target.starts_with('/') {
            target
                .strip_prefix(base_path)
                .filter(|rest| rest.starts_with('/'))
                .unwrap_or(target)
                .to_string()
        } else {
            format!(
                "{}{}",
                page_path.rsplit_once('/').map_or("/", |(dir, _)| dir),
                format_args!("/{target}")
            )
        };
        let normalised = normalise(&absolute)?;
        let candidates = [
            crate::render::file_for(&normalised),
            format!("{}/index.html", normalised.trim_matches('/')),
        ];
        match candidates.into_iter().find(|c| files.contains(c.as_str())) {
            Some(found) => found,
            None => return Some(format!("no page or file {normalised} in the built site")),
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let known = anchors.get(&file)?;
    let own_footnote = target.is_empty() && body.html.contains(&format!("id=\"{fragment}\""));
    if known.contains(fragment) || own_footnote {
        None
    } else {
        Some(format!("the page has no heading with the id `{fragment}`"))
    }
}

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Resolves `.` and `..` segments; `None` for a path that climbs above the site's root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{trailing}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_resolves_dots() {
        assert_eq!(normalise("/de/2024/x/../y/").as_deref(), Some("/de/2024/y/"));
        assert_eq!(normalise("/de/./a.svg").as_deref(), Some("/de/a.svg"));
        assert_eq!(normalise("/../x"), None);
        assert_eq!(normalise("/").as_deref(), Some("/"));
    }

    #[test]
    fn external_links_are_not_checked() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("/de/2024/x/"));
        assert!(!is_external("venue.svg"));
    }
}
