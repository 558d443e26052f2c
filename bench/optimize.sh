#!/usr/bin/env bash
# The optimiser's targets, measured: run it on a quiet machine with 2 cores (taskset -c 0,1).
#  1. WhatIsTheTime stage 7 (90 designs): racing against exhaustive search at equal confidence,
#     same best design?, and racing's trials as a share of exhaustive's (target: at most 1/5).
#  2. The 1 000-design three-tier space: wall time of racing on 2 workers (target: at most 2 min).
#  3. Stability: racing with three seeds, the best design and its cost interval for each.
# Usage: bench/optimize.sh [TRIALS]   (trials to accept a design; default the scenarios' 100)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./archsim --version >/dev/null   # builds the jar when needed
jar=infra/local/target/archsim.jar
flags=(--workers 2 --no-progress)
[ -n "$trials" ] && flags+=(--trials "$trials")
out=$(mktemp -d)
run() { # name, then archsim arguments; prints seconds, trials and the best line
  local name=$1; shift
  local a b
  a=$(date +%s%N)
  "$java" -jar "$jar" optimize "$@" "${flags[@]}" >"$out/$name.txt" 2>&1 || true
  b=$(date +%s%N)
  printf '%-22s %8.1f s  %s\n' "$name" "$(echo "($b - $a) / 1000000000" | bc -l)" \
    "$(grep '^Trials simulated' "$out/$name.txt")"
  grep '^Best' "$out/$name.txt" | sed 's/^/                         /'
}
echo "== 1. racing vs exhaustive, WhatIsTheTime stage 7"
run stage7-racing events/optimize/whatisthetime-stage7.json
run stage7-exhaustive events/optimize/whatisthetime-stage7.json --search exhaustive
echo "== 2. 1 000 designs, three tiers, 30 days"
run three-tier-racing events/optimize/three-tier-1000.json
echo "== 3. three seeds"
for seed in 1 2 3; do
  run "stage7-seed-$seed" events/optimize/whatisthetime-stage7.json --seed "$seed"
done
echo "full answers in $out"
