#!/bin/sh
# The image's entrypoint (also in AIRBYTE_ENTRYPOINT): runs the connector with the arguments it is given,
#   spec | check --config config.json | write --config config.json --catalog catalog.json (messages on stdin)
# and the legacy --spec/--check/--write forms; stdout carries only protocol messages, logs go to stderr.
#
# JVM options: the launcher's (bin/destination-postgres) serial collector and small initial heap, with the
# maximum heap a share of the container's memory limit instead of a fixed 1 GiB, so the connector fits the
# limit the platform sets (the records waiting to be loaded use at most 1/64 of that heap). JAVA_OPTS comes
# later on the command line, so it overrides (for example JAVA_OPTS=-Xmx2g).
set -eu

default_opts="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# shellcheck disable=SC2086
exec java $default_opts ${JAVA_OPTS:-} -jar /airbyte/destination-postgres.jar "$@"
