"""robots.txt check (RFC 9309 and the sitemaps.org "Sitemap:" directive).

Run alone: python3 -m validate.robots SITE_DIR [BASE_URL]
"""

import sys

from .common import Report, Site, XmlError, is_absolute_http, parse_xml

CHECK = "robots"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def check(site: Site, report: Report):
    rel = "robots.txt"

    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    if not site.exists(rel):
        add("robots-missing", None, "the site has no robots.txt", "docs/configuration.md (/robots.txt points to the sitemap)")
        return [rel]
    if site.base_path:
        report.note(f"robots: the site lives below {site.base_path}/; crawlers read robots.txt only at "
                    f"{site.scheme}://{site.host}/robots.txt (RFC 9309 §2.3), so copy it there when deploying")
    data = site.read_bytes(rel)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        add("robots-encoding", None, f"not UTF-8: {e}", "RFC 9309 §2.3 (the file MUST be UTF-8 encoded)")
        text = data.decode("utf-8", "replace")
    sitemaps = []
    in_group = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep:
            add("robots-syntax", n, f"line {raw!r} is not 'key: value'", "RFC 9309 §2.2 (rule = key \":\" value)")
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            in_group = True
        elif key in ("allow", "disallow"):
            if not in_group:
                add("robots-syntax", n, f"{key} before any user-agent line", "RFC 9309 §2.1 (rules belong to a group)")
            if value and not value.startswith(("/", "*")):
                add("robots-syntax", n, f"{key} path {value!r} does not start with '/'", "RFC 9309 §2.2.2")
        elif key == "sitemap":
            sitemaps.append((n, value))
    if not sitemaps:
        add("robots-no-sitemap", None, "no 'Sitemap:' line", "sitemaps.org protocol (Specifying the Sitemap location in robots.txt)")
    for n, url in sitemaps:
        if not is_absolute_http(url):
            add("robots-sitemap-url", n, f"Sitemap URL {url!r} is not absolute",
                "sitemaps.org protocol (robots.txt: 'Sitemap:' with the full URL); RFC 9309 §2.2.4")
            continue
        f = site.file_of(url)
        if f is None:
            add("robots-sitemap-url", n, f"Sitemap URL {url} is not below the base URL {site.base_url}/", "project rule (the site lives below base_url)")
            continue
        if not site.exists(f):
            add("robots-sitemap-missing", n, f"Sitemap URL {url}: the site has no file {f}", "sitemaps.org protocol (the sitemap must exist)")
            continue
        try:
            root = parse_xml(site.read_bytes(f))
        except XmlError:
            continue  # the sitemap check reports it
        if root.tag not in (SM + "urlset", SM + "sitemapindex"):
            add("robots-sitemap-url", n, f"Sitemap URL {url} is not a sitemap (root {root.tag})", "sitemaps.org protocol")
    return [rel]


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    for nt in r.notes:
        print("note:", nt)
    sys.exit(1 if r.findings else 0)
