#!/usr/bin/env bash
# Issue #6 goal 1: requests per second of `rightsize load` on one generator core against wrk, hey, ab and Locust, all
# on the same nginx target in the same run, and the ratios rightsize/wrk (goal >= 0.90) and rightsize/Locust (>= 10).
#
#   bench/http/run.sh [--smoke] [--no-build] [--duration SECONDS]
#
# nginx (one worker, a 3-byte body) is pinned to core 0; each generator in turn is pinned to core 1 and runs 32
# connections for 10 s (--smoke: 2 s, rough figures). wrk runs first and last, and the faster of its two runs is the
# reference, so that load from other work that comes and goes does not favour RightSize. `rightsize load` runs once per
# HTTP client it offers (--client, when it has the option), and once more with --metrics (the metrics instruments
# `serve` exports fed once a second and collected by an in-process listener) to show they cost nothing measurable: its
# ratio to the plain run and to wrk are printed (issue #11).
# Needs the Debian packages nginx, wrk, hey, apache2-utils (ab) and python3-locust.
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
connections=32
limit=$((duration + 60)) # hard limit per generator run: its duration plus start-up (dotnet, Python) and slack
gen=(taskset -c 1)

[[ $build -eq 1 ]] && build_cli
machine
start_nginx 0
echo "target: nginx $nginx_url (core 0); generators on core 1, $connections connections, ${duration} s each"

cat >"$work/locustfile.py" <<'EOF'
from locust import FastHttpUser, task


class Get(FastHttpUser):
    # No wait_time: each user sends its next request as soon as the previous one is answered (a closed loop, as wrk).
    @task
    def get(self):
        self.client.get("/")
EOF

run_wrk() {
  bounded "$limit" "${gen[@]}" wrk -t1 -c "$connections" -d "${duration}s" --latency "$nginx_url" >"$work/$1.out"
  /usr/bin/python3 "$root/bench/lib/parse_load.py" wrk "$work/$1.out" >"$work/$1.json"
}

run_rightsize() { # NAME [--client X]
  local name="$1"
  shift
  bounded "$limit" "${gen[@]}" "${rightsize[@]}" load "$nginx_url" -m GET -c "$connections" -d "${duration}s" "$@" --json >"$work/$name.out" 2>"$work/$name.err"
  cat "$work/$name.err" >&2
  /usr/bin/python3 "$root/bench/lib/parse_load.py" rightsize "$work/$name.out" >"$work/$name.json"
}

# Each tool's own warm-up is part of what it costs; nginx gets one short run so the first generator is not penalised.
bounded 30 "${gen[@]}" wrk -t1 -c "$connections" -d 1s "$nginx_url" >/dev/null

run_wrk wrk-1
bounded "$limit" "${gen[@]}" hey -z "${duration}s" -c "$connections" "$nginx_url" >"$work/hey.out"
/usr/bin/python3 "$root/bench/lib/parse_load.py" hey "$work/hey.out" >"$work/hey.json"
# ab -t alone caps the run at 50,000 requests; -n (after -t) raises the cap well above what ab reaches in the duration.
bounded "$limit" "${gen[@]}" ab -k -q -c "$connections" -t "$duration" -n $((duration * 200000)) "$nginx_url" >"$work/ab.out"
/usr/bin/python3 "$root/bench/lib/parse_load.py" ab "$work/ab.out" >"$work/ab.json"
# One Locust process (Locust's own advice for one core), users spawned at once.
bounded "$limit" "${gen[@]}" /usr/bin/python3 /usr/bin/locust -f "$work/locustfile.py" --headless \
  -u "$connections" -r "$connections" -t "${duration}s" -H "${nginx_url%/}" --csv "$work/locust" --only-summary \
  --loglevel WARNING >"$work/locust.out" 2>&1 || { cat "$work/locust.out" >&2; exit 1; }
/usr/bin/python3 "$root/bench/lib/parse_load.py" locust "$work/locust_stats.csv" >"$work/locust.json"

rows=(wrk-1 hey ab locust)
if "${rightsize[@]}" load --help | grep -q -- '--client'; then
  run_rightsize rightsize --client socket
  run_rightsize rightsize-httpclient --client httpclient
  rows+=(rightsize rightsize-httpclient)
else
  run_rightsize rightsize
  rows+=(rightsize)
fi
if "${rightsize[@]}" load --help | grep -q -- '--metrics'; then
  run_rightsize rightsize-metrics --metrics
  rows+=(rightsize-metrics)
fi
run_wrk wrk-2
rows+=(wrk-2)

/usr/bin/python3 - "$work" "$duration" "${rows[@]}" <<'PY'
import json, sys
work, duration, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r = {n: json.load(open(f"{work}/{n}.json")) for n in names}
labels = {"wrk-1": "wrk (first)", "wrk-2": "wrk (last)", "hey": "hey", "ab": "ab -k", "locust": "Locust FastHttpUser",
          "rightsize": "rightsize load", "rightsize-httpclient": "rightsize load --client httpclient",
          "rightsize-metrics": "rightsize load --metrics"}
if "rightsize-httpclient" in r:
    labels["rightsize"] = "rightsize load --client socket"
wrk = max(r["wrk-1"]["rps"], r["wrk-2"]["rps"])
if duration < 5:
    print(f"smoke run ({duration} s per generator): the figures are rough")
print(f"{'generator':36} {'req/s':>10} {'vs wrk':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
for n in names:
    x = r[n]
    print(f"{labels[n]:36} {x['rps']:10.0f} {x['rps'] / wrk:7.2f} {x['p50_ms']:8.3f} {x['p99_ms']:8.3f} {x['errors']:7d}")
print("(ab prints whole milliseconds; 'vs wrk' is against the faster wrk run)")
for n in names:
    if n.startswith("rightsize"):
        print(f"{labels[n]}: {r[n]['rps'] / wrk:.2f}x wrk (goal >= 0.90), {r[n]['rps'] / r['locust']['rps']:.1f}x Locust (goal >= 10)")
if "rightsize-metrics" in r:
    print(f"metrics on: {r['rightsize-metrics']['rps'] / wrk:.2f}x wrk against {r['rightsize']['rps'] / wrk:.2f}x without them "
          f"({r['rightsize-metrics']['rps'] / r['rightsize']['rps']:.2f}x the plain run; one run each, so within noise is a few %)")
if any(x["errors"] for x in r.values()):
    print("warning: some generator saw errors; its figures count them as requests")
missed = [f"{labels[n]}: {r[n]['rps'] / wrk:.2f}x wrk, {r[n]['rps'] / r['locust']['rps']:.1f}x Locust"
          for n in names if n == "rightsize" and (r[n]["rps"] / wrk < 0.90 or r[n]["rps"] / r["locust"]["rps"] < 10)]
if missed and duration >= 5:
    sys.exit("goal missed: " + "; ".join(missed))
PY
