"""Atom (RFC 4287) check of every `atom.xml` of a built site: feedparser's bozo flag, XML 1.0
well-formedness (stdlib expat), required elements, RFC 3339 dates, unique entry ids and
absolute URLs.

Run alone: python3 -m validate.feeds SITE_DIR [BASE_URL]
"""

import sys

from .common import (_XML_BAD, Report, Site, XmlError, is_absolute_http, is_absolute_iri, is_bcp47,
                     parse_rfc3339, parse_xml, xml_char_problems)

CHECK = "atom"
A = "{http://www.w3.org/2005/Atom}"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
TEXT_TYPES = {"text", "html", "xhtml"}


def check_feed(data: bytes, rel: str, site: Site, report: Report):
    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    # 1. characters XML 1.0 forbids (reported one by one; expat stops at the first)
    text = data.decode("utf-8", "replace")
    for line, msg in xml_char_problems(text):
        add("atom-xml-char", line, msg, "XML 1.0 §2.2 (Char); RFC 4287 §2 (Atom documents are XML)")

    # 2. feedparser
    try:
        import feedparser
    except ImportError:
        report.note("atom: feedparser is not installed; bozo check skipped")
    else:
        fp = feedparser.parse(data)
        if fp.bozo:
            exc = fp.get("bozo_exception")
            line = getattr(exc, "getLineNumber", lambda: None)() if exc is not None else None
            add("atom-feedparser-bozo", line, f"feedparser: bozo ({type(exc).__name__}: {exc})",
                "RFC 4287 (feedparser bozo flag: not a well-formed feed)")

    # 3. well-formed XML with the standard library parser
    try:
        root = parse_xml(data)
    except XmlError as e:
        add("atom-not-wellformed", e.line, f"not well-formed XML: {e}", "XML 1.0 §2.1 (well-formed documents)")
        # go on with the structure checks when only forbidden characters were in the way
        try:
            root = parse_xml(_XML_BAD.sub("", text).encode("utf-8"))
        except XmlError:
            return

    if root.tag != A + "feed":
        add("atom-root", root.line, f"root element is {root.tag}, not atom:feed", "RFC 4287 §4.1.1")
        return
    lang = root.attrs.get(XML_NS + "lang")
    if lang is not None and lang != "" and not is_bcp47(lang):
        add("atom-lang", root.line, f"xml:lang {lang!r} is not a BCP 47 tag", "RFC 4287 §2 (xml:lang), RFC 5646")

    def once(parent, name, where, required=True):
        nodes = parent.find_all(A + name)
        if required and not nodes:
            add("atom-required", parent.line, f"{where} has no atom:{name}", f"RFC 4287 §{SECTION[where]} (MUST contain exactly one atom:{name})")
        if len(nodes) > 1:
            add("atom-required", nodes[1].line, f"{where} has {len(nodes)} atom:{name} elements", f"RFC 4287 §{SECTION[where]} (MUST NOT contain more than one)")
        return nodes[0] if nodes else None

    def check_text(node):
        t = node.attrs.get("type", "text")
        if t not in TEXT_TYPES:
            add("atom-text-type", node.line, f"atom:{node.tag[len(A):]} type={t!r}", "RFC 4287 §3.1.1 (text, html or xhtml)")

    def check_date(node):
        if node is None:
            return None
        v = node.text.strip()
        d = parse_rfc3339(v)
        if d is None or v != node.text:
            add("atom-date", node.line, f"atom:{node.tag[len(A):]} {node.text!r} is not an RFC 3339 date-time",
                "RFC 4287 §3.3 (Date Constructs: RFC 3339 date-time, upper-case T and Z, no whitespace)")
        return d

    def check_url(node, attr, what):
        url = node.attrs.get(attr) if attr else node.text.strip()
        if url is None:
            add("atom-required", node.line, f"{what} has no {attr}", "RFC 4287 §4.2.7 (atom:link MUST have an href)")
            return
        if not is_absolute_http(url):
            add("atom-absolute-url", node.line, f"{what} {url!r} is not an absolute http(s) URL",
                "project rule (absolute URLs in feeds); RFC 4287 §4.2.7.1, RFC 3987")
            return
        rel_file = site.file_of(url)
        if rel_file is not None and not site.exists(rel_file) and not site.exists(rel_file + "/index.html"):
            add("atom-broken-link", node.line, f"{what} {url} points into the site, but {rel_file} does not exist",
                "RFC 4287 §4.2.7.1 (the link's IRI)")

    def check_links(parent, where):
        seen = {}
        alternates = 0
        for ln in parent.find_all(A + "link"):
            relv = ln.attrs.get("rel", "alternate")
            check_url(ln, "href", f"{where} atom:link rel={relv}")
            if relv == "alternate":
                alternates += 1
                key = (ln.attrs.get("type"), ln.attrs.get("hreflang"))
                if key in seen:
                    add("atom-link-dup", ln.line, f"{where} has two rel=alternate links with type/hreflang {key}",
                        f"RFC 4287 §{SECTION[where]} (MUST NOT contain more than one such link)")
                seen[key] = ln
            hl = ln.attrs.get("hreflang")
            if hl is not None and not is_bcp47(hl):
                add("atom-lang", ln.line, f"hreflang {hl!r} is not a BCP 47 tag", "RFC 4287 §4.2.7.4")
        return alternates

    def check_persons(parent, where):
        authors = parent.find_all(A + "author")
        for p in authors + parent.find_all(A + "contributor"):
            if p.find(A + "name") is None:
                add("atom-person", p.line, f"{where} person has no atom:name", "RFC 4287 §3.2.1 (MUST contain exactly one atom:name)")
            uri = p.find(A + "uri")
            if uri is not None:
                check_url(uri, None, f"{where} author uri")
        return authors

    # feed
    for name in ("id", "title", "updated"):
        once(root, name, "atom:feed")
    for name in ("subtitle", "rights", "icon", "logo", "generator"):
        once(root, name, "atom:feed", required=False)
    fid = root.find(A + "id")
    if fid is not None and not is_absolute_iri(fid.text.strip()):
        add("atom-id", fid.line, f"feed id {fid.text!r} is not an absolute IRI", "RFC 4287 §4.2.6")
    for name in ("title", "subtitle", "rights"):
        for n in root.find_all(A + name):
            check_text(n)
    feed_updated = check_date(root.find(A + "updated"))
    check_links(root, "atom:feed")
    self_links = [ln for ln in root.find_all(A + "link") if ln.attrs.get("rel") == "self"]
    here = site.url_of(rel)
    if not self_links:
        add("atom-self", root.line, "atom:feed has no rel=self link", "RFC 4287 §4.1.1 (atom:feed SHOULD contain one rel=self link)")
    for ln in self_links:
        if ln.attrs.get("href") != here:
            add("atom-self", ln.line, f"rel=self is {ln.attrs.get('href')!r}, but the feed lives at {here}",
                "RFC 4287 §4.2.7.2 (self: the IRI of the feed itself)")
    for n in root.find_all(A + "icon") + root.find_all(A + "logo"):
        check_url(n, None, f"atom:{n.tag[len(A):]}")
    feed_authors = check_persons(root, "atom:feed")

    # entries
    ids = {}
    entries = root.find_all(A + "entry")
    latest = None
    for e in entries:
        for name in ("id", "title", "updated"):
            once(e, name, "atom:entry")
        for name in ("published", "summary", "content", "rights", "source"):
            once(e, name, "atom:entry", required=False)
        for name in ("title", "summary", "rights"):
            for n in e.find_all(A + name):
                check_text(n)
        eid = e.find(A + "id")
        if eid is not None:
            v = eid.text.strip()
            if not is_absolute_iri(v):
                add("atom-id", eid.line, f"entry id {v!r} is not an absolute IRI", "RFC 4287 §4.2.6")
            if v in ids:
                add("atom-duplicate-id", eid.line, f"entry id {v} is also used on line {ids[v]}",
                    "project rule (unique entry ids); RFC 4287 §4.1.1 (same id = same entry)")
            else:
                ids[v] = eid.line
        upd = check_date(e.find(A + "updated"))
        pub = check_date(e.find(A + "published"))
        if upd and pub and upd < pub:
            add("atom-date", e.find(A + "updated").line, "entry updated is earlier than published", "RFC 4287 §4.2.9, §4.2.15")
        if upd and (latest is None or upd > latest):
            latest = upd
        alternates = check_links(e, "atom:entry")
        if not alternates:
            add("atom-required", e.line, "atom:entry has no rel=alternate atom:link",
                "project rule (every entry links to its page); RFC 4287 §4.1.1 (MUST if there is no atom:content)")
        content = e.find(A + "content")
        if content is not None:
            t = content.attrs.get("type", "text")
            if "src" in content.attrs and e.find(A + "summary") is None:
                add("atom-required", content.line, "content with src but no atom:summary", "RFC 4287 §4.1.1.1")
            if t not in TEXT_TYPES and "/" not in t:
                add("atom-text-type", content.line, f"content type={t!r}", "RFC 4287 §4.1.3.1")
            base = content.attrs.get(XML_NS + "base")
            if base is not None and not is_absolute_http(base):
                add("atom-absolute-url", content.line, f"xml:base {base!r} is not absolute", "project rule (absolute URLs); XML Base")
        for c in e.find_all(A + "category"):
            if not c.attrs.get("term"):
                add("atom-category", c.line, "atom:category without term", "RFC 4287 §4.2.2.1 (MUST have a term attribute)")
        if not check_persons(e, "atom:entry") and not feed_authors:
            add("atom-author", e.line, "entry has no atom:author and the feed has none either",
                "RFC 4287 §4.1.1 / §4.1.2 (every entry MUST have an author, its own or the feed's)")
    if feed_updated and latest and feed_updated < latest:
        add("atom-date", root.find(A + "updated").line, "feed updated is earlier than an entry's updated",
            "RFC 4287 §4.2.15 (the feed's latest significant change); docs/configuration.md")


SECTION = {"atom:feed": "4.1.1", "atom:entry": "4.1.2"}


def check(site: Site, report: Report):
    files = site.files(name="atom.xml")
    if not files:
        report.add(CHECK, "atom-missing", ".", None, "no atom.xml in the site", "docs/configuration.md (one Atom feed per language)")
    for rel in files:
        check_feed(site.read_bytes(rel), rel, site, report)
    return files


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    sys.exit(1 if r.findings else 0)
