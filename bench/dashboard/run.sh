#!/usr/bin/env bash
# Issue #14's dashboard goals, measured in Debian's headless Chromium (through chromedriver) against `rightsize serve`:
#  1. the jobs page with 1,000 stored jobs renders in at most 300 ms on loopback: from navigation start to the frame
#     after the rows are in the DOM (HTML, modules, /api/session, /api/jobs, rendering, paint), warm loads (assets
#     revalidated by ETag); the first, cold load and the server's own time for /api/jobs are printed too;
#  2. one open job page costs the server at most 1% of a core while its test runs: the server process's CPU
#     (utime + stime from /proc) over alternating intervals with the page closed and open, during a test of 1 user
#     against a synthetic 100 ms model (10 invocations per second, so the load itself stays small and steady).
#
#   bench/dashboard/run.sh [--smoke] [--no-build]
#
# --smoke: 3 page loads, 2 rounds of 5 s; rough figures. Exits 1 when a goal is missed (full runs only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

loads=20 seconds=20 rounds=3 build=1 smoke=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) loads=3 seconds=5 rounds=2 smoke=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown argument '$1'; use --smoke or --no-build" >&2; exit 2 ;;
  esac
  shift
done
command -v chromium >/dev/null && command -v chromedriver >/dev/null \
  || { echo "error: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2; exit 2; }

[[ $build -eq 1 ]] && build_cli
machine
measure=(/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/measure.py")

cat >"$work/rightsize.json" <<'EOF_WS'
{ "Models": [ { "ModelName": "slow", "PrimaryContainer": { "Image": "builtin:synthetic",
    "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "1", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "100" } } } ] }
EOF_WS

# serve_start: rightsize serve on free ports with the store in $work/data; sets api, dashboard, serve_pid.
serve_start() {
  local port
  port=$(free_port)
  api="http://127.0.0.1:$port" dashboard="http://127.0.0.1:$(free_port)/"
  "${rightsize[@]}" serve --urls "$api" --dashboard-urls "$dashboard" --data "$work/data" --workspace "$work/rightsize.json" \
    --relaxed-validation >"$work/serve.log" 2>&1 &
  serve_pid=$!
  started+=("$serve_pid")
  for _ in $(seq 300); do curl -fs "${dashboard}api/session" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "rightsize serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}

# 1,000 jobs with a Describe of one recommendation each, inserted into the store the server migrated.
serve_start
stop "$serve_pid"
"${measure[@]}" seed "$work/data/rightsize.db" 1000
serve_start

driver_port=$(free_port)
chromedriver --port="$driver_port" >"$work/chromedriver.log" 2>&1 &
started+=("$!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$driver_port/status" >/dev/null 2>&1 && break; sleep 0.1; done

echo "== 1. jobs page, 1,000 stored jobs, 50 per page"
"${measure[@]}" jobs "http://127.0.0.1:$driver_port" "$dashboard" "$loads" | tee "$work/jobs.txt" | grep -v '^RESULT'
first_median=$(awk '/^RESULT first/ {print $3}' "$work/jobs.txt")

echo "== 2. server CPU of one open job page while its test runs"
test_s=$((2 * rounds * seconds + 60))
curl -fs -X POST "$api" -H 'X-Amz-Target: SageMaker.CreateInferenceRecommendationsJob' -H 'Content-Type: application/x-amz-json-1.1' \
  -d "{\"JobName\": \"cpu-bench\", \"JobType\": \"Advanced\", \"RoleArn\": \"arn:aws:iam::123456789012:role/rightsize\",
       \"InputConfig\": {\"ModelName\": \"slow\", \"TrafficPattern\": {\"TrafficType\": \"STAIRS\",
         \"Stairs\": {\"DurationInSeconds\": $test_s, \"NumberOfSteps\": 1, \"UsersPerStep\": 1}},
         \"EndpointConfigurations\": [{\"InstanceType\": \"local.cpu1\"}]},
       \"StoppingConditions\": {\"FlatInvocations\": \"Continue\"},
       \"Tags\": [{\"Key\": \"rightsize:window-seconds\", \"Value\": \"10\"}]}" >/dev/null
# The test is running once its first window is there.
for _ in $(seq 600); do
  [[ "$(curl -fs "${dashboard}api/jobs/cpu-bench/tests/0/windows" 2>/dev/null || echo '[]')" != "[]" ]] && break
  sleep 0.1
done
"${measure[@]}" cpu "http://127.0.0.1:$driver_port" "$dashboard" "$serve_pid" cpu-bench "$seconds" "$rounds" | tee "$work/cpu.txt" | grep -v '^RESULT'
cpu=$(awk '/^RESULT cpu/ {print $3}' "$work/cpu.txt")

echo "== goals: jobs page median ${first_median} ms (goal <= 300); open job page +${cpu} % of a core (goal <= 1)"
if [[ $smoke -eq 0 ]]; then
  awk -v m="$first_median" -v c="$cpu" 'BEGIN { exit !(m <= 300 && c <= 1) }' || { echo "a goal was missed" >&2; exit 1; }
fi
