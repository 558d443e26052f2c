#!/usr/bin/env bash
# What loading the catalog adds to a CLI start: `archsim --version` (no catalog) against
# `archsim prices show m5.large --region us-east-1` (the instance types, the regions and one
# region's price book: what a run in one region loads) and `archsim catalog regions` (every
# region's price book: the worst case). Fresh JVMs, alternating, medians in milliseconds.
# Whole-CLI differences carry the noise of two JVM starts (tens of ms), so the script first
# times the catalog's own first load in fresh JVMs with JMH (CatalogLoadBenchmarks, single-shot
# mode, one fork per run: class loading, resource reading and decoding of a JVM that has not
# touched the catalog), then the CLI commands.
# Usage: bench/catalog-load.sh [RUNS]   (default 21). Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./archsim --version >/dev/null   # builds the jar when needed
jar=infra/local/target/archsim.jar
./mvnw -q -pl bench -am package -DskipTests
echo "== the catalog's first load in a fresh JVM (JMH single shot, $runs forks; mean, error at 99.9 %, ms)"
"$java" -jar bench/target/benchmarks.jar CatalogLoad -f "$runs" 2>/dev/null | sed -n '/^Benchmark/,$p'
echo "== whole CLI starts"
ms() { local a b; a=$(date +%s%N); "$java" -jar "$jar" "$@" >/dev/null; b=$(date +%s%N); echo $(((b - a) / 1000000)); }
declare -a none one all
for _ in $(seq 1 "$runs"); do
  none+=("$(ms --version)")
  one+=("$(ms prices show m5.large --region us-east-1)")
  all+=("$(ms catalog regions)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-44s %8s\n' "command" "median ms"
printf '%-44s %8s\n' "archsim --version" "$(median "${none[@]}")"
printf '%-44s %8s\n' "archsim prices show m5.large (one region)" "$(median "${one[@]}")"
printf '%-44s %8s\n' "archsim catalog regions (every region)" "$(median "${all[@]}")"
