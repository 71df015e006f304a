#!/usr/bin/env bash
# The build system's own overhead (issue 16): no-ops and small builds, fresh processes against warm ones (the
# MSBuild server and node reuse), with the sketch up-to-date fast path off (A, the chain as before) and on (B),
# interleaved rep by rep so both see the same load. Summarized by `bench.py noop-targets` as the issue's targets.
#
# Usage: eng/bench/noop.sh CORPUS [--reps N] [--out FILE] [--full] [--variants fresh,warm] [--fast-path on|off|both]
#   CORPUS   a sketch set already built once (eng/examples-corpus.sh DIR 1, then a build); the sketches that fail
#            for uno should be removed (a failed compile is redone on every build and would hide the rest)
#   --reps N repetitions (default 3)
#   --out F  the summary (default eng/bench/results/noop-summary.txt; the rows go to F's folder, noop-details.tsv)
#   --full   also a clean rebuild with a warm compile cache against a cold build (cache emptied), which gives the
#            dotnet CPU against the tools' CPU of a cold build (minutes)
#   --variants LIST  which processes: fresh, warm or both (default fresh,warm)
#   --fast-path X    on (B only), off (A only) or both (default)
# Scenarios: noop100_{fresh,warm}: the whole set; noop1_{fresh,warm}: `dotnet build X.fbproj` of one sketch;
# edit1alone_warm: one sketch edited, then built alone. Fresh: DOTNET_CLI_USE_MSBUILD_SERVER=0,
# MSBUILDDISABLENODEREUSE=1, -nr:false. Warm: DOTNET_CLI_USE_MSBUILD_SERVER=1, MSBUILDDISABLENODEREUSE unset,
# -nr:true, after one unmeasured build of the same kind.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$(cd "$1" && pwd)"; shift
variants=fresh,warm fastpath=both reps=3 out="$bench/results/noop-summary.txt" full=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift ;;
    --out) out=$2; shift ;;
    --full) full=1 ;;
    --variants) variants=$2; shift ;;
    --fast-path) fastpath=$2; shift ;;
    *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
case "$fastpath" in on) abs=B ;; off) abs=A ;; both) abs="A B" ;; *) echo "--fast-path: on, off or both" >&2; exit 2 ;; esac
for v in ${variants//,/ }; do [ "$v" = fresh ] || [ "$v" = warm ] || { echo "--variants: fresh and/or warm, not $v" >&2; exit 2; }; done
has() { [[ ",$variants," == *",$1,"* ]]; }
# The real interpreter and dotnet, not shims: a shim (pyenv) changes PATH for what it starts, and PATH is part of the
# fast path's keys, so a measured no-op would differ from the unmeasured build before it and miss.
PY="$(python3 -c 'import sys; print(sys.executable)')"
DOTNET="$(readlink -f "$(command -v dotnet)")"
details="$(dirname "$out")/noop-details.tsv"
work="$(mktemp -d /tmp/fbuild-noop.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rm -f "$details"
one="$corpus/builtin/01.Basics/Blink"
n="$(find "$corpus" -name '*.fbproj' | wc -l)"
log() { printf '[noop %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# run SCENARIO REP VARIANT MODE DIR PROJECT [nomeasure]: one dotnet build, measured (fresh or warm processes).
run() {
  local scen=$1 rep=$2 var=$3 mode=$4 dir=$5 proj=$6 id="$1-$3-$2"
  local fast=true; [ "$var" = A ] && fast=false
  local -a env=(env DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1) nr=-nr:false
  [ "$mode" = warm ] && env=(env -u MSBUILDDISABLENODEREUSE DOTNET_CLI_USE_MSBUILD_SERVER=1) nr=-nr:true
  local -a cmd=("${env[@]}" "$DOTNET" build "$proj" -p:Board=uno -p:FBuildSketchFastPath=$fast "$nr" -v:q -nologo)
  if [ "${7:-}" = nomeasure ]; then (cd "$dir" && "${cmd[@]}" >/dev/null 2>&1) || true; return; fi
  (cd "$dir" && "$PY" "$bench/measure.py" --log "$work/$id.log" --json "$work/$id.json" -- "${cmd[@]}") || true
  "$PY" "$bench/bench.py" record "$details" "fbuild-$var" "$scen" "$rep" "$([ "$proj" = Sketches.proj ] && echo "$n" || echo 1)" "$work/$id.json" "" "fast path $fast, $mode"
}
stop_servers() { "$DOTNET" build-server shutdown --msbuild >/dev/null 2>&1 || true; }

log "corpus $corpus ($n sketches), $reps rep(s); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$reps"); do
  for var in $abs; do
    stop_servers
    if has fresh; then
      run noop100_fresh "$rep" $var fresh "$corpus" Sketches.proj nomeasure   # the records of this variant
      run noop100_fresh "$rep" $var fresh "$corpus" Sketches.proj
      run noop1_fresh "$rep" $var fresh "$one" Blink.fbproj
    fi
    if has warm; then
      run noop100_warm "$rep" $var warm "$corpus" Sketches.proj nomeasure
      run noop100_warm "$rep" $var warm "$corpus" Sketches.proj
      run noop1_warm "$rep" $var warm "$one" Blink.fbproj nomeasure
      run noop1_warm "$rep" $var warm "$one" Blink.fbproj
      printf '// bench edit %s %s\n' "$rep" "$(date +%s%N)" >> "$one/Blink.ino"
      run edit1alone_warm "$rep" $var warm "$one" Blink.fbproj
    fi
    log "rep $rep variant $var done; load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
if [ "$full" = 1 ]; then
  for rep in $(seq 1 "$reps"); do
    stop_servers
    rm -rf "$corpus/artifacts" "${FBUILD_CACHE_DIR:?set FBUILD_CACHE_DIR to a scratch cache for --full}"
    run cold100_fresh "$rep" B fresh "$corpus" Sketches.proj
    rm -rf "$corpus/artifacts"
    run clean_rebuild100_fresh "$rep" B fresh "$corpus" Sketches.proj
  done
fi
stop_servers
"$PY" "$bench/bench.py" noop-targets "$details" "load at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" > "$out"
cat "$out"
