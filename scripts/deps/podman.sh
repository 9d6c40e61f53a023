#!/usr/bin/env bash
# podman (Docker-compatible API) + runc, and a local image that runs the LS stand-in, for the
# Worker's container runtime test (tests/Worker.Tests/ContainerRuntimeTests.cs). No registry is
# reachable: the image is a debootstrapped minimal Debian imported into podman; the test
# bind-mounts the .NET runtime and the built stand-in into it read-only.
# Run as root on Debian 12. Idempotent: quick when everything is there (first run about 1 minute).
set -euo pipefail

image="localhost/labelit-ls-standin:bookworm"
work="/var/tmp/labelit-podman"

missing=()
for package in podman runc debootstrap; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "podman.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$work"
cat > "$work/containers.conf" <<'CONF'
[engine]
runtime = "runc"
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
CONF
export CONTAINERS_CONF="$work/containers.conf"

if ! podman image exists "$image"; then
  echo "podman.sh: building $image"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=libssl3,ca-certificates bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
  tar -C "$work/rootfs" -c . | podman import --quiet - "$image" >/dev/null
  rm -rf "$work/rootfs"
fi
echo "podman.sh: $image ready (CONTAINERS_CONF=$work/containers.conf)"
