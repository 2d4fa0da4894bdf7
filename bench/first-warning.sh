#!/usr/bin/env bash
# Time and CPU from `./medwarn local` to its first warning (issue 5; BENCHMARKS.md, local stack).
#   bench/first-warning.sh [--screen] [REPO_ROOT] [DATA_DIR] [-- LOCAL_OPTIONS...]
# Starts the local stack with fresh data, waits for the first warning in the search engine (what
# the console shows) and committed on the `warnings` topic, prints both times (as the stack
# reports them) and the CPU-seconds used by the stack's JVMs (the launcher's JVM and its child
# JVMs: broker, search node, console) when the first of the two appeared, then stops the stack
# with SIGTERM. CPU-seconds are less disturbed than wall time by other work on a shared machine;
# compare builds by alternating runs.
# --screen also measures the first warning on screen: headless Chromium (Debian package `chromium`)
# logs in to the console as the demo county officer, opens the warning queue when the console
# answers and watches the page refresh itself until it shows a warning (FirstWarningOnScreen, in the
# jobs module's test classes: needs a build with tests compiled, e.g. after `mvn verify`).
set -euo pipefail
screen=false
if [ "${1:-}" = "--screen" ]; then screen=true; shift; fi
root="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
data="${2:-$(mktemp -d)/data}"
shift $(($# < 2 ? $# : 2))
[ "${1:-}" = "--" ] && shift
log="$data.log"
mkdir -p "$(dirname "$data")"
cd "$root"
./medwarn help > /dev/null 2>&1 || true # builds first if needed, outside the measurement
start_ms=$(date +%s%3N)
./medwarn local --data-dir "$data" --reset "$@" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
if $screen; then
  [ -f jobs/target/test-classes/org/medwarn/console/FirstWarningOnScreen.class ] \
    || { echo "--screen needs the test classes: mvn -DskipTests install first" >&2; exit 2; }
  console_url=http://127.0.0.1:8080/
  args=("$@")
  for ((i = 0; i + 1 < ${#args[@]}; i++)); do
    [ "${args[$i]}" = "--console-port" ] && console_url="http://127.0.0.1:${args[$((i + 1))]}/"
  done
  java -cp "jobs/target/test-classes:console/target/test-classes:jobs/target/classes:$(cat jobs/target/launcher.classpath)" \
    org.medwarn.console.FirstWarningOnScreen "$console_url" county demo-county "$start_ms" "$data.screen.png" \
    > "$data.screen" 2>&1 &
  screen_pid=$!
fi
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
if $screen; then
  wait $screen_pid || true
  on_screen="$(grep -o 'on screen.*' "$data.screen" || echo "on screen: no result (see $data.screen)")"
fi
printf "searchable after %s s, committed after %s s (%s); CPU of the JVMs %s s; load %s (log %s)\n" \
  "$(grep -o 'first warning in the search engine.*after [0-9.]*' "$log" | grep -o '[0-9.]*$')" \
  "$(grep -o 'first warning committed on topic warnings after [0-9.]*' "$log" | grep -o '[0-9.]*$')" \
  "$(grep -o 'after [0-9.]* s: [^ ]* [^ ]* ([^)]*)' "$log" | cut -d' ' -f4-)" \
  "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" "$log"
if $screen; then echo "$on_screen (from the command; screenshot $data.screen.png)"; fi
kill -TERM $pid
wait $pid 2>/dev/null || true
trap - EXIT
