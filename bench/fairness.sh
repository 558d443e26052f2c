#!/usr/bin/env bash
# Benchmarks fairness between runs: how long a 1-shard run submitted right behind a big run (default
# 2 000 shards; the first argument changes it) takes to finish, locally and on the emulators.
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
exec "$(dirname "$0")/pipeline-program.sh" dev.archsim.pipeline.FairnessBench "$@"
