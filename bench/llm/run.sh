#!/usr/bin/env bash
# Checks `rightsize llm benchmark` against the simulated LLM engine's ground truth (docs/model-server.md, LLM synthetic
# mode): mean TTFT and ITL at half load (open loop, constant rate) within 2%, and maximum output tokens/s (closed loop
# at 4 x the batch) within 5%.
#
#   bench/llm/run.sh [--smoke] [--no-build]
#
# --smoke     a quick run (well under a minute) that checks everything works; the figures are rough and not judged
# --no-build  use the existing Release build of src/RightSize.Cli
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
smoke=0 build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown option '$1'; use --smoke or --no-build" >&2; exit 2 ;;
  esac
  shift
done

bin="$root/src/RightSize.Cli/bin/Release/net10.0"
if [[ $build -eq 1 ]]; then
  dotnet build -c Release "$root/src/RightSize.Cli" -v quiet -nologo >/dev/null
fi

# The engine: 0.2 ms of prefill per input token, a 20 ms decode step, 16 seats. With 500 input and 64 output tokens:
# TTFT = 100 ms, ITL = 20 ms, one request holds a seat 100 + 63 x 20 = 1,360 ms, so at most 16 / 1.36 = 11.76 req/s
# and 16 x 64 / 1.36 = 752.9 output tokens/s.
prefill_ms=0.2 decode_ms=20 batch=16 isl=500 osl=64
half_rate=5.882 half_count=120 max_count=320
if [[ $smoke -eq 1 ]]; then half_count=15 max_count=64; fi

work="$(mktemp -d)"
server_pid="" zero_pid=""
cleanup() { for pid in $server_pid $zero_pid; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN=$prefill_ms RIGHTSIZE_LLM_DECODE_STEP_MS=$decode_ms RIGHTSIZE_LLM_MAX_BATCH=$batch \
  "$bin/RightSize.ModelServer" --llm-synthetic --port 0 >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q '^Listening on ' "$work/server.out" && break; sleep 0.1; done
url="$(sed -n 's/^Listening on //p' "$work/server.out")/v1/chat/completions"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cat >"$work/half.yaml" <<YAML
benchmark: {type: aiperf}
parameters: {isl: $isl, osl: $osl, request_rate: $half_rate, request_rate_mode: constant, request_count: $half_count, warmup_request_count: 4}
YAML
cat >"$work/max.yaml" <<YAML
benchmark: {type: aiperf}
parameters: {isl: $isl, osl: $osl, concurrency: $((4 * batch)), request_count: $max_count, warmup_request_count: 4}
YAML
"$bin/rightsize" llm benchmark "$url" --workload "$work/half.yaml" --output "$work/half" >"$work/half.log"
"$bin/rightsize" llm benchmark "$url" --workload "$work/max.yaml" --output "$work/max" >"$work/max.log"
reference="$root/bench/llm/reference_client.py"
/usr/bin/python3 "$reference" "$url" --isl $isl --osl $osl --rate $half_rate --requests $half_count >"$work/ref-half.json"
/usr/bin/python3 "$reference" "$url" --isl $isl --osl $osl --concurrency $((4 * batch)) --requests $max_count >"$work/ref-max.json"

# Where the TTFT bias comes from, measured in three parts (each only ever adds): one request at a time in a closed loop
# times from the actual send, so open loop - closed loop is the sender waking late for its intended send time; a second
# engine with no prefill answers the first token without a timer, so its TTFT is the HTTP path and processing alone;
# what is left of closed loop - prefill is the server's prefill timer firing late.
diag_count=40
if [[ $smoke -eq 1 ]]; then diag_count=8; fi
cat >"$work/one.yaml" <<YAML
benchmark: {type: aiperf}
parameters: {isl: $isl, osl: 2, concurrency: 1, request_count: $diag_count, warmup_request_count: 4}
YAML
"$bin/rightsize" llm benchmark "$url" --workload "$work/one.yaml" --output "$work/one" >"$work/one.log"
RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN=0 RIGHTSIZE_LLM_DECODE_STEP_MS=$decode_ms RIGHTSIZE_LLM_MAX_BATCH=$batch \
  "$bin/RightSize.ModelServer" --llm-synthetic --port 0 >"$work/zero.out" 2>&1 &
zero_pid=$!
for _ in $(seq 100); do grep -q '^Listening on ' "$work/zero.out" && break; sleep 0.1; done
"$bin/rightsize" llm benchmark "$(sed -n 's/^Listening on //p' "$work/zero.out")/v1/chat/completions" --workload "$work/one.yaml" \
  --output "$work/zero" >"$work/zero.log"

/usr/bin/python3 - "$work" "$smoke" $prefill_ms $decode_ms $batch $isl $osl <<'PY'
import json, sys
work, smoke = sys.argv[1], sys.argv[2] == "1"
prefill, decode, batch, isl, osl = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
half = json.load(open(f"{work}/half/profile_export_aiperf.json"))
top = json.load(open(f"{work}/max/profile_export_aiperf.json"))
truth_ttft, truth_itl = isl * prefill, decode
truth_max = batch * osl / ((isl * prefill + (osl - 1) * decode) / 1000)
checks = [
    ("mean TTFT at half load (ms)", half["time_to_first_token"]["avg"], truth_ttft, 0.02),
    ("mean ITL at half load (ms)", half["inter_token_latency"]["avg"], truth_itl, 0.02),
    ("max output tokens/s", top["output_token_throughput"]["avg"], truth_max, 0.05),
]
if smoke:
    print("smoke run: few requests on whatever the machine is doing; the figures are rough and not judged")
failed = False
print(f"{'claim':32} {'measured':>10} {'truth':>10} {'error':>8} {'bound':>6}")
for name, measured, truth, bound in checks:
    error = measured / truth - 1
    ok = abs(error) <= bound
    failed |= not ok
    print(f"{name:32} {measured:10.2f} {truth:10.2f} {error:+8.2%} {bound:6.0%} {'' if smoke else ('PASS' if ok else 'FAIL')}")
for name, doc in (("half load", half), ("max", top)):
    errors = doc["error_request_count"]["avg"]
    if errors:
        print(f"{name}: {errors:.0f} failed requests: {doc['error_summary']}")
        failed = True
print(f"tokenizer: {half['tokenizer']}; requests: {half['request_count']['avg']:.0f} at half load, {top['request_count']['avg']:.0f} at max")
one = json.load(open(f"{work}/one/profile_export_aiperf.json"))
zero = json.load(open(f"{work}/zero/profile_export_aiperf.json"))
ttft = lambda doc: doc["time_to_first_token"]["avg"]
print(f"input tokens the server counted (its prefill): {half['input_sequence_length']['avg']:.1f} for isl {isl}")
print("TTFT bias at half load, in parts (ms; means, and medians which a busy host's stalls move less):")
p50 = lambda doc: doc["time_to_first_token"]["p50"]
for name, part in (
    ("sender waking late (open loop - one at a time)    ", lambda f: f(half) - f(one)),
    ("server timer late (one at a time - prefill - HTTP)", lambda f: f(one) - truth_ttft - f(zero)),
    ("HTTP path and processing (no-prefill engine)      ", lambda f: f(zero)),
    ("total                                             ", lambda f: f(half) - truth_ttft),
):
    print(f"  {name} {part(ttft):+8.2f} mean {part(p50):+8.2f} p50")
refhalf = json.load(open(f"{work}/ref-half.json"))
refmax = json.load(open(f"{work}/ref-max.json"))
print("second tool in the same run: bench/llm/reference_client.py (Python standard library), same loads and server")
print(f"{'figure':32} {'rightsize':>10} {'reference':>10} {'truth':>10} {'ratio':>7}")
for name, ours, theirs, truth in (
    ("mean TTFT at half load (ms)", ttft(half), refhalf["time_to_first_token_ms"]["avg"], truth_ttft),
    ("p50 TTFT at half load (ms)", half["time_to_first_token"]["p50"], refhalf["time_to_first_token_ms"]["p50"], truth_ttft),
    ("mean ITL at half load (ms)", half["inter_token_latency"]["avg"], refhalf["inter_token_latency_ms"]["avg"], truth_itl),
    ("max output tokens/s", top["output_token_throughput"]["avg"], refmax["output_token_throughput"], truth_max),
):
    print(f"{name:32} {ours:10.2f} {theirs:10.2f} {truth:10.2f} {ours / theirs:7.3f}")
print(f"reference: {refhalf['error_count'] + refmax['error_count']} failed requests; its sender woke "
      f"{refhalf['send_lateness_ms']['avg']:.3f} ms late on average (it spins the last millisecond)")
failed |= refhalf["error_count"] + refmax["error_count"] > 0
sys.exit(1 if failed and not smoke else 0)
PY
