#!/usr/bin/env bash
# Builds the RightSize image (rightsize serve, agent, ...) from deploy/docker/Dockerfile without any registry: publishes
# src/RightSize.Cli self-contained for linux-x64, makes the minimal base by `docker import`ing a root filesystem of the
# C and C++ runtime libraries the publish links against (as build-model-server-image.sh does), plus /etc/passwd with
# the image's user (uid 10001) and /tmp, then `docker build`s the Dockerfile on it. IMAGE defaults to rightsize/rightsize:local.
#
# Idempotent: the image carries a label with a hash of the sources, the Dockerfile and this script; when an image with
# the same hash exists, nothing is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-rightsize/rightsize:local}"
base="rightsize/base:local"
source_hash="$( { git ls-files -s src Directory.Build.props Directory.Packages.props global.json deploy/docker/Dockerfile "$0"; \
  git describe --tags --always 2>/dev/null || true; } | sha256sum | cut -c1-16)"
if [ "$(docker image inspect --format '{{ index .Config.Labels "rightsize.source-hash" }}' "$image" 2>/dev/null || true)" = "$source_hash" ]; then
  echo "$image is up to date ($source_hash)"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
context="$work/context"
rootfs="$work/rootfs"
mkdir -p "$context/data" "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"

# The model server first: the CLI's publish carries its dll and apphost but not its deps.json, without which a
# self-contained apphost cannot start (the server starts it for builtin:* models).
dotnet publish src/RightSize.ModelServer -c Release -r linux-x64 --self-contained -o "$context/app" -nologo -v quiet
dotnet publish src/RightSize.Cli -c Release -r linux-x64 --self-contained -o "$context/app" -nologo -v quiet

# The libraries the apphosts and the runtime's native parts link against (libc, libm, libstdc++, libgcc_s, ld-linux),
# at this machine's paths so the dynamic loader finds them, and OpenSSL, which the runtime loads at run time for the
# server's SigV4 HMACs (ldd cannot see it). Other optional ones are left out: the runtime loads them only for features
# RightSize does not use (LTTng, GSSAPI; globalization is invariant).
openssl="$(ldconfig -p | grep -o '/[^ ]*/lib\(ssl\|crypto\)\.so\.3$' | sort -u)"
for library in $(ldd "$context/app/rightsize" "$context/app/RightSize.ModelServer" "$context"/app/*.so $openssl 2>/dev/null \
    | grep -o '/[^ :]*\.so[^ :]*' | grep -v "^$context" | sort -u) $openssl; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nrightsize:x:10001:10001:rightsize:/data:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nrightsize:x:10001:\n' > "$rootfs/etc/group"
tar -C "$rootfs" -c . | docker import - "$base" >/dev/null

docker build -q -f deploy/docker/Dockerfile --build-arg BASE="$base" --label "rightsize.source-hash=$source_hash" -t "$image" "$context" >/dev/null
echo "built $image ($source_hash)"
