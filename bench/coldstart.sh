#!/usr/bin/env bash
# Cold start of the packaged worker function against a minimal Quarkus lambda packaged the same
# way (bench/minimal-lambda), and against the same plus one DynamoDB GetItem through the functions'
# SDK client (bench/minimal-sdk-lambda): each time a fresh JVM on the unzipped function.zip handles one SQS
# event, as the Lambda Java runtime would call the handler. The worker's event carries a real shard
# (one trial of WhatIsTheTime) recorded in DynamoDB Local, which runs in a separate JVM. The worker
# runs twice: initialised on demand, and initialised as for a SnapStart snapshot
# (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start: the warm-up takes the shard path during init), whose
# first invocation is what a restored snapshot still has to do. A fourth series times the catalog
# lookups such a shard makes (bench/coldstart/CatalogLoad.java) in a fresh JVM on the worker's
# classpath: an upper bound of what loading the catalog adds to the worker's cold start, printed
# as a share of it (target <= 5 %).
# Usage: bench/coldstart.sh [RUNS]   (default 15 of each, alternating; medians printed)
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
./mvnw -B -q -DskipTests -pl functions/worker,bench/minimal-lambda,bench/minimal-sdk-lambda,tests/pipeline -am install
./mvnw -B -q -pl tests/pipeline dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
work="$(mktemp -d)"
fixture=""
trap '[ -n "$fixture" ] && kill "$fixture" 2>/dev/null; rm -rf "$work"' EXIT
(cd tests/pipeline && exec "$java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.archsim.pipeline.ColdStartFixture "$work" "$((2 * runs))" >"$work/fixture.log" 2>&1) &
fixture=$!
for _ in $(seq 1 120); do [ -f "$work/ready" ] && break; sleep 1; done
[ -f "$work/ready" ] || { cat "$work/fixture.log"; echo "the fixture did not start" >&2; exit 1; }
unzip -q functions/worker/target/function.zip -d "$work/worker"
unzip -q bench/minimal-lambda/target/function.zip -d "$work/minimal"
unzip -q bench/minimal-sdk-lambda/target/function.zip -d "$work/sdk"
"$javac" -cp "$work/minimal/lib/*" -d "$work/harness" bench/coldstart/ColdStart.java
"$javac" -cp "$work/worker/lib/*" -d "$work/harness" bench/coldstart/CatalogLoad.java

jdk="$("$java" -version 2>&1 | head -1)"
handler="io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
# what template.yaml sets for the API and notifier functions (C1 only); the worker runs without it
c1_only="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export POWERTOOLS_METRICS_NAMESPACE=archsim POWERTOOLS_SERVICE_NAME=archsim-worker
# set by Lambda for every function (Powertools' EMF writer tells Lambda from an agent by it)
export AWS_LAMBDA_FUNCTION_NAME=archsim-coldstart
set -a; . "$work/env"; set +a

once() { # $1 function dir, $2 event, $3 init type, $4 JAVA_TOOL_OPTIONS → "wall_ms uptime_ms init_ms invoke_ms"
  local t0 t1 line
  t0=$(date +%s%N)
  line=$(AWS_LAMBDA_INITIALIZATION_TYPE="$3" JAVA_TOOL_OPTIONS="$4" \
    "$java" -cp "$work/harness:$1:$1/lib/*" ColdStart "$handler" "$2" 2>"$work/err.log" \
    | grep '^HANDLED') || { cat "$work/err.log" >&2; exit 1; }
  t1=$(date +%s%N)
  case "$line" in *batchItemFailures\":\[\]*) ;; *) echo "not handled: $line" >&2; exit 1 ;; esac
  echo "$(( (t1 - t0) / 1000000 )) $(echo "$line" | cut -d' ' -f2-4)"
}
catalog() { # a fresh JVM on the worker's classpath → ms spent in a shard's catalog lookups
  "$java" -cp "$work/harness:$work/worker:$work/worker/lib/*" CatalogLoad 2>"$work/err.log" \
    | sed -n 's/^CATALOG //p' | grep . || { cat "$work/err.log" >&2; exit 1; }
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

: >"$work/minimal.txt"; : >"$work/sdk.txt"; : >"$work/worker.txt"; : >"$work/snap.txt"; : >"$work/catalog.txt"
once "$work/minimal" "$work/event-0.json" on-demand "$c1_only" >/dev/null # warm the page cache for both
for i in $(seq 0 $((runs - 1))); do
  once "$work/minimal" "$work/event-$i.json" on-demand "$c1_only" >>"$work/minimal.txt"
  once "$work/sdk" "$work/event-$i.json" on-demand "$c1_only" >>"$work/sdk.txt"
  once "$work/worker" "$work/event-$i.json" on-demand "" >>"$work/worker.txt"
  once "$work/worker" "$work/event-$((runs + i)).json" snap-start "" >>"$work/snap.txt"
  catalog >>"$work/catalog.txt"
done
col() { cut -d' ' -f"$2" "$work/$1.txt" | median; } # median of column $2 of series $1
mw=$(col minimal 1); ww=$(col worker 1)
echo "coldstart: $(nproc) cores, $jdk, median of $runs fresh JVMs each"
echo
echo "| function.zip | fresh JVM to handled event (wall) | JVM uptime when handled | init (class + instance) | first invocation | size |"
echo "|---|---|---|---|---|---|"
echo "| minimal Quarkus lambda (empty SQS handler) | ${mw} ms | $(col minimal 2) ms | $(col minimal 3) ms | $(col minimal 4) ms | $(du -h bench/minimal-lambda/target/function.zip | cut -f1) |"
echo "| minimal Quarkus lambda reading the run with the functions' DynamoDB client (one GetItem) | $(col sdk 1) ms | $(col sdk 2) ms | $(col sdk 3) ms | $(col sdk 4) ms | $(du -h bench/minimal-sdk-lambda/target/function.zip | cut -f1) |"
echo "| worker, on-demand init (one shard simulated and recorded in DynamoDB Local) | ${ww} ms | $(col worker 2) ms | $(col worker 3) ms | $(col worker 4) ms | $(du -h functions/worker/target/function.zip | cut -f1) |"
echo "| worker, SnapStart-style init (warm-up during init), same shard | $(col snap 1) ms | $(col snap 2) ms | $(col snap 3) ms | $(col snap 4) ms | |"
awk -v w="$ww" -v m="$mw" 'BEGIN {printf "| worker (on-demand) / minimal | %.2fx | | | | target <= 1.3x |\n", w / m}'
awk -v w="$ww" -v m="$(col sdk 1)" 'BEGIN {printf "| worker (on-demand) / minimal reading DynamoDB | %.2fx | | | | |\n", w / m}'
awk -v w="$(col snap 4)" -v m="$(col minimal 4)" 'BEGIN {printf "| first invocation after a warmed-up init / minimal | | | | %.2fx | |\n", w / m}'
cm=$(median <"$work/catalog.txt")
awk -v c="$cm" -v w="$ww" 'BEGIN {printf "| catalog lookups of the shard in a fresh JVM (upper bound of what the catalog adds) | %d ms = %.1f %% of the worker'"'"'s | | | | target <= 5 %% |\n", c, 100 * c / w}'
