#!/usr/bin/env bash
# Redis server binary: the AppHost's local mode and the tests run their own redis-server with it.
set -euo pipefail
if command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian starts a system-wide server on 6379; Labelit runs its own, so keep the port free.
(systemctl disable --now redis-server || service redis-server stop) >/dev/null 2>&1 || true
