//! Internal links in Markdown bodies: to pages, to headings' anchors and to static files. A
//! link is judged as it will be served: resolved the way a browser would against the page's
//! place, and looked up among the files the plan writes. A root-relative link (`/de/2024/b/`)
//! is a place in the site; gazette adds the base path when it writes the page.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::markdown::Markdown;
use crate::plan::Plan;
use crate::route::{SitePath, is_external};

/// Every internal link that leads nowhere, as diagnostics at the link.
pub(crate) fn check(plan: &Plan) -> Vec<Diagnostic> {
    let index = Index::new(plan);
    let mut findings = Vec::new();
    for (path, body, file) in bodies(plan) {
        for link in &body.links {
            let url = &link.url;
            if link.emitted.is_none() {
                findings.push(
                    Diagnostic::error(&file.display, format!("the link `{url}` was left out of the page"))
                        .at(&file.text, link.range.clone())
                        .hint("with [markdown] raw_html = false, links may only be relative or use http, https, mailto or tel"),
                );
            } else if let Some(problem) = index.problem(url, path, body) {
                findings.push(
                    Diagnostic::error(&file.display, format!("broken link `{url}`: {problem}"))
                        .at(&file.text, link.range.clone())
                        .hint("write links to pages as places in the site, like /de/2024/slug/ or ../other-slug/"),
                );
            }
        }
    }
    findings
}

/// How many internal links lead nowhere, and how many links were left out of their pages
/// (raw HTML off): `build` reports both numbers and points to `check`.
pub(crate) fn count(plan: &Plan) -> (usize, usize) {
    let index = Index::new(plan);
    bodies(plan)
        .flat_map(|(path, body, _)| body.links.iter().map(move |l| (path, body, l)))
        .fold((0, 0), |(broken, left_out), (path, body, l)| match l.emitted {
            None => (broken, left_out + 1),
            Some(_) if index.problem(&l.url, path, body).is_some() => (broken + 1, left_out),
            Some(_) => (broken, left_out),
        })
}

type Body<'p> = (&'p SitePath, &'p Markdown, &'p crate::diagnostics::SourceText);

fn bodies(plan: &Plan) -> impl Iterator<Item = Body<'_>> {
    let site = &plan.site;
    let articles = site.articles.iter().map(|a| (&a.path, &*a.body, &*a.file));
    articles.chain(site.pages.iter().map(|p| (&p.path, &*p.body, &*p.file)))
}

/// The files the site will have, and the heading ids of each page.
struct Index<'p> {
    plan: &'p Plan,
    files: HashSet<&'p str>,
    anchors: HashMap<&'p str, HashSet<&'p str>>,
}

impl<'p> Index<'p> {
    fn new(plan: &'p Plan) -> Index<'p> {
        let mut anchors = HashMap::new();
        for (path, body, _) in bodies(plan) {
            anchors.insert(path.as_str(), body.ids.iter().map(String::as_str).collect());
        }
        Index {
            plan,
            files: plan.outputs.iter().map(|o| o.file.as_str()).collect(),
            anchors,
        }
    }

    fn problem(&self, url: &str, from: &SitePath, body: &Markdown) -> Option<String> {
        if is_external(url) {
            return None;
        }
        let (target, fragment) = self.plan.site.routes.resolve(from, url)?;
        let page = if target == *from || self.files.contains(target.output().as_str()) {
            target
        } else if self.files.contains(target.as_folder().output().as_str()) {
            // A server answers `/de/x` with a redirect to `/de/x/`.
            target.as_folder()
        } else {
            return Some(format!("no page or file {target} in the built site"));
        };
        let fragment = fragment.filter(|f| !f.is_empty())?;
        let known = self.anchors.get(page.as_str())?;
        let _ = body;
        if known.contains(fragment.as_str()) {
            None
        } else {
            Some(format!("the page has no heading with the id `{fragment}`"))
        }
    }
}
