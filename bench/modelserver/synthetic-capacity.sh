#!/usr/bin/env bash
# Measures how close the synthetic model's throughput stays to its true capacity (slots / service time) under load from
# `rightsize load` (default) or wrk (--generator wrk).
#
#   bench/modelserver/synthetic-capacity.sh [--duration SECONDS] [--generator rightsize|wrk] [SLOTS:SERVICE_MS ...]
#
# Each case starts a fresh Release server on 127.0.0.1 (any free port, pinned to core 0), runs wrk pinned to core 1 with
# 4 x SLOTS connections (at least 16: a queue deep enough that a briefly descheduled client leaves no slot idle)
# for the duration after a 2 s warm-up, and prints the measured rate against SLOTS / SERVICE_MS. The warm-up uses one
# connection per slot: requests abandoned by a finished wrk still hold their slots (as in a real server), and a queue
# of them would eat into the measured run.
# --generator wrk needs wrk (apt-get install -y wrk).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration=5
generator=rightsize
cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --generator) generator="$2"; shift ;;
    *:*) cases+=("$1") ;;
    *) echo "unknown argument '$1'; give --duration SECONDS and SLOTS:SERVICE_MS cases" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#cases[@]} -gt 0 ]] || cases=(1:10 4:20 2:50 10:10 20:10 50:10 100:10 200:10 400:10 100:2 1:1)

dotnet build -c Release "$root/src/RightSize.Cli" -v quiet -nologo >/dev/null
dll="$root/src/RightSize.Cli/bin/Release/net10.0/RightSize.ModelServer.dll"
rightsize="$root/src/RightSize.Cli/bin/Release/net10.0/rightsize"
work="$(mktemp -d)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.body = "1,2,3"\nwrk.headers["Content-Type"] = "text/csv"\n' >"$work/post.lua"
printf '1,2,3' >"$work/body.csv"

# Runs the generator pinned to core 1 and prints "rate p50_ms p99_ms errors".
load() {
  local connections="$1" seconds="$2" url="$3"
  if [[ "$generator" == wrk ]]; then
    taskset -c 1 wrk -t1 -c "$connections" -d "${seconds}s" --latency -s "$work/post.lua" "$url" >"$work/wrk"
    /usr/bin/python3 - "$work/wrk" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def ms(label):
    value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rate, ms("50"), ms("99"), errors.group(1) if errors else 0)
PY
  else
    taskset -c 1 "$rightsize" load "$url" -c "$connections" -d "${seconds}s" --body-file "$work/body.csv" --content-type text/csv --json \
      | /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["rps"], j["latency_ms"]["p50"], j["latency_ms"]["p99"], j["errors"])'
  fi
}

printf '%6s %8s %10s %10s %7s %9s %9s\n' slots service capacity measured ratio p50_ms p99_ms
for case in "${cases[@]}"; do
  slots="${case%%:*}" service="${case##*:}"
  taskset -c 0 dotnet "$dll" serve --port 0 --synthetic --slots "$slots" --service-time-ms "$service" >"$work/out" 2>&1 &
  server=$!
  for _ in $(seq 300); do grep -q '^Listening on' "$work/out" && break; sleep 0.1; done
  url="$(sed -n 's/^Listening on //p' "$work/out")"
  [[ -n "$url" ]] || { echo "the server did not start within 30 s:" >&2; cat "$work/out" >&2; exit 1; }
  connections=$(( slots * 4 > 16 ? slots * 4 : 16 ))
  # Warm up (JIT) with one connection per slot, so no request queues and none is left holding a slot when it ends.
  load "$slots" 2 "$url/invocations" >/dev/null
  read -r rate p50 p99 errors < <(load "$connections" "$duration" "$url/invocations")
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  /usr/bin/python3 -c '
import sys
slots, service, rate, p50, p99, errors = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(float(sys.argv[6]))
capacity = slots * 1000 / service
note = f"  ({errors} errors)" if errors else ""
print(f"{slots:6d} {service:6.0f}ms {capacity:10.0f} {rate:10.0f} {rate / capacity:7.3f} {p50:9.2f} {p99:9.2f}{note}")
' "$slots" "$service" "$rate" "$p50" "$p99" "$errors"
done
