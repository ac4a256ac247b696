//! Which kind of change a changed path is, decided from the path alone. The rebuild plan
//! follows from the kind; keeping this a pure function lets it be tested without a watcher.

use std::path::{Component, Path};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// A Markdown file under content/: re-parse that file.
    Article,
    /// Another file under content/ (a bundle image): update its folder's list.
    Asset,
    /// A folder under content/, or content/ itself: rescan content/.
    ContentTree,
    /// A template, i18n file or static file of the theme or the site: reload the theme.
    Theme,
    /// site.toml: reload everything.
    Config,
    /// Not part of the site (the output folder, editor backups, unrelated files).
    Ignored,
}

/// `path` is absolute or relative like `root`; `output` is the output folder.
pub(crate) fn classify(root: &Path, output: &Path, path: &Path) -> Change {
    if path.starts_with(output) {
        return Change::Ignored;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some(name) = parts.last() else {
        return Change::Ignored;
    };
    if crate::content::discover::is_ignored(name) {
        // Hidden files and editor backups (`x~`, `.x.swp`).
        return Change::Ignored;
    }
    match parts.as_slice() {
        ["site.toml"] => Change::Config,
        ["content", .., last] if last.ends_with(".md") => Change::Article,
        // A name with an extension is a file; a folder is what has none. A folder named
        // `x.v2` is classified as a file and handled as one that is not a file any more:
        // the project rescans content/ then.
        ["content", _, .., last] if last.contains('.') => Change::Asset,
        ["content", ..] => Change::ContentTree,
        // The folder itself too: one that appears with its files already in it (`mkdir -p
        // static/x && cp …`, faster than its watch is set up) is only seen as the folder.
        ["templates" | "static" | "themes", ..] => Change::Theme,
        _ => Change::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_place_in_the_site() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let c = |p: &str| classify(root, out, Path::new(p));
        assert_eq!(c("/site/site.toml"), Change::Config);
        assert_eq!(c("/site/content/2024/x.de.md"), Change::Article);
        assert_eq!(c("/site/content/2024/x/venue.svg"), Change::Asset);
        assert_eq!(c("/site/content"), Change::ContentTree);
        assert_eq!(c("/site/content/2024"), Change::ContentTree);
        assert_eq!(c("/site/templates/article.html"), Change::Theme);
        assert_eq!(c("/site/themes/default/i18n/de.toml"), Change::Theme);
        assert_eq!(c("/site/static/logo.svg"), Change::Theme);
        assert_eq!(c("/site/static"), Change::Theme);
        assert_eq!(c("/site/templates"), Change::Theme);
        assert_eq!(c("/site/public/de/index.html"), Change::Ignored);
        assert_eq!(c("/site/content/2024/.x.de.md.swp"), Change::Ignored);
        assert_eq!(c("/site/content/2024/x.de.md~"), Change::Ignored);
        assert_eq!(c("/site/README.md"), Change::Ignored);
        assert_eq!(c("/elsewhere/x.md"), Change::Ignored);
    }
}
