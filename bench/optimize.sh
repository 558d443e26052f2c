#!/usr/bin/env bash
# The optimiser's targets, measured: run it on a quiet machine with 2 cores (taskset -c 0,1).
#  1. WhatIsTheTime stage 7 (90 designs): racing against exhaustive search at equal confidence,
#     same best design?, and racing's trials as a share of exhaustive's (target: at most 1/5).
#  2. The 1 000-design three-tier space on 2 workers (target: at most 2 min): the default search
#     (auto: evolutionary above 500 designs), and racing with a 2-trial screen for comparison.
#     The 10 000-design variant (events/optimize/three-tier-10000.json), evolutionary. Bounded
#     exhaustive search of the 1 000-design space (every design that could be cheaper than the
#     best, on all trials: exhaustive search's answer), to check the evolutionary answer against.
#  3. Stability: three seeds, the best design and its cost interval for each.
#  4. Scaling: simulated trials per second of the three-tier space on 1 and 2 workers, the input of
#     docs/scaling.md's projection (written to bench/results/optimize-scaling.csv).
# Each search prints its wall time, the trials it simulated and the designs it simulated (and how
# many on all the trials), from the command's own answer.
# Usage: bench/optimize.sh [--target | --seeds[=S1,S2,S3]] [TRIALS]
#   --target  only the issue's target: the 1 000-design three-tier space, 30 days, default search,
#             2 workers, at most 120 s
#   --seeds   only the stability target: the 1 000-design three-tier space with three seeds
#             (default 1,2,3; --seeds=4,5,6 for others), each search's wall time, then per seed
#             the best design, its cost and the cost's 95 % interval, and whether the seeds agree:
#             the same design, or designs whose costs differ by less than their own intervals
#   TRIALS    trials to accept a design (default the scenarios' 100)
set -euo pipefail
cd "$(dirname "$0")/.."
only_target=false
only_seeds=false
seeds=(1 2 3)
if [ "${1:-}" = "--target" ]; then
  only_target=true
  shift
elif [ "${1:-}" = "--seeds" ] || [[ "${1:-}" == --seeds=* ]]; then
  only_seeds=true
  if [[ "$1" == --seeds=* ]]; then
    IFS=, read -r -a seeds <<<"${1#--seeds=}"
    if [ ${#seeds[@]} -ne 3 ]; then
      echo "--seeds=S1,S2,S3 takes three seeds; found '${1#--seeds=}'" >&2
      exit 2
    fi
  fi
  shift
fi
trials="${1:-}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./archsim --version >/dev/null   # builds the jar when needed
jar=infra/local/target/archsim.jar
flags=(--no-progress)
[ -n "$trials" ] && flags+=(--trials "$trials")
out=$(mktemp -d)
mkdir -p bench/results
csv=bench/results/optimize-scaling.csv
seconds=0
run() { # name, then archsim arguments; prints seconds, trials and the best line
  local name=$1; shift
  local a b
  a=$(date +%s%N)
  "$java" -jar "$jar" optimize "$@" "${flags[@]}" >"$out/$name.txt" 2>&1 || true
  b=$(date +%s%N)
  seconds=$(echo "($b - $a) / 1000000000" | bc -l)
  printf '%-26s %8.1f s wall  %s\n' "$name" "$seconds" "$(grep '^Trials simulated' "$out/$name.txt")"
  grep -E '^(Designs simulated|Batches|Search|Best)' "$out/$name.txt" | sed 's/^/                           /' || true
}
if $only_seeds; then
  echo "== stability: 1 000 designs, three tiers, 30 days, 2 workers, seeds ${seeds[*]}"
  for seed in "${seeds[@]}"; do
    run "three-tier-seed-$seed" events/optimize/three-tier-1000.json --workers 2 --seed "$seed" \
      --format json -o "$out/three-tier-seed-$seed.json"
  done
  python3 - "$out" "${seeds[@]}" <<'PY'
import json, sys
out, seeds = sys.argv[1], sys.argv[2:]
rows = []
for s in seeds:
    a = json.load(open(f"{out}/three-tier-seed-{s}.json"))
    b = a.get("best")
    if not b:
        print(f"seed {s}: no design meets the objectives")
        continue
    rows.append((s, b["label"], b["monthlyCostUsd"], b.get("monthlyCostCi95") or 0.0))
    print(f"seed {s}: ${b['monthlyCostUsd']:.2f} ± {rows[-1][3]:.2f} a month, "
          f"{a['trialsUsed']} trials: {b['label']}")
if len(rows) == len(seeds):
    if len({r[1] for r in rows}) == 1:
        print("stable: every seed gives the same best design")
    else:
        worst = max(abs(x[2] - y[2]) - (x[3] + y[3]) for x in rows for y in rows)
        print("stable: different designs whose costs differ by less than their intervals"
              if worst < 0 else
              "NOT stable: two seeds' best costs differ by more than their intervals")
PY
  echo "full answers in $out"
  exit 0
fi
if $only_target; then
  echo "== the target: 1 000 designs, three tiers, 30 days, 2 workers (at most 120 s)"
  run three-tier-auto events/optimize/three-tier-1000.json --workers 2
  echo "full answer in $out/three-tier-auto.txt"
  exit 0
fi
echo "== 1. racing vs exhaustive, WhatIsTheTime stage 7 (2 workers)"
run stage7-racing events/optimize/whatisthetime-stage7.json --workers 2
run stage7-exhaustive events/optimize/whatisthetime-stage7.json --workers 2 --search exhaustive
echo "== 2. 1 000 designs, three tiers, 30 days (2 workers; target 120 s)"
run three-tier-auto events/optimize/three-tier-1000.json --workers 2
run three-tier-racing-screen2 events/optimize/three-tier-1000.json --workers 2 \
  --search racing --screen-trials 2
echo "== 2a. the same space, bounded exhaustive search (exhaustive search's answer; 2 workers)"
run three-tier-bounded events/optimize/three-tier-1000.json --workers 2 --search bounded
echo "== 2b. 10 000 designs (the same space x ASG maximum x scale-out threshold), 2 workers"
run three-tier-10000-auto events/optimize/three-tier-10000.json --workers 2
echo "== 3. three seeds (2 workers)"
for seed in 1 2 3; do
  run "stage7-seed-$seed" events/optimize/whatisthetime-stage7.json --workers 2 --seed "$seed"
  run "three-tier-seed-$seed" events/optimize/three-tier-1000.json --workers 2 --seed "$seed"
done
echo "== 4. scaling: trials per second on 1 and 2 workers (three-tier space, fixed 400-trial budget)"
echo "space,designs,workers,trials,seconds,trials_per_second,date,machine" >"$csv"
for w in 1 2; do
  run "scaling-$w-workers" events/optimize/three-tier-1000.json --workers "$w" \
    --search racing --screen-trials 2 --budget-trials 400
  t=$(sed -n 's/^Trials simulated: \([0-9]*\).*/\1/p' "$out/scaling-$w-workers.txt")
  printf 'three-tier-1000,1000,%s,%s,%.1f,%.2f,%s,%s\n' "$w" "$t" "$seconds" \
    "$(echo "$t / $seconds" | bc -l)" "$(date -u +%F)" \
    "$(nproc) cores $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" >>"$csv"
done
cat "$csv"
echo "full answers in $out"
