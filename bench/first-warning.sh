#!/usr/bin/env bash
# Time and CPU from `./medwarn local` to its first warning (issue 5; BENCHMARKS.md, local stack).
#   bench/first-warning.sh [REPO_ROOT] [DATA_DIR]
# Starts the local stack with fresh data, waits for "first warning", prints the wall time and the
# CPU-seconds used so far by the stack's JVMs (the launcher's JVM and its child JVMs: broker,
# search node, console), then stops the stack with SIGTERM. CPU-seconds are less disturbed than
# wall time by other work on a shared machine; compare builds by alternating runs.
set -euo pipefail
root="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
data="${2:-$(mktemp -d)/data}"
log="$data.log"
mkdir -p "$(dirname "$data")"
cd "$root"
./medwarn help > /dev/null 2>&1 || true # builds first if needed, outside the measurement
start=$(date +%s%N)
./medwarn local --data-dir "$data" --reset > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
until grep -q "first warning" "$log"; do
  if ! kill -0 $pid 2>/dev/null; then echo "medwarn local stopped; see $log" >&2; exit 1; fi
  sleep 0.5
done
now=$(date +%s%N)
cpu=$( (echo $pid; pgrep -P $pid || true) | xargs ps -o times= -p | awk '{s += $1} END {print s}')
printf "wall %.1f s, CPU of the JVMs %s s, %s, load %s (log %s)\n" \
  "$(echo "($now - $start) / 1000000000" | bc -l)" "$cpu" \
  "$(grep -o 'first warning after [0-9.]* s: [^ ]* [^ ]*' "$log")" "$(cut -d' ' -f1 /proc/loadavg)" "$log"
kill -TERM $pid
wait $pid 2>/dev/null || true
trap - EXIT
