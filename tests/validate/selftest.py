"""Self-test of the validator: a tiny site that passes every check, and one planted mistake per
rule that a check must catch.

    python3 -m validate.selftest [--keep DIR] [--no-vnu]

Each case copies the good site, plants one mistake (a 76-octet line, an LF-only line, an
empty VCALENDAR, a duplicate UID, a non-reciprocal hreflang …) and runs the check that must
report it, by its finding code. The good site itself must give no finding at all, so a check
that reports everything would fail too. --keep DIR writes the good site and every broken
sample to DIR for inspection.
"""

import json
import os
import shutil
import sys
import tempfile
import time

from . import feeds, ics, jsonld, pages, robots, sitemap, vnu
from .common import Report, Site

BASE = "https://example.org/events"
MODULES = {"atom": feeds, "ics": ics, "sitemap": sitemap, "robots": robots, "jsonld": jsonld, "pages": pages}


# --------------------------------------------------------------------------------------------
# The good site


def fold(line: str) -> str:
    """RFC 5545 §3.1 folding: at most 75 octets a line, never inside a UTF-8 sequence."""
    out, cur, limit = [], b"", 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > limit:
            out.append(cur)
            cur, limit = b" ", 75
        cur += b
    out.append(cur)
    return "\r\n".join(x.decode("utf-8") for x in out)


def ics_file(lang, events):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//gazette//selftest//{lang.upper()}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for ev in events:
        lines += ["BEGIN:VEVENT"] + [fold(p) for p in ev] + ["END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


DE_EVENT = [
    "UID:2024-a-de@example.org",
    "DTSTAMP:20241101T160000Z",
    "DTSTART;VALUE=DATE:20241022",
    "DTEND;VALUE=DATE:20241023",
    "SUMMARY:Gespräche in Chongqing\\, zweite Runde\\; mit \\\\ Rückstrich",
    "LOCATION:Chongqing\\, CN",
    "GEO:29.563;106.551",
    "DESCRIPTION:Bei den zweiten Investitionsgesprächen „Qilu-Unternehmen besuchen Bayu“ in "
    "Chongqing wurden 25 Projekte unterzeichnet.\\nZweiter Absatz: äöü ÄÖÜ ß.",
    "URL:https://example.org/events/de/2024/a/",
]
ZH_EVENT = [
    "UID:2024-a-zh@example.org",
    "DTSTAMP:20241101T160000Z",
    "DTSTART;VALUE=DATE:20241022",
    "DTEND;VALUE=DATE:20241023",
    "SUMMARY:第二届“齐鲁名企巴渝行”投资洽谈活动",
    "LOCATION:重庆\\, CN",
    "DESCRIPTION:第二届“齐鲁名企巴渝行”投资洽谈活动在重庆举行，现场签约重点项目25个，总投资1210亿元。"
    "来自山东的150余家企业参加了活动。",
    "URL:https://example.org/events/zh/2024/a/",
]


def u(path):
    return BASE + path


def html_page(lang, path, title, alternates=(), jsonld_obj=None, body="", og_locale=None):
    alt = "\n".join(f'<link rel="alternate" hreflang="{hl}" href="{u(p)}">' for hl, p in alternates)
    ld = f'<script type="application/ld+json">{json.dumps(jsonld_obj, ensure_ascii=False)}</script>' if jsonld_obj else ""
    og = og_locale or {"de": "de_DE", "zh": "zh_CN"}[lang]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{u(path)}">
{alt}
<meta property="og:locale" content="{og}">
<meta property="og:url" content="{u(path)}">
<meta property="og:title" content="{title}">
<link rel="stylesheet" href="/events/style.css">
{ld}
</head>
<body>
<main id="main">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


HOMES = [("de", "/de/"), ("zh", "/zh/"), ("x-default", "/")]
ARTICLE = [("de", "/de/2024/a/"), ("zh", "/zh/2024/a/"), ("x-default", "/de/2024/a/")]


def article_ld(lang):
    url = u(f"/{lang}/2024/a/")
    other = "zh" if lang == "de" else "de"
    art = {
        "@id": url + "#article", "@type": "NewsArticle", "headline": "Gespräche" if lang == "de" else "洽谈",
        "datePublished": "2024-10-31T11:08:24+08:00", "dateModified": "2024-11-02T00:00:00+08:00",
        "inLanguage": lang, "url": url, "mainEntityOfPage": url, "about": {"@id": url + "#event"},
    }
    ref = {"@type": "NewsArticle", "inLanguage": other, "url": u(f"/{other}/2024/a/")}
    if lang == "de":
        art["workTranslation"] = [ref]
    else:
        art["translationOfWork"] = ref
    event = {
        "@id": url + "#event", "@type": "Event", "name": "Gespräche" if lang == "de" else "洽谈",
        "startDate": "2024-10-22", "endDate": "2024-10-22",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Chongqing",
                     "address": {"@type": "PostalAddress", "addressLocality": "Chongqing", "addressCountry": "CN"},
                     "geo": {"@type": "GeoCoordinates", "latitude": 29.563, "longitude": 106.551}},
        "url": url,
    }
    return {"@context": "https://schema.org", "@graph": [art, event]}


def atom(lang):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">
  <title>Selbsttest</title>
  <link rel="self" type="application/atom+xml" href="{u(f'/{lang}/atom.xml')}"/>
  <link rel="alternate" type="text/html" href="{u(f'/{lang}/')}"/>
  <id>{u(f'/{lang}/')}</id>
  <updated>2024-11-02T00:00:00+08:00</updated>
  <author><name>Selbsttest</name></author>
  <entry>
    <title>Gespräche &amp; mehr</title>
    <link rel="alternate" type="text/html" href="{u(f'/{lang}/2024/a/')}"/>
    <id>{u(f'/{lang}/2024/a/')}</id>
    <published>2024-10-31T11:08:24+08:00</published>
    <updated>2024-11-02T00:00:00+08:00</updated>
    <summary type="text">25 Projekte.</summary>
    <content type="html" xml:base="{u(f'/{lang}/2024/a/')}">&lt;p&gt;Text.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def sitemap_xml():
    def url(path, alts, lastmod="2024-11-02T00:00:00+08:00"):
        links = "".join(f'\n    <xhtml:link rel="alternate" hreflang="{hl}" href="{u(p)}"/>' for hl, p in alts)
        lm = f"\n    <lastmod>{lastmod}</lastmod>" if lastmod else ""
        return f"  <url>\n    <loc>{u(path)}</loc>{lm}{links}\n  </url>\n"

    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + url("/", HOMES, None) + url("/de/", HOMES) + url("/zh/", HOMES)
            + url("/de/2024/a/", ARTICLE, "2024-11-02") + url("/zh/2024/a/", ARTICLE)
            + url("/de/about/", [])
            + "</urlset>\n")


def good_site():
    body_de = ('<p>Text mit Fußnote<sup><a href="#fn-1">1</a></sup> und '
               '<a href="/events/zh/2024/a/">中文</a>, <a href="../../">Start</a>.</p>\n'
               '<p id="fn-1">Die Fußnote.</p>')
    return {
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n",
        "sitemap.xml": sitemap_xml(),
        "style.css": "body { margin: 0 }\n",
        "index.html": html_page("de", "/", "Sprache wählen / 选择语言", HOMES,
                                body='<p><a href="/events/de/">Deutsch</a> <a href="/events/zh/">中文</a></p>'),
        "de/index.html": html_page("de", "/de/", "Aktuell", HOMES, body='<p><a href="/events/de/2024/a/">Gespräche</a></p>'),
        "zh/index.html": html_page("zh", "/zh/", "最新", HOMES, body='<p><a href="/events/zh/2024/a/">洽谈</a></p>'),
        "de/2024/a/index.html": html_page("de", "/de/2024/a/", "Gespräche", ARTICLE, article_ld("de"), body_de),
        "zh/2024/a/index.html": html_page("zh", "/zh/2024/a/", "洽谈", ARTICLE, article_ld("zh"), "<p>正文。</p>"),
        "de/about/index.html": html_page("de", "/de/about/", "Über uns", body="<p>Wir.</p>"),
        "de/atom.xml": atom("de"),
        "zh/atom.xml": atom("zh"),
        "de/events.ics": ics_file("de", [DE_EVENT]),
        "zh/events.ics": ics_file("zh", [ZH_EVENT]),
        "de/search.json": json.dumps([{"title": "Gespräche", "url": "/events/de/2024/a/"}], ensure_ascii=False),
        "zh/search.json": json.dumps([{"title": "洽谈", "url": "/events/zh/2024/a/"}], ensure_ascii=False),
    }


def write_site(root, files):
    for rel, content in files.items():
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape")
        with open(path, "wb") as f:
            f.write(data)


# --------------------------------------------------------------------------------------------
# Planted mistakes


def sub(rel, old, new, count=1):
    """A mutation: replace `old` by `new` in file `rel` (old must be there)."""
    def apply(files):
        content = files[rel]
        assert old in content, f"self-test sample out of date: {old!r} not in {rel}"
        files[rel] = content.replace(old, new, count)
    return apply


def put(rel, content):
    def apply(files):
        files[rel] = content
    return apply


def drop(rel):
    def apply(files):
        files.pop(rel)
    return apply


LONG76 = "DESCRIPTION:" + "x" * 64  # 12 + 64 = 76 octets
SPLIT_UTF8 = ("DESCRIPTION:" + "a" * 62 + "ä").encode("utf-8")  # "ä" = C3 A4 at octets 75-76
SPLIT_UTF8 = (SPLIT_UTF8[:75] + b"\r\n " + SPLIT_UTF8[75:]).decode("utf-8", "surrogateescape")
SITEMAP_INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                 f'  <sitemap><loc>{BASE}/sitemap-pages.xml</loc><lastmod>2024-11-02</lastmod></sitemap>\n'
                 '</sitemapindex>\n')

# (name, check, mutations, expected finding code)
CASES = [
    # iCalendar
    ("ics: a 76-octet line", "ics", [sub("de/events.ics", "URL:https://example.org/events/de/2024/a/", LONG76 + "\r\nURL:https://example.org/events/de/2024/a/")], "ics-line-length"),
    ("ics: an LF-only line ending", "ics", [sub("de/events.ics", "METHOD:PUBLISH\r\n", "METHOD:PUBLISH\n")], "ics-bare-lf"),
    ("ics: no CRLF after the last line", "ics", [sub("de/events.ics", "END:VCALENDAR\r\n", "END:VCALENDAR")], "ics-no-final-crlf"),
    ("ics: an empty VCALENDAR (no component)", "ics", [put("zh/events.ics", ics_file("zh", []))], "ics-empty-calendar"),
    ("ics: a duplicate UID in one calendar", "ics", [put("de/events.ics", ics_file("de", [DE_EVENT, DE_EVENT]))], "ics-duplicate-uid"),
    ("ics: the same UID in two calendars", "ics", [sub("zh/events.ics", "UID:2024-a-zh@", "UID:2024-a-de@")], "ics-duplicate-uid"),
    ("ics: a fold inside a UTF-8 sequence", "ics", [sub("de/events.ics", "URL:https://", SPLIT_UTF8 + "\r\nURL:https://")], "ics-fold-splits-utf8"),
    ("ics: an unescaped comma in SUMMARY", "ics", [sub("de/events.ics", "Chongqing\\, zweite", "Chongqing, zweite")], "ics-text-escape"),
    ("ics: an unescaped semicolon in LOCATION", "ics", [sub("de/events.ics", "LOCATION:Chongqing\\, CN", "LOCATION:Chongqing; CN")], "ics-text-escape"),
    ("ics: a stray backslash escape", "ics", [sub("de/events.ics", "SUMMARY:Gespräche", "SUMMARY:Gespr\\äche")], "ics-text-escape"),
    ("ics: DTEND equal to DTSTART (end date not exclusive)", "ics", [sub("de/events.ics", "DTEND;VALUE=DATE:20241023", "DTEND;VALUE=DATE:20241022")], "ics-dtend"),
    ("ics: DTEND of another value type", "ics", [sub("de/events.ics", "DTEND;VALUE=DATE:20241023", "DTEND:20241023T100000Z")], "ics-dtend"),
    ("ics: DTSTAMP not in UTC", "ics", [sub("de/events.ics", "DTSTAMP:20241101T160000Z", "DTSTAMP:20241101T160000")], "ics-dtstamp"),
    ("ics: no DTSTAMP", "ics", [sub("de/events.ics", "DTSTAMP:20241101T160000Z\r\n", "")], "ics-dtstamp"),
    ("ics: no UID", "ics", [sub("de/events.ics", "UID:2024-a-de@example.org\r\n", "")], "ics-uid"),
    ("ics: a UID with a line break", "ics", [sub("de/events.ics", "UID:2024-a-de@example.org", "UID:2024-a-de\\n@example.org")], "ics-uid"),
    ("ics: no DTSTART", "ics", [sub("de/events.ics", "DTSTART;VALUE=DATE:20241022\r\n", "")], "ics-dtstart"),
    ("ics: an impossible date", "ics", [sub("de/events.ics", "DTSTART;VALUE=DATE:20241022", "DTSTART;VALUE=DATE:20240230")], "ics-date"),
    ("ics: control character U+000B", "ics", [sub("de/events.ics", "Runde", "Run\x0bde")], "ics-control-char"),
    ("ics: no VERSION", "ics", [sub("de/events.ics", "VERSION:2.0\r\n", "")], "ics-calprops"),
    ("ics: no PRODID", "ics", [sub("de/events.ics", "PRODID:-//gazette//selftest//DE\r\n", "")], "ics-calprops"),
    ("ics: END without matching BEGIN", "ics", [sub("de/events.ics", "END:VEVENT", "END:VTODO")], "ics-structure"),
    ("ics: an empty line", "ics", [sub("de/events.ics", "METHOD:PUBLISH\r\n", "METHOD:PUBLISH\r\n\r\n")], "ics-empty-line"),
    ("ics: GEO out of range", "ics", [sub("de/events.ics", "GEO:29.563;106.551", "GEO:106.551;29.563")], "ics-geo"),
    # Atom
    ("atom: control character U+000B (XML 1.0)", "atom", [sub("de/atom.xml", "Gespräche &amp; mehr", "Gespräche\x0b&amp; mehr")], "atom-xml-char"),
    ("atom: U+000B makes feedparser bozo", "atom", [sub("de/atom.xml", "Gespräche &amp; mehr", "Gespräche\x0b&amp; mehr")], "atom-feedparser-bozo"),
    ("atom: U+000B is not well-formed (expat)", "atom", [sub("de/atom.xml", "Gespräche &amp; mehr", "Gespräche\x0b&amp; mehr")], "atom-not-wellformed"),
    ("atom: a character reference &#11;", "atom", [sub("de/atom.xml", "Gespräche &amp; mehr", "Gespräche&#11; mehr")], "atom-xml-char"),
    ("atom: an entry without id", "atom", [sub("de/atom.xml", "    <id>https://example.org/events/de/2024/a/</id>\n", "")], "atom-required"),
    ("atom: a feed without updated", "atom", [sub("de/atom.xml", "  <updated>2024-11-02T00:00:00+08:00</updated>\n  <author>", "  <author>")], "atom-required"),
    ("atom: an entry without link", "atom", [sub("de/atom.xml", '    <link rel="alternate" type="text/html" href="https://example.org/events/de/2024/a/"/>\n', "")], "atom-required"),
    ("atom: a date that is not RFC 3339", "atom", [sub("de/atom.xml", "<published>2024-10-31T11:08:24+08:00", "<published>2024-10-31 11:08:24")], "atom-date"),
    ("atom: a lower-case t in a date", "atom", [sub("de/atom.xml", "<published>2024-10-31T11:08:24+08:00", "<published>2024-10-31t11:08:24+08:00")], "atom-date"),
    ("atom: duplicate entry ids", "atom", [sub("de/atom.xml", "  </entry>\n", "  </entry>\n  <entry>\n    <title>B</title>\n"
                                                  '    <link href="https://example.org/events/de/2024/a/"/>\n'
                                                  "    <id>https://example.org/events/de/2024/a/</id>\n"
                                                  "    <updated>2024-11-02T00:00:00+08:00</updated>\n  </entry>\n")], "atom-duplicate-id"),
    ("atom: a relative link", "atom", [sub("de/atom.xml", 'href="https://example.org/events/de/2024/a/"/>', 'href="/events/de/2024/a/"/>')], "atom-absolute-url"),
    ("atom: rel=self without the base path", "atom", [sub("de/atom.xml", 'href="https://example.org/events/de/atom.xml"', 'href="https://example.org/de/atom.xml"')], "atom-self"),
    ("atom: no author anywhere", "atom", [sub("de/atom.xml", "  <author><name>Selbsttest</name></author>\n", "")], "atom-author"),
    # Sitemap
    ("sitemap: a non-reciprocal hreflang", "sitemap",
     [sub("sitemap.xml", f'<loc>{BASE}/zh/2024/a/</loc>\n    <lastmod>2024-11-02T00:00:00+08:00</lastmod>\n'
                         f'    <xhtml:link rel="alternate" hreflang="de" href="{BASE}/de/2024/a/"/>',
          f'<loc>{BASE}/zh/2024/a/</loc>\n    <lastmod>2024-11-02T00:00:00+08:00</lastmod>\n'
          f'    <xhtml:link rel="alternate" hreflang="de" href="{BASE}/de/about/"/>')], "sitemap-hreflang-not-reciprocal"),
    ("sitemap: links back only as x-default, not as its language", "sitemap",
     [sub("sitemap.xml", f'<loc>{BASE}/zh/2024/a/</loc>\n    <lastmod>2024-11-02T00:00:00+08:00</lastmod>\n'
                         f'    <xhtml:link rel="alternate" hreflang="de" href="{BASE}/de/2024/a/"/>\n',
          f'<loc>{BASE}/zh/2024/a/</loc>\n    <lastmod>2024-11-02T00:00:00+08:00</lastmod>\n')], "sitemap-hreflang-not-reciprocal"),
    ("sitemap: an alternate that is not a <loc>", "sitemap",
     [sub("sitemap.xml", f'hreflang="zh" href="{BASE}/zh/2024/a/"', f'hreflang="zh" href="{BASE}/zh/2024/b/"')], "sitemap-hreflang-not-listed"),
    ("sitemap: a URL that does not list itself", "sitemap",
     [sub("sitemap.xml", f'    <xhtml:link rel="alternate" hreflang="de" href="{BASE}/de/2024/a/"/>\n'
                         f'    <xhtml:link rel="alternate" hreflang="zh" href="{BASE}/zh/2024/a/"/>\n'
                         f'    <xhtml:link rel="alternate" hreflang="x-default" href="{BASE}/de/2024/a/"/>\n  </url>\n  <url>\n    <loc>{BASE}/zh/2024/a/',
          f'    <xhtml:link rel="alternate" hreflang="zh" href="{BASE}/zh/2024/a/"/>\n  </url>\n  <url>\n    <loc>{BASE}/zh/2024/a/')],
     "sitemap-hreflang-no-self"),
    ("sitemap: hreflang zh_CN is not BCP 47", "sitemap", [sub("sitemap.xml", 'hreflang="zh"', 'hreflang="zh_CN"', 99)], "sitemap-hreflang-value"),
    ("sitemap: two x-default", "sitemap",
     [sub("sitemap.xml", f'<xhtml:link rel="alternate" hreflang="x-default" href="{BASE}/de/2024/a/"/>',
          f'<xhtml:link rel="alternate" hreflang="x-default" href="{BASE}/de/2024/a/"/>'
          f'<xhtml:link rel="alternate" hreflang="x-default" href="{BASE}/zh/2024/a/"/>')], "sitemap-xdefault-count"),
    ("sitemap: x-default differs within a cluster", "sitemap",
     [sub("sitemap.xml", f'hreflang="x-default" href="{BASE}/de/2024/a/"', f'hreflang="x-default" href="{BASE}/zh/2024/a/"')], "sitemap-xdefault-inconsistent"),
    ("sitemap: a <loc> on another host", "sitemap", [sub("sitemap.xml", f"<loc>{BASE}/de/about/</loc>", "<loc>https://example.com/events/de/about/</loc>")], "sitemap-loc-host"),
    ("sitemap: a <loc> outside the base path", "sitemap", [sub("sitemap.xml", f"<loc>{BASE}/de/about/</loc>", "<loc>https://example.org/de/about/</loc>")], "sitemap-loc-base"),
    ("sitemap: a relative <loc>", "sitemap", [sub("sitemap.xml", f"<loc>{BASE}/de/about/</loc>", "<loc>/events/de/about/</loc>")], "sitemap-loc-absolute"),
    ("sitemap: a <loc> without a file", "sitemap", [sub("sitemap.xml", f"<loc>{BASE}/de/about/</loc>", f"<loc>{BASE}/de/impressum/</loc>")], "sitemap-loc-missing"),
    ("sitemap: lastmod not W3C Datetime", "sitemap", [sub("sitemap.xml", "<lastmod>2024-11-02</lastmod>", "<lastmod>02.11.2024</lastmod>")], "sitemap-lastmod"),
    ("sitemap: lastmod time without zone", "sitemap", [sub("sitemap.xml", "<lastmod>2024-11-02</lastmod>", "<lastmod>2024-11-02T10:00:00</lastmod>")], "sitemap-lastmod"),
    ("sitemap: wrong namespace", "sitemap", [sub("sitemap.xml", "http://www.sitemaps.org/schemas/sitemap/0.9", "https://www.sitemaps.org/schemas/sitemap/0.9")], "sitemap-root"),
    ("sitemap: a URL listed twice", "sitemap", [sub("sitemap.xml", "</urlset>", f"  <url><loc>{BASE}/de/about/</loc></url>\n</urlset>")], "sitemap-duplicate-loc"),
    ("sitemap: a page missing from the sitemap", "sitemap", [put("de/kontakt/index.html", html_page("de", "/de/kontakt/", "Kontakt"))], "sitemap-page-missing"),
    ("sitemap: index lists a missing sitemap", "sitemap", [put("sitemap.xml", SITEMAP_INDEX)], "sitemap-loc-missing"),
    ("sitemap: index lists an invalid sitemap", "sitemap",
     [lambda files: files.__setitem__("sitemap-pages.xml", files["sitemap.xml"].replace("<lastmod>2024-11-02</lastmod>", "<lastmod>yesterday</lastmod>")),
      put("sitemap.xml", SITEMAP_INDEX)], "sitemap-lastmod"),
    ("sitemap: page <link> and sitemap disagree on x-default", "sitemap",
     [sub("zh/2024/a/index.html", f'hreflang="x-default" href="{BASE}/de/2024/a/"', f'hreflang="x-default" href="{BASE}/zh/2024/a/"')], "pages-xdefault-mismatch"),
    # robots.txt
    ("robots: no Sitemap line", "robots", [sub("robots.txt", f"Sitemap: {BASE}/sitemap.xml\n", "")], "robots-no-sitemap"),
    ("robots: a relative Sitemap URL", "robots", [sub("robots.txt", f"Sitemap: {BASE}/sitemap.xml", "Sitemap: /events/sitemap.xml")], "robots-sitemap-url"),
    ("robots: Sitemap URL without a file", "robots", [sub("robots.txt", f"Sitemap: {BASE}/sitemap.xml", f"Sitemap: {BASE}/sitemap_index.xml")], "robots-sitemap-missing"),
    ("robots: no robots.txt", "robots", [drop("robots.txt")], "robots-missing"),
    # JSON-LD
    ("jsonld: invalid JSON", "jsonld", [sub("de/2024/a/index.html", '{"@context"', '{"@context" ')
                                        , sub("de/2024/a/index.html", '"@graph": [', '"@graph": [,')], "jsonld-json"),
    ("jsonld: a duplicate key", "jsonld", [sub("de/2024/a/index.html", '"headline": ', '"headline": "x", "headline": ')], "jsonld-json"),
    ("jsonld: @context not schema.org", "jsonld", [sub("de/2024/a/index.html", '"@context": "https://schema.org"', '"@context": "https://schema.org.example"')], "jsonld-context"),
    ("jsonld: an unknown type", "jsonld", [sub("de/2024/a/index.html", '"@type": "NewsArticle", "headline"', '"@type": "NewsArtikel", "headline"')], "jsonld-type"),
    ("jsonld: PyLD expansion fails (@id not a string)", "jsonld", [sub("de/2024/a/index.html", '"@id": "https://example.org/events/de/2024/a/#event", "@type": "Event"', '"@id": 5, "@type": "Event"')], "jsonld-expand"),
    ("jsonld: translation links inverted (translation uses workTranslation)", "jsonld", [sub("zh/2024/a/index.html", '"translationOfWork"', '"workTranslation"')], "jsonld-translation-inverted"),
    ("jsonld: original has translationOfWork", "jsonld", [sub("de/2024/a/index.html", '"workTranslation"', '"translationOfWork"')], "jsonld-translation-inverted"),
    ("jsonld: original does not list its translation", "jsonld", [sub("de/2024/a/index.html", '"workTranslation"', '"isBasedOn"')], "jsonld-translation"),
    ("jsonld: Event without eventStatus", "jsonld", [sub("de/2024/a/index.html", '"eventStatus": "https://schema.org/EventScheduled", ', "")], "jsonld-event-required"),
    ("jsonld: Event without eventAttendanceMode", "jsonld", [sub("de/2024/a/index.html", '"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode", ', "")], "jsonld-event-required"),
    ("jsonld: Event without location", "jsonld", [sub("de/2024/a/index.html", '"location": {"@type": "Place"', '"place": {"@type": "Place"')], "jsonld-event-required"),
    ("jsonld: Event without startDate", "jsonld", [sub("de/2024/a/index.html", '"startDate": "2024-10-22", ', "")], "jsonld-event-required"),
    ("jsonld: eventStatus not an EventStatusType", "jsonld", [sub("de/2024/a/index.html", "https://schema.org/EventScheduled", "scheduled")], "jsonld-event-enum"),
    ("jsonld: endDate before startDate", "jsonld", [sub("de/2024/a/index.html", '"endDate": "2024-10-22"', '"endDate": "2024-10-21"')], "jsonld-date"),
    # Pages
    ("pages: two canonical links", "pages", [sub("de/about/index.html", "<title>", f'<link rel="canonical" href="{BASE}/de/">\n<title>')], "pages-canonical"),
    ("pages: no canonical link", "pages", [sub("de/about/index.html", f'<link rel="canonical" href="{BASE}/de/about/">\n', "")], "pages-canonical"),
    ("pages: og:locale 'de' instead of de_DE", "pages", [sub("de/about/index.html", 'content="de_DE"', 'content="de"')], "pages-og-locale"),
    ("pages: no <html lang>", "pages", [sub("de/about/index.html", '<html lang="de">', "<html>")], "pages-html-lang"),
    ("pages: a hreflang link that is not reciprocal", "pages", [sub("zh/2024/a/index.html", f'<link rel="alternate" hreflang="de" href="{BASE}/de/2024/a/">\n', "")], "pages-hreflang-not-reciprocal"),
    ("pages: a link without the base path", "pages", [sub("de/about/index.html", 'href="/events/style.css"', 'href="/style.css"')], "pages-link-outside-base"),
    ("pages: a broken internal link", "pages", [sub("de/index.html", 'href="/events/de/2024/a/"', 'href="/events/de/2024/b/"')], "pages-broken-link"),
    ("pages: a footnote link to a missing id", "pages", [sub("de/2024/a/index.html", '<p id="fn-1">', "<p>")], "pages-broken-fragment"),
    ("pages: a search index URL without the base path", "pages", [sub("de/search.json", '"/events/de/2024/a/"', '"/de/2024/a/"')], "pages-link-outside-base"),
]

# vnu: one JVM for the good pages and these broken ones
VNU_CASES = [
    ("html: duplicate id", "bad/dup-id.html", html_page("de", "/bad/dup-id.html", "x", body='<p id="a">1</p><p id="a">2</p>'), "Duplicate ID"),
    ("html: empty form action", "bad/empty-action.html", html_page("de", "/bad/empty-action.html", "x", body='<form action=""><input name="q"></form>'), "action"),
    ("html: control character U+000B", "bad/control.html", html_page("de", "/bad/control.html", "x\x0by"), "U+000b"),
]


# --------------------------------------------------------------------------------------------


def run_checks(root, names):
    report = Report()
    site = Site(root, BASE)
    for n in names:
        MODULES[n].check(site, report)
    return report


def main(argv):
    keep = None
    if "--keep" in argv:
        keep = argv[argv.index("--keep") + 1]
    use_vnu = "--no-vnu" not in argv
    t0 = time.monotonic()
    passed = failed = 0
    tmp = tempfile.mkdtemp(prefix="validate-selftest-")
    try:
        # the good site passes everything
        good = os.path.join(tmp, "good")
        write_site(good, good_site())
        if keep:
            write_site(os.path.join(keep, "good"), good_site())
        vrun = vnu.Run(Site(good, BASE), [good]) if use_vnu else None
        report = run_checks(good, list(MODULES))
        if report.findings:
            failed += 1
            print("FAIL good sample site: expected no findings, got:")
            for f in report.findings:
                print("   ", f.format().replace("\n", "\n    "))
        else:
            passed += 1
            print("ok   good sample site passes atom, ics, sitemap, robots, jsonld, pages")

        for i, (name, check, mutations, code) in enumerate(CASES):
            files = good_site()
            for m in mutations:
                m(files)
            root = os.path.join(tmp, f"case{i:02d}")
            write_site(root, files)
            if keep:
                slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
                write_site(os.path.join(keep, f"{i:02d}-{slug}"), files)
            checks = ["sitemap", "pages"] if check == "sitemap" else [check]
            report = run_checks(root, checks)
            codes = report.codes()
            if code in codes:
                passed += 1
                print(f"ok   {name}  -> {code}")
            elif code == "jsonld-expand" and any("PyLD" in n for n in report.notes):
                print(f"skip {name} (PyLD not installed)")
            else:
                failed += 1
                print(f"FAIL {name}: expected {code}, got {sorted(codes) or 'nothing'}")

        if use_vnu:
            good_report = Report()
            vrun.finish(good_report)
            if good_report.findings:
                failed += 1
                print("FAIL html: the good sample site has vnu errors:")
                for f in good_report.findings:
                    print("   ", f.format().replace("\n", "\n    "))
            else:
                passed += 1
                print(f"ok   html: the good sample site passes vnu {vrun.version}")
            bad = os.path.join(tmp, "vnu-bad")
            write_site(bad, {p: c for _, p, c, _ in VNU_CASES})
            if keep:
                write_site(os.path.join(keep, "vnu-bad"), {p: c for _, p, c, _ in VNU_CASES})
            r = Report()
            vnu.Run(Site(bad, BASE), [bad]).finish(r)
            for name, path, _, needle in VNU_CASES:
                hits = [f for f in r.findings if f.file == path and f.code == "html-vnu-error"]
                if any(needle.lower() in f.message.lower() for f in hits):
                    passed += 1
                    print(f"ok   {name}  -> html-vnu-error")
                else:
                    failed += 1
                    print(f"FAIL {name}: vnu gave {[f.message for f in hits] or 'no error'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nself-test: {time.monotonic() - t0:.1f} s" + (f", samples written to {keep}" if keep else ""))
    print(f"self-test: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
