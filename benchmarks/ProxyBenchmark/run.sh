#!/usr/bin/env bash
# Proxy benchmark: installs nginx-light and wrk when missing, then measures the three paths.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nginx-light wrk >/dev/null
fi
dotnet run -c Release --project benchmarks/ProxyBenchmark -- "$@"
