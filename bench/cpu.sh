#!/usr/bin/env bash
# The work of the library's scenarios on several engines, counted rather than timed: each git ref's
# command line is built in a temporary worktree (bench/refs.sh), then every scenario of the FIRST
# ref's library (events/scenarios/*.json as that ref has them) runs in fresh processes, refs
# alternating, RUNS times, and the table gives per scenario and ref the median CPU time of the
# process (user + system, GNU time: every thread, the JIT compilers' included) and, where the
# processor exposes its counters to perf, the median of the instructions retired in user mode
# (`perf stat -e instructions:u`), which barely depend on what else the machine runs. Wall time is
# not reported: use bench/speed.sh --library on a quiet machine for it.
#
# Usage: bench/cpu.sh [--runs N] [--what whole|one|validate] REF...
#   --what whole     every stage, 20 trials, seed 1, 2 workers (bench/speed.sh --library's runs)
#   --what one       every stage, 1 trial, seed 1, 1 worker: start-up and each stage's first trial
#   --what validate  archsim validate FILE: start-up, parsing and validation alone
#   RUNS defaults to 5; e.g. bench/cpu.sh --what one 33a28d9 HEAD
# Needs a JDK >= 21 (JAVA_HOME or java on the PATH), git, GNU time at /usr/bin/time; perf optional.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
what=whole
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --what) what=$2; shift 2 ;;
    *) break ;;
  esac
done
refs=("$@")
if [ ${#refs[@]} -lt 1 ]; then
  echo "usage: bench/cpu.sh [--runs N] [--what whole|one|validate] REF..." >&2
  exit 2
fi
case $what in whole | one | validate) ;; *) echo "--what: whole, one or validate" >&2; exit 2 ;; esac
# shellcheck source=bench/refs.sh
source bench/refs.sh
refs_java
counting=false
if command -v perf > /dev/null && perf stat -x, -e instructions:u true 2>&1 >/dev/null | grep -q '^[0-9]'; then
  counting=true
fi

refs_build "${refs[@]}"

refs_library "${refs[0]}"
args_of() {
  case $what in
    whole) echo "run $work/library/$1.json --trials 20 --seed 1 --workers 2" ;;
    one) echo "run $work/library/$1.json --trials 1 --seed 1 --workers 1" ;;
    validate) echo "validate $work/library/$1.json" ;;
  esac
}

for r in $(seq "$runs"); do
  for c in "${cases[@]}"; do
    for i in "${!refs[@]}"; do
      counter=()
      if $counting; then counter=(perf stat -x ',' -e instructions:u -o "$work/perf.txt"); fi
      # shellcheck disable=SC2046
      "${counter[@]}" /usr/bin/time -f '%U %S' -o "$work/time.txt" \
        "$java" $opts -jar "$work/archsim$i.jar" $(args_of "$c") > "$work/out-$c-$i.txt"
      cpu=$(awk '{print $1 + $2}' "$work/time.txt")
      ins=NA
      if $counting; then ins=$(awk -F, '/instructions/ {print $1}' "$work/perf.txt"); fi
      echo "$c $i $cpu $ins" >> "$work/counts"
      echo "run $r/$runs: $c on ${refs[$i]}: ${cpu} s CPU, ${ins} instructions" >&2
    done
  done
done

echo "$(nproc) cores, $(uname -sm), Java $major; --what $what; median of $runs fresh processes per cell"
w=24
printf "%-${w}s" scenario
for ref in "${refs[@]}"; do printf ' %14s' "$ref CPU s"; done
if $counting; then for ref in "${refs[@]}"; do printf ' %18s' "$ref instr."; done; fi
printf '\n'
for c in "${cases[@]}"; do
  printf "%-${w}s" "$c"
  for i in "${!refs[@]}"; do
    printf ' %14.2f' "$(awk -v c="$c" -v i="$i" '$1 == c && $2 == i {print $3}' "$work/counts" | median)"
  done
  if $counting; then
    for i in "${!refs[@]}"; do
      printf ' %18.0f' "$(awk -v c="$c" -v i="$i" '$1 == c && $2 == i {print $4}' "$work/counts" | median)"
    done
  fi
  printf '\n'
done
if ! $counting; then echo "instructions: not counted (perf stat -e instructions:u unsupported here)"; fi
