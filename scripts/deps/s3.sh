#!/usr/bin/env bash
# Installs the two real S3-compatible servers the storage plugin tests start themselves:
#   - OpenStack Swift with its s3api middleware (Debian packages; verifies SigV4 signatures),
#   - npm fauxqs 1.9.2 (into tests/Plugins.Tests/node/node_modules, git-ignored).
# Run as root on Debian 12. Idempotent: quick when everything is already there.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
swift_packages=(swift swift-proxy swift-account swift-container swift-object memcached)

missing=()
for package in "${swift_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "s3.sh: installing ${missing[*]}"
  apt-get update -qq
  # The packages' own services are not wanted: the tests start private servers on loopback ports.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Swift reads its hash settings from this fixed path whatever config folder the servers are given.
if [[ ! -s /etc/swift/swift.conf ]]; then
  mkdir -p /etc/swift
  cat > /etc/swift/swift.conf <<'CONF'
[swift-hash]
swift_hash_path_prefix = labelit-tests
swift_hash_path_suffix = labelit-tests

[storage-policy:0]
name = Policy-0
default = yes
CONF
fi

node_dir="$repo_root/tests/Plugins.Tests/node"
if [[ ! -f "$node_dir/node_modules/fauxqs/package.json" ]] \
   || ! grep -q '"version": "1.9.2"' "$node_dir/node_modules/fauxqs/package.json"; then
  echo "s3.sh: installing fauxqs into $node_dir"
  if [[ -f "$node_dir/package-lock.json" ]]; then
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
fi

echo "s3.sh: swift $(dpkg-query -W -f='${Version}' swift), fauxqs $(node -p "require('$node_dir/node_modules/fauxqs/package.json').version")"
