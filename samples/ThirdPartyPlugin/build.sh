#!/usr/bin/env bash
# Builds the sample plugin the way a third party would, against the SDK *package* only, and drops
# it into a Labelit plugins directory.
#   samples/ThirdPartyPlugin/build.sh [plugins-directory]   (default: artifacts/plugins)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
plugins_directory="${1:-$repo_root/artifacts/plugins}"

# 1. The SDK as a NuGet package in a local folder feed (what a third party would get from a feed).
dotnet pack "$repo_root/src/Plugins.Abstractions" -c Release -o "$repo_root/artifacts/sdk-feed" --nologo -v quiet
# A rebuilt package keeps its version: drop the cached copy so the sample compiles against this one.
rm -rf "$repo_root/artifacts/sample-packages/labelit.plugins.abstractions"

# 2. The plugin, restored through the sample's own nuget.config, published into its plugin folder.
dotnet publish "$here/Acme.Labelit.MemoryStorage.csproj" -c Release -o "$plugins_directory/AcmeMemoryStorage" --nologo -v quiet
echo "Sample plugin published to $plugins_directory/AcmeMemoryStorage"
