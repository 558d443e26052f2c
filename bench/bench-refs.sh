#!/usr/bin/env bash
# `archsim bench` of several git refs side by side: each ref's command line is built in a temporary
# worktree (bench/refs.sh), then each ref's `archsim bench --repeat R` runs in turn, ROUNDS times
# (ref 1, ref 2, ..., ref 1, ...), and one table gives every measurement's result per ref and round
# (a row a ref does not measure is marked -). Run it on a quiet machine: both sides of a row then
# see the same machine, a few minutes apart.
#
# Usage: bench/bench-refs.sh [--repeat R] [--rounds N] [--quick] REF...
#   e.g. bench/bench-refs.sh --repeat 5 33a28d9 HEAD   (round 1 against today)
#   R defaults to 5 (the command's own default), N to 1; --quick passes --quick (a smoke run)
# Needs a JDK >= 21 (JAVA_HOME or java on the PATH), git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=5
rounds=1
quick=()
while [ $# -gt 0 ]; do
  case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --quick) quick=(--quick); shift ;;
    *) break ;;
  esac
done
refs=("$@")
if [ ${#refs[@]} -lt 1 ]; then
  echo "usage: bench/bench-refs.sh [--repeat R] [--rounds N] [--quick] REF..." >&2
  exit 2
fi
# shellcheck source=bench/refs.sh
source bench/refs.sh
refs_java
refs_build "${refs[@]}"

labels=()
for r in $(seq "$rounds"); do
  for i in "${!refs[@]}"; do
    echo "round $r/$rounds: archsim bench of ${refs[$i]}..." >&2
    # shellcheck disable=SC2086
    "$java" $opts -jar "$work/archsim$i.jar" bench --repeat "$repeat" "${quick[@]}" > "$work/bench-$r-$i.md"
    label=$(git -C "$refs_root" rev-parse --short "${refs[$i]}")
    if [ "$rounds" -gt 1 ]; then label="$label #$r"; fi
    labels+=("$label")
  done
done
head -n 1 "$work/bench-1-0.md"
python3 - "$work" "$rounds" "${#refs[@]}" "${labels[@]}" << 'PY'
import sys
work, rounds, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
labels = sys.argv[4:]
order, cells = [], {}
for r in range(1, rounds + 1):
    for i in range(n):
        for line in open(f"{work}/bench-{r}-{i}.md"):
            parts = [p.strip() for p in line.strip().strip("|").split("|")]
            if len(parts) < 2 or parts[0] in ("measurement", "") or set(parts[0]) <= set("-"):
                continue
            if parts[0] not in cells:
                order.append(parts[0])
                cells[parts[0]] = {}
            cells[parts[0]][(r - 1) * n + i] = parts[1]
print("| measurement | " + " | ".join(labels) + " |")
print("|---|" + "---|" * len(labels))
for m in order:
    print(f"| {m} | " + " | ".join(cells[m].get(k, "-") for k in range(len(labels))) + " |")
PY
