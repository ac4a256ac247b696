#!/usr/bin/env bash
# Stress test: the whole test suite, run again and again on a machine whose cores are busy.
#
# Usage:
#   bash scripts/stress-test.sh [CARGO_TEST_ARGS...]   e.g. `-- serve_faults` for one module
#
# Settings (environment variables):
#   RUNS=5                      how many times to run `cargo test`
#   STRESS_CPUS=2               CPU hogs (`stress --cpu N`) running during every test run
#   STRESS_DIR=/tmp/gazette-stress   one log per run (run-1.log …) and summary.txt
#
# Why: the project's rule is that the tests pass on a busy 2-core machine every time. A test
# that waits for a watcher, a server or a child process with too short a timeout passes on an
# idle machine and fails in CI when something else takes the cores; this finds such tests.
#
# What it does:
#   1. installs Debian's `stress` with apt-get (after `apt-get update`; as root, or through
#      sudo) when it is missing;
#   2. `cargo test --no-run`: builds the tests once, on an idle machine, so the runs time the
#      tests and not the compiler;
#   3. starts `stress --cpu STRESS_CPUS` in the background, and stops it on every way out (end,
#      failure, Ctrl-C);
#   4. runs `cargo test --no-fail-fast` RUNS times (--no-fail-fast: a failing test binary does
#      not hide the failures of the ones after it), each run's output in STRESS_DIR/run-N.log;
#   5. prints how many runs passed and, for each failing test, the run and the test binary it
#      failed in. Exit status 0 when every run passed, 1 otherwise.
set -euo pipefail

cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
STRESS_CPUS="${STRESS_CPUS:-2}"
STRESS_DIR="${STRESS_DIR:-/tmp/gazette-stress}"

log() { printf 'stress-test: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else "$@"
  fi
}

case "$RUNS" in '' | *[!0-9]* | 0) log "RUNS must be a positive number, not '$RUNS'"; exit 2 ;; esac

# ---- 1. stress
if ! command -v stress >/dev/null 2>&1; then
  log "installing stress with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q stress >/dev/null
fi

# ---- 2. build once, unloaded
log "building the tests (cargo test --no-run)"
cargo test --no-run --quiet "$@"

mkdir -p "$STRESS_DIR"
rm -f "$STRESS_DIR"/run-*.log "$STRESS_DIR/summary.txt"

# ---- 3. the load, stopped on every way out. Killing stress's parent alone may leave its
# hogs running, so its children are named by their parent's id and stopped with it.
stress_pid=""
stop_stress() {
  [ -n "$stress_pid" ] || return 0
  kill $(pgrep -P "$stress_pid" 2>/dev/null) "$stress_pid" 2>/dev/null || true
  wait "$stress_pid" 2>/dev/null || true
  stress_pid=""
}
trap stop_stress EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stress --cpu "$STRESS_CPUS" >/dev/null 2>&1 &
stress_pid=$!
log "stress --cpu $STRESS_CPUS running (pid $stress_pid); $RUNS run(s), logs in $STRESS_DIR"

# Prints the failing tests of one run's log as `BINARY: TEST`. libtest writes
# `test NAME ... FAILED` for each; the binary is the last `Running …` or `Doc-tests …` line.
failing_tests() {
  awk '
    /^     Running / { bin = $2; if (bin == "unittests") bin = $2 " " $3; next }
    /^   Doc-tests / { bin = "doctests " $2; next }
    /^test .* \.\.\. FAILED$/ { sub(/^test /, ""); sub(/ \.\.\. FAILED$/, ""); print bin ": " $0 }
  ' "$1"
}

# ---- 4. the runs
passed=0
failures=()
for run in $(seq 1 "$RUNS"); do
  run_log="$STRESS_DIR/run-$run.log"
  start=$SECONDS
  if cargo test --no-fail-fast "$@" >"$run_log" 2>&1; then
    passed=$((passed + 1))
    log "run $run/$RUNS: passed in $((SECONDS - start)) s"
  else
    log "run $run/$RUNS: FAILED in $((SECONDS - start)) s (see $run_log)"
    found=0
    while IFS= read -r test; do
      failures+=("run $run: $test")
      found=1
    done < <(failing_tests "$run_log")
    # No failing test named: a build error, a crash, a test binary killed by a signal.
    [ "$found" -eq 1 ] || failures+=("run $run: cargo test failed without a failing test (see $run_log)")
  fi
done

stop_stress

# ---- 5. the summary, also kept beside the logs
{
  echo "stress test: $passed of $RUNS run(s) passed under stress --cpu $STRESS_CPUS"
  for f in "${failures[@]}"; do echo "  $f"; done
  echo "stress-test: $passed passed, $((RUNS - passed)) failed"
} | tee "$STRESS_DIR/summary.txt"

[ "$passed" -eq "$RUNS" ]
