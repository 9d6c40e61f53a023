#!/usr/bin/env bash
# The test command: installs what the tests need (PostgreSQL, Chromium, S3 servers), then runs
# every test project. The tests start their own throwaway servers on 127.0.0.1 and stop them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  bash scripts/install-test-deps.sh
else
  sudo bash scripts/install-test-deps.sh
fi

log=$(mktemp)
status=0
# Build once in parallel, then run the test assemblies one at a time: several of them start real
# servers (PostgreSQL clusters, LS stand-ins on the Worker's port range, S3 servers, Chromium), and
# on a 2-core machine running them side by side only adds port races and timeouts.
dotnet build Labelit.sln -v quiet -nologo
dotnet test Labelit.sln --no-build -m:1 --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '/^ *Passed: *[0-9]+ *$/ {p += $2} /^ *Failed: *[0-9]+ *$/ {f += $2} /^ *Skipped: *[0-9]+ *$/ {s += $2}
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# CI keeps only the tail of this output: name each failed test and its message again at the end.
if grep -qE '^ *Failed [A-Za-z]' "$log"; then
  echo "Failed tests:"
  # Each failure with its whole message (up to 60 lines: an AppHost's output says why it never started).
  awk '/^ *Failed [A-Za-z]/ {show = 1; n = 0} /^ *Stack Trace:/ {show = 0} show && n++ < 60' "$log" | cut -c1-400
fi
rm -f "$log"
exit "$status"
