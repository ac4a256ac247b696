//! `gazette check`: everything a build would refuse, found from the same plan the build
//! writes (config, content, collisions, every page rendered in memory), plus what only an
//! editor's review would catch: internal links that lead nowhere, translations that disagree
//! with their original, and which articles lack a translation. Writes nothing.

mod freshness;
pub(crate) use freshness::State;
pub(crate) mod links;
mod translations;

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use crate::plan::What;
use crate::render::Renderer;

/// All findings of a check, errors and warnings, sorted by file.
pub fn check(options: &BuildOptions) -> Vec<Diagnostic> {
    let mut findings = coverage(options);
    let loaded = crate::load(options, crate::content::FrontMatter::Keep);
    findings.extend(loaded.errors);
    if let Some((plan, theme)) = loaded.plan {
        {
            findings.extend(plan.site.warnings.iter().cloned());
            match Renderer::new(&plan, &theme) {
                Ok(renderer) => {
                    let jobs: Vec<_> = plan
                        .outputs
                        .iter()
                        .enumerate()
                        .filter_map(|(n, o)| match o.what {
                            What::Render(job) => Some((n, job)),
                            _ => None,
                        })
                        .collect();
                    if let Err(errors) = renderer.render_each(&jobs, |_, _| Ok(())) {
                        findings.extend(errors);
                    }
                }
                Err(errors) => findings.extend(errors),
            }
            findings.extend(events_without_place(&plan.site));
            findings.extend(links::check(&plan));
            findings.extend(translations::check(&plan.site));
            findings.extend(translations::freshness(&plan.site));
        }
    }
    diagnostics::sort(&mut findings);
    findings
}

/// An event held somewhere but with no `[location]` still goes into the calendar, but search
/// engines list an event only with its place, so the page carries no `Event` markup.
fn events_without_place(site: &crate::site::Site) -> Vec<Diagnostic> {
    use crate::content::front_matter::Attendance;
    use crate::content::model::Role;
    site.articles
        .iter()
        .filter(|a| a.role == Role::Original && a.location.is_none())
        .filter(|a| a.event.as_ref().is_some_and(|e| e.attendance != Attendance::Online))
        .map(|a| {
            let warning = match a.front.as_deref().and_then(|f| f.event.as_ref()) {
                Some(event) => Diagnostic::at_span(&event.span, "the event has no place").field("event"),
                None => Diagnostic::warning(&a.file.display, "the event has no place"),
            };
            warning
                .as_warning()
                .hint("add location = \"Chongqing\" (or a [location] table with country and coordinates); search engines list an event only with its place, so until then the page has no Event markup")
        })
        .collect()
}

/// Coverage from the files themselves, so it is reported even when the site has errors.
fn coverage(options: &BuildOptions) -> Vec<Diagnostic> {
    let Ok(config) = crate::load_config(options) else {
        return Vec::new();
    };
    let found = crate::content::discover::discover(&options.root, &config);
    let files: Vec<_> = found
        .files
        .into_iter()
        .filter(|f| f.kind == crate::content::discover::Kind::Article)
        .map(|f| (f.name, f.lang, f.display))
        .collect();
    let langs: Vec<_> = config.langs().collect();
    translations::coverage(&files, &langs)
}
