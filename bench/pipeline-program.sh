#!/usr/bin/env bash
# Builds tests/pipeline (and the modules it needs) and runs one of its benchmark programs, CLASS, with
# the remaining arguments, on the module's test classpath: what bench/pipeline.sh and
# bench/fairness.sh run.
# Usage: bench/pipeline-program.sh CLASS [ARGS...]
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/pipeline-program.sh CLASS [ARGS...]" >&2; exit 2; }
program="$1"
shift
cd "$(dirname "$0")/.."
./mvnw -B -q -pl tests/pipeline -am -DskipTests install
./mvnw -B -q -pl tests/pipeline dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd tests/pipeline
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  "$program" "$@"
