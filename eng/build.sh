#!/usr/bin/env bash
# Builds the samples (default board: uno) with the SDK as it is in src/: installs the toolchain if missing,
# packs the SDK, then runs `dotnet build samples/Sketches.proj`. Extra arguments go to dotnet build,
# e.g. eng/build.sh -p:Board=mega
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/install-deps.sh" build
"$root/eng/pack.sh"
board=(-p:Board=uno)
for a in "$@"; do case "$a" in -p:Board=*|/p:Board=*|-property:Board=*) board=();; esac; done
exec dotnet build "$root/samples/Sketches.proj" "${board[@]}" "$@"
