#!/usr/bin/env bash
# The request-level mode against CloudSim Plus on an M/M/3 queue at utilisation 0.8: wall time,
# requests per second and each one's mean response time against Erlang C, as one table
# (dev.archsim.bench.SimulatorComparison).
# Usage: bench/compare.sh [REQUESTS] [RUNS]   (default 300000 requests, median of 3 runs; at 1000000
# CloudSim Plus 8.5.7 ends its simulation with about half of the cloudlets unfinished)
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -B -q -DskipTests -pl bench -am install
exec "$java" -Xmx8g -cp bench/target/benchmarks.jar dev.archsim.bench.SimulatorComparison "$@"
