#!/usr/bin/env bash
# Builds the reference model server as a Docker image without any registry: publishes it framework-dependent, copies
# the host's .NET runtime and the shared libraries it links against into a minimal root filesystem, and `docker import`s
# that as IMAGE (default rightsize/model-server:test). `docker run IMAGE serve` then serves the SageMaker container
# contract on port 8080 of every interface, with the model at /opt/ml/model.
#
# Idempotent: the image carries a label with a hash of the server's sources and the runtime version; when an image
# with the same hash exists, nothing is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-rightsize/model-server:test}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version="$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)"
aspnet_version="$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)"

source_hash="$( { git ls-files -s src/RightSize.ModelServer Directory.Build.props Directory.Packages.props global.json \
  "$0"; echo "$runtime_version $aspnet_version"; } | sha256sum | cut -c1-16)"
if [ "$(docker image inspect --format '{{ index .Config.Labels "rightsize.source-hash" }}' "$image" 2>/dev/null || true)" = "$source_hash" ]; then
  echo "$image is up to date ($source_hash)"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/app" "$rootfs/opt/ml/model" "$rootfs/usr/share/dotnet/shared" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"

dotnet publish src/RightSize.ModelServer -c Release -o "$rootfs/app" -nologo -v quiet -p:UseAppHost=false
cp "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/"
cp -r "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
for framework in "Microsoft.NETCore.App/$runtime_version" "Microsoft.AspNetCore.App/$aspnet_version"; do
  mkdir -p "$rootfs/usr/share/dotnet/shared/$(dirname "$framework")"
  cp -r "$dotnet_root/shared/$framework" "$rootfs/usr/share/dotnet/shared/$framework"
done

# The C and C++ runtime libraries the host and the runtime's native parts link against (libc, libm, libstdc++, ...),
# at the same paths as on this machine so the dynamic loader finds them. Optional ones ldd cannot find are left out:
# the runtime loads them only for features the server does not use (LTTng tracing, GSSAPI, OpenSSL). /app/*.so is ONNX
# Runtime's native library (builtin:onnx), which links against libstdc++ and libgcc_s too.
for library in $(ldd "$rootfs/usr/share/dotnet/dotnet" "$rootfs"/usr/share/dotnet/shared/*/*/*.so "$rootfs"/app/*.so 2>/dev/null \
    | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$rootfs" | sort -u); do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

tar -C "$rootfs" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/share/dotnet/dotnet", "/app/RightSize.ModelServer.dll"]' \
  --change 'CMD ["serve"]' \
  --change 'EXPOSE 8080' \
  --change 'ENV RIGHTSIZE_BIND_HOST=0.0.0.0 DOTNET_LTTng=0 DOTNET_CLI_TELEMETRY_OPTOUT=1' \
  --change "LABEL rightsize.source-hash=$source_hash" \
  - "$image" >/dev/null
echo "built $image ($source_hash)"
