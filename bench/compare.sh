#!/usr/bin/env bash
# archsim's request-level mode against CloudSim Plus, SimPy and Ciw on the same M/M/c queues
# (default M/M/3 at rho 0.8 and M/M/10 at rho 0.9, 100 000 and 1 000 000 requests): wall time of
# fresh processes (median of RUNS), the simulation's own time, peak RSS, and the mean wait and mean
# response against Erlang C over SEEDS seeds (mean and standard deviation of the relative error).
# Writes the markdown table to bench/target/peer-comparison.md (raw results, one JSON line per
# process and seed: bench/target/peer-comparison.jsonl).
#
# Usage: bench/compare.sh [--sizes N,N] [--cases C:RHO,C:RHO] [--tools archsim,cloudsimplus,simpy,ciw]
#                         [--runs RUNS] [--seeds SEEDS] [--jobs JOBS]
#   defaults: --sizes 100000,1000000 --cases 3:0.8,10:0.9 --runs 3 --seeds 20 --jobs <cores>
#   (the timed runs go one at a time; JOBS is for the untimed accuracy seeds)
# Run it on an otherwise idle machine: the defaults take about an hour on 2 cores.
#
# Needs a JDK >= 21 (JAVA_HOME), Python >= 3.11 with venv (PYTHON, default python3), GNU time at
# /usr/bin/time, and the first time, network access to Maven Central (CloudSim Plus 8.5.7, a
# dependency of the bench module) and PyPI (SimPy and Ciw, pinned in bench/peers/requirements.txt,
# installed into bench/target/peers-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python="${PYTHON:-python3}"
if [ ! -x /usr/bin/time ]; then
  echo "bench/compare.sh: needs GNU time at /usr/bin/time for peak RSS (Debian/Ubuntu: apt-get install time)" >&2
  exit 1
fi
./mvnw -B -q -DskipTests -pl bench -am package
venv=bench/target/peers-venv
if ! cmp -s bench/peers/requirements.txt "$venv/requirements.txt"; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/peers/requirements.txt
  cp bench/peers/requirements.txt "$venv/requirements.txt"
fi
exec "$venv/bin/python" bench/peers/compare.py --java "$java" --jar bench/target/benchmarks.jar \
  --python "$venv/bin/python" --out bench/target/peer-comparison.md \
  --raw bench/target/peer-comparison.jsonl "$@"
