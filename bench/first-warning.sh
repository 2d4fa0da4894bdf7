#!/usr/bin/env bash
# Time and CPU from `./medwarn local` to its first warning (issue 5; BENCHMARKS.md, local stack).
#   bench/first-warning.sh [REPO_ROOT] [DATA_DIR] [-- LOCAL_OPTIONS...]
# Starts the local stack with fresh data, waits for the first warning in the search engine (what
# the console shows) and committed on the `warnings` topic, prints both times (as the stack
# reports them) and the CPU-seconds used by the stack's JVMs (the launcher's JVM and its child
# JVMs: broker, search node, console) when the first of the two appeared, then stops the stack
# with SIGTERM. CPU-seconds are less disturbed than wall time by other work on a shared machine;
# compare builds by alternating runs.
set -euo pipefail
root="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
data="${2:-$(mktemp -d)/data}"
shift $(($# < 2 ? $# : 2))
[ "${1:-}" = "--" ] && shift
log="$data.log"
mkdir -p "$(dirname "$data")"
cd "$root"
./medwarn help > /dev/null 2>&1 || true # builds first if needed, outside the measurement
./medwarn local --data-dir "$data" --reset "$@" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
wait_for() {
  until grep -q "$1" "$log"; do
    if ! kill -0 $pid 2>/dev/null; then echo "medwarn local stopped; see $log" >&2; exit 1; fi
    sleep 0.5
  done
}
wait_for "first warning"
cpu=$( (echo $pid; pgrep -P $pid || true) | xargs ps -o times= -p | awk '{s += $1} END {print s}')
wait_for "first warning in the search engine"
wait_for "first warning committed"
printf "searchable after %s s, committed after %s s (%s); CPU of the JVMs %s s; load %s (log %s)\n" \
  "$(grep -o 'first warning in the search engine.*after [0-9.]*' "$log" | grep -o '[0-9.]*$')" \
  "$(grep -o 'first warning committed on topic warnings after [0-9.]*' "$log" | grep -o '[0-9.]*$')" \
  "$(grep -o 'after [0-9.]* s: [^ ]* [^ ]* ([^)]*)' "$log" | cut -d' ' -f4-)" \
  "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" "$log"
kill -TERM $pid
wait $pid 2>/dev/null || true
trap - EXIT
