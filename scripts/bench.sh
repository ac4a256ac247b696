#!/usr/bin/env bash
# Benchmark: gazette against its performance budgets, with Hugo side by side on the same corpus.
#
# Usage:
#   bash scripts/bench.sh                          # full run (about an hour on 2 cores)
#   BIG=0 PHOTOS=0 RUNS=3 bash scripts/bench.sh    # quick: no 100k row, no images
#   PARTS=images bash scripts/bench.sh             # only the image rows
#
# Settings (environment variables):
#   PARTS="builds big serve search images"   the measurements to run (serve and search need
#                     the MAIN corpus; search reads the output of the last MAIN build)
#   RUNS=5            timed runs per measurement; medians are reported; tools alternate
#   SMALL=1000        an extra, cheaper corpus size (0: skip); gives the linearity 1k→10k
#   MAIN=10000        the corpus of the main budget rows (build, memory, serve, search)
#   BIG=100000        the large corpus (0: skip); gazette only unless HUGO_BIG=1
#   BIG_RUNS=$RUNS    runs at BIG (each takes about a minute)
#   HUGO_BIG=0        also build BIG with Hugo (slow: minutes per run)
#   SAVES=10          editor saves timed against `gazette serve` at MAIN
#   PHOTOS=200        lead photos (4000x3000 JPEG) for the image rows (0: skip)
#   PHOTO_ARTICLES=$PHOTOS  articles of the photo site (the first PHOTOS get a photo); with
#                     one photo per article the pages cost little and the rows time the photos
#   IMAGE_RUNS=$RUNS  runs of the image rows (a cold Hugo run takes minutes)
#   SEED=42           corpus seed: the same seed gives the same bytes
#   BENCH_DIR=/dev/shm/gazette-bench   corpora, outputs, caches, serve's scratch folder, logs
#
# What it does:
#   1. builds gazette and the corpus generator (examples/gen_corpus/) in release mode and copies
#      both to BENCH_DIR/bin, so a rebuild in the work tree during the run changes nothing;
#      installs GNU time and Hugo with apt-get where they are missing (no Hugo: gazette only);
#   2. generates the corpora (reused when seed, sizes and generator are unchanged): for each
#      size a gazette site BENCH_DIR/site-N and the same corpus as a Hugo site BENCH_DIR/hugo-N,
#      and a photo site (gazette and Hugo) whose first PHOTOS articles have a lead photo, resized
#      by both to the widths of examples/gen_corpus/photo/mod.rs (written into both configs);
#   3. cold builds, RUNS per size, alternating gazette and Hugo, output folder deleted first
#      (not timed): `gazette build --root SITE --output OUT`, `hugo --quiet -s SITE -d OUT`,
#      each under /usr/bin/time (wall, CPU, peak RSS);
#   4. serve: starts `gazette serve --port 0` on site-MAIN and times SAVES editor-style saves
#      of one article, from the rename to the moment its page on the server shows the new word
#      (scripts/bench/serve_latency.py; polls every 2 ms; the debounce counts);
#   5. search: index size and the bytes of a first query per language, from the last MAIN
#      build (scripts/bench/search_bytes.py);
#   6. images: cold gazette builds of the photo site (image cache SITE/.gazette-cache/ deleted
#      first) against Hugo resizing the same photos (its resources/ and cache deleted), then
#      warm gazette rebuilds (cache kept, output deleted). If gazette produces no resized
#      images, it says so and times Hugo once, as the target;
#   7. prints the cold-build table and every budget row with its verdict.
#
# Everything is on tmpfs (BENCH_DIR, and TMPDIR for serve's scratch folder), so disk speed is
# not measured; the machine may be shared, so expect noise. Needs python3 for steps 4 and 5.
# The photos are made by the generator itself (with the jpeg-encoder crate), no image tool.
set -euo pipefail

cd "$(dirname "$0")/.."

PARTS="${PARTS:-builds big serve search images}"
RUNS="${RUNS:-5}"
SMALL="${SMALL:-1000}"
MAIN="${MAIN:-10000}"
BIG="${BIG:-100000}"
BIG_RUNS="${BIG_RUNS:-$RUNS}"
HUGO_BIG="${HUGO_BIG:-0}"
SAVES="${SAVES:-10}"
PHOTOS="${PHOTOS:-200}"
PHOTO_ARTICLES="${PHOTO_ARTICLES:-$PHOTOS}"
IMAGE_RUNS="${IMAGE_RUNS:-$RUNS}"
SEED="${SEED:-42}"
BENCH_DIR="${BENCH_DIR:-/dev/shm/gazette-bench}"

TIME=/usr/bin/time
GAZETTE="$BENCH_DIR/bin/gazette"
GEN="$BENCH_DIR/bin/gen_corpus"
RESULTS="$BENCH_DIR/results"
HUGO_CACHE="$BENCH_DIR/hugo-cache"

log() { echo "$*" >&2; }

# part NAME: whether PARTS asks for it
part() { [[ " $PARTS " == *" $1 "* ]]; }

# install PACKAGE: apt-get install, with one `apt-get update` if the first try fails.
install() {
    log "   installing $1 (apt-get)"
    apt-get install -y "$1" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$1" >/dev/null 2>&1; }
}

[[ -x $TIME ]] || install time || { log "GNU time is required: apt-get install time"; exit 1; }
command -v hugo >/dev/null 2>&1 || install hugo || true
HAVE_HUGO=0
if command -v hugo >/dev/null 2>&1; then HAVE_HUGO=1; fi
HAVE_PYTHON=0
if command -v python3 >/dev/null 2>&1; then HAVE_PYTHON=1; fi

log "== building gazette and the corpus generator (release)"
cargo build --release
cargo build --release --example gen_corpus
mkdir -p "$BENCH_DIR/bin" "$RESULTS" "$BENCH_DIR/tmp"
cp target/release/gazette "$GAZETTE"
cp target/release/examples/gen_corpus "$GEN"
REVISION="$(git describe --always --dirty 2>/dev/null || echo unknown)"

rm -f "$RESULTS"/*.txt
GEN_SUM=$(md5sum "$GEN" | cut -d' ' -f1)

# generate NAME ARTICLES PHOTOS HUGO(0/1): the corpus BENCH_DIR/site-NAME (and hugo-NAME),
# unless the one there was made by this generator with these settings. Records the time.
generate() {
    local name=$1 n=$2 photos=$3 with_hugo=$4
    local site="$BENCH_DIR/site-$name" hugo="$BENCH_DIR/hugo-$name" stamp="$BENCH_DIR/site-$name.stamp"
    local want="$GEN_SUM seed=$SEED articles=$n photos=$photos hugo=$with_hugo"
    if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
        log "   $site: unchanged, reused"
        echo "reused" >"$RESULTS/gen-$name.txt"
        return
    fi
    local args=(--articles "$n" --out "$site" --seed "$SEED" --photos "$photos")
    if ((with_hugo)); then args+=(--hugo "$hugo"); fi
    rm -f "$stamp"
    "$GEN" "${args[@]}" 2>"$BENCH_DIR/gen-$name.log" || { cat "$BENCH_DIR/gen-$name.log" >&2; exit 1; }
    sed -n 's/^generated \([0-9]*\) files in \([0-9.]*\) s.*/\2 s (\1 files)/p' "$BENCH_DIR/gen-$name.log" >"$RESULTS/gen-$name.txt"
    log "   $(tail -n 1 "$BENCH_DIR/gen-$name.log")"
    echo "$want" >"$stamp"
}

log "== generating corpora in $BENCH_DIR (seed $SEED)"
sizes=()
if part builds; then
    if ((SMALL > 0)); then sizes+=("$SMALL"); fi
    sizes+=("$MAIN")
elif part serve || part search; then
    sizes+=("$MAIN")
fi
for n in "${sizes[@]}"; do generate "$n" "$n" 0 "$HAVE_HUGO"; done
if ! part big; then BIG=0; fi
if ! part images; then PHOTOS=0; fi
if ! part serve; then SAVES=0; fi
if ((BIG > 0)); then generate "$BIG" "$BIG" 0 "$((HAVE_HUGO && HUGO_BIG))"; fi
if ((PHOTOS > 0)); then generate photos "$PHOTO_ARTICLES" "$PHOTOS" "$HAVE_HUGO"; fi

# measure TOOL NAME KEY [keep-cache]: one build of site/hugo-NAME into a fresh output folder;
# appends "wall user sys maxrss_kb" to RESULTS/KEY.txt. Without keep-cache the tool's caches
# are deleted first (a cold build).
measure() {
    local tool=$1 name=$2 key=$3 keep=${4:-}
    local out="$BENCH_DIR/out-$tool-$name" logfile="$BENCH_DIR/log-$key.txt" tfile="$BENCH_DIR/time.txt"
    local cmd
    rm -rf "$out"
    case $tool in
        gazette)
            [[ -n $keep ]] || rm -rf "$BENCH_DIR/site-$name/.gazette-cache"
            cmd=("$GAZETTE" build --root "$BENCH_DIR/site-$name" --output "$out")
            ;;
        hugo)
            [[ -n $keep ]] || rm -rf "$HUGO_CACHE" "$BENCH_DIR/hugo-$name/resources"
            cmd=(hugo --quiet -s "$BENCH_DIR/hugo-$name" -d "$out" --cacheDir "$HUGO_CACHE")
            ;;
    esac
    if ! "$TIME" -f "%e %U %S %M" -o "$tfile" "${cmd[@]}" >"$logfile" 2>&1; then
        echo "$tool build of $name failed (${cmd[*]}):"
        tail -n 30 "$logfile"
        exit 1
    fi
    tail -n 1 "$tfile" >>"$RESULTS/$key.txt"
    tail -n 1 "$tfile" | awk -v k="$key" '{ printf "   %-28s %8.2f s wall %8.2f s cpu %8.1f MB\n", k, $1, $2 + $3, $4 * 1024 / 1e6 }' >&2
}

# median of the numbers on stdin
median() {
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# med KEY wall|cpu|rss: median over RESULTS/KEY.txt (seconds; MB of 10^6 bytes); "nan" if none
med() {
    local f="$RESULTS/$1.txt"
    [[ -s $f ]] || { echo nan; return; }
    case $2 in
        wall) awk '{ print $1 }' "$f" | median ;;
        cpu) awk '{ print $2 + $3 }' "$f" | median ;;
        rss) awk '{ printf "%.1f\n", $4 * 1024 / 1e6 }' "$f" | median ;;
    esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b <= 0) print "nan"; else printf "%.3f", a / b }'; }

# verdict VALUE OP LIMIT: "ok" or "OVER" (OP is <= or <)
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        if (v == "nan") { print "n/a"; exit }
        ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 < l + 0)
        print ok ? "ok" : "OVER" }'
}

# ---------------------------------------------------------------------------------------------
# Cold builds

build_sizes=()
if part builds; then build_sizes=("${sizes[@]}"); fi
# search reads the output of a MAIN build: one build if the builds part did not make it.
if part search && ! part builds; then measure gazette "$MAIN" "search-build"; fi
for n in "${build_sizes[@]}"; do
    tools=(gazette)
    if ((HAVE_HUGO)); then tools+=(hugo); fi
    log "== $n articles: $RUNS cold builds, alternating ${tools[*]}"
    for ((r = 1; r <= RUNS; r++)); do
        for tool in "${tools[@]}"; do measure "$tool" "$n" "build-$n-$tool"; done
    done
    find "$BENCH_DIR/out-gazette-$n" -type f | wc -l >"$RESULTS/files-$n-gazette.txt"
    if ((HAVE_HUGO)); then
        find "$BENCH_DIR/out-hugo-$n" -type f | wc -l >"$RESULTS/files-$n-hugo.txt"
        rm -rf "$BENCH_DIR/out-hugo-$n"
    fi
done
if ((BIG > 0)); then
    tools=(gazette)
    if ((HAVE_HUGO && HUGO_BIG)); then tools+=(hugo); fi
    log "== $BIG articles: $BIG_RUNS cold builds (${tools[*]})"
    for ((r = 1; r <= BIG_RUNS; r++)); do
        for tool in "${tools[@]}"; do measure "$tool" "$BIG" "build-$BIG-$tool"; done
    done
    find "$BENCH_DIR/out-gazette-$BIG" -type f | wc -l >"$RESULTS/files-$BIG-gazette.txt"
    rm -rf "$BENCH_DIR/out-gazette-$BIG" "$BENCH_DIR/out-hugo-$BIG"
fi

# ---------------------------------------------------------------------------------------------
# Search figures, from the last cold build of MAIN

if ((HAVE_PYTHON)) && part search; then
    log "== search index of the $MAIN-article build"
    python3 scripts/bench/search_bytes.py "$BENCH_DIR/out-gazette-$MAIN" de zh >"$RESULTS/search.txt"
fi

# ---------------------------------------------------------------------------------------------
# Serve: save-to-page latency at MAIN

if ((HAVE_PYTHON && SAVES > 0)); then
    site="$BENCH_DIR/site-$MAIN"
    # The first German original that is not a draft: content/YEAR/NAME.de.md, page /de/YEAR/NAME/.
    file=$(grep -L -e '^draft = true' -e '^\[translation\]' "$site"/content/20*/*.de.md | xargs grep -l '^date = ' | sort | awk 'NR == 1')
    year=$(basename "$(dirname "$file")")
    slug=$(basename "$file" .de.md)
    log "== serve at $MAIN articles: $SAVES saves of ${file#"$site/"}"
    if ! TMPDIR="$BENCH_DIR/tmp" python3 scripts/bench/serve_latency.py --gazette "$GAZETTE" --root "$site" \
        --file "$file" --path "/de/$year/$slug/" --saves "$SAVES" --log "$BENCH_DIR/log-serve.txt" >"$RESULTS/serve.txt"; then
        log "   serve measurement failed; see $BENCH_DIR/log-serve.txt"
        echo "failed" >"$RESULTS/serve.txt"
    fi
fi
rm -rf "$BENCH_DIR/out-gazette-$MAIN" "$BENCH_DIR/out-gazette-$SMALL"

# ---------------------------------------------------------------------------------------------
# Images

IMAGES=none
if ((PHOTOS > 0)); then
    log "== images: $PHOTOS photos in a $PHOTO_ARTICLES-article site"
    measure gazette photos images-probe
    # Resized copies: any image in the output besides the originals (photo.jpg) counts.
    derived=$(find "$BENCH_DIR/out-gazette-photos" -type f \( -iname '*.webp' -o -iname '*.avif' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) ! -name photo.jpg | wc -l)
    if ((derived == 0)) && [[ ! -d $BENCH_DIR/site-photos/.gazette-cache ]]; then
        IMAGES=unsupported
        if ((HAVE_HUGO)); then
            log "   gazette made no resized images; timing Hugo once as the target"
            measure hugo photos images-cold-hugo
        fi
    else
        IMAGES=measured
        echo "$derived" >"$RESULTS/images-derived.txt"
        for ((r = 1; r <= IMAGE_RUNS; r++)); do
            measure gazette photos images-cold-gazette
            measure gazette photos images-warm-gazette keep
            if ((HAVE_HUGO)); then measure hugo photos images-cold-hugo; fi
        done
    fi
    rm -rf "$BENCH_DIR/out-gazette-photos" "$BENCH_DIR/out-hugo-photos"
fi

# ---------------------------------------------------------------------------------------------
# Report

echo
echo "gazette benchmark, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), seed $SEED"
versions="gazette $("$GAZETTE" --version 2>/dev/null | awk '{ print $2 }') at $REVISION"
if ((HAVE_HUGO)); then versions+=", hugo $(hugo version | awk '{ print $2 }')"; fi
echo "$versions"
runs="medians of $RUNS runs"
if ((BIG > 0 && BIG_RUNS != RUNS)); then runs+=" ($BIG_RUNS at $BIG articles)"; fi
if ((PHOTOS > 0 && IMAGE_RUNS != RUNS)); then runs+=" ($IMAGE_RUNS for images)"; fi
echo "$runs, tools alternating; peak memory is max RSS in MB (10^6 bytes)"
echo "corpora, outputs, caches and serve's scratch folder are on tmpfs ($BENCH_DIR): disk speed is not measured"
gen_line="corpus generation:"
for name in "${sizes[@]}" "$BIG" photos; do
    [[ -f $RESULTS/gen-$name.txt ]] && gen_line+=" $name: $(cat "$RESULTS/gen-$name.txt");"
done
echo "$gen_line"

if ((${#build_sizes[@]} > 0 || BIG > 0)); then
    echo
    echo "## Cold builds"
    printf "%-9s %-8s %9s %9s %10s %9s\n" articles tool "wall (s)" "cpu (s)" "peak (MB)" files
fi
for n in "${build_sizes[@]}" "$BIG"; do
    for tool in gazette hugo; do
        [[ -s $RESULTS/build-$n-$tool.txt ]] || continue
        printf "%-9s %-8s %9.2f %9.2f %10.1f %9s\n" "$n" "$tool" "$(med "build-$n-$tool" wall)" \
            "$(med "build-$n-$tool" cpu)" "$(med "build-$n-$tool" rss)" "$(cat "$RESULTS/files-$n-$tool.txt" 2>/dev/null || echo -)"
    done
done

# info LABEL TEXT: a measured row without a budget
info() { printf "%-54s %s\n" "$1" "$2"; }
# budget LABEL SHOWN NUMBER OP LIMIT LIMIT_SHOWN: a row with its budget and verdict
budget() { printf "%-54s %-24s %-14s %s\n" "$1" "$2" "$4 $6" "$(verdict "$3" "$4" "$5")"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

echo
echo "## Budgets"
printf "%-54s %-24s %-14s %s\n" row measured budget verdict
M=$MAIN
g_wall=$(med "build-$M-gazette" wall)
h_wall=$(med "build-$M-hugo" wall)
g_rss=$(med "build-$M-gazette" rss)
if part builds; then
    gh=$(ratio "$g_wall" "$h_wall")
    info "$M build: gazette wall" "$g_wall s"
    info "$M build: Hugo wall (same runs)" "$h_wall s"
    budget "$M build: gazette / Hugo wall" "${gh}x" "$gh" "<=" 0.1 "0.1x"
    budget "$M build: gazette peak memory" "$g_rss MB" "$g_rss" "<" 400 "400 MB"
fi
if ((BIG > 0)); then
    b_wall=$(med "build-$BIG-gazette" wall)
    b_rss=$(med "build-$BIG-gazette" rss)
    bg=$(ratio "$b_wall" "$g_wall")
    info "$BIG build: gazette wall" "$b_wall s"
    budget "$BIG build: gazette peak memory" "$b_rss MB" "$b_rss" "<" 2500 "2.5 GB"
    budget "$BIG / $M gazette wall" "${bg}x" "$bg" "<=" 10.5 "10.5x"
    if [[ -s $RESULTS/build-$BIG-hugo.txt ]]; then
        info "$BIG build: Hugo wall; gazette / Hugo" "$(med "build-$BIG-hugo" wall) s; $(ratio "$b_wall" "$(med "build-$BIG-hugo" wall)")x"
    fi
fi

if [[ -s $RESULTS/serve.txt ]] && grep -q median_ms "$RESULTS/serve.txt"; then
    field() { tr ' ' '\n' <"$RESULTS/serve.txt" | sed -n "s/^$1=//p"; }
    budget "serve at $M: save -> page shows it, median of $(field saves)" "$(field median_ms) ms" "$(field median_ms)" "<" 50 "50 ms"
    info "  all saves (ms, in order)" "$(field values_ms | tr ',' ' ')"
    info "  gazette's own 'Built in' per save (ms)" "$(field rebuild_ms | tr ',' ' ') (first build $(field first_build_ms) ms)"
elif ((SAVES > 0)); then
    info "serve at $M: save -> page" "not measured ($(cat "$RESULTS/serve.txt" 2>/dev/null || echo 'needs python3'))"
fi

if [[ -s $RESULTS/search.txt ]]; then
    while read -r line; do
        get() { tr ' ' '\n' <<<"$line" | sed -n "s/^$1=//p"; }
        lang=$(get lang)
        if [[ -z $(get index_bytes) ]]; then
            info "search at $M ($lang)" "not measured: $line"
            continue
        fi
        info "search at $M ($lang): index size, files" "$(awk -v b="$(get index_bytes)" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $(get index_files) files (manifest $(kb "$(get manifest_bytes)"))"
        budget "search at $M ($lang): first query, median of $(get queries)" "$(kb "$(get median_bytes)") (max $(kb "$(get max_bytes)"))" \
            "$(get median_bytes)" "<=" 100000 "100 KB"
        info "  word:bytes:hits:chunks read" "$(get words | tr ',' ' ')"
    done <"$RESULTS/search.txt"
fi

widths=$(sed -n 's/^imageWidths = \[\(.*\)\]/\1/p' "$BENCH_DIR/hugo-photos/hugo.toml" 2>/dev/null || true)
case $IMAGES in
    unsupported)
        echo "images: not supported by this gazette build (no resized images in its output of the photo site)"
        if [[ -s $RESULTS/images-cold-hugo.txt ]]; then
            info "  Hugo cold, $PHOTOS photos at widths ${widths:-?} (1 run, the target)" "$(med images-cold-hugo wall) s, $(med images-cold-hugo rss) MB"
        fi
        ;;
    measured)
        c_wall=$(med images-cold-gazette wall)
        w_wall=$(med images-warm-gazette wall)
        hc_wall=$(med images-cold-hugo wall)
        ch=$(ratio "$c_wall" "$hc_wall")
        info "images: $PHOTOS photos, widths ${widths:-?}" "$(cat "$RESULTS/images-derived.txt") resized files in gazette's output"
        info "images: gazette cold" "$c_wall s, $(med images-cold-gazette rss) MB"
        info "images: Hugo cold (same runs)" "$hc_wall s, $(med images-cold-hugo rss) MB"
        budget "images: gazette cold / Hugo cold" "${ch}x" "$ch" "<=" 1 "Hugo's time"
        budget "images: gazette warm (cache kept)" "$w_wall s" "$w_wall" "<" 1 "1 s"
        ;;
esac

echo
if part builds && ((SMALL > 0)); then
    line="linearity: $M/$SMALL articles ($(ratio "$M" "$SMALL")x): gazette wall $(ratio "$g_wall" "$(med "build-$SMALL-gazette" wall)")x, peak memory $(ratio "$g_rss" "$(med "build-$SMALL-gazette" rss)")x"
    if ((HAVE_HUGO)); then line+=" (Hugo wall $(ratio "$h_wall" "$(med "build-$SMALL-hugo" wall)")x)"; fi
    echo "$line"
fi
if ((BIG > 0)); then
    echo "linearity: $BIG/$M articles ($(ratio "$BIG" "$M")x): gazette wall ${bg}x, peak memory $(ratio "$b_rss" "$g_rss")x"
fi
if part builds && ((SMALL > 0 && HAVE_HUGO)); then
    echo "$SMALL articles: gazette / Hugo wall $(ratio "$(med "build-$SMALL-gazette" wall)" "$(med "build-$SMALL-hugo" wall)")x," \
        "peak memory $(ratio "$(med "build-$SMALL-gazette" rss)" "$(med "build-$SMALL-hugo" rss)")x"
fi
