#!/usr/bin/env bash
# Packs FBuild.Sdk (MSBuild files + task assembly) and FBuild.Templates (dotnet new fbsketch and fbsketches, the
# same version) into artifacts/feed, the local feed NuGet.config names, and makes sure the NuGet cache does not
# hold another SDK package of the same version (from an older pack or another checkout), so the next build
# resolves the SDK exactly as it is in src/ now. The packs are skipped when src/ has not changed since the last.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:.*<FBuildVersion>\(.*\)</FBuildVersion>.*:\1:p' "$root/src/Directory.Build.props")"
feed="$root/artifacts/feed"
nupkg="$feed/FBuild.Sdk.$version.nupkg"
templates="$feed/FBuild.Templates.$version.nupkg"
stamp="$feed/.fbuild-sdk.stamp"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/fbuild.sdk/$version"
hash="$(cd "$root" && find src -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if ! { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$nupkg" ] && [ -f "$templates" ]; }; then
  mkdir -p "$feed"
  rm -f "$nupkg" "$templates"
  dotnet pack "$root/src/FBuild.Sdk/FBuild.Sdk.csproj" -c Release -o "$feed" --nologo -v q
  dotnet pack "$root/src/FBuild.Templates/FBuild.Templates.csproj" -c Release -o "$feed" --nologo -v q
  echo "$hash" > "$stamp"
  echo "Packed FBuild.Sdk and FBuild.Templates $version into $feed"
fi
# NuGet keeps the extracted package's SHA-512 beside it: drop the cached copy unless it is this very package.
want="$(openssl dgst -sha512 -binary "$nupkg" | base64 -w0)"
have="$(cat "$cache/fbuild.sdk.$version.nupkg.sha512" 2>/dev/null || true)"
if [ "$want" != "$have" ] && [ -d "$cache" ]; then
  rm -rf "$cache"
  echo "Removed a stale FBuild.Sdk $version from the NuGet cache"
fi
