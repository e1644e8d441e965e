# Shared by bench/*/run.sh (sourced, not run): the temp folder, starting nginx and the synthetic model server on
# 127.0.0.1, running commands with a hard time limit, and stopping everything the script started, even on failure.
# Scripts that source it get: $root, $work, $cli_dir, $rightsize (the command prefix of the built CLI), and the
# functions below.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli_dir="$root/src/RightSize.Cli/bin/Release/net10.0"
rightsize=(dotnet "$cli_dir/rightsize.dll")
work="$(mktemp -d)"
started=()

# Stops what this script started, newest first: SIGTERM (graceful: nginx stops its worker, rightsize run tears its
# endpoints down), then SIGKILL for whatever is still there 10 s later, children included.
cleanup() {
  local i pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid="${started[$i]}"
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  started=()
  rm -rf "$work"
}
trap cleanup EXIT
# The EXIT trap also runs on Ctrl+C and SIGTERM once the script exits.
trap 'exit 130' INT
trap 'exit 143' TERM

# Stops one process started by this script (graceful, then forced after 10 s) and forgets it.
stop() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
  for i in "${!started[@]}"; do [[ "${started[$i]}" == "$pid" ]] && unset 'started[i]'; done
  started=("${started[@]}")
}

# bounded SECONDS COMMAND...: runs the command in the background under timeout(1) (SIGTERM at SECONDS, SIGKILL 5 s
# later) and waits for it, so that a signal to this script reaches the trap at once and the trap can stop it.
bounded() {
  local seconds="$1" pid status=0
  shift
  timeout -k 5 "$seconds" "$@" &
  pid=$!
  started+=("$pid")
  wait "$pid" || status=$?
  unset 'started[-1]'
  return "$status"
}

# A free TCP port on 127.0.0.1 (the kernel picks it; nothing else on this machine should grab it in between).
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

build_cli() {
  dotnet build -c Release "$root/src/RightSize.Cli" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; return 1; }
}

# start_nginx CORES [WORKERS]: our own nginx (WORKERS workers, default one, pinned to CORES, no logs) answering every GET with a 3-byte body.
# Sets nginx_url. keepalive_requests is raised so that no generator pays for reconnects every 1,000 requests
# (nginx's default), which would measure connection setup rather than the request loop.
start_nginx() {
  local core="$1" workers="${2:-1}" port
  port="$(free_port)"
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $workers;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    default_type text/plain;
    location / { return 200 "ok\n"; }
  }
}
EOF
  taskset -c "$core" /usr/sbin/nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
  started+=("$!")
  nginx_url="http://127.0.0.1:$port/"
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$nginx_url" && return 0
    sleep 0.1
  done
  echo "nginx did not answer on $nginx_url within 10 s:" >&2
  cat "$work/nginx/error.log" >&2
  return 1
}

# start_synthetic CORE ARGS...: the reference model server in synthetic mode (Release build), pinned to CORE, on a free
# port. ARGS are its options (--slots N --service-time-ms T ...). Sets synthetic_url (the /invocations URL) and
# synthetic_pid.
start_synthetic() {
  local core="$1" out="$work/synthetic.out"
  shift
  taskset -c "$core" dotnet "$cli_dir/RightSize.ModelServer.dll" serve --port 0 --synthetic "$@" >"$out" 2>&1 &
  synthetic_pid=$!
  started+=("$synthetic_pid")
  for _ in $(seq 300); do grep -q '^Listening on' "$out" && break; sleep 0.1; done
  synthetic_url="$(sed -n 's/^Listening on //p' "$out")/invocations"
  [[ "$synthetic_url" == http://127.0.0.1:* ]] || { echo "the synthetic server did not start within 30 s:" >&2; cat "$out" >&2; return 1; }
}
