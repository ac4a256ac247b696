#!/usr/bin/env bash
# Benchmark: cold full builds of gazette and Hugo on the same generated corpus, side by side.
#
# Usage:
#   bash scripts/bench.sh
#   ARTICLES="1000" RUNS=3 bash scripts/bench.sh      # quicker run
#
# Settings (environment variables):
#   ARTICLES="1000 10000"   corpus sizes in articles; each article is a German and a Chinese file
#   RUNS=5                  timed builds per tool and size, alternating gazette and Hugo
#   SEED=42                 seed of the corpus generator (same seed, same bytes)
#   BENCH_DIR=/dev/shm/gazette-bench   corpora, outputs and logs (tmpfs: the disk is slow to
#                           create a fresh tree right after deleting a large one)
#   WATCH_RUNS=5            edits timed in the watch-mode measurement
#
# What it does:
#   1. builds gazette and the corpus generator (examples/gen_corpus.rs) in release mode;
#   2. generates, once per size, the gazette site BENCH_DIR/site-N and the same corpus as a Hugo
#      site BENCH_DIR/hugo-N (same Markdown bodies, equivalent layouts);
#   3. for each size, RUNS times: deletes the output folder (not timed), then runs
#      `gazette build --root SITE --output BENCH_DIR/out-gazette-N` and
#      `hugo --quiet -s HUGOSITE -d BENCH_DIR/out-hugo-N` under /usr/bin/time (wall, user, sys,
#      peak RSS), and counts the files written;
#   4. prints per size: median wall, median CPU (user+sys), median peak RSS, files written, and
#      the gazette/Hugo ratios of median wall and peak memory; then gazette's scaling between
#      the smallest and largest size (10x the articles should take about 10x the time);
#   5. if `gazette build --help` mentions --watch, measures the watch-mode rebuild after editing
#      one article of the largest corpus (median of WATCH_RUNS edits).
# Without Hugo installed (apt-get install hugo) it reports gazette alone.
set -euo pipefail

cd "$(dirname "$0")/.."

ARTICLES="${ARTICLES:-1000 10000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-42}"
BENCH_DIR="${BENCH_DIR:-/dev/shm/gazette-bench}"
WATCH_RUNS="${WATCH_RUNS:-5}"
TIME=/usr/bin/time
GAZETTE="$PWD/target/release/gazette"
GEN="$PWD/target/release/examples/gen_corpus"

log() { echo "$*" >&2; }

if [[ ! -x $TIME ]]; then
    log "GNU time is missing: apt-get install -y time"
    if ! apt-get install -y time >/dev/null 2>&1; then
        apt-get update >/dev/null && apt-get install -y time >/dev/null
    fi
fi

log "== building gazette and the corpus generator (release)"
cargo build --release
cargo build --release --example gen_corpus

HAVE_HUGO=0
if command -v hugo >/dev/null 2>&1; then
    HAVE_HUGO=1
else
    echo "hugo not installed (apt-get install hugo); skipping Hugo"
fi

mkdir -p "$BENCH_DIR"
rm -f "$BENCH_DIR"/results-*.txt "$BENCH_DIR"/watch-*.txt

log "== generating corpora in $BENCH_DIR (seed $SEED)"
for n in $ARTICLES; do
    hugo_args=()
    if ((HAVE_HUGO)); then hugo_args=(--hugo "$BENCH_DIR/hugo-$n"); fi
    "$GEN" --articles "$n" --out "$BENCH_DIR/site-$n" "${hugo_args[@]}" --seed "$SEED"
done

# measure TOOL N: one cold build into an empty output folder; appends
# "wall user sys maxrss_kb files" to $BENCH_DIR/results-TOOL-N.txt.
measure() {
    local tool=$1 n=$2
    local out="$BENCH_DIR/out-$tool-$n" logfile="$BENCH_DIR/log-$tool-$n.txt" tfile="$BENCH_DIR/time.txt"
    local cmd
    rm -rf "$out"
    case $tool in
        gazette) cmd=("$GAZETTE" build --root "$BENCH_DIR/site-$n" --output "$out") ;;
        hugo)
            # Hugo's file cache (images, remote data) is unused here; emptied anyway for a cold build.
            rm -rf "$BENCH_DIR/hugo-cache"
            cmd=(hugo --quiet -s "$BENCH_DIR/hugo-$n" -d "$out" --cacheDir "$BENCH_DIR/hugo-cache")
            ;;
    esac
    if ! "$TIME" -f "%e %U %S %M" -o "$tfile" "${cmd[@]}" >"$logfile" 2>&1; then
        echo "$tool build of the $n-article corpus failed (${cmd[*]}):"
        tail -n 30 "$logfile"
        exit 1
    fi
    echo "$(tail -n 1 "$tfile") $(find "$out" -type f | wc -l)" >>"$BENCH_DIR/results-$tool-$n.txt"
    tail -n 1 "$tfile" | awk -v t="$tool" '{ printf "  %-8s %7.2f s wall  %7.2f s cpu  %7.1f MB\n", t, $1, $2 + $3, $4 / 1024 }' >&2
}

# median of the numbers on stdin
median() {
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# result TOOL N WHAT: median wall | cpu | rss (MB); files of the last run; html pages and
# redirect pages (Hugo writes one for every /page/1/ and for /) in the last run's output
result() {
    local f="$BENCH_DIR/results-$1-$2.txt"
    case $3 in
        wall) awk '{ print $1 }' "$f" | median ;;
        cpu) awk '{ print $2 + $3 }' "$f" | median ;;
        rss) awk '{ print $4 / 1024 }' "$f" | median ;;
        files) tail -n 1 "$f" | awk '{ print $5 }' ;;
        html) find "$BENCH_DIR/out-$1-$2" -type f -name '*.html' | wc -l ;;
        redirects) { grep -rlF --include='*.html' 'http-equiv="refresh"' "$BENCH_DIR/out-$1-$2" || true; } | wc -l ;;
    esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

tools=(gazette)
if ((HAVE_HUGO)); then tools+=(hugo); fi

for n in $ARTICLES; do
    log "== $n articles: $RUNS cold builds per tool, alternating ${tools[*]}"
    for ((r = 1; r <= RUNS; r++)); do
        log " run $r/$RUNS"
        for tool in "${tools[@]}"; do measure "$tool" "$n"; done
    done
done

echo
echo "gazette benchmark: cold full builds, $(nproc) cores, median of $RUNS runs, seed $SEED"
echo "gazette: $("$GAZETTE" --version 2>/dev/null || echo unknown)"
if ((HAVE_HUGO)); then echo "hugo:    $(hugo version | awk '{ print $2 }')"; fi
echo "note: corpora and outputs are on tmpfs ($BENCH_DIR), so disk speed is not measured"
for n in $ARTICLES; do
    echo
    echo "## $n articles ($((2 * n)) content files, German + Chinese)"
    printf "%-8s %9s %9s %14s %8s %8s %10s\n" tool "wall (s)" "cpu (s)" "peak RSS (MB)" files html redirects
    for tool in "${tools[@]}"; do
        printf "%-8s %9.2f %9.2f %14.1f %8d %8d %10d\n" "$tool" \
            "$(result "$tool" "$n" wall)" "$(result "$tool" "$n" cpu)" "$(result "$tool" "$n" rss)" \
            "$(result "$tool" "$n" files)" "$(result "$tool" "$n" html)" "$(result "$tool" "$n" redirects)"
    done
    if ((HAVE_HUGO)); then
        echo "gazette/hugo: wall $(ratio "$(result gazette "$n" wall)" "$(result hugo "$n" wall)")x," \
            "peak memory $(ratio "$(result gazette "$n" rss)" "$(result hugo "$n" rss)")x"
    fi
done

read -r -a sizes <<<"$(tr ' ' '\n' <<<"$ARTICLES" | grep . | sort -n | tr '\n' ' ')"
small=${sizes[0]}
large=${sizes[${#sizes[@]} - 1]}
echo
if ((large > small)); then
    echo "linearity: gazette(${large})/gazette(${small}) median wall $(ratio "$(result gazette "$large" wall)" "$(result gazette "$small" wall)")x," \
        "peak memory $(ratio "$(result gazette "$large" rss)" "$(result gazette "$small" rss)")x" \
        "for $(ratio "$large" "$small")x the articles"
else
    echo "linearity: needs two sizes (ARTICLES=\"1000 10000\")"
fi

# Watch mode: start `gazette build --watch` on the largest corpus, wait for the first build,
# append a sentence to one article and time until that article's page shows it.
measure_watch() {
    local n=$large
    local site="$BENCH_DIR/site-$n" out="$BENCH_DIR/out-watch-$n" wlog="$BENCH_DIR/log-watch-$n.txt"
    local backup="$BENCH_DIR/watch-backup.md" results="$BENCH_DIR/watch-$n.txt"
    local candidates file rel target pid
    # The first German article that is not a draft; its page is /de/YEAR/NAME/.
    mapfile -t candidates < <(grep -rL --include='*.de.md' '^draft = true' "$site"/content/20* | sort)
    file=${candidates[0]}
    rel=${file#"$site/content/"}
    target="$out/de/${rel%%/*}/$(basename "$rel" .de.md)/index.html"
    cp "$file" "$backup"
    rm -rf "$out"
    "$GAZETTE" build --watch --root "$site" --output "$out" >"$wlog" 2>&1 &
    pid=$!
    # shellcheck disable=SC2064 # expand now: the values are local
    trap "kill $pid 2>/dev/null || true; cp '$backup' '$file'" EXIT
    local waited=0
    until [[ -f $out/index.html && -f $target ]]; do
        if ! kill -0 "$pid" 2>/dev/null || ((waited > 6000)); then
            echo "watch-mode rebuild: the first build did not finish (see $wlog)"
            return
        fi
        sleep 0.05
        waited=$((waited + 1))
    done
    : >"$results"
    local i marker t0 t1
    for ((i = 1; i <= WATCH_RUNS; i++)); do
        sleep 1.5 # let the previous rebuild and the debounce window pass
        marker="Benchmark-Satz $i-$$ zur Messung des Neuaufbaus."
        t0=$(date +%s%N)
        printf '\n%s\n' "$marker" >>"$file"
        until grep -qF "$marker" "$target" 2>/dev/null; do
            if (($(date +%s%N) - t0 > 30000000000)); then
                echo "watch-mode rebuild: edit $i not visible after 30 s (see $wlog)"
                break
            fi
            sleep 0.005
        done
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000000)) >>"$results"
    done
    cp "$backup" "$file"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    trap - EXIT
    echo "watch-mode rebuild ($n articles, one article edited, $WATCH_RUNS edits):" \
        "median $(median <"$results") ms from save to updated page, debounce included" \
        "(all: $(paste -sd' ' "$results") ms; polled every 5 ms)"
}

echo
if "$GAZETTE" build --help 2>/dev/null | grep -q -- '--watch'; then
    measure_watch
else
    echo "watch-mode rebuild: not measured (gazette build --watch not available yet)"
fi
