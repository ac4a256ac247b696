//! `gazette check`: everything a build validates (config, content, templates, every page
//! rendered in memory), plus what only an editor's review would catch: internal links that
//! lead nowhere, and translations that disagree with their original. Writes nothing.

mod links;
mod translations;

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use crate::render::Renderer;

/// All findings of a check, errors and warnings, sorted by file.
pub fn check(options: &BuildOptions) -> Vec<Diagnostic> {
    let (site, theme) = match crate::load(options) {
        Ok(loaded) => loaded,
        Err(errors) => return errors,
    };
    let mut findings = site.warnings.clone();
    // Render every page as a build would, to find template errors, but keep only the paths.
    let rendered = Renderer::new(&site, &theme).and_then(|renderer| {
        let jobs = renderer.jobs();
        renderer.render_each(&jobs, |_, _| Ok(()))?;
        Ok(renderer.output_paths(&jobs))
    });
    match rendered {
        Ok(paths) => findings.extend(links::check(&site, &paths, &options.root)),
        Err(errors) => findings.extend(errors),
    }
    findings.extend(translations::check(&site, &options.root));
    diagnostics::sort(&mut findings);
    findings
}
