#!/usr/bin/env bash
# Where `rightsize load` spends its core in the setting of bench/http/run.sh (nginx on core 0, the generator on core 1,
# 32 connections): a perf profile of the generator, summed by binary and by function. Not run by CI.
#
#   bench/http/profile.sh [--no-build] [--client socket|httpclient] [--duration SECONDS]
#
# Needs perf (Debian: linux-perf). .NET writes /tmp/perf-PID.map (DOTNET_PerfMapEnabled=1) so that perf can name
# JIT-compiled methods; W^X is off, else perf sees JIT code as an anonymous memfd. The first 2 s (start-up, JIT) are
# left out of the profile.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

duration=10 build=1 client=socket
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --client) client="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    *) echo "unknown option '$1'; use --no-build, --client socket|httpclient or --duration SECONDS" >&2; exit 2 ;;
  esac
  shift
done

[[ $build -eq 1 ]] && build_cli
machine
start_nginx 0
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 taskset -c 1 "${rightsize[@]}" load "$nginx_url" -m GET -c 32 -d "${duration}s" --client "$client" --json \
  >"$work/load.json" &
load=$!
started+=("$load")
sleep 2
bounded $((duration + 30)) perf record -q -F 999 -g -p "$load" -o "$work/perf.data" -- sleep $((duration - 3)) 2>/dev/null
wait "$load"
echo "rightsize load --client $client: $(/usr/bin/python3 -c "import json, sys; print(round(json.load(open(sys.argv[1]))['rps']), 'req/s')" "$work/load.json")"
echo "== by binary (self time)"
perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "== top functions (self time)"
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -30 | cut -c1-160
rm -f "/tmp/perf-$load.map" "/tmp/perfinfo-$load.map"
