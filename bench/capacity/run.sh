#!/usr/bin/env bash
# Issue #6 goal 4: capacity accuracy. For each synthetic model of N slots x T ms (true capacity N / T per second), a
# STAIRS job of `rightsize run` must report a per-instance MaxInvocations within 5% of N / T x 60.
#
#   bench/capacity/run.sh [--smoke] [--no-build] [SLOTS:SERVICE_MS ...]
#
# Default cases 4:20, 8:5 and 2:100. Each job is 4 steps of 20 s with N, 2N, 3N and 4N users (from 2N on, every slot
# is always busy, so the steps above the first measure the capacity), 10 s windows, FlatInvocations Continue and no
# latency threshold, so nothing stops a test before its last step. The endpoint is a `builtin:synthetic` model on
# local.cpu1 (one vCPU, as docs/endpoints.md sets it up); `rightsize run` itself is not pinned: on 2 cores there is no
# spare one. --smoke: the 4:20 case alone, 3 steps of 4 s and 2 s windows; rough figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

steps=4 step_s=20 window_s=10 build=1 cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) steps=3 step_s=4 window_s=2; cases=(4:20) ;;
    --no-build) build=0 ;;
    *:*) cases+=("$1") ;;
    *) echo "unknown argument '$1'; use --smoke, --no-build or SLOTS:SERVICE_MS cases" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#cases[@]} -gt 0 ]] || cases=(4:20 8:5 2:100)

[[ $build -eq 1 ]] && build_cli
machine
echo "STAIRS: $steps steps of $step_s s, users N x (k + 1), ${window_s} s windows, endpoint local.cpu1"

for case in "${cases[@]}"; do
  slots="${case%%:*}" service="${case##*:}" name="s${slots}x${service/./-}"
  cat >"$work/$name-workspace.json" <<EOF
{ "Models": [ { "ModelName": "$name", "PrimaryContainer": { "Image": "builtin:synthetic",
    "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "$slots", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "$service" } } } ] }
EOF
  cat >"$work/$name-job.json" <<EOF
{ "JobName": "capacity-$name", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
  "InputConfig": { "ModelName": "$name",
    "TrafficPattern": { "TrafficType": "STAIRS",
      "Stairs": { "DurationInSeconds": $((steps * step_s)), "NumberOfSteps": $steps, "UsersPerStep": $slots } },
    "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
    "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ] },
  "StoppingConditions": { "FlatInvocations": "Continue" },
  "Tags": [ { "Key": "rightsize:window-seconds", "Value": "$window_s" } ] }
EOF
  bounded $((steps * step_s + 120)) "${rightsize[@]}" run "$work/$name-job.json" --workspace "$work/$name-workspace.json" \
    --output "$work/$name" --relaxed-validation >"$work/$name.log" 2>&1 \
    || { echo "rightsize run failed for $case:" >&2; cat "$work/$name.log" >&2; exit 1; }
done

/usr/bin/python3 - "$work" "${cases[@]}" <<'PY'
import json, sys
work, cases = sys.argv[1], sys.argv[2:]
print(f"{'slots':>5} {'service':>8} {'true /min':>10} {'measured /min':>14} {'ratio':>6} {'error':>7}  peak-window P95")
worst = 0
for case in cases:
    slots, service = case.split(":")
    name = f"s{slots}x{service.replace('.', '-')}"
    rec = json.load(open(f"{work}/{name}/describe.json"))["InferenceRecommendations"][0]
    per_instance = rec["Metrics"]["MaxInvocations"] / rec["EndpointConfiguration"]["InitialInstanceCount"]
    true = int(slots) * 1000 / float(service) * 60
    error = per_instance / true - 1
    worst = max(worst, abs(error))
    print(f"{slots:>5} {service + ' ms':>8} {true:10.0f} {per_instance:14.0f} {per_instance / true:6.3f} {error:+7.1%}"
          f"  {rec['Metrics']['ModelLatency'] / 1000:.1f} ms")
print(f"largest error {worst:.1%} (goal within 5%): {'met' if worst <= 0.05 else 'NOT met'}")
PY
