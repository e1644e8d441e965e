#!/usr/bin/env bash
# Measures how close the synthetic model's throughput stays to its true capacity (slots / service time) under wrk.
#
#   bench/modelserver/synthetic-capacity.sh [--duration SECONDS] [SLOTS:SERVICE_MS ...]
#
# Each case starts a fresh Release server on 127.0.0.1 (any free port, pinned to core 0), runs wrk pinned to core 1 with
# 4 x SLOTS connections (at least 16: a queue deep enough that a briefly descheduled client leaves no slot idle)
# for the duration after a 2 s warm-up, and prints the measured rate against SLOTS / SERVICE_MS. The warm-up uses one
# connection per slot: requests abandoned by a finished wrk still hold their slots (as in a real server), and a queue
# of them would eat into the measured run.
# Needs wrk (apt-get install -y wrk).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration=5
cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    *:*) cases+=("$1") ;;
    *) echo "unknown argument '$1'; give --duration SECONDS and SLOTS:SERVICE_MS cases" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#cases[@]} -gt 0 ]] || cases=(1:10 4:20 2:50 10:10 20:10 50:10 100:10 200:10 400:10 100:2 1:1)

dotnet build -c Release "$root/src/RightSize.ModelServer" -v quiet -nologo >/dev/null
dll="$root/src/RightSize.ModelServer/bin/Release/net10.0/RightSize.ModelServer.dll"
work="$(mktemp -d)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.body = "1,2,3"\nwrk.headers["Content-Type"] = "text/csv"\n' >"$work/post.lua"

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
  taskset -c 1 wrk -t1 -c "$slots" -d 2s -s "$work/post.lua" "$url/invocations" >/dev/null
  taskset -c 1 wrk -t1 -c "$connections" -d "${duration}s" --latency -s "$work/post.lua" "$url/invocations" >"$work/wrk"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  /usr/bin/python3 - "$slots" "$service" "$work/wrk" <<'PY'
import re, sys
slots, service, path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
text = open(path).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def ms(label):
    value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
capacity = slots * 1000 / service
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
note = f"  ({errors.group(1)} errors)" if errors else ""
print(f"{slots:6d} {service:6.0f}ms {capacity:10.0f} {rate:10.0f} {rate / capacity:7.3f} {ms('50'):9.2f} {ms('99'):9.2f}{note}")
PY
done
