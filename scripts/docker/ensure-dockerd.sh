#!/usr/bin/env bash
# Makes sure a Docker daemon answers on the socket: installs docker.io when dockerd is missing and starts dockerd in the
# background when nothing answers. The daemon keeps running after this script (later runs reuse it).
#
# dockerd runs with --userland-proxy=false: traffic to ports published on 127.0.0.1 is then forwarded by the kernel
# rather than by a docker-proxy process, which would use CPU outside the endpoint's limit and cap its throughput. If
# that start fails (no iptables in the sandbox), it falls back to --iptables=false --storage-driver=vfs.
set -euo pipefail

log_file="${RIGHTSIZE_DOCKERD_LOG:-/tmp/rightsize-dockerd.log}"
socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
socket="${socket#unix://}"

answers() { command -v docker >/dev/null && docker -H "unix://$socket" version >/dev/null 2>&1; }

if answers; then
  echo "dockerd answers on $socket"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "error: no Docker daemon answers on $socket and starting one needs root; start dockerd or run as root" >&2
  exit 1
fi

if ! command -v dockerd >/dev/null; then
  echo "installing docker.io"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

# A daemon killed earlier leaves its pid file, and a new one refuses to start while it exists.
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
  rm -f /var/run/docker.pid
fi

# Starts dockerd with the given flags and waits up to 60 s for it to answer; false when it exits or does not answer.
start() {
  echo "starting dockerd $* (log: $log_file)"
  setsid nohup dockerd -H "unix://$socket" "$@" >>"$log_file" 2>&1 </dev/null &
  local pid=$!
  for _ in $(seq 1 120); do
    answers && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  return 1
}

start --userland-proxy=false || start --iptables=false --storage-driver=vfs || {
  echo "error: dockerd did not start; the end of $log_file:" >&2
  tail -n 30 "$log_file" >&2
  exit 1
}
echo "dockerd answers on $socket"
