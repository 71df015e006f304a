#!/usr/bin/env bash
# Library resolution on the heavy corpus (issue 16: "<= 1 s cold and ~0 in a no-op"), FBuildResolveLibraries alone as
# the framework project runs it (all sketches of the set in one call), in a fresh process per run: the task assembly of
# commit BASE (A) against the working tree's (B), interleaved rep by rep so that both see the same load.
#   cold: no resolution record (it is written);  noop: the record of the cold run is present.
# Wall = the task's Execute; CPU = the process's CPU time around it (the parallel prefetch counts on every core).
#
# Usage: eng/bench/resolve-heavy.sh BASE [--reps N] [--sketches N] [--out FILE]   (default 3, 111,
#        eng/bench/results/resolve-heavy.txt). Needs NUGET_PACKAGES set as for run.sh and Debian's arduino core.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/../.." && pwd)"
base=$1; shift
reps=3 sketches=111 out="$bench/results/resolve-heavy.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift ;;
    --sketches) sketches=$2; shift ;;
    --out) out=$2; shift ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d /tmp/fbuild-resolve.XXXXXX)
cleanup() { git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

python3 "$bench/bench.py" heavy-corpus "$work/heavy" "$sketches"
git -C "$repo" worktree add --detach "$work/base" "$base" >/dev/null 2>&1
for side in A B; do
  src=$([ $side = A ] && echo "$work/base" || echo "$repo")
  dotnet build "$src/src/FBuild.Tasks" -c Release --nologo -v q -o "$work/tasks-$side" >/dev/null
  dotnet build "$bench/resolve/ResolveHarness.csproj" -c Release --nologo -v q -p:FBuildTasksDll="$work/tasks-$side/FBuild.Tasks.dll" \
    -p:BaseIntermediateOutputPath="$work/obj-$side/" -o "$work/harness-$side" >/dev/null
done
sleep 3   # the corpus's stamps settle (younger ones are racy: nothing would be recorded)

rows=()
for rep in $(seq 1 "$reps"); do
  for side in A B; do
    rm -f "$work/rec-$side"
    cold=$("$work/harness-$side/ResolveHarness" "$work/heavy" "$work/rec-$side")
    noop=$("$work/harness-$side/ResolveHarness" "$work/heavy" "$work/rec-$side")
    rows+=("$rep	$side	cold	$cold" "$rep	$side	noop	$noop")
  done
done

{
  echo "# eng/bench/resolve-heavy.sh $base --reps $reps --sketches $sketches   (A = $base $(git -C "$repo" rev-parse --short "$base"), B = working tree of $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src || echo ' + uncommitted edits'))"
  echo "# $(date -u '+%F %H:%M UTC'), $(nproc) CPUs, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rep	side	scenario	result	how	wall_ms	cpu_ms	libraries	library_sources"
  printf '%s\n' "${rows[@]}"
  echo "# medians (ms)"
  printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
med = {}
for side in "AB":
    for scen in ("cold", "noop"):
        sel = [r for r in rows if r[1] == side and r[2] == scen]
        med[side, scen] = (statistics.median(float(r[5]) for r in sel), statistics.median(float(r[6]) for r in sel))
        print("# %s %-4s wall %6.0f  cpu %6.0f" % (side, scen, *med[side, scen]))
for scen in ("cold", "noop"):
    print("# B/A %-4s wall %.2f  cpu %.2f" % (scen, med["B", scen][0] / med["A", scen][0], med["B", scen][1] / med["A", scen][1]))
same = len({(r[7], r[8]) for r in rows}) == 1
print("# results identical in every run (libraries, library sources): %s" % ("yes" if same else "NO"))
'
} | tee "$out"
