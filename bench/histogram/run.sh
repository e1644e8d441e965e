#!/usr/bin/env bash
# Issue #6 goal 6: the latency histogram's costs (BenchmarkDotNet, bench/RightSize.Benchmarks/Load): recording one value
# (goal <= 20 ns), reading a percentile of a full window, and sliding a window by one second. The percentile accuracy
# (within 1%) is a unit test: tests/RightSize.Core.Tests/Load/LatencyHistogramTests.cs.
#
#   bench/histogram/run.sh [--smoke] [--no-build] [--cpu N]
#
# --smoke     BenchmarkDotNet's dry job (one iteration, JIT included): checks it runs; the figures are meaningless
# --cpu N     the core to pin the benchmark to (default 1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

job=default build=1 cpu=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) job=dry ;;
    --no-build) build=0 ;;
    --cpu) cpu="$2"; shift ;;
    *) echo "unknown option '$1'; use --smoke, --no-build or --cpu N" >&2; exit 2 ;;
  esac
  shift
done

if [[ $build -eq 1 ]]; then
  dotnet build -c Release "$root/bench/RightSize.Benchmarks" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
fi
machine
echo "BenchmarkDotNet job '$job', in-process, pinned to core $cpu"
bounded 900 taskset -c "$cpu" dotnet "$root/bench/RightSize.Benchmarks/bin/Release/net10.0/RightSize.Benchmarks.dll" \
  --filter '*LatencyHistogramBenchmarks*' --inProcess --job "$job" --exporters json --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 \
  || { cat "$work/bdn.log" >&2; exit 1; }

/usr/bin/python3 - "$work" "$job" <<'PY'
import glob, json, sys
work, job = sys.argv[1], sys.argv[2]
report = json.load(open(glob.glob(f"{work}/bdn/results/*LatencyHistogramBenchmarks*.json")[0]))
stats = {b["Method"]: b for b in report["Benchmarks"]}
if job == "dry":
    print("smoke run (dry job: one iteration, JIT included): the figures are meaningless")
goals = {"Record": 20.0}
what = {"Record": "record one value", "PercentileP99": "P99 of a 60 s window (600,000 values)",
        "SlideWindow": "slide a window by one second (add + subtract)"}
print(f"{'benchmark':48} {'mean':>12} {'median':>12} {'allocated':>10}  goal")
for name in ("Record", "PercentileP99", "SlideWindow"):
    b = stats[name]
    mean, median = b["Statistics"]["Mean"], b["Statistics"]["Median"]
    allocated = b.get("Memory", {}).get("BytesAllocatedPerOperation", 0)
    goal = f"<= {goals[name]:.0f} ns: {median / goals[name]:.2f}x the goal" if name in goals else ""
    def ns(v):
        return f"{v:.1f} ns" if v < 1e4 else f"{v / 1e3:.1f} us"
    print(f"{what[name]:48} {ns(mean):>12} {ns(median):>12} {allocated:>8} B  {goal}")
missed = [n for n in goals if stats[n]["Statistics"]["Median"] > goals[n]]
if missed and job != "dry":
    sys.exit(f"goal missed: {', '.join(missed)} (median above its goal)")
PY
