#!/usr/bin/env bash
# Imports the medwarn data views and dashboards into Kibana (8.9 or later) through the
# saved-objects API, overwriting earlier versions of the same objects (fixed ids).
#
#   dashboards/kibana/import.sh [KIBANA_URL]        # default http://localhost:5601
#
# Environment: KIBANA_USER / KIBANA_PASSWORD (basic auth, when set), KIBANA_WAIT_SECONDS
# (how long to wait for Kibana to be available, default 300), KIBANA_SPACE (a space id;
# default: the default space).
# Exit status: 0 imported, 1 Kibana rejected some objects (errors printed), 2 usage or
# Kibana not available in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="${1:-http://localhost:5601}"
url="${url%/}"
wait_seconds="${KIBANA_WAIT_SECONDS:-300}"
api="$url"
if [ -n "${KIBANA_SPACE:-}" ]; then
  api="$url/s/$KIBANA_SPACE"
fi

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "import.sh: '$tool' is needed but not installed" >&2; exit 2; }
done

curl_args=(--silent --show-error --max-time 60 -H "kbn-xsrf: true")
if [ -n "${KIBANA_USER:-}" ]; then
  curl_args+=(--user "$KIBANA_USER:${KIBANA_PASSWORD:-}")
fi

# Data views first: the dashboards reference them. One upload, so that Kibana resolves the
# references inside it.
files=("$here/data-views.ndjson")
for f in "$here"/*.ndjson; do
  [ "$f" = "$here/data-views.ndjson" ] || files+=("$f")
done
bundle="$(mktemp "${TMPDIR:-/tmp}/medwarn-kibana.XXXXXX.ndjson")"
response="$(mktemp "${TMPDIR:-/tmp}/medwarn-kibana-response.XXXXXX.json")"
trap 'rm -f "$bundle" "$response"' EXIT
for f in "${files[@]}"; do
  cat "$f" >>"$bundle"
  [ -z "$(tail -c1 "$f")" ] || echo >>"$bundle"
done
objects="$(grep -c . "$bundle")"

echo "import.sh: waiting up to ${wait_seconds}s for Kibana at $url ..."
deadline=$((SECONDS + wait_seconds))
while :; do
  code="$(curl "${curl_args[@]}" -o "$response" -w '%{http_code}' "$url/api/status" 2>/dev/null || true)"
  if [ "$code" = "401" ] || [ "$code" = "403" ]; then
    echo "import.sh: Kibana at $url refused the credentials (HTTP $code); set KIBANA_USER and KIBANA_PASSWORD" >&2
    exit 2
  fi
  level="$(jq -r '.status.overall.level // .status.overall.state // empty' "$response" 2>/dev/null || true)"
  case "$level" in
    available | green) break ;;
  esac
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "import.sh: Kibana at $url is not available after ${wait_seconds}s (last status: '${level:-no answer}')" >&2
    exit 2
  fi
  echo "import.sh: Kibana status '${level:-no answer}', retrying in 5s"
  sleep 5
done

echo "import.sh: importing $objects saved objects from ${#files[@]} files"
http_code="$(curl "${curl_args[@]}" -o "$response" -w '%{http_code}' \
  -X POST "$api/api/saved_objects/_import?overwrite=true" \
  --form "file=@$bundle;filename=medwarn.ndjson")"

if [ "$http_code" != "200" ]; then
  echo "import.sh: Kibana answered HTTP $http_code:" >&2
  cat "$response" >&2
  echo >&2
  exit 1
fi
if [ "$(jq -r '.success' "$response")" != "true" ]; then
  echo "import.sh: Kibana rejected some objects ($(jq -r '.successCount' "$response") of $objects imported):" >&2
  jq -r '.errors[] | "  \(.type) \(.id) (\(.title // "")): \(.error.type) \(.error | del(.type) | tostring)"' "$response" >&2
  exit 1
fi
echo "import.sh: imported $(jq -r '.successCount' "$response") saved objects; dashboards:"
jq -r '.successResults[] | select(.type == "dashboard") | "  \(.meta.title): '"$url"'/app/dashboards#/view/\(.destinationId // .id)"' "$response"
