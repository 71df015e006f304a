#!/usr/bin/env bash
# Runs all tests: installs the toolchain and the comparison tools if missing, packs the SDK, then runs the
# unit tests and the integration tests (real dotnet builds with the real avr-gcc). Extra arguments go to
# dotnet test (e.g. --filter ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/install-deps.sh" test
"$root/eng/pack.sh"
dotnet build "$root/FBuild.sln" -c Release --nologo -v q
dotnet test "$root/FBuild.sln" -c Release --no-build --nologo "$@"
