#!/usr/bin/env bash
# Issue #6 goal 3: coordinated omission. A synthetic model server that stalls D ms every E ms (1 s every 10 s) is loaded
# by `rightsize load --rate R` (open loop) and by `rightsize load -c N` (closed loop, the same rate between stalls);
# the open loop must show the stall in p99 and p99.9, as wrk2 does, and the closed loop must say its percentiles are
# closed-loop ones.
#
#   bench/omission/run.sh [--smoke] [--no-build]
#
# --smoke: a 300 ms stall every 3 s for 6 s instead of 1 s every 10 s for 30 s; the figures are rough.
#
# Expected open-loop latencies. With service time T and rate R, a request arriving t into a stall starts when the stall
# ends and takes D - t + T; the R*T requests in service when the stall begins take T + D. Over whole periods of E
# (the run lasts a multiple of E, so whatever the phase, it holds exactly its share of stall time) the share of requests
# slower than x, for T <= x <= T + D, is (D + 2T - x) / E, so the p-th percentile is D + 2T - (1 - p) E, clamped to
# [T, T + D]. With E = 10 s, D = 1 s, T = 10 ms: p99 = 920 ms, p99.9 = 1010 ms, p50 and p90 = T. The measured values
# also hold loopback HTTP and the server's timer (about 1 ms more).
# A closed loop of N users has only N requests waiting during a stall and sends nothing else, so the stall hides in
# about N / (requests per period) of its latencies: the coordinated omission the open loop avoids.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

every_ms=10000 stall_ms=1000 periods=3 build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) every_ms=3000 stall_ms=300 periods=2 ;;
    --no-build) build=0 ;;
    *) echo "unknown option '$1'; use --smoke or --no-build" >&2; exit 2 ;;
  esac
  shift
done
service_ms=10 rate=500
users=$((rate * service_ms / 1000))  # the closed loop's users: the open loop's rate between stalls
seconds=$((every_ms * periods / 1000))
limit=$((seconds + 60))
# Enough slots and connections that nothing queues but the stall itself: R x (D + T) requests pile up during a stall.
slots=$((rate * (stall_ms + service_ms) / 1000 * 2))
gen=(taskset -c 1)

[[ $build -eq 1 ]] && build_cli
machine
start_synthetic 0 --slots "$slots" --service-time-ms "$service_ms" --stall-every-ms "$every_ms" --stall-ms "$stall_ms"
echo "target: synthetic server $synthetic_url (core 0): $slots slots x $service_ms ms, stalls of $stall_ms ms every $every_ms ms"
echo "load: rightsize load on core 1, ${seconds} s each: open loop --rate $rate -c $slots; closed loop -c $users"
printf '1,2,3' >"$work/body.csv"
load=("${gen[@]}" "${rightsize[@]}" load "$synthetic_url" --body-file "$work/body.csv" --content-type text/csv)

# The table of a closed-loop run must say what kind of percentiles it shows (a short run, also the warm-up).
bounded 60 "${load[@]}" -c "$users" -d 1s >"$work/closed-table.out"
grep -q 'closed-loop percentiles' "$work/closed-table.out" \
  || { echo "FAIL: the closed-loop table does not label its percentiles as closed-loop:" >&2; cat "$work/closed-table.out" >&2; exit 1; }

bounded "$limit" "${load[@]}" --rate "$rate" -c "$slots" -d "${seconds}s" --json >"$work/open.json"
bounded "$limit" "${load[@]}" -c "$users" -d "${seconds}s" --json >"$work/closed.json"

/usr/bin/python3 - "$work" "$every_ms" "$stall_ms" "$service_ms" <<'PY'
import json, sys
work, E, D, T = sys.argv[1], *(float(a) for a in sys.argv[2:])
open_loop, closed = (json.load(open(f"{work}/{n}.json")) for n in ("open", "closed"))
for run, mode in ((open_loop, "open-loop"), (closed, "closed-loop")):
    if run["mode"] != mode:
        sys.exit(f"FAIL: a {mode} run reports mode '{run['mode']}' in its JSON")
print(f"{'percentile':>10} {'expected ms':>12} {'open loop ms':>13} {'ratio':>6} {'closed loop ms':>15} {'ratio':>6}")
for key, p in (("p50", 50), ("p90", 90), ("p99", 99), ("p999", 99.9)):
    expected = min(T + D, max(T, D + 2 * T - (1 - p / 100) * E))
    o, c = open_loop["latency_ms"][key], closed["latency_ms"][key]
    print(f"{key:>10} {expected:12.1f} {o:13.1f} {o / expected:6.2f} {c:15.1f} {c / expected:6.2f}")
print(f"{'max':>10} {T + D:12.1f} {open_loop['latency_ms']['max']:13.1f} {'':6} {closed['latency_ms']['max']:15.1f}")
print(f"requests: open loop {open_loop['requests']} ({open_loop['rps']:.0f}/s, {open_loop['errors']} errors), "
      f"closed loop {closed['requests']} ({closed['rps']:.0f}/s, {closed['errors']} errors)")
shown = all(open_loop["latency_ms"][k] >= 0.9 * min(T + D, D + 2 * T - q * E) for k, q in (("p99", 0.01), ("p999", 0.001)))
print(f"open loop shows the stall in p99 and p99.9 (at least 0.9x expected): {'yes' if shown else 'NO'}")
print("closed loop: JSON mode 'closed-loop', table labelled 'closed-loop percentiles': yes")
if not shown:
    sys.exit("goal missed: the open loop does not show the stall in p99 and p99.9")
PY
