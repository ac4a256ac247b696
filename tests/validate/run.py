"""Runs every check on a built site and prints the findings grouped by check.

    python3 -m validate.run SITE_DIR [BASE_URL] [--no-vnu]

Exit status: 0 when nothing was found, 1 with findings, 2 on wrong usage.
The last line reads `validate: N passed, M failed` (N, M: checks).
"""

import os
import sys
import time

from . import feeds, ics, jsonld, pages, robots, sitemap, vnu
from .common import Report, Site

CHECKS = [
    ("html", "HTML (Nu Html Checker)"),
    ("atom", "Atom feeds (RFC 4287)"),
    ("ics", "iCalendar (RFC 5545, strict)"),
    ("sitemap", "Sitemap (sitemaps.org, hreflang)"),
    ("robots", "robots.txt (RFC 9309)"),
    ("jsonld", "JSON-LD (schema.org)"),
    ("pages", "Page head, links, search index"),
]


def run(site: Site, use_vnu=True, out=sys.stdout, only=None):
    """Runs the checks; returns the Report."""
    report = Report()
    checked = {}
    t0 = time.monotonic()
    wanted = set(only) if only else {c for c, _ in CHECKS}
    vrun = vnu.Run(site) if use_vnu and "html" in wanted else None  # starts the JVM in the background
    for name, mod in (("atom", feeds), ("ics", ics), ("sitemap", sitemap), ("robots", robots),
                      ("jsonld", jsonld), ("pages", pages)):
        if name in wanted:
            checked[name] = mod.check(site, report)
    warnings = []
    if vrun is not None:
        checked["html"], warnings = vrun.finish(report)
    elapsed = time.monotonic() - t0

    # sitemap.py reports page/sitemap hreflang disagreements under pages-* codes; list them
    # with the page checks.
    for f in report.findings:
        if f.code.startswith("pages-"):
            f.check = "pages"

    print(f"validate: {site.root} for {site.base_url}/", file=out)
    passed = failed = 0
    for name, title in CHECKS:
        if name not in wanted or (name == "html" and vrun is None):
            continue
        found = [f for f in report.findings if f.check == name]
        n_files = len(checked.get(name, []))
        extra = f", vnu {vrun.version}" if name == "html" and vrun else ""
        status = "ok" if not found else f"{len(found)} finding{'s' if len(found) != 1 else ''}"
        print(f"\n== {name}: {title}{extra}: {n_files} file{'s' if n_files != 1 else ''}, {status}", file=out)
        for f in sorted(found, key=lambda f: (f.file, f.line or 0)):
            print("  " + f.format().replace("\n", "\n  "), file=out)
        if name == "html" and warnings:
            print(f"  ({len(warnings)} vnu warning{'s' if len(warnings) != 1 else ''}, not failing:)", file=out)
            for w in warnings:
                print("    " + w, file=out)
        if found:
            failed += 1
        else:
            passed += 1
    for n in report.notes:
        print(f"\nnote: {n}", file=out)
    print(f"\nvalidate: {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} in {elapsed:.1f} s", file=out)
    print(f"validate: {passed} passed, {failed} failed", file=out)
    return report


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if not args or len(args) > 2 or not os.path.isdir(args[0]):
        print(__doc__, file=sys.stderr)
        return 2
    site = Site(args[0], args[1] if len(args) > 1 else None)
    only = os.environ.get("VALIDATE_ONLY")
    report = run(site, use_vnu="--no-vnu" not in flags, only=only.split(",") if only else None)
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
