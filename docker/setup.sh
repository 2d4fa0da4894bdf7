#!/usr/bin/env bash
# One-shot setup of the medwarn stack (the `setup` service of docker/compose.yaml); safe to repeat.
#  1. sets the password of Elasticsearch's built-in kibana_system user, so Kibana can start;
#  2. `medwarn setup`: the Kafka topics (keyed by psn_no) and the search index templates;
#  3. waits for Kibana and imports the saved objects of dashboards/kibana/ (import.sh).
set -euo pipefail
: "${ELASTIC_PASSWORD:?ELASTIC_PASSWORD is not set (docker/.env)}"
: "${KIBANA_SYSTEM_PASSWORD:?KIBANA_SYSTEM_PASSWORD is not set (docker/.env)}"
search=${SEARCH_URL:-http://elasticsearch:9200}
kibana=${KIBANA_URL:-http://kibana:5601}

# Retries a command every 5 s, at most $1 times; says what it waits for.
retry() {
  local attempts=$1 what=$2
  shift 2
  for ((i = 1; i <= attempts; i++)); do
    if "$@"; then
      return 0
    fi
    echo "setup: waiting for $what ($i/$attempts) ..."
    sleep 5
  done
  echo "setup: gave up waiting for $what" >&2
  return 1
}

set_kibana_system_password() {
  curl -fsS -o /dev/null -u "elastic:$ELASTIC_PASSWORD" -X POST \
    -H 'Content-Type: application/json' \
    -d "{\"password\":\"$KIBANA_SYSTEM_PASSWORD\"}" \
    "$search/_security/user/kibana_system/_password"
}

kibana_available() {
  curl -fsS -u "elastic:$ELASTIC_PASSWORD" "$kibana/api/status" 2>/dev/null \
    | grep -q '"level":"available"'
}

echo "setup: kibana_system password on $search ..."
retry 60 "Elasticsearch at $search" set_kibana_system_password

MEDWARN_SEARCH_USER=elastic MEDWARN_SEARCH_PASSWORD="$ELASTIC_PASSWORD" medwarn setup \
  --bootstrap-servers "${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}" \
  --partitions "${KAFKA_PARTITIONS:-12}" \
  --replication-factor "${KAFKA_REPLICATION_FACTOR:-1}" \
  --search "$search"

echo "setup: Kibana saved objects ..."
retry 60 "Kibana at $kibana" kibana_available
KIBANA_USER=elastic KIBANA_PASSWORD="$ELASTIC_PASSWORD" \
  bash /opt/medwarn/dashboards/kibana/import.sh "$kibana"
echo "setup: stack ready"
