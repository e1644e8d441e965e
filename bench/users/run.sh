#!/usr/bin/env bash
# Issue #6 goal 5: 10,000 virtual users on one host keep their schedule (they start and stop on time) within 300 MB of
# the generator's memory.
#
#   bench/users/run.sh [--smoke] [--no-build] [--users N]
#
# A PHASES job of `rightsize run` on a synthetic model with a slot per user and a service time S, so that users mostly
# wait (N / S requests per second at the top): 10% of N users, a ramp to N in 60 s, N users for 20 s, then back to 10%
# for 10 s (the stop). S = 2 s (--smoke: N = 1,000, the ramp 6 s, 4 s at the top, 3 s at 10%, S = 1 s). Windows are 1 s,
# so metrics.csv has each second's users and invocations. The script checks, second by second:
# - users: the engine's count at the end of each second against the schedule (PhasesSchedule: a phase's initial users
#   plus floor(elapsed x SpawnRate / 60));
# - invocations: against a replay of the schedule in which each user sends its first request when it starts and its
#   next one as soon as the previous answer arrives, one request taking the run's median latency; users told to stop
#   finish their request in flight. Users that start late, stall or do not stop show as a shortfall or an excess.
# Memory: the peak resident set (VmHWM) of the `rightsize run` process, sampled every 0.2 s (the endpoint is a child
# process with its own memory, not counted).
# The table shows every 10th second and every block of seconds more than 5% off its replay.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

users=10000 ramp_s=60 top_s=20 stop_s=10 service_ms=2000 build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) users=1000 ramp_s=6 top_s=4 stop_s=3 service_ms=1000 ;;
    --no-build) build=0 ;;
    --users) users="$2"; shift ;;
    *) echo "unknown option '$1'; use --smoke, --no-build or --users N" >&2; exit 2 ;;
  esac
  shift
done
low=$((users / 10))
spawn_per_min=$(((users - low) * 60 / ramp_s))
total_s=$((ramp_s + top_s + stop_s))

[[ $build -eq 1 ]] && build_cli
machine
echo "PHASES: $low users + $spawn_per_min/min for $ramp_s s, $users for $top_s s, $low for $stop_s s;" \
  "synthetic model $users slots x $service_ms ms on local.cpu1; open files limit $(ulimit -n)"

cat >"$work/workspace.json" <<EOF
{ "Models": [ { "ModelName": "waiting", "PrimaryContainer": { "Image": "builtin:synthetic",
    "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "$users", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "$service_ms" } } } ] }
EOF
cat >"$work/job.json" <<EOF
{ "JobName": "users-$users", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
  "InputConfig": { "ModelName": "waiting",
    "TrafficPattern": { "TrafficType": "PHASES", "Phases": [
      { "InitialNumberOfUsers": $low, "SpawnRate": $spawn_per_min, "DurationInSeconds": $ramp_s },
      { "InitialNumberOfUsers": $users, "SpawnRate": 0, "DurationInSeconds": $top_s },
      { "InitialNumberOfUsers": $low, "SpawnRate": 0, "DurationInSeconds": $stop_s } ] },
    "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
    "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ] },
  "StoppingConditions": { "FlatInvocations": "Continue" },
  "Tags": [ { "Key": "rightsize:window-seconds", "Value": "1" } ] }
EOF

# Started in the background so that its memory can be sampled while it runs; timeout(1) bounds it.
timeout -k 5 $((total_s + 120)) "${rightsize[@]}" run "$work/job.json" --workspace "$work/workspace.json" \
  --output "$work/out" --relaxed-validation >"$work/run.log" 2>&1 &
runner=$!
started+=("$runner")
pid=""
: >"$work/hwm"
for _ in $(seq $(((total_s + 120) * 5))); do
  kill -0 "$runner" 2>/dev/null || break
  [[ -n "$pid" ]] || pid="$(pgrep -P "$runner" -x dotnet || true)"
  # VmHWM (kB) is the process's peak so far, so the last sample misses at most 0.2 s of its life.
  [[ -n "$pid" ]] && awk '/^VmHWM/ {print $2}' "/proc/$pid/status" >>"$work/hwm" 2>/dev/null || true
  sleep 0.2
done
status=0
wait "$runner" || status=$?
started=("${started[@]:0:${#started[@]}-1}")
[[ $status -eq 0 ]] || { echo "rightsize run failed (exit $status):" >&2; cat "$work/run.log" >&2; exit 1; }

/usr/bin/python3 - "$work" "$users" "$low" "$spawn_per_min" "$ramp_s" "$top_s" "$stop_s" <<'PY'
import csv, math, statistics, sys
work = sys.argv[1]
users, low, spawn, ramp, top, stop = (int(a) for a in sys.argv[2:])
phases = [(low, spawn, ramp), (users, 0, top), (low, 0, stop)]

def users_at(t):
    start = 0
    for initial, rate, length in phases:
        if t < start + length:
            return initial + math.floor((t - start) * rate / 60)
        start += length
    return 0

rows = [r for r in csv.DictReader(open(f"{work}/out/metrics.csv", newline=""))]
seconds = {int(float(r["window_end_s"])): r for r in rows}
end = max(seconds)
latency_s = statistics.median(float(r["p50_ms"]) for r in rows if r["p50_ms"]) / 1000

# Users: the engine's count at the end of second k-1..k against the schedule just before k.
worst_users = max(abs(int(seconds[k]["users"]) - users_at(k - 1e-9)) for k in seconds if k <= ramp + top + stop)
spawn_per_s = spawn / 60
worst_lag_ms = worst_users / spawn_per_s * 1000 if spawn_per_s else 0

# Invocations: replay the schedule. Users are started in order and the most recent stop first (as the engine does).
start_times, stop_times, running = [], {}, []
t, step = 0.0, 0.001
horizon = ramp + top + stop
while t < horizon:
    n = users_at(t)
    while len(running) < n:
        running.append(len(start_times)); start_times.append(t)
    while len(running) > n:
        stop_times[running.pop()] = t
    t = round(t + step, 6)
for u in running:
    stop_times[u] = horizon
expected = [0] * (end + 2)
for u, s in enumerate(start_times):
    k = 1
    while s + (k - 1) * latency_s < stop_times[u]:  # a request sent before the stop is answered
        done = s + k * latency_s
        if done < len(expected):
            expected[int(done)] += 1
        k += 1
# Compared over blocks of whole request times: each user completes one request per block, so how users' requests
# fall around second boundaries (which drifts with each request's exact latency) does not matter.
block = max(1, round(latency_s))
print(f"{'seconds':>9} {'users':>6} {'schedule':>8} {'invocations':>11} {'replayed':>8} {'ratio':>6}")
phase_of = lambda k: 0 if k < ramp else 1 if k < ramp + top else 2
sums = [[0, 0] for _ in phases]
for k in sorted(seconds):
    sums[phase_of(k - 1)][0] += int(seconds[k]["invocations"])
    sums[phase_of(k - 1)][1] += expected[k - 1]
for first in range(0, end, block):
    ks = [k for k in range(first + 1, first + block + 1) if k in seconds]
    m, e = sum(int(seconds[k]["invocations"]) for k in ks), sum(expected[k - 1] for k in ks)
    if first % (10 if end > 30 else 1) == 0 or (e >= 20 and abs(m / e - 1) > 0.05):
        r = seconds[ks[-1]]
        print(f"{first:>3}-{first + block:>3} s {int(r['users']):6d} {users_at(ks[-1] - 1e-9):8d} {m:11d} {e:8d} {m / e if e else float('nan'):6.2f}")
print(f"per-request time used by the replay: {latency_s * 1000:.1f} ms (the run's median p50)")
print(f"users: largest difference from the schedule {worst_users} (at {spawn_per_s:.0f} spawns/s: {worst_lag_ms:.0f} ms)")
names = ("ramp", "top", "stop")
print("invocations measured / replayed: " + ", ".join(f"{n} {m} / {e} = {m / e:.3f}" for n, (m, e) in zip(names, sums)))
measured_total, expected_total = sum(m for m, _ in sums), sum(e for _, e in sums)
print(f"  whole run {measured_total} / {expected_total} = {measured_total / expected_total:.3f}")
samples = [int(line) for line in open(f"{work}/hwm").read().split()]
hwm_mb = max(samples) / 1024 if samples else float("nan")
errors = sum(int(r["client_errors"]) + int(r["server_errors"]) + int(r["timeouts"]) + int(r["connection_errors"]) for r in rows)
print(f"errors: {errors}")
on_time = worst_lag_ms <= 100 and all(abs(m / e - 1) <= 0.05 for m, e in sums if e)
print(f"users keep their schedule (count within 100 ms of it, each phase's invocations within 5%): {'yes' if on_time else 'NO'}")
print(f"generator peak RSS (VmHWM): {hwm_mb:.0f} MB for {users} users (goal <= 300 MB): {'met' if hwm_mb <= 300 else 'NOT met'}")
if not on_time or not hwm_mb <= 300:
    sys.exit("goal missed: " + ("users off their schedule" if not on_time else f"peak RSS {hwm_mb:.0f} MB"))
PY
