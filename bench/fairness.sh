#!/usr/bin/env bash
# Benchmarks fairness between runs: how long a 1-shard run submitted right behind a big run (default
# 2 000 shards; the first argument changes it) takes to finish, locally and on the emulators.
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl tests/pipeline -am -DskipTests install
./mvnw -B -q -pl tests/pipeline dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd tests/pipeline
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.archsim.pipeline.FairnessBench "$@"
