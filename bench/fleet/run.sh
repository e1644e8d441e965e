#!/usr/bin/env bash
# Issue #12's fleet benchmarks:
#  1. merge exactness: a recorded load split across K = 1..16 simulated generators, each second encoded and merged as
#     the coordinator does, gives the same percentiles (and bytes) as one recorder (bench/RightSize.Benchmarks/Fleet/
#     MergeExactness.cs; fails on any difference);
#  2. coordinator cost: merging one second from 64 generators (BenchmarkDotNet, CoordinatorMergeBenchmarks; goal
#     <= 5 ms), the cost per agent, and on paper the largest fleet one coordinator core can merge;
#  3. two generators: two `rightsize load` processes pinned to separate cores against one nginx, together vs the sum
#     of each alone (goal >= 0.9x). With fewer than 4 cores nginx cannot have cores of its own and shares the
#     generators' (the output says so): the ratio then measures that sharing as much as the generators.
#
#   bench/fleet/run.sh [--smoke] [--no-build] [--duration SECONDS]
#
# --smoke   BenchmarkDotNet's dry job and 1 s loads: checks everything runs (under 30 s); the figures are meaningless
# Needs the Debian package nginx.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

job=default duration=10 build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) job=dry duration=1 ;;
    --no-build) build=0 ;;
    --duration) duration="$2"; shift ;;
    *) echo "unknown option '$1'; use --smoke, --no-build or --duration SECONDS" >&2; exit 2 ;;
  esac
  shift
done
bench_dll="$root/bench/RightSize.Benchmarks/bin/Release/net10.0/RightSize.Benchmarks.dll"
if [[ $build -eq 1 ]]; then
  build_cli
  dotnet build -c Release "$root/bench/RightSize.Benchmarks" -v quiet -nologo >"$work/bench-build.log" 2>&1 || { cat "$work/bench-build.log" >&2; exit 1; }
fi
machine
[[ $job == dry ]] && echo "smoke run (BenchmarkDotNet dry job, ${duration} s loads): the figures are meaningless"

echo
echo "== 1. merge exactness"
bounded 120 dotnet "$bench_dll" fleet-exactness

echo
echo "== 2. coordinator cost: one second from 64 generators (BenchmarkDotNet job '$job', in-process, core 1)"
bounded 900 taskset -c 1 dotnet "$bench_dll" --filter '*CoordinatorMergeBenchmarks*' --inProcess --job "$job" \
  --exporters json --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || { cat "$work/bdn.log" >&2; exit 1; }
/usr/bin/python3 - "$work" "$job" <<'PY'
import glob, json, sys
work, job = sys.argv[1], sys.argv[2]
report = json.load(open(glob.glob(f"{work}/bdn/results/*CoordinatorMergeBenchmarks*.json")[0]))
goal_ms = 5.0
missed = []
print(f"{'invocations per generator-second':34} {'median':>10} {'per agent':>10} {'allocated':>10}  goal <= {goal_ms:.0f} ms; largest fleet one core merges")
for b in report["Benchmarks"]:
    p = b["Parameters"]
    generators = int(p.split("Generators=")[1].split("&")[0])
    per_generator = p.split("PerGenerator=")[1].split("&")[0]
    median_ns = b["Statistics"]["Median"]
    per_agent_us = median_ns / generators / 1e3
    allocated = b.get("Memory", {}).get("BytesAllocatedPerOperation", 0)
    # On paper: one coordinator core spending all of each second merging; at a tenth of a core, a tenth of it.
    fleet = int(1e6 / per_agent_us) if per_agent_us > 0 else 0
    verdict = "met" if median_ns / 1e6 <= goal_ms else "MISSED"
    if verdict == "MISSED":
        missed.append(per_generator)
    print(f"{per_generator:>34} {median_ns / 1e6:>7.3f} ms {per_agent_us:>7.1f} us {allocated / 1024:>7.0f} KB  {verdict}; "
          f"~{fleet:,} agents per core ({fleet // 10:,} at a tenth of a core), merging only (NATS delivery not included)")
if missed and job != "dry":
    sys.exit(f"goal missed for {', '.join(missed)} invocations per generator-second")
PY

echo
echo "== 3. two generators (rightsize load, one core each) against one nginx"
cores=$(nproc)
if (( cores >= 4 )); then
  start_nginx "2-$((cores - 1))" "$((cores - 2))"
  echo "nginx: cores 2-$((cores - 1)), $((cores - 2)) workers; generators on cores 0 and 1"
else
  start_nginx "0-$((cores - 1))" "$cores"
  echo "nginx: $cores workers on cores 0-$((cores - 1)), SHARED with the generators (only $cores cores): the ratio below measures nginx sharing their cores as much as the generators; a fair figure needs 4 cores"
fi
connections=32
limit=$((duration + 60))
load() { # CORE NAME
  bounded "$limit" taskset -c "$1" "${rightsize[@]}" load "$nginx_url" -m GET -c "$connections" -d "${duration}s" --json >"$work/$2.out" 2>"$work/$2.err" \
    || { cat "$work/$2.err" >&2; return 1; }
}
load 0 warmup
load 0 alone0
load 1 alone1
load 0 together0 &
first=$!
load 1 together1
wait "$first"
/usr/bin/python3 - "$work" "$job" <<'PY'
import json, sys
work, job = sys.argv[1], sys.argv[2]
def rps(name):
    text = open(f"{work}/{name}.out").read()
    return json.loads(text[text.index("{"):])["rps"]
alone = rps("alone0") + rps("alone1")
together = rps("together0") + rps("together1")
ratio = together / alone
print(f"alone: core 0 {rps('alone0'):,.0f} req/s + core 1 {rps('alone1'):,.0f} req/s = {alone:,.0f} req/s")
print(f"together: {rps('together0'):,.0f} + {rps('together1'):,.0f} = {together:,.0f} req/s")
print(f"together / sum alone: {ratio:.2f}x (goal >= 0.90: {'met' if ratio >= 0.9 else 'MISSED'})")
PY
