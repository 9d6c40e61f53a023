#!/usr/bin/env bash
# Installs the real OpenID provider the sign-in tests start on loopback: npm oidc-provider 9.13.3
# (panva, OpenID Certified) into tests/OidcProvider/node_modules (git-ignored), from the committed
# package-lock.json. Idempotent: quick when it is already there.
set -euo pipefail

node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/OidcProvider"
if [[ ! -f "$node_dir/node_modules/oidc-provider/package.json" ]] \
   || ! grep -q '"version": "9.13.3"' "$node_dir/node_modules/oidc-provider/package.json"; then
  echo "oidc-provider.sh: installing oidc-provider into $node_dir"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "oidc-provider.sh: oidc-provider $(node -p "require('$node_dir/node_modules/oidc-provider/package.json').version")"
