#!/usr/bin/env bash
# Benchmarks the serverless path against the emulators inside one JVM (DynamoDB Local, ElasticMQ):
# a 104-shard run through the local runner and through the handlers, and a 10 000-shard submission.
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl tests/pipeline -am -DskipTests install
./mvnw -B -q -pl tests/pipeline dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd tests/pipeline
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.archsim.pipeline.PipelineBench "$@"
