//! Translation consistency. Facts are written once; where a translation writes one again,
//! it must agree with the original (a disagreement is usually a translation mistake).
//! A figure's unit is inherited like its value, but a translation may write it in its own
//! words (`十亿元` for `Mrd. Yuan`), so only values are compared.
//! Coverage and stale translations are warnings: they do not fail the check.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::content::front_matter::ArticleFront;
use crate::content::model::Article;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

pub fn check(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let default = &site.config.default_language;
    let mut findings = Vec::new();
    let mut by_name: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for article in &site.articles {
        by_name.entry(&article.name).or_default().push(article);
    }
    for versions in by_name.values() {
        let Some(original) = versions.iter().find(|a| &a.lang == default) else {
            continue;
        };
        for translation in versions.iter().filter(|a| &a.lang != default) {
            findings.extend(disagreements(original, translation, root));
            if let (Some(own), Some(theirs)) = (&translation.front.updated, &original.front.updated)
                && own.value < theirs.value
            {
                findings.push(
                    Diagnostic::warning(
                        &translation.file,
                        format!(
                            "this translation was updated {} but its original {} was updated later, {}",
                            own.value.date(),
                            original.file.display(),
                            theirs.value.date()
                        ),
                    )
                    .field("updated")
                    .hint("bring the translation up to date, then set its `updated`"),
                );
            }
        }
    }
    findings.extend(coverage(site, &by_name));
    findings
}

/// Every fact the translation states that differs from the original's.
fn disagreements(original: &Article, translation: &Article, root: &Path) -> Vec<Diagnostic> {
    let own: &ArticleFront = &translation.front;
    let text: Option<Arc<str>> = crate::content::read_bytes(&root.join(&translation.file), &translation.file)
        .and_then(|bytes| crate::content::decode(&bytes, &translation.file))
        .ok();
    let mut found = Vec::new();
    let mut differ = |field: &str, located: Option<Range<usize>>, theirs: String, mine: String| {
        if theirs == mine {
            return;
        }
        let mut d = Diagnostic::error(
            &translation.file,
            format!(
                "disagrees with the original {}: it says {theirs}, this translation says {mine}",
                original.file.display()
            ),
        )
        .field(field)
        .hint("leave the fact out of the translation to inherit it, or correct whichever file is wrong");
        if let (Some(span), Some(text)) = (located, &text) {
            d = d.at(text, span);
        }
        found.push(d);
    };
    if let Some(date) = &own.date {
        differ(
            "date",
            Some(date.span.clone()),
            original.date.timestamp().to_string(),
            date.value.timestamp().to_string(),
        );
    }
    if let (Some(event), Some(theirs)) = (&own.event, &original.event) {
        if let Some(start) = &event.start {
            differ(
                "event.start",
                Some(start.span.clone()),
                theirs.start.to_string(),
                start.value.to_string(),
            );
        }
        if let Some(end) = &event.end {
            differ(
                "event.end",
                Some(end.span.clone()),
                theirs.end.to_string(),
                end.value.to_string(),
            );
        }
    }
    if let (Some(location), Some(theirs)) = (&own.location, &original.location) {
        if let Some(slug) = &location.slug {
            differ(
                "location.slug",
                Some(slug.span.clone()),
                theirs.slug.clone(),
                slug.value.clone(),
            );
        }
        if let Some(country) = &location.country {
            differ(
                "location.country",
                Some(country.span.clone()),
                shown(theirs.country.as_deref()),
                country.value.clone(),
            );
        }
        if let Some(c) = &location.coordinates {
            differ(
                "location.coordinates",
                Some(c.span.clone()),
                theirs
                    .coordinates
                    .map_or_else(|| "nothing".to_string(), |[a, b]| format!("[{a}, {b}]")),
                format!("[{}, {}]", c.value[0], c.value[1]),
            );
        }
    }
    if let (Some(source), Some(theirs)) = (&own.source, &original.source)
        && let Some(url) = &source.url
    {
        differ(
            "source.url",
            Some(url.span.clone()),
            shown(theirs.url.as_deref()),
            url.value.clone(),
        );
    }
    for figure in &own.figures {
        let Some(key) = &figure.key else { continue };
        match original.figures.iter().find(|f| f.key.as_ref() == Some(key)) {
            None => differ(
                &format!("figures[{key}]"),
                Some(figure.span.clone()),
                "nothing (no figure with this key)".into(),
                format!("key = \"{key}\""),
            ),
            Some(theirs) => {
                if let Some(value) = &figure.value {
                    differ(
                        &format!("figures[{key}].value"),
                        Some(value.span.clone()),
                        theirs.value.to_string(),
                        value.value.to_string(),
                    );
                }
            }
        }
    }
    found
}

/// One warning per article missing a language, and a summary per language.
fn coverage(site: &Site, by_name: &BTreeMap<&str, Vec<&Article>>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let total = by_name.len();
    let mut summary = Vec::new();
    for language in &site.config.languages {
        let mut present = 0;
        for versions in by_name.values() {
            if versions.iter().any(|a| a.lang == language.code) {
                present += 1;
            } else {
                findings.push(
                    Diagnostic::warning(&versions[0].file, format!("has no {} translation", language.code))
                        .hint("translation coverage is a warning; the build publishes what exists"),
                );
            }
        }
        summary.push(format!("{} {present}/{total}", language.code));
    }
    findings.push(Diagnostic::warning(
        "content",
        format!("translation coverage: {}", summary.join(", ")),
    ));
    findings
}

/// A value for a message: the value itself, or "nothing".
fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "nothing".to_string(), str::to_string)
}
