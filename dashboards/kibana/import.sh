#!/usr/bin/env bash
# Imports every *.ndjson in this folder into Kibana as saved objects, replacing objects with the
# same id (safe to repeat).
#   usage: import.sh KIBANA_URL        credentials from KIBANA_USER and KIBANA_PASSWORD
set -euo pipefail
url=${1:?usage: import.sh KIBANA_URL (credentials from KIBANA_USER, KIBANA_PASSWORD)}
: "${KIBANA_USER:?import.sh: KIBANA_USER is not set}"
: "${KIBANA_PASSWORD:?import.sh: KIBANA_PASSWORD is not set}"
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

shopt -s nullglob
files=("$dir"/*.ndjson)
if ((${#files[@]} == 0)); then
  echo "import.sh: no *.ndjson in $dir, nothing to import"
  exit 0
fi
for file in "${files[@]}"; do
  response=$(curl -sS -u "$KIBANA_USER:$KIBANA_PASSWORD" -H 'kbn-xsrf: true' \
    -X POST "$url/api/saved_objects/_import?overwrite=true" \
    -F "file=@$file")
  if ! grep -q '"success":true' <<<"$response"; then
    echo "import.sh: importing $(basename "$file") into $url failed: $response" >&2
    exit 1
  fi
  echo "import.sh: imported $(basename "$file")"
done
