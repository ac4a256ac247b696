"""Cheap checks of every HTML page that the Nu Html Checker does not do: <html lang>, exactly
one canonical link, Open Graph locale, hreflang links in the head (Google's rules), internal
links and fragments resolve below the base URL, and the search index's URLs.

Run alone: python3 -m validate.pages SITE_DIR [BASE_URL]
"""

import json
import re
import sys
import urllib.parse

from .common import Report, Site, is_absolute_http, is_bcp47

CHECK = "pages"
OG_LOCALE = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")
HREFLANG_RULE = "Google Search Central: Localized versions (hreflang) in HTML"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")


def _lang_dirs(site):
    return {rel.split("/")[0] for rel in site.files(name="atom.xml") if rel.count("/") == 1}


def _target_exists(site, url):
    """(file, exists) of an absolute URL below the base URL."""
    f = site.file_of(url)
    return f, f is not None and site.exists(f)


def check_page(rel, site, report, lang_dirs):
    doc = site.html(rel)
    url = site.url_of(rel)

    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    # <html lang>
    lang = doc.html_lang
    if not lang:
        add("pages-html-lang", doc.html_line, "<html> has no lang attribute",
            "HTML Living Standard §3.2.6.2 (the lang attribute); WCAG 2.1 SC 3.1.1")
    elif not is_bcp47(lang):
        add("pages-html-lang", doc.html_line, f"<html lang={lang!r}> is not a BCP 47 tag", "HTML §3.2.6.2; RFC 5646")
    else:
        first = rel.split("/")[0] if "/" in rel else None
        if first in lang_dirs and lang.lower().split("-")[0] != first.lower().split("-")[0]:
            add("pages-html-lang", doc.html_line, f"<html lang={lang!r}> on a page under /{first}/",
                "HTML §3.2.6.2 (lang states the page's language)")

    indexable = not doc.noindex()

    # canonical
    canon = [ln for ln in doc.links if "canonical" in ln.rel]
    if indexable and len(canon) != 1:
        add("pages-canonical", canon[1].line if len(canon) > 1 else None,
            f"{len(canon)} <link rel=canonical> (exactly one)",
            "RFC 6596 §3; Google Search Central: consolidate duplicate URLs (one rel=canonical per page)")
    for ln in canon[:1]:
        href = ln.attrs.get("href", "")
        if not is_absolute_http(href):
            add("pages-canonical", ln.line, f"canonical {href!r} is not an absolute URL", "RFC 6596 §3; Google (use absolute URLs)")
        elif href != url:
            add("pages-canonical", ln.line, f"canonical {href} is not this page's URL {url}", "RFC 6596 §3 (self-referencing canonical)")

    # Open Graph locale
    locales = doc.meta_props("og:locale")
    has_og = any(m.attrs.get("property", "").startswith("og:") for m in doc.metas)
    if indexable and has_og and len(locales) != 1:
        add("pages-og-locale", None, f"{len(locales)} og:locale tags (exactly one)", "The Open Graph protocol (og:locale)")
    for m in locales + doc.meta_props("og:locale:alternate"):
        v = m.attrs.get("content", "")
        if not OG_LOCALE.match(v):
            add("pages-og-locale", m.line, f"{m.attrs.get('property')} {v!r} is not in the form language_TERRITORY (de_DE, zh_CN)",
                "The Open Graph protocol, §Optional Metadata (og:locale: format language_TERRITORY)")
        elif m.attrs.get("property") == "og:locale" and lang and v.split("_")[0] != lang.lower().split("-")[0]:
            add("pages-og-locale", m.line, f"og:locale {v!r} does not match <html lang={lang!r}>", "The Open Graph protocol (og:locale)")
    for m in doc.meta_props("og:url"):
        v = m.attrs.get("content", "")
        if canon and v != canon[0].attrs.get("href"):
            add("pages-og-url", m.line, f"og:url {v!r} differs from the canonical URL", "The Open Graph protocol (og:url: the canonical URL)")

    # hreflang links in the head
    alts = doc.hreflangs()
    if alts:
        xd = [a for a in alts if a[0].lower() == "x-default"]
        if len(xd) > 1:
            add("pages-hreflang", xd[1][2], f"{len(xd)} x-default links (at most one)", HREFLANG_RULE)
        seen = {}
        # the language(s) this page gives itself; x-default only for a page that is nothing else
        self_labels = ({hl.lower() for hl, h, _ in alts if h == url and hl.lower() != "x-default"}
                       or {hl.lower() for hl, h, _ in alts if h == url})
        for hl, href, line in alts:
            if hl.lower() != "x-default" and not is_bcp47(hl):
                add("pages-hreflang", line, f"hreflang {hl!r} is not a BCP 47 tag or x-default", f"{HREFLANG_RULE}; RFC 5646")
            if not is_absolute_http(href):
                add("pages-hreflang", line, f"hreflang href {href!r} is not absolute", f"{HREFLANG_RULE} (fully-qualified URLs)")
                continue
            if hl.lower() in seen and seen[hl.lower()] != href:
                add("pages-hreflang", line, f"hreflang {hl} names two URLs", HREFLANG_RULE)
            seen[hl.lower()] = href
            f, ok = _target_exists(site, href)
            if f is None:
                continue
            if not ok:
                add("pages-hreflang", line, f"alternate {href} ({hl}): no file {f}", HREFLANG_RULE)
                continue
            if href == url:
                continue
            other = site.html(f)
            back = {l.lower() for l, h, _ in other.hreflangs() if h == url}
            if not back:
                add("pages-hreflang-not-reciprocal", line,
                    f"this page lists {href} ({hl}), but that page has no hreflang link back to {url}",
                    f"{HREFLANG_RULE} (if page A links to B, B must link back to A)")
            elif self_labels and not (back & self_labels):
                add("pages-hreflang-not-reciprocal", line,
                    f"this page calls itself {sorted(self_labels)}, but {href} links back to it only as {sorted(back)}",
                    f"{HREFLANG_RULE} (if page A links to B, B must link back to A, with A's language)")
            if hl.lower() != "x-default" and other.html_lang and other.html_lang.lower() != hl.lower():
                add("pages-hreflang", line, f"alternate {href} is labelled {hl!r}, but that page says <html lang={other.html_lang!r}>",
                    HREFLANG_RULE)
        if not any(h == url for hl, h, _ in alts):
            add("pages-hreflang", alts[0][2], "hreflang links do not include this page itself",
                f"{HREFLANG_RULE} (each version lists itself and all others; an x-default page lists itself as x-default)")

    # internal links, sources, form actions and fragments
    ids = {i for i, _ in doc.ids}
    for attr, ref, line in doc.refs:
        ref = ref.strip()
        if not ref or ref.lower().startswith(SKIP_SCHEMES):
            continue
        target = urllib.parse.urljoin(url, ref)
        if not site.same_host(target):
            continue
        frag = urllib.parse.urlsplit(target).fragment
        no_frag = urllib.parse.urldefrag(target)[0]
        if not site.under_base(no_frag):
            add("pages-link-outside-base", line, f'{attr}="{ref}" leads to {no_frag}, outside the base URL {site.base_url}/',
                "project rule (with a base path, every link starts with it: docs/configuration.md)")
            continue
        f = site.file_of(no_frag)
        if not site.exists(f):
            hint = " (add the trailing /)" if site.exists(f + "/index.html") else ""
            add("pages-broken-link", line, f'{attr}="{ref}": no file {f}{hint}', "project rule (internal links resolve)")
            continue
        if frag and f.endswith(".html"):
            frag = urllib.parse.unquote(frag)
            tids = ids if f == rel else {i for i, _ in site.html(f).ids}
            if frag not in tids and frag != "top":
                add("pages-broken-fragment", line, f'{attr}="{ref}": {f} has no element with id="{frag}"',
                    "HTML Living Standard §7.4.6.3 (the indicated part of the document)")


def check_search(rel, site, report):
    def add(code, msg):
        report.add(CHECK, code, rel, None, msg, "project rule (search index: docs/configuration.md)")

    try:
        data = json.loads(site.read_bytes(rel).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        add("pages-search-json", f"not valid JSON: {e}")
        return
    if not isinstance(data, list):
        add("pages-search-json", "the search index is not a JSON list")
        return
    page = site.url_of(rel)
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not item.get("title"):
            add("pages-search-json", f"entry {i} has no url or title")
            continue
        target = urllib.parse.urljoin(page, item["url"])
        if not site.under_base(target):
            add("pages-link-outside-base", f"entry {i} url {item['url']!r} leads to {target}, outside the base URL")
            continue
        f = site.file_of(target)
        if not site.exists(f):
            add("pages-broken-link", f"entry {i} url {item['url']!r}: no file {f}")


def check(site: Site, report: Report):
    lang_dirs = _lang_dirs(site)
    files = site.files(suffix=".html")
    for rel in files:
        check_page(rel, site, report, lang_dirs)
    for rel in site.files(name="search.json"):
        check_search(rel, site, report)
    return files


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    sys.exit(1 if r.findings else 0)
