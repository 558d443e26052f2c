#!/usr/bin/env bash
# The engine's speed before and after, side by side: each git ref's command line is built in a
# temporary worktree (bench/refs.sh), then every case runs in fresh processes, refs alternating,
# RUNS times; the table gives the median wall time of each (seconds, including a JVM start of well
# under a second) and the ratio of the first ref's median to each other's. Run it on a quiet machine.
#
# Usage: bench/speed.sh [--runs N] [--launcher] [--library | --library-at LIBREF] [--case NAME]...
#          [REF...]
#   default refs: d6015cb~1 (before the Route 53 move fix) and HEAD; N defaults to 3 (use 5+)
#   --launcher: every case is also run by each ref's own ./archsim launcher (from the ref's
#   worktree, so with whatever start-up cache that ref's launcher makes: none in round 1, an AOT
#   cache from JDK 25 on, trained once before the timed runs), and a second table gives those
#   times side by side: what a user of ./archsim waits, where the first table is java -jar alike
#   for every ref
#   --case NAME: time only the cases so named (repeatable; a library case is its file's name)
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
launcher=false
only=()
library_ref=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --launcher) launcher=true; shift ;;
    --case) only+=("$2"); shift 2 ;;
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
if [ ${#only[@]} -gt 0 ]; then
  for c in "${only[@]}"; do
    if [[ ! " ${cases[*]} " == *" $c "* ]]; then echo "no case $c; the cases: ${cases[*]}" >&2; exit 2; fi
  done
  cases=("${only[@]}")
fi
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

modes=(jar)
if $launcher; then
  modes+=(launcher)
  for i in "${!refs[@]}"; do
    # the launcher prepares its start-up cache on its first run after a build: not timed
    echo "preparing ${refs[$i]}'s launcher..." >&2
    "$work/src$i/archsim" validate "$work/src$i/events/scenarios/db-failover.json" > /dev/null 2>&1 || true
  done
fi
command_of() { # mode, ref index
  if [ "$1" = launcher ]; then echo "$work/src$2/archsim"; else echo "$java $opts -jar $work/archsim$2.jar"; fi
}

for r in $(seq "$runs"); do
  for c in "${cases[@]}"; do
    for m in "${modes[@]}"; do
      for i in "${!refs[@]}"; do
        start=$(date +%s.%N)
        # shellcheck disable=SC2046
        $(command_of "$m" "$i") $(args_of "$c") > "$work/out-$c-$m-$i.txt"
        end=$(date +%s.%N)
        echo "$c $m $i $(echo "$end - $start" | bc -l)" >> "$work/times"
        echo "run $r/$runs: $c on ${refs[$i]} ($m): $(echo "$end - $start" | bc -l | xargs printf '%.2f') s" >&2
      done
    done
  done
done

echo "$(nproc) cores, $(uname -sm), Java $major; median of $runs fresh processes per cell (s)"
w=14
for c in "${cases[@]}"; do if [ ${#c} -gt $w ]; then w=${#c}; fi; done
for m in "${modes[@]}"; do
  if [ "$m" = launcher ]; then echo; echo "by each ref's ./archsim launcher (its start-up cache, if it has one):"; elif $launcher; then echo "by java -jar:"; fi
  printf "%-${w}s" case
  for ref in "${refs[@]}"; do printf ' %16s' "$ref"; done
  printf ' %s\n' "ratio (first / last)"
  for c in "${cases[@]}"; do
    printf "%-${w}s" "$c"
    first=""
    last=""
    for i in "${!refs[@]}"; do
      med=$(awk -v c="$c" -v m="$m" -v i="$i" '$1 == c && $2 == m && $3 == i {print $4}' "$work/times" | median)
      printf ' %16.2f' "$med"
      if [ -z "$first" ]; then first=$med; fi
      last=$med
    done
    printf ' %10.2fx\n' "$(echo "$first / $last" | bc -l)"
  done
done
if $library; then
  echo "each: every stage of the scenario, 20 trials, seed 1, 2 workers, the file as $library_ref ($(git -C "$root" rev-parse --short "$library_ref")) has it"
else
  echo "per trial: fleet-100-1s / 5; route53-hc and alb-twin / 400"
fi
