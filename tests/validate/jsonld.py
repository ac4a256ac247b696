"""JSON-LD check of every <script type="application/ld+json"> in the site's HTML pages:
JSON syntax, a schema.org @context, known schema.org types, JSON-LD expansion with PyLD
(offline), required properties of NewsArticle and Event, and the translation links
(workTranslation on the original, translationOfWork on each translation).

Run alone: python3 -m validate.jsonld SITE_DIR [BASE_URL]
"""

import datetime
import json
import re
import sys
import urllib.parse

from .common import Report, Site, infer_default_language, is_absolute_http, is_absolute_iri, is_bcp47

CHECK = "jsonld"
SCHEMA_CONTEXTS = {"https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/"}
# The schema.org types a news/event site uses. Anything else is reported, so that a typo
# ("NewsArtikel") or an unplanned type is noticed; extend the list when the theme adds one.
KNOWN_TYPES = {
    "Thing", "CreativeWork", "Article", "NewsArticle", "BlogPosting", "Report", "WebPage", "WebSite",
    "CollectionPage", "AboutPage", "SearchResultsPage", "ItemList", "ListItem", "BreadcrumbList",
    "SearchAction", "EntryPoint", "ImageObject", "DataFeed", "Event", "BusinessEvent",
    "ExhibitionEvent", "Festival", "SocialEvent", "Place", "VirtualLocation", "City", "Country",
    "AdministrativeArea", "PostalAddress", "GeoCoordinates", "Organization", "NewsMediaOrganization",
    "Person", "PropertyValue", "QuantitativeValue", "Language", "DefinedTerm",
}
EVENT_TYPES = {"Event", "BusinessEvent", "ExhibitionEvent", "Festival", "SocialEvent"}
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report"}
EVENT_STATUS = {"EventScheduled", "EventCancelled", "EventMovedOnline", "EventPostponed", "EventRescheduled"}
ATTENDANCE = {"OfflineEventAttendanceMode", "OnlineEventAttendanceMode", "MixedEventAttendanceMode"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
GOOGLE_EVENT = "Google Search Central: Event structured data (required properties); schema.org/Event"
TRANSLATION_RULE = ("schema.org/workTranslation (on the original: 'a work that is a translation of the content of "
                    "this work') and schema.org/translationOfWork (on the translation: 'the work that this work "
                    "has been translated from')")


class DuplicateKey(ValueError):
    pass


def _no_dupes(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise DuplicateKey(f"duplicate key {k!r}")
        d[k] = v
    return d


def _types(node):
    t = node.get("@type")
    if t is None:
        return []
    return t if isinstance(t, list) else [t]


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _ref_url(v):
    """The page URL a reference names (a string, or an object's url / @id without fragment)."""
    if isinstance(v, str):
        return urllib.parse.urldefrag(v)[0]
    if isinstance(v, dict):
        u = v.get("url") or v.get("@id")
        if isinstance(u, str):
            return urllib.parse.urldefrag(u)[0]
    return None


# Values of these properties name another work; they are references, not full descriptions,
# so the required-property checks skip them.
REFERENCE_PROPS = {"workTranslation", "translationOfWork", "isBasedOn", "about", "mainEntityOfPage",
                   "isPartOf", "sameAs", "exampleOfWork", "translator"}


def _walk(v, out, is_ref=False):
    """(node, is_reference) for every object in the document."""
    if isinstance(v, dict):
        out.append((v, is_ref))
        for k, x in v.items():
            _walk(x, out, is_ref or k in REFERENCE_PROPS)
    elif isinstance(v, list):
        for x in v:
            _walk(x, out, is_ref)


def _context_ok(ctx):
    if isinstance(ctx, str):
        return ctx in SCHEMA_CONTEXTS
    if isinstance(ctx, dict):
        return str(ctx.get("@vocab", "")).rstrip("/") in ("https://schema.org", "http://schema.org")
    if isinstance(ctx, list):
        return any(_context_ok(c) for c in ctx)
    return False


def _schema_value(v, allowed):
    """The enumeration member a value names (https://schema.org/EventScheduled -> EventScheduled)."""
    if isinstance(v, dict):
        v = v.get("@id")
    if not isinstance(v, str):
        return None
    for prefix in ("https://schema.org/", "http://schema.org/", "schema:"):
        if v.startswith(prefix):
            v = v[len(prefix):]
            break
    return v if v in allowed else None


def _parse_iso(v):
    if not isinstance(v, str) or not ISO_DATE.match(v):
        return None
    try:
        if len(v) == 10:
            return datetime.date.fromisoformat(v)
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None


def _cmp_key(d):
    if isinstance(d, datetime.datetime):
        return (d.date(), d)
    return (d, None)


_LOADER_WARNED = []


def _offline_loader(url, options=None):
    """PyLD document loader without network: schema.org's context is served as its @vocab."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}
    raise ValueError(f"offline: will not load the remote context {url}")


def _expand(doc, base):
    try:
        from pyld import jsonld
    except ImportError:
        return None, "PyLD not installed"
    dropped = []
    try:
        try:
            jsonld.expand(doc, {"documentLoader": _offline_loader, "base": base},
                          on_property_dropped=lambda p: dropped.append(p))
        except TypeError:  # PyLD < 3 has no on_property_dropped
            jsonld.expand(doc, {"documentLoader": _offline_loader, "base": base})
    except Exception as e:  # noqa: BLE001 - any expansion failure is a finding
        msg = str(e).split("\n")[0]
        cause = getattr(e, "cause", None) or (e.args[0] if e.args else None)
        details = getattr(e, "details", None)
        return f"{type(e).__name__}: {msg}" + (f" ({details})" if details else "") + (f" cause: {cause}" if cause and cause != msg else ""), None
    return (f"{len(dropped)} propert{'y' if len(dropped) == 1 else 'ies'} dropped in expansion" if dropped else None), None


def check(site: Site, report: Report):
    default_lang = infer_default_language(site)
    articles = {}  # page url -> (rel, line, node)
    files = site.files(suffix=".html")
    pyld_missing = False
    for rel in files:
        doc = site.html(rel)
        page_url = site.url_of(rel)
        for line, text in doc.jsonld:
            def add(code, msg, rule, _line=line, _rel=rel):
                report.add(CHECK, code, _rel, _line, msg, rule)

            try:
                data = json.loads(text, object_pairs_hook=_no_dupes)
            except (json.JSONDecodeError, DuplicateKey) as e:
                add("jsonld-json", f"not valid JSON: {e}", "JSON-LD 1.1 §6 / RFC 8259 (the script holds a JSON document)")
                continue
            tops = data if isinstance(data, list) else [data]
            for top in tops:
                if not isinstance(top, dict):
                    add("jsonld-json", "top-level value is not an object", "JSON-LD 1.1 §9 (a JSON-LD document is an object or array of objects)")
                    continue
                if not _context_ok(top.get("@context")):
                    add("jsonld-context", f"@context is {top.get('@context')!r}, not schema.org",
                        "schema.org: JSON-LD @context https://schema.org")
            err, missing = _expand(data, page_url)
            if missing:
                pyld_missing = True
            elif err:
                add("jsonld-expand", f"PyLD expansion: {err}", "JSON-LD 1.1 Processing Algorithms §5 (Expansion)")
            nodes = []
            _walk(data, nodes)
            for node, is_ref in nodes:
                for t in _types(node):
                    if not isinstance(t, str) or t not in KNOWN_TYPES:
                        add("jsonld-type", f"@type {t!r} is not one of the schema.org types this site uses",
                            "schema.org type hierarchy (validate/jsonld.py KNOWN_TYPES)")
                nid = node.get("@id")
                if isinstance(nid, str) and not nid.startswith("_:") and not is_absolute_iri(nid):
                    add("jsonld-url", f"@id {nid!r} is not an absolute IRI", "JSON-LD 1.1 §3.3 (node identifiers are IRIs)")
                for key in ("url", "mainEntityOfPage"):
                    v = node.get(key)
                    if isinstance(v, str):
                        if not is_absolute_http(v):
                            add("jsonld-url", f"{key} {v!r} is not an absolute URL", "schema.org URL; Google (absolute URLs)")
                        else:
                            f = site.file_of(urllib.parse.urldefrag(v)[0])
                            if f is not None and not site.exists(f):
                                add("jsonld-url", f"{key} {v} points into the site, but {f} does not exist", "schema.org URL")
                lang = node.get("inLanguage")
                if isinstance(lang, str) and not is_bcp47(lang):
                    add("jsonld-lang", f"inLanguage {lang!r} is not a BCP 47 tag", "schema.org/inLanguage (IETF BCP 47)")
                types = set(_types(node))
                if is_ref:
                    continue
                if types & ARTICLE_TYPES:
                    _check_article(node, add)
                    if _ref_url(node.get("url")) == page_url:
                        articles[page_url] = (rel, line, node)
                if types & EVENT_TYPES:
                    _check_event(node, add)
    if pyld_missing:
        report.note("jsonld: PyLD is not installed; JSON-LD expansion skipped")
    _check_translations(site, report, articles, default_lang)
    return files


def _check_article(node, add):
    rule = "Google Search Central: Article structured data; schema.org/NewsArticle"
    if not node.get("headline"):
        add("jsonld-article", f"{node.get('@type')} has no headline", rule)
    pub = node.get("datePublished")
    dp = _parse_iso(pub) if pub is not None else None
    if pub is None:
        add("jsonld-article", f"{node.get('@type')} has no datePublished", rule)
    elif dp is None:
        add("jsonld-date", f"datePublished {pub!r} is not ISO 8601", "schema.org/DateTime (ISO 8601)")
    mod = node.get("dateModified")
    if mod is not None:
        dm = _parse_iso(mod)
        if dm is None:
            add("jsonld-date", f"dateModified {mod!r} is not ISO 8601", "schema.org/DateTime (ISO 8601)")
        elif dp is not None and type(dm) is type(dp) and dm < dp:
            add("jsonld-date", f"dateModified {mod} is before datePublished {pub}", rule)


def _check_event(node, add):
    name = node.get("@type")
    for prop in ("name", "startDate", "location", "eventStatus", "eventAttendanceMode"):
        if node.get(prop) in (None, "", []):
            add("jsonld-event-required", f"{name} {node.get('name', '')!r} has no {prop}", GOOGLE_EVENT)
    sd, ed = node.get("startDate"), node.get("endDate")
    s = _parse_iso(sd) if sd is not None else None
    if sd is not None and s is None:
        add("jsonld-date", f"startDate {sd!r} is not ISO 8601", "schema.org/startDate (ISO 8601 Date or DateTime)")
    if ed is not None:
        e = _parse_iso(ed)
        if e is None:
            add("jsonld-date", f"endDate {ed!r} is not ISO 8601", "schema.org/endDate (ISO 8601 Date or DateTime)")
        elif s is not None and _cmp_key(e) < _cmp_key(s):
            add("jsonld-date", f"endDate {ed} is before startDate {sd}", GOOGLE_EVENT)
    if "eventStatus" in node and _schema_value(node["eventStatus"], EVENT_STATUS) is None:
        add("jsonld-event-enum", f"eventStatus {node['eventStatus']!r} is not a schema.org EventStatusType (https://schema.org/EventScheduled …)",
            "schema.org/EventStatusType")
    if "eventAttendanceMode" in node and _schema_value(node["eventAttendanceMode"], ATTENDANCE) is None:
        add("jsonld-event-enum", f"eventAttendanceMode {node['eventAttendanceMode']!r} is not a schema.org EventAttendanceModeEnumeration member",
            "schema.org/EventAttendanceModeEnumeration")
    for loc in _as_list(node.get("location")):
        if isinstance(loc, dict) and "Place" in _types(loc):
            if not loc.get("name"):
                add("jsonld-event-location", "the event's Place has no name", GOOGLE_EVENT)
            if not loc.get("address"):
                add("jsonld-event-location", "the event's Place has no address", f"{GOOGLE_EVENT} (location.address is required)")
        elif isinstance(loc, str):
            add("jsonld-event-location", f"location is the text {loc!r}, not a Place", f"{GOOGLE_EVENT} (location: Place with address)")


def _check_translations(site, report, articles, default_lang):
    """Each article says in its own JSON-LD which side it is on: a translation names its
    original with translationOfWork, an original lists its translations with workTranslation.
    The original may be in any language, so the roles come from the markup and are then
    checked against each other and against the page's hreflang alternates."""
    del default_lang  # originals are not assumed to be in the default language
    for url, (rel, line, node) in sorted(articles.items()):
        def add(code, msg, _rel=rel, _line=line):
            report.add(CHECK, code, _rel, _line, msg, TRANSLATION_RULE)

        doc = site.html(rel)
        lang = node.get("inLanguage") or doc.html_lang
        versions = {}  # url -> lang, the other language versions that are articles
        for hl, href, _ in doc.hreflangs():
            if hl.lower() != "x-default" and href != url and href in articles:
                versions[href] = hl
        wt = {_ref_url(v) for v in _as_list(node.get("workTranslation"))} - {None}
        tow = {_ref_url(v) for v in _as_list(node.get("translationOfWork"))} - {None}
        if not versions:
            for u in sorted(wt | tow):
                add("jsonld-translation", f"article with no other language version names {u} as translation/original")
            continue
        if tow:
            _check_translation_side(url, lang, wt, tow, versions, articles, add)
        else:
            _check_original_side(url, lang, wt, versions, articles, add)


def _targets(node, prop):
    return {_ref_url(v) for v in _as_list(node.get(prop))} - {None}


def _check_translation_side(url, lang, wt, tow, versions, articles, add):
    if len(tow) > 1:
        add("jsonld-translation", f"the translation ({lang}) names {len(tow)} originals: {', '.join(sorted(tow))}")
    for o in sorted(tow):
        if o not in versions:
            add("jsonld-translation", f"translationOfWork names {o}, which is not another language version of this article")
            continue
        other = articles[o][2]
        if _targets(other, "translationOfWork"):
            add("jsonld-translation-inverted",
                f"this page ({lang}) and {o} each say they are translated from the other: one of them is the original "
                f"and must use workTranslation instead")
        elif url not in _targets(other, "workTranslation"):
            add("jsonld-translation-back", f"{o} is named as the original, but its workTranslation does not list this page")
    for u in sorted(wt):
        if u in tow:
            add("jsonld-translation-inverted",
                f"the translation ({lang}) lists its original {u} in workTranslation: inverted, "
                f"use translationOfWork here and workTranslation on the original")


def _check_original_side(url, lang, wt, versions, articles, add):
    for u in sorted(versions):
        other = articles[u][2]
        other_tow = _targets(other, "translationOfWork")
        if not other_tow:
            if u in wt or url in _targets(other, "workTranslation"):
                add("jsonld-translation-inverted",
                    f"this page ({lang}) and {u} both present themselves as the original (neither has "
                    f"translationOfWork): the translation must name its original with translationOfWork")
            else:
                add("jsonld-translation", f"neither this page ({lang}) nor its other language version {u} is marked "
                    f"as a translation (translationOfWork) of the other")
        elif url in other_tow and u not in wt:
            add("jsonld-translation", f"the original ({lang}) does not list its translation {u} in workTranslation")
        elif url not in other_tow and u in wt:
            add("jsonld-translation-back", f"{u} is listed in workTranslation, but its translationOfWork names another original")
    for u in sorted(wt - set(versions)):
        add("jsonld-translation", f"workTranslation names {u}, which is not another language version of this article")


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    for nt in r.notes:
        print("note:", nt)
    sys.exit(1 if r.findings else 0)
