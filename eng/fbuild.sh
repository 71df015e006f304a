#!/usr/bin/env bash
# Runs the fbuild command from this repository: builds src/FBuild.Cli (Release, quietly; a no-op when it is up to
# date) and runs it with the given arguments, e.g.
#   eng/fbuild.sh compile-many --board uno --sketch-jobs 2 examples/*
#   eng/fbuild.sh report build.binlog --html timeline.html
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/src/FBuild.Cli/FBuild.Cli.csproj" -c Release --nologo -v q -clp:ErrorsOnly >&2
exec dotnet "$root/src/FBuild.Cli/bin/Release/net10.0/fbuild.dll" "$@"
