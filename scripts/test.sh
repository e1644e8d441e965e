#!/usr/bin/env bash
# Runs every RightSize test. Installs and starts what the tests need first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET SDK (dotnet) is not on PATH; install .NET SDK 10 first" >&2
  exit 2
fi

# --- Docker (owned by the Docker provider; see docs/docker.md) ------------------------------------------------------
# The Docker tests need a running dockerd and the reference model server image. When dockerd cannot run here, they
# fail with what to do, so the rest of the suite still runs.
log "docker daemon and test image"
if scripts/docker/ensure-dockerd.sh; then
  scripts/docker/build-model-server-image.sh || echo "warning: the test image did not build; the Docker tests will fail" >&2
  # The RightSize image (docs/packaging.md): a self-contained Release publish, so built here once, not in a test's time.
  scripts/docker/build-rightsize-image.sh || echo "warning: the RightSize image did not build; its test will fail" >&2
else
  echo "warning: no Docker daemon; the Docker tests will fail" >&2
fi
# --- end Docker ---------------------------------------------------------------------------------------------------

# --- Chromium (the dashboard's browser tests; see docs/dashboard.md) ----------------------------------------------
log "chromium for the dashboard tests"
if ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; } \
      || echo "warning: chromium did not install; the dashboard's browser tests will fail" >&2
  else
    echo "warning: no apt-get to install chromium; the dashboard's browser tests will fail" >&2
  fi
fi
# --- end Chromium ---------------------------------------------------------------------------------------------------

# --- nats-server (the fleet's tests; see docs/fleet.md) ------------------------------------------------------------
log "nats-server for the fleet tests"
if ! command -v nats-server >/dev/null; then
  if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >/dev/null; } \
      || echo "warning: nats-server did not install; the fleet tests will fail" >&2
  else
    echo "warning: no apt-get to install nats-server; the fleet tests will fail" >&2
  fi
fi
# --- end nats-server ------------------------------------------------------------------------------------------------

log "restore and build"
dotnet build RightSize.slnx -c Debug -nologo -v quiet

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
log "tests"
status=0
# One test assembly at a time: several measure throughput and latency, and on a 2-core machine assemblies running
# side by side would steal each other's CPU.
for project in tests/*/*.Tests.csproj; do
  dotnet test "$project" --no-build -c Debug -nologo --logger "trx" --results-directory "$results" "$@" || status=$?
done

# One closing line over every test assembly, in the plain form CI reads: 'N passed, N failed, N skipped'.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
durations = []
for path in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(path).getroot()
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        h, m, s = r.get("duration", "0:0:0").split(":")
        durations.append((int(h) * 3600 + int(m) * 60 + float(s), r.get("testName", "?")))
    c = root.find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
# The slowest tests, so the suite's time budget (about 20 minutes in CI) is spent knowingly.
print("\nslowest tests:")
for seconds, name in sorted(durations, reverse=True)[:15]:
    print(f"  {seconds:7.1f} s  {name}")
print(f"\n{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
