#!/usr/bin/env bash
# Issue #6 goal 4: capacity accuracy. For each synthetic model of N slots x T ms (true capacity N / T per second), a
# STAIRS job of `rightsize run` must report a per-instance MaxInvocations within 5% of N / T x 60.
#
#   bench/capacity/run.sh [--smoke] [--no-build] [--no-flat] [SLOTS:SERVICE_MS ...]
#
# Default cases 4:20, 8:5 and 2:100. Each job is 4 steps of 20 s with N, 2N, 3N and 4N users (from 2N on, every slot
# is always busy, so the steps above the first measure the capacity), 10 s windows, FlatInvocations Continue and no
# latency threshold, so nothing stops a test before its last step. The endpoint is a `builtin:synthetic` model on
# local.cpu1 (one vCPU, as docs/endpoints.md sets it up); `rightsize run` itself is not pinned: on 2 cores there is no
# spare one. --smoke: the 4:20 case alone, 3 steps of 4 s and 2 s windows; rough figures.
#
# Issue #20 adds the stopping rule: the case "flat" is 4:20 with FlatInvocations Stop, 6 steps of 30 s with 2 users each,
# 10 s windows, MaxInvocations 30,000 and P95 500 ms (4 users already reach 94-97% of the capacity, so a rule that reads a
# window straddling a step stops too early). Goal: the stop window ran the same users throughout (users at its start,
# from the schedule, >= 6), the capacity is within 5%, and a stop at 6 users is what the rule asks for: the best window
# before the step to 6 users already reached 1 / 1.05 of the measured peak (else the test had to run on to 8).
# --no-flat leaves it out (--smoke does too). Exits 1 when a goal is missed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

steps=4 step_s=20 window_s=10 build=1 flat=1 cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) steps=3 step_s=4 window_s=2 flat=0; cases=(4:20) ;;
    --no-build) build=0 ;;
    --no-flat) flat=0 ;;
    *:*) cases+=("$1") ;;
    *) echo "unknown argument '$1'; use --smoke, --no-build, --no-flat or SLOTS:SERVICE_MS cases" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#cases[@]} -gt 0 ]] || cases=(4:20 8:5 2:100)

[[ $build -eq 1 ]] && build_cli
machine

# run_case NAME SLOTS SERVICE_MS STEPS STEP_S USERS_PER_STEP WINDOW_S STOPPING_CONDITIONS_JSON
run_case() {
  local name="$1" slots="$2" service="$3" n="$4" len="$5" users="$6" window="$7" stopping="$8"
  cat >"$work/$name-workspace.json" <<EOF
{ "Models": [ { "ModelName": "$name", "PrimaryContainer": { "Image": "builtin:synthetic",
    "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "$slots", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "$service" } } } ] }
EOF
  cat >"$work/$name-job.json" <<EOF
{ "JobName": "capacity-$name", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
  "InputConfig": { "ModelName": "$name",
    "TrafficPattern": { "TrafficType": "STAIRS",
      "Stairs": { "DurationInSeconds": $((n * len)), "NumberOfSteps": $n, "UsersPerStep": $users } },
    "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
    "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ] },
  "StoppingConditions": $stopping,
  "Tags": [ { "Key": "rightsize:window-seconds", "Value": "$window" } ] }
EOF
  bounded $((n * len + 120)) "${rightsize[@]}" run "$work/$name-job.json" --workspace "$work/$name-workspace.json" \
    --output "$work/$name" --relaxed-validation >"$work/$name.log" 2>&1 \
    || { echo "rightsize run failed for $name:" >&2; cat "$work/$name.log" >&2; exit 1; }
}

echo "STAIRS: $steps steps of $step_s s, users N x (k + 1), ${window_s} s windows, endpoint local.cpu1"
for case in "${cases[@]}"; do
  slots="${case%%:*}" service="${case##*:}"
  run_case "s${slots}x${service/./-}" "$slots" "$service" "$steps" "$step_s" "$slots" "$window_s" '{ "FlatInvocations": "Continue" }'
done
if [[ $flat -eq 1 ]]; then
  echo "flat: 4:20, FlatInvocations Stop, 6 steps of 30 s, 2 users per step, 10 s windows"
  run_case flat 4 20 6 30 2 10 \
    '{ "MaxInvocations": 30000, "ModelLatencyThresholds": [ { "Percentile": "P95", "ValueInMilliseconds": 500 } ], "FlatInvocations": "Stop" }'
fi

/usr/bin/python3 - "$work" "$flat" "${cases[@]}" <<'PY'
import csv, json, sys
work, flat, cases = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
runs = [(f"s{c.split(':')[0]}x{c.split(':')[1].replace('.', '-')}", *c.split(":")) for c in cases]
if flat:
    runs.append(("flat", "4", "20"))
print(f"{'case':>10} {'true /min':>10} {'measured /min':>14} {'ratio':>6} {'error':>7}  peak-window P95  end")
worst, missed = 0, []
for name, slots, service in runs:
    rec = json.load(open(f"{work}/{name}/describe.json"))["InferenceRecommendations"][0]
    per_instance = rec["Metrics"]["MaxInvocations"] / rec["EndpointConfiguration"]["InitialInstanceCount"]
    true = int(slots) * 1000 / float(service) * 60
    error = per_instance / true - 1
    worst = max(worst, abs(error))
    rows = list(csv.DictReader(open(f"{work}/{name}/metrics.csv")))
    end = f"{rows[-1]['window_end_s']} s, {rows[-1]['users']} users"
    if name == "flat":
        full = [r for r in rows if r["full"] == "true"]
        start = float(rows[-1]["window_end_s"]) - float(rows[-1]["window_length_s"])
        throughout = 2 * (int(start // 30) + 1)  # 2 users per 30 s step, from 2
        before_six = max((float(r["invocations_per_minute"]) for r in full if float(r["window_end_s"]) <= 30 * 2), default=0)
        justified = throughout >= 8 or before_six * 1.05 >= per_instance
        end += f" ({throughout} throughout; best at 4 users {before_six / per_instance:.1%} of the peak)"
        if throughout < 6 or not justified:
            missed.append(f"flat stopped at {end} (goal: a whole window of 6 users or more, and 8 unless 4 users were within 5% of the peak)")
    print(f"{name:>10} {true:10.0f} {per_instance:14.0f} {per_instance / true:6.3f} {error:+7.1%}"
          f"  {rec['Metrics']['ModelLatency'] / 1000:13.1f} ms  {end}")
if worst > 0.05:
    missed.append(f"largest error {worst:.1%} (goal within 5%)")
print(f"largest error {worst:.1%} (goal within 5%): {'met' if worst <= 0.05 else 'NOT met'}")
for m in missed:
    print(f"goal missed: {m}", file=sys.stderr)
sys.exit(1 if missed else 0)
PY
