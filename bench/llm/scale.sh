#!/usr/bin/env bash
# The scale check of issue #13: `rightsize llm benchmark` holds 5,000 concurrent streams on one core for 60 s within
# 300 MB of RSS, and adds at most 50 us per token at p50 (all judged). The generator is pinned to core 0, the simulated
# engine to core 1 (5,000 seats, no prefill, one token per 500 ms, 130 tokens: every stream lasts 64.5 s, so all 5,000
# are open for the whole 60 s pass; the server's 60 s invocation timeout is raised). The engine stamps each token's
# event with its send time (RIGHTSIZE_LLM_SEND_STAMPS=1, an SSE comment on the host's monotonic clock), and the export's
# chunk_delivery_latency is each token's arrival at the generator minus that stamp: the generator's added latency per
# token, plus the loopback hop and the server's own queue of writes after the stamp (so an upper bound). The judged
# figure is the generator's own share, chunk_socket_wait: the kernel stamps each segment it receives (SO_TIMESTAMPNS),
# and a token's wait is its read's return minus that stamp (both on the realtime clock), i.e. how long the token sat in
# the generator's socket before the generator took it and timed it.
#
#   bench/llm/scale.sh [--smoke] [--no-build]     (--smoke: 300 streams for about 4 s, figures not judged)
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

streams=5000 decode_ms=500 osl=130 duration=60
if [[ $smoke -eq 1 ]]; then streams=300 decode_ms=100 osl=40 duration=3; fi
ulimit -n $((streams * 2 + 1024))

work="$(mktemp -d)"
server_pid="" gen_pid=""
cleanup() { for pid in $gen_pid $server_pid; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

RIGHTSIZE_LLM_SEND_STAMPS=1 RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN=0 RIGHTSIZE_LLM_DECODE_STEP_MS=$decode_ms RIGHTSIZE_LLM_MAX_BATCH=$streams \
  RIGHTSIZE_LLM_KV_TOKENS=$((streams * (osl + 32))) taskset -c 1 "$bin/RightSize.ModelServer" --llm-synthetic --port 0 --invocation-timeout-ms 600000 >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q '^Listening on ' "$work/server.out" && break; sleep 0.1; done
url="$(sed -n 's/^Listening on //p' "$work/server.out")/v1/chat/completions"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $streams streams, generator on core 0, engine on core 1"
cat >"$work/scale.yaml" <<YAML
benchmark: {type: aiperf}
parameters: {isl: 16, osl: $osl, concurrency: $streams, benchmark_duration: $duration}
YAML
taskset -c 0 "$bin/rightsize" llm benchmark "$url" --workload "$work/scale.yaml" --output "$work/out" >"$work/gen.log" 2>&1 &
gen_pid=$!
peak=0
while kill -0 "$gen_pid" 2>/dev/null; do
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$gen_pid/status" 2>/dev/null || echo 0)
  peak=$(( hwm > peak ? hwm : peak ))
  sleep 1
done
wait "$gen_pid" || { cat "$work/gen.log"; exit 1; }
gen_pid=""

/usr/bin/python3 - "$work/out/profile_export_aiperf.json" "$smoke" "$streams" "$decode_ms" "$peak" "$duration" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
smoke, streams, decode_ms, peak_kb, duration = sys.argv[2] == "1", int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
done, failed = doc["request_count"]["avg"], doc["error_request_count"]["avg"]
delivery = doc["chunk_delivery_latency"]
wait = doc["chunk_socket_wait"]
added = wait["p50"] * 1000
rss = peak_kb / 1024
if smoke:
    print("smoke run: few streams for a few seconds; the figures are rough and not judged")
checks = [
    (f"streams completed (of {streams})", done, streams, done >= streams and failed == 0),
    ("peak RSS of the generator (MB)", rss, 300, rss <= 300),
    ("own latency per token p50 (us)", added, 50, added <= 50),
]
print(f"{'claim':36} {'measured':>10} {'goal':>8}")
for name, value, goal, ok in checks:
    print(f"{name:36} {value:10.1f} {goal:8} {'' if smoke else ('PASS' if ok else 'FAIL')}")
print(f"generator's own share (chunk socket wait, kernel receive stamp to the token's read): p50 {added:.1f} us, "
      f"p99 {wait['p99'] * 1000:.1f} us, max {wait['max'] * 1000:.1f} us over {wait['count']:.0f} tokens")
print(f"upper bound (chunk delivery, server stamp before its write to the token's read): p50 {delivery['p50'] * 1000:.1f} us, "
      f"p99 {delivery['p99'] * 1000:.1f} us, max {delivery['max'] * 1000:.1f} us over {delivery['count']:.0f} tokens")
print(f"inter-chunk latency p50 {doc['inter_chunk_latency']['p50']:.3f} ms, p99 {doc['inter_chunk_latency']['p99']:.3f} ms "
      f"(decode step {decode_ms} ms); failed requests {failed:.0f}; benchmark duration {doc['benchmark_duration']['avg']:.1f} s")
sys.exit(0 if smoke or all(ok for *_, ok in checks) else 1)
PY
