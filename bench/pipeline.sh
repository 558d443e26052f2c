#!/usr/bin/env bash
# Benchmarks the serverless path against the emulators inside one JVM (DynamoDB Local, ElasticMQ):
# a 104-shard run through the local runner and through the handlers, and a 10 000-shard submission.
# Needs a JDK >= 21 (JAVA_HOME) and network access to Maven Central the first time.
set -euo pipefail
exec "$(dirname "$0")/pipeline-program.sh" dev.archsim.pipeline.PipelineBench "$@"
