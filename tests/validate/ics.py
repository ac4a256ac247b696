"""Strict iCalendar (RFC 5545) check of every `*.ics` file of a built site.

Run alone: python3 -m validate.ics SITE_DIR [BASE_URL]   (from the folder above validate/)
"""

import datetime
import re
import sys

from .common import Report, Site, is_absolute_iri

CHECK = "ics"

# RFC 5545 §3.1: CONTROL = %x00-08 / %x0A-1F / %x7F (HTAB is allowed in values)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_PARAM_TEXT = re.compile(r'[^";:,]*')

# Properties whose value type is TEXT (RFC 5545 §3.7, §3.8) and the list-valued ones among
# them (a bare "," separates values there). Unknown X- and IANA properties default to TEXT
# (§3.8.8.1, §3.8.8.2).
TEXT_PROPS = {
    "CALSCALE", "METHOD", "PRODID", "VERSION", "SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT",
    "CONTACT", "UID", "TZID", "TZNAME", "CLASS", "STATUS", "TRANSP", "RELATED-TO", "CATEGORIES",
    "RESOURCES",
}
TEXT_LIST_PROPS = {"CATEGORIES", "RESOURCES"}
NOT_TEXT_KNOWN = {
    "DTSTART", "DTEND", "DTSTAMP", "DUE", "DURATION", "CREATED", "LAST-MODIFIED", "RECURRENCE-ID",
    "EXDATE", "RDATE", "RRULE", "GEO", "URL", "ATTACH", "ORGANIZER", "ATTENDEE", "TZURL", "TZOFFSETFROM",
    "TZOFFSETTO", "PRIORITY", "SEQUENCE", "PERCENT-COMPLETE", "COMPLETED", "FREEBUSY", "TRIGGER",
    "REPEAT", "ACTION", "REQUEST-STATUS",
}

# RFC 5545 §3.6.1 eventprop: these MUST NOT occur more than once in a VEVENT
VEVENT_ONCE = {
    "DTSTAMP", "UID", "DTSTART", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED",
    "LOCATION", "ORGANIZER", "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "URL",
    "RECURRENCE-ID", "DTEND", "DURATION",
}
CALENDAR_COMPONENTS = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"}
SUB_COMPONENTS = {"VEVENT": {"VALARM"}, "VTODO": {"VALARM"}, "VTIMEZONE": {"STANDARD", "DAYLIGHT"}}

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_UTC = re.compile(r"^\d{8}T\d{6}Z$")


class Prop:
    def __init__(self, name, params, value, line):
        self.name = name
        self.params = params  # {NAME: [values]}
        self.value = value
        self.line = line


class Comp:
    def __init__(self, name, line):
        self.name = name
        self.line = line
        self.props: list[Prop] = []
        self.children: list["Comp"] = []

    def get(self, name):
        return [p for p in self.props if p.name == name]


def _parse_contentline(s):
    """(name, params, value) or raises ValueError (RFC 5545 §3.1 contentline)."""
    m = _NAME.match(s)
    if not m:
        raise ValueError("no property name (iana-token / x-name) at the start of the line")
    name, i = m.group().upper(), m.end()
    params = {}
    while i < len(s) and s[i] == ";":
        m = _NAME.match(s, i + 1)
        if not m:
            raise ValueError(f"bad parameter name after ';' in {name}")
        pname, i = m.group().upper(), m.end()
        if i >= len(s) or s[i] != "=":
            raise ValueError(f"parameter {pname} has no '='")
        i += 1
        values = []
        while True:
            if i < len(s) and s[i] == '"':
                j = s.find('"', i + 1)
                if j < 0:
                    raise ValueError(f"parameter {pname}: unterminated quoted-string")
                values.append(s[i + 1:j])
                i = j + 1
            else:
                m = _PARAM_TEXT.match(s, i)
                values.append(m.group())
                i = m.end()
            if i < len(s) and s[i] == ",":
                i += 1
                continue
            break
        if pname in params:
            raise ValueError(f"parameter {pname} appears twice")
        params[pname] = values
    if i >= len(s) or s[i] != ":":
        raise ValueError(f"property {name}: no ':' between name/parameters and value")
    return name, params, s[i + 1:]


def _text_problems(value, is_list):
    """Problems of a TEXT value against RFC 5545 §3.3.11 (ESCAPED-CHAR / TSAFE-CHAR)."""
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            nxt = value[i + 1] if i + 1 < len(value) else ""
            if nxt not in ("\\", ";", ",", "n", "N"):
                out.append(f"backslash followed by {nxt!r} is not an escape (only \\\\ \\; \\, \\n \\N)")
            i += 2
            continue
        if c == ";":
            out.append("unescaped ';' in a TEXT value (write \\;)")
        elif c == "," and not is_list:
            out.append("unescaped ',' in a TEXT value (write \\,)")
        i += 1
    return out


def _parse_date(v):
    m = _DATE.match(v)
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _parse_datetime(v):
    m = _DATETIME.match(v)
    if not m:
        return None
    try:
        return datetime.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]),
                                 min(int(m[6]), 59))  # §3.3.12 allows second 60
    except ValueError:
        return None


def check_bytes(data: bytes, rel: str, report: Report, uids: dict):
    """All strict checks of one iCalendar file. `uids` maps UID -> (file, line) across files."""

    def add(code, line, msg, rule):
        report.add(CHECK, code, rel, line, msg, rule)

    # --- character set
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        add("ics-not-utf8", line, f"not UTF-8 ({e.reason} at byte {e.start})", "RFC 5545 §3.1.4 (default charset UTF-8)")

    if data.startswith(b"\xef\xbb\xbf"):
        add("ics-bom", 1, "starts with a byte-order mark", "RFC 5545 §3.1 (an iCalendar object starts with BEGIN)")
        data = data[3:]

    # --- line endings: CRLF only
    phys = []  # (line number, bytes)
    lineno = 1
    pos = 0
    n = len(data)
    bare_lf = bare_cr = 0
    while pos < n:
        lf = data.find(b"\n", pos)
        cr = data.find(b"\r", pos)
        if lf < 0 and cr < 0:
            phys.append((lineno, data[pos:]))
            add("ics-no-final-crlf", lineno, "the last line does not end with CRLF", "RFC 5545 §3.1 (contentline ends with CRLF)")
            break
        if cr >= 0 and (lf < 0 or cr < lf):
            if cr + 1 < n and data[cr + 1:cr + 2] == b"\n":
                phys.append((lineno, data[pos:cr]))
                pos = cr + 2
            else:
                bare_cr += 1
                if bare_cr <= 5:
                    add("ics-bare-cr", lineno, "line ends with a bare CR (no LF)", "RFC 5545 §3.1 (lines are delimited by CRLF)")
                phys.append((lineno, data[pos:cr]))
                pos = cr + 1
        else:
            bare_lf += 1
            if bare_lf <= 5:
                add("ics-bare-lf", lineno, "line ends with a bare LF, not CRLF", "RFC 5545 §3.1 (lines are delimited by CRLF)")
            phys.append((lineno, data[pos:lf]))
            pos = lf + 1
        lineno += 1
    if bare_lf > 5:
        add("ics-bare-lf", None, f"{bare_lf} lines end with a bare LF in all", "RFC 5545 §3.1")
    if bare_cr > 5:
        add("ics-bare-cr", None, f"{bare_cr} lines end with a bare CR in all", "RFC 5545 §3.1")

    # --- physical lines: length, folding inside UTF-8 sequences, empty lines
    logical = []  # [first line number, text]
    for ln, b in phys:
        if len(b) > 75:
            shown = b.decode("utf-8", "replace")
            add("ics-line-length", ln, f"line is {len(b)} octets (limit 75, without CRLF): {shown[:60]!r}…",
                "RFC 5545 §3.1 (lines SHOULD NOT be longer than 75 octets; fold them)")
        if b == b"":
            add("ics-empty-line", ln, "empty line", "RFC 5545 §3.1 (every contentline has a name and ':')")
            continue
        cont = b[:1] in (b" ", b"\t")
        body = b[1:] if cont else b
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode("utf-8", "replace")
            add("ics-fold-splits-utf8", ln,
                "this line is not UTF-8 on its own: a fold splits a multi-octet character",
                "RFC 5545 §3.1 (fold between characters, not inside a UTF-8 sequence)")
        if cont:
            if not logical:
                add("ics-fold-first-line", ln, "the first line starts with whitespace", "RFC 5545 §3.1")
                continue
            logical[-1][1] += text
        else:
            logical.append([ln, text])

    # --- content lines, components
    stack: list[Comp] = []
    calendars: list[Comp] = []
    for ln, text in logical:
        m = _CONTROL.search(text)
        if m:
            add("ics-control-char", ln, f"control character U+{ord(m.group()):04X} in a content line",
                "RFC 5545 §3.1 (CONTROL characters are not allowed; §3.3.11 escape newlines as \\n)")
        try:
            name, params, value = _parse_contentline(text)
        except ValueError as e:
            add("ics-syntax", ln, str(e), "RFC 5545 §3.1 (contentline = name *(\";\" param) \":\" value CRLF)")
            continue
        if name == "BEGIN":
            cname = value.upper()
            comp = Comp(cname, ln)
            if not stack:
                if cname != "VCALENDAR":
                    add("ics-structure", ln, f"BEGIN:{value} outside VCALENDAR", "RFC 5545 §3.4 (icalobject = BEGIN:VCALENDAR … END:VCALENDAR)")
                calendars.append(comp)
            else:
                parent = stack[-1].name
                allowed = (CALENDAR_COMPONENTS if parent == "VCALENDAR" else SUB_COMPONENTS.get(parent, set()))
                if cname not in allowed and not cname.startswith("X-"):
                    add("ics-structure", ln, f"component {cname} is not allowed inside {parent}", "RFC 5545 §3.6")
                stack[-1].children.append(comp)
            stack.append(comp)
            continue
        if name == "END":
            if not stack:
                add("ics-structure", ln, f"END:{value} without BEGIN", "RFC 5545 §3.4")
            elif stack[-1].name != value.upper():
                add("ics-structure", ln, f"END:{value} closes BEGIN:{stack[-1].name} (line {stack[-1].line})", "RFC 5545 §3.4, §3.6")
                stack.pop()
            else:
                stack.pop()
            continue
        if not stack:
            add("ics-structure", ln, f"property {name} outside any component", "RFC 5545 §3.4")
            continue
        stack[-1].props.append(Prop(name, params, value, ln))
        # TEXT escaping
        vtype = params.get("VALUE", [""])[0].upper()
        is_text = (name in TEXT_PROPS or ((name.startswith("X-") or name not in NOT_TEXT_KNOWN) and not vtype)
                   or vtype == "TEXT")
        if is_text:
            for problem in _text_problems(value, name in TEXT_LIST_PROPS):
                add("ics-text-escape", ln, f"{name}: {problem}", "RFC 5545 §3.3.11 (TEXT: escape ',' ';' '\\' and newlines)")
    for comp in stack:
        add("ics-structure", comp.line, f"BEGIN:{comp.name} is never closed", "RFC 5545 §3.4")

    if not calendars:
        add("ics-no-vcalendar", 1, "no BEGIN:VCALENDAR", "RFC 5545 §3.4")
    if logical and not logical[0][1].upper().startswith("BEGIN:VCALENDAR"):
        add("ics-structure", logical[0][0], "the file does not start with BEGIN:VCALENDAR", "RFC 5545 §3.4")

    for cal in calendars:
        _check_calendar(cal, add, uids, rel)


def _check_calendar(cal, add, uids, rel):
    # calprops (§3.6): PRODID and VERSION required, once; CALSCALE and METHOD at most once
    for pname in ("PRODID", "VERSION"):
        ps = cal.get(pname)
        if not ps:
            add("ics-calprops", cal.line, f"VCALENDAR has no {pname}", "RFC 5545 §3.6 (prodid and version are REQUIRED)")
        elif len(ps) > 1:
            add("ics-calprops", ps[1].line, f"{pname} appears {len(ps)} times", "RFC 5545 §3.6 (MUST NOT occur more than once)")
    for p in cal.get("VERSION"):
        if p.value != "2.0":
            add("ics-calprops", p.line, f"VERSION is {p.value!r}, not 2.0", "RFC 5545 §3.7.4")
    for pname in ("CALSCALE", "METHOD"):
        if len(cal.get(pname)) > 1:
            add("ics-calprops", cal.get(pname)[1].line, f"{pname} appears more than once", "RFC 5545 §3.6")
    for p in cal.get("CALSCALE"):
        if p.value.upper() != "GREGORIAN":
            add("ics-calprops", p.line, f"CALSCALE {p.value!r} is not GREGORIAN", "RFC 5545 §3.7.1")
    if not cal.children:
        add("ics-empty-calendar", cal.line,
            "VCALENDAR has no component (no VEVENT, no VTIMEZONE …): an empty calendar is not valid",
            "RFC 5545 §3.6 (icalbody = calprops component; component = 1*(eventc / todoc / … / timezonec / …))")

    tzids = {p.value for c in cal.children if c.name == "VTIMEZONE" for p in c.get("TZID")}
    for comp in cal.children:
        if comp.name == "VEVENT":
            _check_vevent(comp, add, uids, rel, tzids)


def _check_vevent(ev, add, uids, rel, tzids):
    for pname in sorted(VEVENT_ONCE):
        ps = ev.get(pname)
        if len(ps) > 1:
            add("ics-vevent-once", ps[1].line, f"VEVENT has {len(ps)} {pname} properties", "RFC 5545 §3.6.1 (MUST NOT occur more than once)")
    if ev.get("DTEND") and ev.get("DURATION"):
        add("ics-vevent-once", ev.get("DURATION")[0].line, "VEVENT has both DTEND and DURATION", "RFC 5545 §3.6.1")

    # UID: required, unique, no line breaks
    uid = ev.get("UID")
    if not uid:
        add("ics-uid", ev.line, "VEVENT has no UID", "RFC 5545 §3.6.1 (uid is REQUIRED), §3.8.4.7")
    for p in uid[:1]:
        if not p.value.strip():
            add("ics-uid", p.line, "UID is empty", "RFC 5545 §3.8.4.7")
        if "\\n" in p.value.lower() or "\r" in p.value or "\n" in p.value:
            add("ics-uid", p.line, f"UID {p.value!r} contains a line break", "RFC 5545 §3.8.4.7 (UID: a unique, persistent identifier)")
        if p.value in uids:
            ofile, oline = uids[p.value]
            add("ics-duplicate-uid", p.line, f"UID {p.value!r} is also used at {ofile}:{oline}",
                "RFC 5545 §3.8.4.7 (UID MUST be globally unique)")
        else:
            uids[p.value] = (rel, p.line)

    # DTSTAMP: required, UTC date-time
    ds = ev.get("DTSTAMP")
    if not ds:
        add("ics-dtstamp", ev.line, "VEVENT has no DTSTAMP", "RFC 5545 §3.6.1 (dtstamp is REQUIRED)")
    for p in ds[:1]:
        if not _UTC.match(p.value) or _parse_datetime(p.value) is None or p.params:
            add("ics-dtstamp", p.line, f"DTSTAMP {p.value!r} is not a UTC date-time YYYYMMDDTHHMMSSZ",
                "RFC 5545 §3.8.7.2 (the value MUST be specified in the UTC time format)")

    # DTSTART / DTEND
    start = ev.get("DTSTART")
    if not start:
        add("ics-dtstart", ev.line, "VEVENT has no DTSTART", "RFC 5545 §3.6.1 (dtstart is REQUIRED when there is no METHOD), §3.8.2.4")
    s_val = _dt_value(start[0], add, tzids) if start else None
    end = ev.get("DTEND")
    if start and not end and not ev.get("DURATION"):
        add("ics-dtend", ev.line, "VEVENT has no DTEND (nor DURATION)", "project rule (every event states its end), RFC 5545 §3.8.2.2")
    if end:
        e_val = _dt_value(end[0], add, tzids)
        if s_val and e_val:
            (s_kind, s), (e_kind, e) = s_val, e_val
            if s_kind != e_kind:
                add("ics-dtend", end[0].line, f"DTEND is a {e_kind}, DTSTART a {s_kind}",
                    "RFC 5545 §3.8.2.2 (the value type of DTEND MUST be the same as DTSTART's)")
            elif e <= s:
                add("ics-dtend", end[0].line, f"DTEND {end[0].value} is not after DTSTART {start[0].value}",
                    "RFC 5545 §3.8.2.2 (DTEND MUST be later in time than DTSTART; all-day end dates are exclusive)")

    for p in ev.get("GEO"):
        m = re.match(r"^([+-]?\d+(?:\.\d+)?);([+-]?\d+(?:\.\d+)?)$", p.value)
        if not m or not (-90 <= float(m[1]) <= 90 and -180 <= float(m[2]) <= 180):
            add("ics-geo", p.line, f"GEO {p.value!r} is not 'latitude;longitude' in range", "RFC 5545 §3.8.1.6")
    for p in ev.get("URL"):
        if not is_absolute_iri(p.value):
            add("ics-url", p.line, f"URL {p.value!r} is not an absolute URI", "RFC 5545 §3.8.4.6, §3.3.13")


def _dt_value(p, add, tzids):
    """('date'|'date-time', comparable value) of DTSTART/DTEND, or None after reporting."""
    vtype = p.params.get("VALUE", ["DATE-TIME"])[0].upper()
    if vtype == "DATE":
        d = _parse_date(p.value)
        if d is None:
            add("ics-date", p.line, f"{p.name} {p.value!r} is not a DATE (YYYYMMDD)", "RFC 5545 §3.3.4")
            return None
        return ("date", d)
    if vtype != "DATE-TIME":
        add("ics-date", p.line, f"{p.name} has VALUE={vtype}", "RFC 5545 §3.8.2.4 (DATE-TIME or DATE)")
        return None
    d = _parse_datetime(p.value)
    if d is None:
        add("ics-date", p.line, f"{p.name} {p.value!r} is not a DATE-TIME (YYYYMMDDTHHMMSS[Z])", "RFC 5545 §3.3.5")
        return None
    tzid = p.params.get("TZID", [None])[0]
    if tzid and p.value.endswith("Z"):
        add("ics-date", p.line, f"{p.name} has TZID and a UTC value", "RFC 5545 §3.3.5 (TZID MUST NOT be applied to UTC times)")
    if tzid and tzid not in tzids:
        add("ics-date", p.line, f"{p.name} uses TZID={tzid} without a VTIMEZONE for it", "RFC 5545 §3.2.19")
    return ("date-time", d)


def second_opinion(data: bytes, rel: str, report: Report):
    """Parse with the `icalendar` package and report what it rejects or records as errors."""
    try:
        import icalendar
    except ImportError:
        report.note("ics: the icalendar package is not installed; second opinion skipped")
        return
    try:
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:  # noqa: BLE001 - any parse failure is a finding
        report.add(CHECK, "ics-icalendar-lib", rel, None, f"icalendar {icalendar.__version__} cannot parse it: {e}", "RFC 5545 (second opinion: icalendar package)")
        return
    if not cals:
        report.add(CHECK, "ics-icalendar-lib", rel, None, "icalendar finds no calendar", "RFC 5545 (second opinion: icalendar package)")
    for cal in cals:
        for comp in cal.walk():
            for prop, err in getattr(comp, "errors", []) or []:
                report.add(CHECK, "ics-icalendar-lib", rel, None, f"icalendar: {comp.name} {prop}: {err}",
                           "RFC 5545 (second opinion: icalendar package)")
        for ev in cal.walk("VEVENT"):
            for key in ("DTSTART", "DTEND", "DTSTAMP"):
                if key in ev:
                    try:
                        ev.decoded(key)
                    except Exception as e:  # noqa: BLE001
                        report.add(CHECK, "ics-icalendar-lib", rel, None, f"icalendar cannot decode {key}: {e}",
                                   "RFC 5545 (second opinion: icalendar package)")


def check(site: Site, report: Report):
    files = site.files(suffix=".ics")
    uids: dict = {}
    for rel in files:
        data = site.read_bytes(rel)
        check_bytes(data, rel, report, uids)
        second_opinion(data, rel, report)
    return files


if __name__ == "__main__":
    r = Report()
    s = Site(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    check(s, r)
    for f in r.findings:
        print(f.format())
    sys.exit(1 if r.findings else 0)
