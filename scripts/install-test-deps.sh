#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian/Ubuntu machine (run as root, or with sudo):
# each scripts/deps/*.sh installs one thing and returns at once when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in scripts/deps/*.sh; do
  echo "== ${script}"
  bash "${script}"
done
