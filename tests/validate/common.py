"""Shared pieces of the site validator: findings, the site's URL <-> file mapping, a small
XML tree with line numbers (expat), and an HTML head scanner (html.parser).

Only the Python standard library is used here, so every check can import it.
"""

import html.parser
import os
import re
import sys
import urllib.parse
import xml.parsers.expat
from dataclasses import dataclass, field


# --------------------------------------------------------------------------------------------
# Findings


@dataclass
class Finding:
    check: str  # "ics", "atom", "sitemap", "robots", "jsonld", "pages", "html"
    code: str  # short stable id, e.g. "ics-line-length" (the self-test matches on it)
    file: str  # path relative to the site folder
    line: int | None
    message: str
    rule: str  # the standard and section, e.g. "RFC 5545 §3.1"

    def format(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message}\n    rule: {self.rule} [{self.code}]"


class Report:
    def __init__(self):
        self.findings: list[Finding] = []
        self.notes: list[str] = []

    def add(self, check, code, file, line, message, rule):
        self.findings.append(Finding(check, code, file, line, message, rule))

    def note(self, text):
        self.notes.append(text)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


# --------------------------------------------------------------------------------------------
# The site: base URL, URL <-> file


class Site:
    """A built site folder and the base URL it was built for."""

    def __init__(self, root: str, base_url: str | None = None):
        self.root = os.path.abspath(root)
        if base_url is None:
            base_url = infer_base_url(self.root)
        self.base_url = base_url.rstrip("/")
        p = urllib.parse.urlsplit(self.base_url)
        self.scheme = p.scheme.lower()
        self.host = p.netloc.lower()
        self.base_path = p.path.rstrip("/")  # "" or "/events"
        self._html_cache: dict[str, "HtmlDoc"] = {}

    # -- files

    def files(self, suffix: str | None = None, name: str | None = None) -> list[str]:
        """Relative paths (with "/") of the site's files, sorted."""
        out = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for fn in filenames:
                if suffix and not fn.endswith(suffix):
                    continue
                if name and fn != name:
                    continue
                rel = os.path.relpath(os.path.join(dirpath, fn), self.root)
                out.append(rel.replace(os.sep, "/"))
        return sorted(out)

    def path(self, rel: str) -> str:
        return os.path.join(self.root, *rel.split("/"))

    def exists(self, rel: str) -> bool:
        return os.path.isfile(self.path(rel))

    def read_bytes(self, rel: str) -> bytes:
        with open(self.path(rel), "rb") as f:
            return f.read()

    # -- URLs

    def url_of(self, rel: str) -> str:
        """The public URL of a file: `de/index.html` -> `BASE/de/`."""
        if rel == "index.html":
            return self.base_url + "/"
        if rel.endswith("/index.html"):
            return self.base_url + "/" + rel[: -len("index.html")]
        return self.base_url + "/" + rel

    def under_base(self, url: str) -> bool:
        p = urllib.parse.urlsplit(url)
        if p.scheme.lower() != self.scheme or p.netloc.lower() != self.host:
            return False
        return p.path == self.base_path + "/" or p.path.startswith(self.base_path + "/") or (
            self.base_path == "" and p.path == "")

    def same_host(self, url: str) -> bool:
        p = urllib.parse.urlsplit(url)
        return p.scheme.lower() == self.scheme and p.netloc.lower() == self.host

    def file_of(self, url: str) -> str | None:
        """The file that serves an absolute URL below the base URL, or None when the URL is
        not below it. The file need not exist (check with exists())."""
        if not self.under_base(url):
            return None
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        rel = path[len(self.base_path):].lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return rel

    def html(self, rel: str) -> "HtmlDoc":
        if rel not in self._html_cache:
            self._html_cache[rel] = HtmlDoc.parse(self.read_bytes(rel).decode("utf-8", "replace"))
        return self._html_cache[rel]


def infer_base_url(root: str) -> str:
    """Base URL from robots.txt's Sitemap line, else from the chooser's canonical link."""
    robots = os.path.join(root, "robots.txt")
    if os.path.isfile(robots):
        for line in open(robots, encoding="utf-8", errors="replace"):
            k, _, v = line.partition(":")
            if k.strip().lower() == "sitemap" and v.strip().endswith("/sitemap.xml"):
                return v.strip()[: -len("/sitemap.xml")]
    index = os.path.join(root, "index.html")
    if os.path.isfile(index):
        doc = HtmlDoc.parse(open(index, encoding="utf-8", errors="replace").read())
        for ln in doc.links:
            if "canonical" in ln.rel:
                return ln.attrs.get("href", "").rstrip("/")
    sys.exit("validate: cannot infer the base URL; pass it as the second argument")


def is_absolute_http(url: str) -> bool:
    p = urllib.parse.urlsplit(url)
    return p.scheme in ("http", "https") and bool(p.netloc) and " " not in url


def is_absolute_iri(url: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", url))


# --------------------------------------------------------------------------------------------
# BCP 47 (RFC 5646 §2.1 syntax) and dates

_BCP47 = re.compile(
    r"""^(?:
      (?P<langtag>
        (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language (+ extlang)
        (?:-[a-z]{4})?                                        # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                           # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*              # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                  # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                            # private use
      )
      | x(?:-[a-z0-9]{1,8})+
      | i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)
      | en-gb-oed | sgn-(?:be-fr|be-nl|ch-de)
    )$""",
    re.X | re.I,
)


def is_bcp47(tag: str) -> bool:
    return bool(_BCP47.match(tag))


# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), used by sitemaps.org for <lastmod>
_W3C_DT = re.compile(
    r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])"
    r"(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)?)?$"
)


def is_w3c_datetime(s: str) -> bool:
    if not _W3C_DT.match(s):
        return False
    if len(s) >= 10:
        import datetime

        try:
            datetime.date.fromisoformat(s[:10])
        except ValueError:
            return False
    return True


# RFC 3339 §5.6 date-time; RFC 4287 §3.3 also requires an upper-case "T" and "Z".
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse_rfc3339(s: str):
    """A timezone-aware datetime, or None when `s` is not an RFC 3339 date-time."""
    import datetime

    m = _RFC3339.match(s)
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    off = m.group(8)
    try:
        if off == "Z":
            tz = datetime.timezone.utc
        else:
            oh, om = int(off[1:3]), int(off[4:6])
            if oh > 23 or om > 59:
                return None
            delta = datetime.timedelta(hours=oh, minutes=om)
            tz = datetime.timezone(delta if off[0] == "+" else -delta)
        frac = m.group(7)
        micro = int((frac[1:] + "000000")[:6]) if frac else 0
        # RFC 3339 allows a leap second (60); datetime does not: clamp for comparison.
        return datetime.datetime(y, mo, d, h, mi, min(sec, 59), micro, tzinfo=tz) if sec <= 60 else None
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# XML with line numbers (expat)


@dataclass
class XNode:
    tag: str  # "{namespace}local" or "local"
    attrs: dict
    line: int
    children: list = field(default_factory=list)
    text: str = ""

    def find_all(self, tag):
        return [c for c in self.children if c.tag == tag]

    def find(self, tag):
        for c in self.children:
            if c.tag == tag:
                return c
        return None


class XmlError(Exception):
    def __init__(self, message, line):
        super().__init__(message)
        self.line = line


def parse_xml(data: bytes) -> XNode:
    """Parses with the standard library's expat (namespace-aware). Raises XmlError."""
    p = xml.parsers.expat.ParserCreate(namespace_separator="}")
    stack: list[XNode] = []
    root: list[XNode] = []

    def qual(name):
        return "{" + name if "}" in name else name

    def start(name, attrs):
        node = XNode(qual(name), {qual(k): v for k, v in attrs.items()}, p.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(name):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].text += data

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    try:
        p.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        raise XmlError(xml.parsers.expat.ErrorString(e.code), e.lineno) from None
    return root[0]


# Characters XML 1.0 does not allow (§2.2 Char): C0 controls except TAB/LF/CR, surrogates,
# U+FFFE and U+FFFF. Also flags the C1 controls and DEL, which §2.2 discourages.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DISCOURAGED = re.compile("[\x7f-\x84\x86-\x9f]")
_XML_BAD_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")


def xml_char_problems(text: str):
    """(line, message) for each character or character reference XML 1.0 forbids."""
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        for m in _XML_BAD.finditer(line):
            out.append((i, f"character U+{ord(m.group()):04X} is not allowed in XML 1.0"))
        for m in _XML_BAD_REF.finditer(line):
            v = m.group(1)
            n = int(v[1:], 16) if v[0] in "xX" else int(v)
            if (n < 0x20 and n not in (9, 10, 13)) or 0xD800 <= n <= 0xDFFF or n in (0xFFFE, 0xFFFF) or n > 0x10FFFF:
                out.append((i, f"character reference {m.group()} names a character XML 1.0 does not allow"))
    return out


# --------------------------------------------------------------------------------------------
# HTML: a scanner for what the checks need


@dataclass
class Tag:
    name: str
    attrs: dict
    line: int

    @property
    def rel(self):
        return self.attrs.get("rel", "").lower().split()


class HtmlDoc(html.parser.HTMLParser):
    """html_lang, <link>s, <meta>s, JSON-LD scripts, ids and link targets, with lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.html_line = None
        self.links: list[Tag] = []
        self.metas: list[Tag] = []
        self.jsonld: list[tuple[int, str]] = []
        self.ids: list[tuple[str, int]] = []
        self.refs: list[tuple[str, str, int]] = []  # (attribute, url, line)
        self._script: tuple[int, list] | None = None
        self.in_head = False

    @classmethod
    def parse(cls, text):
        d = cls()
        d.feed(text)
        d.close()
        return d

    def handle_starttag(self, tag, attrs):
        a = {}
        for k, v in attrs:
            a.setdefault(k, v if v is not None else "")
        line = self.getpos()[0]
        if tag == "html":
            self.html_lang = a.get("lang")
            self.html_line = line
        elif tag == "link":
            self.links.append(Tag(tag, a, line))
        elif tag == "meta":
            self.metas.append(Tag(tag, a, line))
        elif tag == "script" and a.get("type", "").lower().split(";")[0].strip() == "application/ld+json":
            self._script = (line, [])
        if "id" in a:
            self.ids.append((a["id"], line))
        for attr in ("href", "src", "action"):
            if attr in a:
                self.refs.append((attr, a[attr], line))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            line, parts = self._script
            self.jsonld.append((line, "".join(parts)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    # helpers

    def meta_props(self, prop):
        return [m for m in self.metas if m.attrs.get("property") == prop]

    def noindex(self):
        return any(m.attrs.get("name", "").lower() == "robots" and "noindex" in m.attrs.get("content", "").lower()
                   for m in self.metas)

    def hreflangs(self):
        """(hreflang, absolute href, line) of <link rel=alternate hreflang>."""
        return [(ln.attrs["hreflang"], ln.attrs.get("href", ""), ln.line) for ln in self.links
                if "alternate" in ln.rel and "hreflang" in ln.attrs]


def infer_default_language(site: Site) -> str | None:
    """The language most sitemap x-default links point to (the first path segment)."""
    env = os.environ.get("DEFAULT_LANG")
    if env:
        return env
    if not site.exists("sitemap.xml"):
        return None
    try:
        root = parse_xml(site.read_bytes("sitemap.xml"))
    except XmlError:
        return None
    from collections import Counter

    c = Counter()
    for url in root.children:
        for ln in url.children:
            if ln.attrs.get("hreflang") == "x-default":
                rel = site.file_of(ln.attrs.get("href", ""))
                if rel and "/" in rel:
                    c[rel.split("/")[0]] += 1
    return c.most_common(1)[0][0] if c else None
