"""Sitemap check: the sitemaps.org protocol (0.9), strictly, and Google's rules for hreflang
alternates (xhtml:link) in sitemaps. Also compares each page's <link rel=alternate hreflang>
with its sitemap entry.

Run alone: python3 -m validate.sitemap SITE_DIR [BASE_URL]
"""

import posixpath
import sys
import urllib.parse

from .common import Report, Site, XmlError, is_absolute_http, is_bcp47, is_w3c_datetime, parse_xml

CHECK = "sitemap"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
MAX_URLS = 50_000
MAX_BYTES = 52_428_800  # 50 MiB, uncompressed
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
PROTO = "sitemaps.org protocol 0.9"
HREFLANG_RULE = "Google Search Central: Localized versions (hreflang) in sitemaps"


class Entry:
    def __init__(self, loc, file, line):
        self.loc = loc
        self.file = file
        self.line = line
        self.alternates: list[tuple[str, str, int]] = []  # (hreflang, href, line)


def _sitemap_dir_url(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    d = posixpath.dirname(p.path)
    return f"{p.scheme}://{p.netloc}{d.rstrip('/')}/"


def check_loc(text, node, rel, site, report, sitemap_url, what="loc"):
    """Checks one <loc>; returns the stripped URL or None."""
    def add(code, msg, rule):
        report.add(CHECK, code, rel, node.line, msg, rule)

    loc = text.strip()
    if loc != text:
        add("sitemap-loc-whitespace", f"<{what}> has whitespace around the URL", f"{PROTO} (loc: the URL, entity-escaped)")
    if not loc:
        add("sitemap-loc", f"<{what}> is empty", f"{PROTO} (<loc> required)")
        return None
    if not is_absolute_http(loc):
        add("sitemap-loc-absolute", f"<{what}> {loc!r} is not an absolute http(s) URL", f"{PROTO} (loc: begins with the protocol)")
        return None
    if len(loc) >= 2048:
        add("sitemap-loc", f"<{what}> is {len(loc)} characters (limit 2,047)", f"{PROTO} (less than 2,048 characters)")
    if not site.same_host(loc):
        add("sitemap-loc-host", f"<{what}> {loc} is not on {site.scheme}://{site.host}",
            f"{PROTO} (all URLs of a sitemap must be on the same host as the sitemap)")
        return loc
    if not site.under_base(loc):
        add("sitemap-loc-base", f"<{what}> {loc} is not below the base URL {site.base_url}/", "project rule (the site lives below base_url)")
        return loc
    if not loc.startswith(sitemap_url):
        add("sitemap-loc-scope", f"<{what}> {loc} is outside the sitemap's folder {sitemap_url}",
            f"{PROTO} (a sitemap can only list URLs in its own folder and below)")
    f = site.file_of(loc)
    if f is not None and not site.exists(f):
        add("sitemap-loc-missing", f"<{what}> {loc}: the site has no file {f}", f"{PROTO} (the listed URL must exist)")
    return loc


def check_urlset(root, rel, site, report, entries):
    sitemap_url = _sitemap_dir_url(site.url_of(rel))

    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    urls = [c for c in root.children if c.tag == SM + "url"]
    for c in root.children:
        if c.tag.startswith(SM) and c.tag != SM + "url":
            add("sitemap-element", c.line, f"unexpected <{c.tag[len(SM):]}> in <urlset>", f"{PROTO} (urlset contains url elements)")
    if len(urls) > MAX_URLS:
        add("sitemap-size", root.line, f"{len(urls)} URLs (limit 50,000)", f"{PROTO} (no more than 50,000 URLs per sitemap)")
    if not urls:
        add("sitemap-empty", root.line, "urlset has no <url>", f"{PROTO} (urlset: one url entry per URL)")
    for u in urls:
        for c in u.children:
            if c.tag.startswith(SM) and c.tag[len(SM):] not in ("loc", "lastmod", "changefreq", "priority"):
                add("sitemap-element", c.line, f"unexpected <{c.tag[len(SM):]}> in <url>", PROTO)
        locs = u.find_all(SM + "loc")
        if len(locs) != 1:
            add("sitemap-loc", u.line, f"<url> has {len(locs)} <loc> elements", f"{PROTO} (exactly one <loc>)")
            if not locs:
                continue
        loc = check_loc(locs[0].text, locs[0], rel, site, report, sitemap_url)
        for name in ("lastmod", "changefreq", "priority"):
            if len(u.find_all(SM + name)) > 1:
                add("sitemap-element", u.line, f"<url> has more than one <{name}>", PROTO)
        lm = u.find(SM + "lastmod")
        if lm is not None and not is_w3c_datetime(lm.text.strip()):
            add("sitemap-lastmod", lm.line, f"lastmod {lm.text!r} is not a W3C Datetime",
                f"{PROTO} (lastmod: W3C Datetime, e.g. 2024-10-31 or 2024-10-31T11:08:24+08:00)")
        cf = u.find(SM + "changefreq")
        if cf is not None and cf.text.strip() not in CHANGEFREQ:
            add("sitemap-changefreq", cf.line, f"changefreq {cf.text!r}", PROTO)
        pr = u.find(SM + "priority")
        if pr is not None:
            try:
                ok = 0.0 <= float(pr.text.strip()) <= 1.0
            except ValueError:
                ok = False
            if not ok:
                add("sitemap-priority", pr.line, f"priority {pr.text!r} is not 0.0–1.0", PROTO)
        if loc is None:
            continue
        if loc in entries:
            add("sitemap-duplicate-loc", locs[0].line, f"{loc} is listed twice (also {entries[loc].file}:{entries[loc].line})",
                f"{PROTO} (one <url> per URL)")
            continue
        e = Entry(loc, rel, locs[0].line)
        entries[loc] = e
        for ln in u.children:
            if ln.tag != XHTML + "link":
                continue
            relv = ln.attrs.get("rel")
            hl = ln.attrs.get("hreflang")
            href = ln.attrs.get("href")
            if relv != "alternate" or hl is None or href is None:
                add("sitemap-hreflang-syntax", ln.line, "xhtml:link needs rel=\"alternate\", hreflang and href", HREFLANG_RULE)
                continue
            e.alternates.append((hl, href, ln.line))


def check_hreflang(entries, report, site):
    """Google's rules, across all entries of all sitemaps."""
    for loc, e in entries.items():
        if not e.alternates:
            continue

        def add(code, line, msg, rule=HREFLANG_RULE):
            report.add(CHECK, code, e.file, line, msg, rule)

        xdefaults = [a for a in e.alternates if a[0].lower() == "x-default"]
        if len(xdefaults) > 1:
            add("sitemap-xdefault-count", xdefaults[1][2], f"{loc} has {len(xdefaults)} x-default alternates (at most one)")
        by_lang = {}
        for hl, href, line in e.alternates:
            if hl.lower() != "x-default" and not is_bcp47(hl):
                add("sitemap-hreflang-value", line, f"hreflang {hl!r} is not a BCP 47 language tag or x-default",
                    f"{HREFLANG_RULE}; RFC 5646 §2.1")
            if not is_absolute_http(href):
                add("sitemap-hreflang-absolute", line, f"alternate href {href!r} is not absolute", f"{HREFLANG_RULE} (fully-qualified URLs)")
                continue
            key = hl.lower()
            if key in by_lang and by_lang[key] != href:
                add("sitemap-hreflang-conflict", line, f"{loc}: hreflang {hl} names two URLs ({by_lang[key]} and {href})")
            by_lang[key] = href
            if href not in entries:
                add("sitemap-hreflang-not-listed", line, f"alternate {href} ({hl}) of {loc} is not a <loc> of the sitemap",
                    f"{HREFLANG_RULE} (every alternate URL is itself listed)")
                continue
            if href != loc:
                back = {l.lower() for l, h, _ in entries[href].alternates if h == loc}
                self_labels = ({l.lower() for l, h, _ in e.alternates if h == loc and l.lower() != "x-default"}
                               or {l.lower() for l, h, _ in e.alternates if h == loc})
                if not back:
                    add("sitemap-hreflang-not-reciprocal", line,
                        f"{loc} lists {href} ({hl}) as an alternate, but {href} does not list {loc} back",
                        f"{HREFLANG_RULE} (alternates must be reciprocal: if A links to B, B must link to A)")
                elif self_labels and not (back & self_labels):
                    add("sitemap-hreflang-not-reciprocal", line,
                        f"{loc} calls itself {sorted(self_labels)}, but {href} lists it only as {sorted(back)}",
                        f"{HREFLANG_RULE} (alternates must be reciprocal, with the same language)")
        if not any(h == loc for hl, h, _ in e.alternates):
            add("sitemap-hreflang-no-self", e.line, f"{loc} has alternates but does not list itself",
                f"{HREFLANG_RULE} (each version lists itself and all others; the x-default page may list itself as x-default)")
        # consistency across the cluster: same language label for the same URL, same x-default
        for hl, href, line in e.alternates:
            if href == loc or href not in entries:
                continue
            other = entries[href]
            my_label = {h: l.lower() for l, h, _ in e.alternates if l.lower() != "x-default"}
            their_label = {h: l.lower() for l, h, _ in other.alternates if l.lower() != "x-default"}
            if loc in their_label and loc in my_label and their_label[loc] != my_label[loc]:
                add("sitemap-hreflang-inconsistent", line,
                    f"{loc} calls itself {my_label[loc]!r}, but {href} calls it {their_label[loc]!r}")
            mine = {h for l, h, _ in e.alternates if l.lower() == "x-default"}
            theirs = {h for l, h, _ in other.alternates if l.lower() == "x-default"}
            if other.alternates and mine != theirs and hl.lower() != "x-default":
                add("sitemap-xdefault-inconsistent", line,
                    f"{loc} has x-default {sorted(mine) or 'none'}, its alternate {href} has {sorted(theirs) or 'none'}",
                    f"{HREFLANG_RULE} (one x-default per set of alternates)")


def check_pages_vs_sitemap(entries, report, site):
    """Every indexable HTML page is listed, and its <link hreflang> equal its sitemap entry."""
    for rel in site.files(suffix=".html"):
        doc = site.html(rel)
        if doc.noindex():
            continue
        url = site.url_of(rel)
        e = entries.get(url)
        if e is None:
            report.add(CHECK, "sitemap-page-missing", rel, None, f"the page {url} is not in the sitemap",
                       "docs/configuration.md (the sitemap lists every HTML page except the 404 page)")
            continue
        page = {(hl.lower(), href) for hl, href, _ in doc.hreflangs()}
        smap = {(hl.lower(), href) for hl, href, _ in e.alternates}
        if page == smap:
            continue
        if not smap and len(page) == 1 and next(iter(page))[1] == url:
            continue  # a lone self-reference in the page: no set of alternates either way
        line = doc.hreflangs()[0][2] if doc.hreflangs() else None
        px = {h for l, h in page if l == "x-default"}
        sx = {h for l, h in smap if l == "x-default"}
        if px != sx:
            report.add(CHECK, "pages-xdefault-mismatch", rel, line,
                       f"x-default differs: page <link>s say {sorted(px) or 'none'}, sitemap says {sorted(sx) or 'none'}",
                       f"{HREFLANG_RULE} (HTML and sitemap annotations must agree)")
        rest_p = {a for a in page if a[0] != "x-default"}
        rest_s = {a for a in smap if a[0] != "x-default"}
        if rest_p != rest_s:
            report.add(CHECK, "pages-hreflang-mismatch", rel, line,
                       f"hreflang links differ: only in page {sorted(rest_p - rest_s)}, only in sitemap {sorted(rest_s - rest_p)}",
                       f"{HREFLANG_RULE} (HTML and sitemap annotations must agree)")


def check_file(rel, site, report, entries, depth=0):
    """Checks one sitemap or sitemap index file; returns True when it parsed."""
    data = site.read_bytes(rel)

    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    if len(data) > MAX_BYTES:
        add("sitemap-size", None, f"{len(data)} bytes (limit 52,428,800)", f"{PROTO} (no larger than 50 MB uncompressed)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        add("sitemap-encoding", None, f"not UTF-8: {e}", f"{PROTO} (the file must be UTF-8 encoded)")
    try:
        root = parse_xml(data)
    except XmlError as e:
        add("sitemap-xml", e.line, f"not well-formed XML: {e}", f"{PROTO}; XML 1.0 §2.1")
        return False
    if root.tag == SM + "urlset":
        check_urlset(root, rel, site, report, entries)
    elif root.tag == SM + "sitemapindex":
        if depth > 0:
            add("sitemap-index-nested", root.line, "a sitemap index lists another sitemap index", f"{PROTO} (index files list sitemaps, not indexes)")
            return True
        maps = root.find_all(SM + "sitemap")
        if len(maps) > MAX_URLS:
            add("sitemap-size", root.line, f"{len(maps)} sitemaps (limit 50,000)", PROTO)
        if not maps:
            add("sitemap-empty", root.line, "sitemapindex lists no <sitemap>", PROTO)
        for sm in maps:
            locs = sm.find_all(SM + "loc")
            if len(locs) != 1:
                add("sitemap-loc", sm.line, f"<sitemap> has {len(locs)} <loc> elements", f"{PROTO} (exactly one <loc>)")
                continue
            lm = sm.find(SM + "lastmod")
            if lm is not None and not is_w3c_datetime(lm.text.strip()):
                add("sitemap-lastmod", lm.line, f"lastmod {lm.text!r} is not a W3C Datetime", PROTO)
            loc = check_loc(locs[0].text, locs[0], rel, site, report, _sitemap_dir_url(site.url_of(rel)))
            target = site.file_of(loc) if loc else None
            if target and site.exists(target):
                check_file(target, site, report, entries, depth + 1)
    else:
        add("sitemap-root", root.line,
            f"root element is {root.tag}, not <urlset> or <sitemapindex> in {SM[1:-1]}",
            f"{PROTO} (namespace http://www.sitemaps.org/schemas/sitemap/0.9)")
    return True


def check(site: Site, report: Report):
    entries: dict[str, Entry] = {}
    if not site.exists("sitemap.xml"):
        report.add(CHECK, "sitemap-missing", "sitemap.xml", None, "the site has no sitemap.xml", "docs/configuration.md (/sitemap.xml)")
        return ["sitemap.xml"]
    if check_file("sitemap.xml", site, report, entries):
        check_hreflang(entries, report, site)
        check_pages_vs_sitemap(entries, report, site)
    return ["sitemap.xml"]


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    sys.exit(1 if r.findings else 0)
