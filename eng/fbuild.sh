#!/usr/bin/env bash
# Runs the fbuild command from this repository: builds src/FBuild.Cli (Release; a no-op when it is up to date)
# and runs it with the given arguments, e.g.
#   eng/fbuild.sh compile-many --board uno --sketch-jobs 2 examples/*
#   eng/fbuild.sh report build.binlog --html timeline.html
# The build prints nothing unless it fails (then its output goes to stderr), so the output is fbuild's alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet build "$root/src/FBuild.Cli/FBuild.Cli.csproj" -c Release --nologo -v q -clp:ErrorsOnly >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
rm -f "$log"
exec dotnet "$root/src/FBuild.Cli/bin/Release/net10.0/fbuild.dll" "$@"
