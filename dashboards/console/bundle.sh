#!/usr/bin/env bash
# Bundles the console's web assets at build time (run by the console module's Maven build):
#   bundle.sh NPM_WORK_DIR OUT_DIR
# copies the pages (*.html, *.css, *.js) of this folder to OUT_DIR and Apache ECharts, installed
# with `npm ci` from the committed package-lock.json, to OUT_DIR/vendor/echarts.min.js.
# Without npm the pages are still copied and the build goes on; the pages then say that the
# chart library is missing.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$1"
out="$2"
mkdir -p "$out/vendor" "$work"
cp "$src"/*.html "$src"/*.css "$src"/*.js "$out/"
if ! command -v npm >/dev/null 2>&1; then
  echo "console: ERROR: npm not found, Apache ECharts NOT bundled: the console's charts will not render." >&2
  echo "console: install Node.js and npm (Debian: apt-get install -y npm) and rebuild." >&2
  exit 0
fi
# npm ci only when the lock file changed since the last install.
if ! cmp -s "$src/package-lock.json" "$work/package-lock.json" || [ ! -f "$work/node_modules/echarts/dist/echarts.min.js" ]; then
  cp "$src/package.json" "$src/package-lock.json" "$work/"
  echo "console: npm ci (Apache ECharts from the npm registry, pinned by package-lock.json) ..." >&2
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
cp "$work/node_modules/echarts/dist/echarts.min.js" "$out/vendor/echarts.min.js"
cp "$work/node_modules/echarts/LICENSE" "$out/vendor/echarts.LICENSE"
