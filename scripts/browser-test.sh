#!/usr/bin/env bash
# Real-browser test of the default theme on the built example site.
#
# Usage:
#   scripts/browser-test.sh
#
#   Environment (all optional):
#     SCREENSHOTS=DIR   where the PNG screenshots go (default: tests/browser/screenshots/)
#     PORT=N            port for the local server (default: a free one)
#     VERBOSE=1         print every passing check, not only the failures
#     KEEP_SITE=1       keep the built site and the server log (their folder is printed)
#
# What it does, on a fresh Debian machine too:
#   1. installs with apt-get (after `apt-get update`; as root, or through sudo where there is
#      one) only what is missing: Chromium if /usr/bin/chromium is missing; fonts-noto-cjk if
#      `fc-list :lang=zh` lists no font for Chinese (checked on its own, since without one
#      Chromium draws Chinese as empty boxes; fontconfig too, if fc-list is missing); and
#      node/npm/python3 (playwright-core needs node >= 20: Debian 12's own nodejs 18 is too old
#      for it). It stops with an error when Chromium or a Chinese font is still missing after;
#   2. `npm ci` in tests/browser/ (playwright-core and axe-core from the npm registry; no
#      browser download: the test drives Debian's /usr/bin/chromium);
#   3. `cargo build --release`, then builds the example site (site.toml + content/) into a
#      temporary folder with --base-url http://127.0.0.1:PORT;
#   4. serves that folder with python3's http.server on 127.0.0.1:PORT (a plain static host,
#      unlike `gazette serve`), runs tests/browser/browser-test.js against it, and always stops
#      the server again.
#
# The test checks, at 390 px and 1280 px, in the light and the dark colour scheme: the language
# chooser and its redirect (waiting for the page it lands on; the aborts that the redirect
# itself causes are not errors), the language switcher, the search (German and Chinese: title
# and body words, umlauts and ß typed folded, numbers with and without thousands separators,
# <mark>ed snippets, results reached with Tab and opened with Enter), no console errors / failed
# requests / broken internal links or images on any page, no horizontal scrolling on the phone,
# axe-core (no serious or critical violations), Chinese text drawn with a Chinese font, lead
# photos where articles have one (width/height, srcset, loading, no layout shift), and it saves
# screenshots.
# Its last line is `browser test: N checks passed, M failed`; the exit status is non-zero when
# anything fails (a check, the install, the build or the server).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEST_DIR="$ROOT/tests/browser"

log() { printf '\n--- %s\n' "$*"; }

# Runs a command as root: directly when we are root, else through sudo when there is one.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    "$@"
  fi
}

# Fonts that fontconfig says cover Chinese; none means Chinese is drawn as empty boxes.
# Prints their number (0 also when fontconfig's fc-list is missing).
chinese_fonts() {
  if command -v fc-list >/dev/null 2>&1; then
    fc-list :lang=zh family 2>/dev/null | grep -c . || true
  else
    echo 0
  fi
}

# ---- 1. system packages, only what is missing
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v fc-list >/dev/null 2>&1 || packages+=(fontconfig)
[ "$(chinese_fonts)" -gt 0 ] || packages+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
if [ "${#packages[@]}" -gt 0 ]; then
  log "installing ${packages[*]} with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
fi
[ -x /usr/bin/chromium ] || { echo "browser-test: /usr/bin/chromium is still missing" >&2; exit 1; }
n_zh="$(chinese_fonts)"
if [ "$n_zh" -eq 0 ]; then
  echo "browser-test: no font for Chinese: \`fc-list :lang=zh\` lists nothing, even after installing fonts-noto-cjk;" >&2
  echo "  Chinese screenshots would show empty boxes. Install a Chinese font (apt-get install fonts-noto-cjk)." >&2
  exit 1
fi
echo "browser-test: $n_zh font families for Chinese, e.g. $(fc-list :lang=zh family | head -n 1)"
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "browser-test: playwright-core needs node 20 or newer; this is node $(node --version)" >&2
  exit 1
fi

# ---- 2. node dependencies, exactly as locked
log "npm ci in tests/browser"
(cd "$TEST_DIR" && npm ci --no-audit --no-fund --loglevel=error)

# ---- 3. gazette and the example site
log "cargo build --release"
(cd "$ROOT" && cargo build --release --quiet)

if [ -z "${PORT:-}" ]; then
  PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
fi
BASE_URL="http://127.0.0.1:$PORT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gazette-browser-test.XXXXXX")"
SITE="$WORK/site"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_SITE:-}" = "1" ]; then
    echo "browser-test: site and server log kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "gazette build --base-url $BASE_URL"
"$ROOT/target/release/gazette" build --root "$ROOT" --output "$SITE" --base-url "$BASE_URL"

# ---- 4. serve it statically and run the test
log "serving $SITE on $BASE_URL"
python3 -m http.server --bind 127.0.0.1 "$PORT" --directory "$SITE" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "browser-test: the server did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "browser-test: nothing listens on port $PORT" >&2; exit 1; }

log "node tests/browser/browser-test.js"
SHOTS="$(realpath -m "${SCREENSHOTS:-$TEST_DIR/screenshots}")"  # relative to the caller's folder
status=0
(cd "$TEST_DIR" && BASE_URL="$BASE_URL" SCREENSHOTS="$SHOTS" node browser-test.js) || status=$?
exit "$status"
