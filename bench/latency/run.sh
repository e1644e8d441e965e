#!/usr/bin/env bash
# Issue #6 goal 2: the latency `rightsize load` adds at p50 on loopback (goal <= 50 us), measured against wrk.
#
#   bench/latency/run.sh [--smoke] [--no-build] [--duration SECONDS]
#
# Method: one connection, one request at a time (so no queueing anywhere), against nginx (one worker, a 3-byte body,
# pinned to core 0) with the generator pinned to core 1. wrk -t1 -c1 is the reference: a C event loop whose own cost per
# request is a few syscalls, the least any generator can add. What RightSize adds beyond wrk is the difference of the
# two p50s on the same target in the same run; wrk's own share is not subtracted, so RightSize's whole added latency is
# that difference plus wrk's (small) own. The generators alternate, wrk first, two rounds, and each keeps its lower p50:
# other work on the machine only ever adds time.
# Why not the synthetic model server as the target: its shortest service time is a timer sleep of at least 1 ms, whose
# jitter is larger than the differences measured here. nginx's own timing ($request_time) has millisecond resolution,
# too coarse as well.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

duration=10 build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) duration=2 ;;
    --no-build) build=0 ;;
    --duration) duration="$2"; shift ;;
    *) echo "unknown option '$1'; use --smoke, --no-build or --duration SECONDS" >&2; exit 2 ;;
  esac
  shift
done
limit=$((duration + 60))
gen=(taskset -c 1)

[[ $build -eq 1 ]] && build_cli
machine
start_nginx 0
echo "target: nginx $nginx_url (core 0); generators on core 1, 1 connection, ${duration} s per run, 2 rounds"

clients=(default)
if "${rightsize[@]}" load --help | grep -q -- '--client'; then clients=(socket httpclient); fi

bounded 30 "${gen[@]}" wrk -t1 -c1 -d 1s "$nginx_url" >/dev/null # nginx's first requests are not the ones measured
for round in 1 2; do
  bounded "$limit" "${gen[@]}" wrk -t1 -c1 -d "${duration}s" --latency "$nginx_url" >"$work/wrk-$round.out"
  /usr/bin/python3 "$root/bench/lib/parse_load.py" wrk "$work/wrk-$round.out" >"$work/wrk-$round.json"
  for client in "${clients[@]}"; do
    option=()
    [[ "$client" == default ]] || option=(--client "$client")
    bounded "$limit" "${gen[@]}" "${rightsize[@]}" load "$nginx_url" -m GET -c 1 -d "${duration}s" "${option[@]}" --json >"$work/rs-$client-$round.out"
    /usr/bin/python3 "$root/bench/lib/parse_load.py" rightsize "$work/rs-$client-$round.out" >"$work/rs-$client-$round.json"
  done
done

/usr/bin/python3 - "$work" "$duration" "${clients[@]}" <<'PY'
import json, sys
work, duration, clients = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def best(prefix):
    runs = [json.load(open(f"{work}/{prefix}-{r}.json")) for r in (1, 2)]
    return min(runs, key=lambda x: x["p50_ms"]), runs
if duration < 5:
    print(f"smoke run ({duration} s per run): the figures are rough")
wrk, wrk_runs = best("wrk")
print(f"{'generator (1 connection)':40} {'p50 us':>8} {'p99 us':>8} {'req/s':>8}   p50 of each round (us)")
def row(label, x, runs):
    print(f"{label:40} {x['p50_ms'] * 1e3:8.1f} {x['p99_ms'] * 1e3:8.1f} {x['rps']:8.0f}   "
          + ", ".join(f"{r['p50_ms'] * 1e3:.1f}" for r in runs))
row("wrk -t1 -c1 (reference)", wrk, wrk_runs)
missed = []
for client in clients:
    rs, rs_runs = best(f"rs-{client}")
    label = "rightsize load -c 1" + ("" if client == "default" else f" --client {client}")
    row(label, rs, rs_runs)
    added = (rs["p50_ms"] - wrk["p50_ms"]) * 1e3
    print(f"  added at p50 beyond wrk: {added:.1f} us (goal <= 50 us), {rs['p50_ms'] / wrk['p50_ms']:.2f}x wrk's p50")
    if client == "default" and added > 50:
        missed.append(f"{label} adds {added:.1f} us at p50")
if missed and duration >= 5:
    sys.exit("goal missed: " + "; ".join(missed))
PY
