//! `/sitemap.xml` with `xhtml:link rel="alternate" hreflang` for every translation (and
//! `x-default`, the default-language version), and `/robots.txt` pointing to it.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::Renderer;
use crate::config::Config;

impl Renderer<'_> {
    pub(super) fn sitemap(&self) -> String {
        let config = &self.site.config;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        let _ = writeln!(
            xml,
            "  <url>\n    <loc>{}</loc>\n  </url>",
            escape(config.absolute_url("/"))
        );
        for meta in self.jobs().into_iter().filter_map(|job| self.meta(job)) {
            let _ = writeln!(
                xml,
                "  <url>\n    <loc>{}</loc>",
                escape(config.absolute_url(&meta.path))
            );
            if let Some(lastmod) = &meta.lastmod {
                let _ = writeln!(
                    xml,
                    "    <lastmod>{}</lastmod>",
                    lastmod.strftime("%Y-%m-%dT%H:%M:%S%:z")
                );
            }
            if !meta.alternates.is_empty() {
                let mut versions = vec![(meta.lang.as_str(), meta.path.as_str())];
                versions.extend(meta.alternates.iter().map(|(l, p)| (l.as_str(), p.as_str())));
                versions.sort();
                for (lang, path) in &versions {
                    alternate(&mut xml, lang, &config.absolute_url(path));
                }
                let default = versions
                    .iter()
                    .find(|(l, _)| *l == config.default_language)
                    .unwrap_or(&versions[0]);
                alternate(&mut xml, "x-default", &config.absolute_url(default.1));
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

fn alternate(xml: &mut String, hreflang: &str, href: &str) {
    let _ = writeln!(
        xml,
        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
        escape(hreflang),
        escape(href)
    );
}

pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute_url("/sitemap.xml")
    )
}
