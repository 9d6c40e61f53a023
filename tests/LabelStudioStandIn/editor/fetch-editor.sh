#!/usr/bin/env bash
# Fetches the real Label Studio editor build (npm @heartexlabs/label-studio@1.4.0, build/static:
# js/main.js, css/main.css) into a folder the stand-in serves when STANDIN_EDITOR_DIR points at it.
# Usage: fetch-editor.sh [target-dir]   (default: this folder's build/). Returns at once when present.
set -euo pipefail
target="${1:-$(cd "$(dirname "$0")" && pwd)/build}"
if [ -f "$target/js/main.js" ] && [ -f "$target/css/main.css" ]; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @heartexlabs/label-studio@1.4.0 >/dev/null)
tar -xzf "$work"/heartexlabs-label-studio-1.4.0.tgz -C "$work" package/build/static
mkdir -p "$target"
cp -r "$work/package/build/static/." "$target/"
echo "LS editor 1.4.0 in $target"
