#!/usr/bin/env bash
# Points a sketch folder anywhere on disk at the FBuild.Sdk packed from this repository (eng/pack.sh):
# writes DIR/NuGet.config (with this repo's artifacts/feed as a package source) and DIR/global.json
# (msbuild-sdks: FBuild.Sdk at this repo's version). Existing files are kept unless --force is given.
# Usage: eng/use-local-sdk.sh DIR [--force]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:?usage: use-local-sdk.sh DIR [--force]}"
force="${2:-}"
version="$(sed -n 's:.*<FBuildVersion>\(.*\)</FBuildVersion>.*:\1:p' "$root/src/Directory.Build.props")"
mkdir -p "$dir"
if [ ! -f "$dir/NuGet.config" ] || [ "$force" = --force ]; then
cat > "$dir/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="fbuild-local" value="$root/artifacts/feed" />
  </packageSources>
</configuration>
XML
fi
if [ ! -f "$dir/global.json" ] || [ "$force" = --force ]; then
cat > "$dir/global.json" <<JSON
{
  "msbuild-sdks": {
    "FBuild.Sdk": "$version"
  }
}
JSON
fi
