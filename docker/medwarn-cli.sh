#!/usr/bin/env bash
# The medwarn CLI inside the job image (docker/Dockerfile): the cluster jar supplies medwarn and its
# libraries, Flink's lib/ supplies Flink and log4j, exactly as on the cluster.
set -euo pipefail
exec java ${MEDWARN_JAVA_OPTS:-} \
  --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -Dlog4j2.configurationFile=medwarn/log4j2-cli.properties \
  -cp "/opt/flink/usrlib/medwarn-jobs.jar:/opt/flink/lib/*" \
  org.medwarn.cli.Medwarn "$@"
