#!/usr/bin/env bash
# How fast work units go by on this machine: for every scenario of the library, its estimated work
# (archsim validate), the wall time of `archsim run` (best of RUNS) and work units per second, as
# one table. Run it on a quiet machine: the rate relates the work budget (--max-work) to seconds.
# Usage: bench/work-rate.sh [RUNS]   (default 3)
# Needs a JDK >= 21 (JAVA_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
./archsim validate events/scenarios/whatisthetime.json > /dev/null # builds the CLI once
printf '%-32s %12s %10s %14s\n' scenario "work units" "seconds" "units/second"
for f in events/scenarios/*.json; do
  units=$(./archsim validate "$f" | sed -n 's/^estimated work: \([^ ]*\) units.*/\1/p')
  best=""
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    ./archsim run "$f" > /dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%-32s %12s %10.2f %14.3g\n' "$(basename "$f" .json)" "$units" "$best" \
    "$(echo "$units / $best" | sed 's/e+/*10^/' | bc -l)"
done
