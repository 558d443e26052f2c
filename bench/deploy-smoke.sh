#!/usr/bin/env bash
# Deploy smoke test: deploys the stack to your AWS account, runs one scenario end to end through
# the real API (requests signed with SigV4 by curl), fetches its report (HTML and JSON), then deletes
# the stack and the runs table it keeps. It costs cents; the stack's KMS key is scheduled for
# deletion (CloudFormation's 30-day waiting period) and bills until then, prorated.
#
# Usage: bench/deploy-smoke.sh [STACK_NAME]     (default archsim-smoke-<epoch seconds>)
# Needs: AWS credentials allowed to deploy the stack (any the AWS CLI finds: environment,
#        profile, SSO), a region (AWS_REGION, AWS_DEFAULT_REGION or the profile's), AWS CLI v2.9+,
#        SAM CLI, curl 7.75+ (--aws-sigv4), jq, and a JDK 21+ for ./mvnw.
# Environment: TRIALS (default 4) trials of each stage; KEEP_STACK=1 keeps the stack and table;
#        TIMEOUT_SECONDS (default 900) to wait for the run; REPORT (default
#        deploy-smoke-report.html) where the HTML report is written.
# Exit status: 0 when the run COMPLETED and both reports came back, 1 otherwise.
set -euo pipefail

cd "$(dirname "$0")/.."
stack="${1:-archsim-smoke-$(date +%s)}"
trials="${TRIALS:-4}"
timeout="${TIMEOUT_SECONDS:-900}"
scenario="events/scenarios/whatisthetime.json"

for tool in aws sam curl jq java; do
  command -v "$tool" >/dev/null || { echo "deploy-smoke: needs $tool on the PATH" >&2; exit 2; }
done
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region || true)}}"
if [ -z "$region" ]; then
  echo "deploy-smoke: set AWS_REGION (or a default region in your AWS profile)" >&2
  exit 2
fi
work="$(mktemp -d)"

# Deletes the stack, then the runs table (kept by DeletionPolicy: Retain, protected from deletion).
cleanup() {
  local status=$? table
  if [ "${KEEP_STACK:-0}" = 1 ]; then
    echo "deploy-smoke: KEEP_STACK=1, stack $stack kept (delete it with: sam delete --stack-name $stack --region $region)"
    exit "$status"
  fi
  table="$(aws cloudformation describe-stack-resource --stack-name "$stack" --region "$region" \
    --logical-resource-id RunsTable --query StackResourceDetail.PhysicalResourceId \
    --output text 2>/dev/null || true)"
  echo "deploy-smoke: deleting stack $stack"
  sam delete --stack-name "$stack" --region "$region" --no-prompts || status=1
  if [ -n "$table" ] && [ "$table" != "None" ]; then
    echo "deploy-smoke: deleting the kept runs table $table"
    aws dynamodb update-table --table-name "$table" --region "$region" \
      --no-deletion-protection-enabled >/dev/null || status=1
    aws dynamodb delete-table --table-name "$table" --region "$region" >/dev/null || status=1
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

echo "deploy-smoke: building (./mvnw package, sam build)"
./mvnw -q -B -DskipTests package
sam build

echo "deploy-smoke: deploying $stack to $region"
sam deploy --stack-name "$stack" --region "$region" --resolve-s3 \
  --capabilities CAPABILITY_IAM --no-confirm-changeset --no-fail-on-empty-changeset

output() {
  aws cloudformation describe-stacks --stack-name "$stack" --region "$region" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
api="$(output ApiUrl)"
echo "deploy-smoke: API $api"

# curl signs each request with the caller's credentials, as the IAM authorizer requires
eval "$(aws configure export-credentials --format env)"
sign=(--aws-sigv4 "aws:amz:$region:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")
if [ -n "${AWS_SESSION_TOKEN:-}" ]; then
  sign+=(-H "x-amz-security-token: $AWS_SESSION_TOKEN")
fi
signed() { curl -sS --fail-with-body --max-time 60 "${sign[@]}" "$@"; }

echo "deploy-smoke: POST /runs ($scenario, $trials trials)"
signed -H 'content-type: application/json' -H "Idempotency-Key: $stack" \
  --data-binary "@$scenario" "$api/runs?trials=$trials" >"$work/submitted.json"
run="$(jq -r .runId "$work/submitted.json")"
echo "deploy-smoke: run $run ($(jq -r .shards "$work/submitted.json") shards)"

status=QUEUED
deadline=$((SECONDS + timeout))
while [ "$SECONDS" -lt "$deadline" ]; do
  signed "$api/runs/$run" >"$work/run.json"
  status="$(jq -r .status "$work/run.json")"
  echo "deploy-smoke: $status $(jq -r '"\(.progress.completedShards)/\(.progress.totalShards)"' "$work/run.json")"
  case "$status" in COMPLETED | FAILED) break ;; esac
  sleep 10
done
if [ "$status" != COMPLETED ]; then
  echo "deploy-smoke: the run ended $status:" >&2
  cat "$work/run.json" >&2
  exit 1
fi

signed "$api/runs/$run/report" >"$work/report.html"
signed -H 'accept: application/json' "$api/runs/$run/report" >"$work/report.json"
grep -qi '<html' "$work/report.html" || { echo "deploy-smoke: the HTML report is not HTML" >&2; exit 1; }
stages="$(jq '.result.stages | length' "$work/report.json")"
[ "$stages" -gt 0 ] || { echo "deploy-smoke: the JSON report has no stages" >&2; exit 1; }
report="${REPORT:-deploy-smoke-report.html}"
cp "$work/report.html" "$report"
echo "deploy-smoke: COMPLETED; $stages stages; report in $report"
