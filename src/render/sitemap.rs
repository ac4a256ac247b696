//! The sitemap: `/sitemap.xml` is a sitemap index over files of at most `[feeds]
//! sitemap_urls` URLs each (the protocol allows 50,000), so the site can grow without
//! limit. Every page carries `xhtml:link rel="alternate" hreflang` for its translations
//! and `x-default` from its frame. `/robots.txt` points to the index.

use std::fmt::Write;

use super::feeds::xml;
use super::frame::Frame;
use super::{Renderer, Tools};
use crate::plan::Job;
use crate::route::Routes;

#[derive(Hash)]
pub(super) struct IndexInputs {
    files: usize,
}

#[derive(Hash)]
pub(super) struct SitemapInputs<'r> {
    pages: Vec<Frame<'r>>,
}

impl Renderer<'_> {
    fn sitemap_files(&self) -> usize {
        (self.plan.sitemap_pages + 1)
            .div_ceil(self.site.config.feeds.sitemap_urls)
            .max(1)
    }

    pub(super) fn sitemap_index_inputs(&self) -> IndexInputs {
        IndexInputs {
            files: self.sitemap_files(),
        }
    }

    /// The frames of the pages the `n`th file lists: the language chooser, then every page
    /// in the plan's order.
    pub(super) fn sitemap_inputs(&self, n: usize) -> SitemapInputs<'_> {
        let per_file = self.site.config.feeds.sitemap_urls;
        let pages = std::iter::once(Job::LanguageChooser).chain(self.plan.pages());
        SitemapInputs {
            pages: pages
                .skip((n - 1) * per_file)
                .take(per_file)
                .map(|job| self.frame(job))
                .collect(),
        }
    }
}

pub(super) fn index(tools: &Tools, inputs: IndexInputs) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=inputs.files {
        let _ = writeln!(
            out,
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>",
            xml(&tools.routes.url(&Routes::sitemap(n)))
        );
    }
    out.push_str("</sitemapindex>\n");
    out
}

pub(super) fn sitemap(tools: &Tools, inputs: SitemapInputs) -> String {
    let routes = &tools.routes;
    // About what an address with one alternate takes (357 bytes at 10,000 articles): growing
    // by doubling would hold up to twice the file for a moment.
    let mut out = String::with_capacity(360 * inputs.pages.len() + 256);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for frame in &inputs.pages {
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", xml(&routes.url(&frame.path)));
        if let Some(lastmod) = &frame.lastmod {
            let _ = writeln!(out, "    <lastmod>{}</lastmod>", lastmod.strftime("%Y-%m-%dT%H:%M:%SZ"));
        }
        if !frame.alternates.is_empty() {
            // The chooser is no language's version of itself: it lists the homes.
            let mut versions = if frame.kind == "chooser" {
                Vec::new()
            } else {
                vec![(frame.lang, &frame.path)]
            };
            versions.extend(frame.alternates.iter().map(|(l, p)| (*l, p)));
            versions.sort();
            for (lang, path) in &versions {
                alternate(&mut out, lang.as_str(), &routes.url(path));
            }
            if let Some(default) = &frame.x_default {
                alternate(&mut out, "x-default", &routes.url(default));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn alternate(out: &mut String, hreflang: &str, href: &str) {
    let _ = writeln!(
        out,
        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
        xml(hreflang),
        xml(href)
    );
}

pub(super) fn robots(tools: &Tools) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        tools.routes.url(&Routes::sitemap_index())
    )
}
