//! Translation consistency. Facts are written once; where a translation writes one again,
//! it must agree with its original (a disagreement is usually a translation mistake), and a
//! translation cannot carry over a unit written in its original's words. Coverage is a
//! warning: it does not fail the check.

use std::collections::BTreeMap;

use super::freshness::{Changes, State};
use crate::config::Lang;
use crate::content::front_matter::FigureFront;
use crate::content::model::{Article, Role};
use crate::diagnostics::{Diagnostic, Located};
use crate::quantity::Unit;
use crate::site::Site;

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for versions in crate::content::by_name(&site.articles).values() {
        let Some(original) = versions.iter().find(|a| a.role == Role::Original) else {
            continue;
        };
        for translation in versions.iter().filter(|a| a.is_translation()) {
            findings.extend(disagreements(original, translation));
        }
    }
    findings
}

/// Every fact the translation states that differs from the original's.
fn disagreements(original: &Article, translation: &Article) -> Vec<Diagnostic> {
    let (Some(own), Some(theirs)) = (translation.front.as_deref(), original.front.as_deref()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut differ = |field: &str, mine: &Located<String>, their: Option<String>| {
        let their = their.unwrap_or_else(|| "nothing".to_string());
        if their == mine.value {
            return;
        }
        found.push(
            Diagnostic::at_span(
                &mine.span,
                format!(
                    "disagrees with the original {}: it says {their}, this translation says {}",
                    original.file.display.display(),
                    mine.value
                ),
            )
            .field(field)
            .hint("leave the fact out of the translation to inherit it, or correct whichever file is wrong"),
        );
    };
    fn text<T>(l: &Located<T>) -> Located<String> {
        Located {
            value: l.span.text().to_string(),
            span: l.span.clone(),
        }
    }
    let written = |l: Option<&Located<jiff::ZonedDateTime>>| l.map(|d| d.value.timestamp().to_string());
    if let Some(date) = &own.date {
        let mine = Located {
            value: date.value.timestamp().to_string(),
            span: date.span.clone(),
        };
        differ("date", &mine, written(theirs.date.as_ref()));
    }
    if let (Some(event), Some(their_event)) = (&own.event, &original.event) {
        if let Some(start) = &event.start {
            differ(
                "event.start",
                &text(start).with(start.value.to_string()),
                Some(their_event.start.to_string()),
            );
        }
        if let Some(end) = &event.end {
            differ(
                "event.end",
                &text(end).with(end.value.to_string()),
                Some(their_event.end.to_string()),
            );
        }
    }
    if let (Some(location), Some(their_location)) = (&own.location, &original.location) {
        if let Some(slug) = &location.slug {
            differ("location.slug", slug, Some(their_location.slug.clone()));
        }
        if let Some(country) = &location.country {
            differ("location.country", country, their_location.country.clone());
        }
        if let Some(c) = &location.coordinates {
            let mine = text(c).with(format!("[{}, {}]", c.value[0], c.value[1]));
            differ(
                "location.coordinates",
                &mine,
                their_location.coordinates.map(|[a, b]| format!("[{a}, {b}]")),
            );
        }
    }
    if let (Some(source), Some(their_source)) = (&own.source, &original.source)
        && let Some(url) = &source.url
    {
        differ("source.url", url, their_source.url.clone());
    }
    for figure in &own.figures {
        let Some(key) = &figure.key else { continue };
        match theirs
            .figures
            .iter()
            .find(|f| f.key.as_ref().map(|k| &k.value) == Some(&key.value))
        {
            None => missing.push(
                Diagnostic::at_span(
                    &key.span,
                    format!(
                        "the original {} has no figure with this key",
                        original.file.display.display()
                    ),
                )
                .field(format!("figures[{}]", key.value))
                .hint("use the key of one of the original's figures, or give this figure its own value and no key"),
            ),
            Some(their_figure) => figure_disagreements(original, figure, their_figure, &mut missing),
        }
    }
    found.extend(missing);
    found
}

/// A translation's figure against its original's: the value and the approximation must be
/// the same, and a unit the translation states must be the original's (words of its own
/// language are fine only where the original has no typed unit).
fn figure_disagreements(original: &Article, own: &FigureFront, theirs: &FigureFront, found: &mut Vec<Diagnostic>) {
    let key = own.key.as_ref().map_or("", |k| k.value.as_str());
    let mut push = |field: &str, span: &crate::diagnostics::Span, message: String, hint: &str| {
        found.push(
            Diagnostic::at_span(span, message)
                .field(format!("figures[{key}].{field}"))
                .hint(hint.to_string()),
        );
    };
    let says = |what: String| {
        format!(
            "disagrees with the original {}: it says {what}",
            original.file.display.display()
        )
    };
    if let (Some(mine), Some(their)) = (&own.value, &theirs.value)
        && mine.value != their.value
    {
        let message = format!(
            "{}, this translation says {}",
            says(their.value.plain().to_string()),
            mine.value.plain()
        );
        push(
            "value",
            &mine.span,
            message,
            "leave the value out of the translation to inherit it, or correct whichever file is wrong",
        );
    }
    if let Some(mine) = &own.unit {
        let their_unit = theirs.unit.as_ref().map_or(Unit::None, |u| u.value.clone());
        let conflict = match (&mine.value, &their_unit) {
            (Unit::Words(_), Unit::None | Unit::Words(_)) => false,
            (a, b) => a != b,
        };
        if conflict {
            let message = format!(
                "{}, this translation says {}",
                says(unit_name(&their_unit)),
                unit_name(&mine.value)
            );
            push(
                "unit",
                &mine.span,
                message,
                "a unit mismatch changes the fact: leave the unit out to inherit the original's",
            );
        }
    }
    if let (Some(mine), Some(their)) = (&own.approx, &theirs.approx)
        && mine.value != their.value
    {
        let message = format!(
            "{}, this translation says {}",
            says(their.value.name().to_string()),
            mine.value.name()
        );
        push(
            "approx",
            &mine.span,
            message,
            "leave `approx` out of the translation to inherit it",
        );
    }
}

fn unit_name(unit: &Unit) -> String {
    match unit {
        Unit::None => "no unit".to_string(),
        Unit::Currency(c) => format!("currency {}", c.code()),
        Unit::Measure(m) => format!("unit {}", m.id()),
        Unit::Words(w) => format!("the words `{w}`"),
    }
}

trait With {
    fn with(self, value: String) -> Located<String>;
}

impl With for Located<String> {
    fn with(self, value: String) -> Located<String> {
        Located { value, span: self.span }
    }
}

/// Per language: the articles that have no version in it. Counted from the files, not from
/// what is published, so an embargoed translation still counts as written.
pub(super) fn coverage(files: &[(std::sync::Arc<str>, Lang, std::path::PathBuf)], langs: &[Lang]) -> Vec<Diagnostic> {
    let mut by_name: BTreeMap<&str, Vec<(Lang, &std::path::Path)>> = BTreeMap::new();
    for (name, lang, display) in files {
        by_name.entry(name).or_default().push((*lang, display));
    }
    let total = by_name.len();
    let mut findings = Vec::new();
    let mut summary = Vec::new();
    for &lang in langs {
        let mut present = 0;
        for versions in by_name.values() {
            if versions.iter().any(|(l, _)| *l == lang) {
                present += 1;
            } else {
                findings.push(
                    Diagnostic::warning(versions[0].1, format!("has no {lang} translation"))
                        .hint("translation coverage is a warning; the build publishes what exists"),
                );
            }
        }
        summary.push(format!("{lang} {present} of {total}"));
    }
    findings.push(Diagnostic::warning(
        "content",
        format!("translation coverage: {}", summary.join(", ")),
    ));
    findings
}

/// How up to date the translations are: a warning for each one whose original changed since
/// it was confirmed (saying what changed), and per language a count of up to date, stale and
/// unconfirmed translations.
pub(super) fn freshness(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut status: BTreeMap<Lang, [Vec<&std::path::Path>; 3]> = BTreeMap::new();
    for versions in crate::content::by_name(&site.articles).values() {
        let Some(original) = versions.iter().find(|a| a.role == Role::Original) else {
            continue;
        };
        let now = State::of(original);
        for translation in versions.iter().filter(|a| a.is_translation()) {
            let counts = status.entry(translation.lang).or_default();
            let file = translation.file.display.as_path();
            let recorded = translation
                .front
                .as_deref()
                .and_then(|f| f.translation.as_ref())
                .and_then(|t| t.state.as_ref());
            let Some(recorded) = recorded else {
                counts[2].push(file);
                continue;
            };
            let Some(then) = State::decode(&recorded.value) else {
                findings.push(
                    Diagnostic::at_span(&recorded.span, "this is not a state gazette recorded")
                        .field("translation.state")
                        .hint(format!(
                            "run `gazette translate --done {}` to record the original's state",
                            file.display()
                        )),
                );
                continue;
            };
            let changes = now.since(&then);
            if changes.is_empty() {
                counts[0].push(file);
            } else {
                counts[1].push(file);
                findings.push(
                    stale(original, translation, &changes)
                        .spanned(&recorded.span)
                        .as_warning(),
                );
            }
        }
    }
    for (lang, [current, stale, unconfirmed]) in status {
        let mut line = format!(
            "translations into {lang}: {} up to date, {} stale, {} not yet confirmed",
            current.len(),
            stale.len(),
            unconfirmed.len()
        );
        if !unconfirmed.is_empty() {
            let names: Vec<String> = unconfirmed.iter().take(5).map(|p| p.display().to_string()).collect();
            let more = if unconfirmed.len() > 5 { ", …" } else { "" };
            line = format!("{line} ({}{more})", names.join(", "));
        }
        findings.push(
            Diagnostic::warning("content", line)
                .hint("`gazette translate --done FILE` records that a translation follows its original as it is now"),
        );
    }
    findings
}

fn stale(original: &Article, translation: &Article, changes: &Changes) -> Diagnostic {
    let mut what = Vec::new();
    if !changes.parts.is_empty() {
        what.push(changes.parts.join(", "));
    }
    if let Some(&first) = changes.paragraphs.first() {
        let numbers: Vec<String> = changes.paragraphs.iter().map(ToString::to_string).collect();
        what.push(format!(
            "paragraph{} {} of {} (“{}”)",
            if numbers.len() == 1 { "" } else { "s" },
            numbers.join(", "),
            changes.paragraph_count,
            super::freshness::opening(original, first)
        ));
    }
    Diagnostic::warning(
        &translation.file.display,
        format!(
            "the original {} changed since this translation was confirmed: {}",
            original.file.display.display(),
            what.join("; ")
        ),
    )
    .field("translation.state")
    .hint(format!(
        "bring the translation up to date, then run `gazette translate --done {}`",
        translation.file.display.display()
    ))
}
