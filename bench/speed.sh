#!/usr/bin/env bash
# The engine's speed before and after, side by side: each git ref's command line is built in a
# temporary worktree (bench/refs.sh), then every case runs in fresh processes, refs alternating,
# RUNS times; the table gives the median wall time of each (seconds, including a JVM start of well
# under a second) and the ratio of the first ref's median to each other's. Run it on a quiet machine.
#
# Usage: bench/speed.sh [--runs N] [--library | --library-at LIBREF] [REF...]
#   default refs: d6015cb~1 (before the Route 53 move fix) and HEAD; N defaults to 3 (use 5+)
#   --library: instead of the cases below, every scenario of the FIRST ref's library
#   (events/scenarios/*.json as that ref has them), each run whole (every stage) with 20 trials,
#   seed 1 and 2 workers by every ref's command line on the same file, so the engines are timed on
#   the same input (a later engine reads an earlier library: the schema only grew)
#   --library-at LIBREF: the same, with the library as LIBREF has it (a later library may use
#   sections an earlier engine rejects, so give refs at or after LIBREF); to time today's library
#   on today's engine alone: bench/speed.sh --runs 5 --library-at HEAD HEAD
# Cases (files under bench/src/main/resources/speed/, single worker):
#   fleet-100-1s   the 3-AZ 100-instance auto-scaled fleet with failures at 1 s steps,
#                  5 trials of 30 days (target: <= 200 ms per trial)
#   route53-hc     Route 53 records with health checks, 400 trials of 30 days
#                  (target: >= 20x faster than before the fix; 166 s in round 1)
#   alb-twin       its ALB twin, 400 trials of 30 days (3 s in round 1)
# Needs a JDK >= 21 (JAVA_HOME or java on the PATH) and git.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=3
library=false
library_ref=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --library) library=true; shift ;;
    --library-at) library=true; library_ref=$2; shift 2 ;;
    *) break ;;
  esac
done
refs=("$@")
if [ ${#refs[@]} -eq 0 ]; then refs=(d6015cb~1 HEAD); fi
if [ -z "$library_ref" ]; then library_ref=${refs[0]}; fi
# shellcheck source=bench/refs.sh
source bench/refs.sh
refs_java

refs_build "${refs[@]}"

cases=(fleet-100-1s route53-hc alb-twin)
if $library; then refs_library "$library_ref"; fi
args_of() {
  if $library; then
    echo "run $work/library/$1.json --trials 20 --seed 1 --workers 2"
    return
  fi
  case $1 in
    fleet-100-1s) echo "run $root/bench/src/main/resources/speed/fleet-100-1s.json --trials 5 --workers 1" ;;
    route53-hc) echo "run $root/bench/src/main/resources/speed/route53-health-checks.json --stage route53-health-checks --trials 400 --workers 1" ;;
    alb-twin) echo "run $root/bench/src/main/resources/speed/route53-health-checks.json --stage alb-twin --trials 400 --workers 1" ;;
  esac
}

for r in $(seq "$runs"); do
  for c in "${cases[@]}"; do
    for i in "${!refs[@]}"; do
      start=$(date +%s.%N)
      # shellcheck disable=SC2046
      "$java" $opts -jar "$work/archsim$i.jar" $(args_of "$c") > "$work/out-$c-$i.txt"
      end=$(date +%s.%N)
      echo "$c $i $(echo "$end - $start" | bc -l)" >> "$work/times"
      echo "run $r/$runs: $c on ${refs[$i]}: $(echo "$end - $start" | bc -l | xargs printf '%.2f') s" >&2
    done
  done
done

echo "$(nproc) cores, $(uname -sm), Java $major; median of $runs fresh processes per cell (s)"
w=14
for c in "${cases[@]}"; do if [ ${#c} -gt $w ]; then w=${#c}; fi; done
printf "%-${w}s" case
for ref in "${refs[@]}"; do printf ' %16s' "$ref"; done
printf ' %s\n' "ratio (first / last)"
for c in "${cases[@]}"; do
  printf "%-${w}s" "$c"
  first=""
  last=""
  for i in "${!refs[@]}"; do
    m=$(awk -v c="$c" -v i="$i" '$1 == c && $2 == i {print $3}' "$work/times" | median)
    printf ' %16.2f' "$m"
    if [ -z "$first" ]; then first=$m; fi
    last=$m
  done
  printf ' %10.1fx\n' "$(echo "$first / $last" | bc -l)"
done
if $library; then
  echo "each: every stage of the scenario, 20 trials, seed 1, 2 workers, the file as $library_ref ($(git -C "$root" rev-parse --short "$library_ref")) has it"
else
  echo "per trial: fleet-100-1s / 5; route53-hc and alb-twin / 400"
fi
