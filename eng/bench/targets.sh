#!/usr/bin/env bash
# Every target of issue 16 in one run: the parts below, then `bench.py targets` writes DIR/targets.txt (a line per
# target: measured, target, met/missed). See eng/bench/README.md ("Issue 16's targets in one run").
#
# Usage: eng/bench/targets.sh [--out DIR] [--reps N] [--heavy-reps N] [--heavy-sketches N] [--pch-sketches N]
#                             [--memory-x X] [--cold-env "VAR=VALUE ..."] [--skip run,noop,heavy,pch,memory] [--keep]
#   --out DIR          results (default eng/bench/results/targets): targets.txt, targets.log, and each part's files
#   --reps N           repetitions of run.sh's scenarios and of noop.sh (default 3)
#   --heavy-reps N     repetitions of the heavy corpus in run.sh, of heavy-stage1 and of each PCH compile (default 1)
#   --heavy-sketches N sketches of the heavy corpus (default 111, as a big LED library's examples)
#   --pch-sketches N   heavy sketches whose compile is timed with and without its PCH (default 3)
#   --memory-x X       the memory part's larger corpus: X copies of the samples (default 10)
#   --cold-env "V=X"   run.sh's cold_env scenario (default "DOTNET_TieredCompilation=0"; "" = none)
#   --skip LIST        parts not to run: run (run.sh --quick: cold, no-op, clean rebuild, heavy, ideal replays),
#                      noop (noop.sh: no-ops fresh and warm, one sketch alone), heavy (bench.py heavy-stage1: library
#                      resolution, stage 1 width), pch (bench.py pch-heavy), memory (bench.py memory-floor)
#   --keep             keep the scratch folder
# Plumbing check (minutes, not figures): --reps 1 --heavy-reps 1 --heavy-sketches 4 --pch-sketches 2 --memory-x 2
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/../.." && pwd)"
out="$bench/results/targets" reps=3 heavy_reps=1 heavy_n=111 pch_n=3 mem_x=10 cold_env="DOTNET_TieredCompilation=0" skip="" keep=0
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --heavy-reps) heavy_reps="$2"; shift ;;
    --heavy-sketches) heavy_n="$2"; shift ;;
    --pch-sketches) pch_n="$2"; shift ;;
    --memory-x) mem_x="$2"; shift ;;
    --cold-env) cold_env="$2"; shift ;;
    --skip) skip="$2"; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
  shift
done
for n in "$reps" "$heavy_reps" "$heavy_n" "$pch_n" "$mem_x"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $n" >&2; exit 2; }
done
[ "$pch_n" -ge 2 ] || { echo "--pch-sketches must be >= 2 (a PCH is built for includes 2 sketches share)" >&2; exit 2; }
[ "$mem_x" -ge 2 ] || { echo "--memory-x must be >= 2" >&2; exit 2; }
for p in ${skip//,/ }; do
  case "$p" in run|noop|heavy|pch|memory) ;; *) echo "--skip: unknown part $p" >&2; exit 2 ;; esac
done
skipped() { [[ ",$skip," == *",$1,"* ]]; }

# The real interpreter and dotnet, not shims: a shim (pyenv) changes PATH, and PATH is part of the fast path's keys.
PY="$(python3 -c 'import sys; print(sys.executable)')"
DOTNET_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
export PATH="$(dirname "$PY"):$DOTNET_DIR:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"; out="$(cd "$out" && pwd)"
log_file="$out/targets.log"
: > "$log_file"
log() { printf '[targets %s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$log_file" >&2; }
work="$(mktemp -d /tmp/fbuild-targets.XXXXXX)"
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
rm -f "$out/targets.txt" "$out/heavy-stage1.txt" "$out/pch-heavy.txt" "$out/memory-floor.txt"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log "results to $out, scratch $work; skip: ${skip:-none}; log $log_file"

# The SDK: packed once, a private feed and NuGet cache for the parts after run.sh (which makes its own).
. "$bench/private-sdk.sh"
private_sdk "$root" "$work" 2>> "$log_file"

if ! skipped run; then
  log "run.sh --quick --reps $reps --heavy-reps $heavy_reps --heavy-sketches $heavy_n --ab-reps 0 --cold-env '$cold_env'"
  "$bench/run.sh" --quick --reps "$reps" --heavy-reps "$heavy_reps" --heavy-sketches "$heavy_n" --ab-reps 0 \
    --cold-env "$cold_env" --out "$out/run" --work "$work/run" >> "$log_file" 2>&1 || log "run.sh failed (see the log)"
  rm -rf "$work/run"
fi

export FBUILD_CACHE_DIR="$work/cache"
corpus="$work/corpus"
# The SDK resolved here once: heavy-stage1 and the others find it in NUGET_PACKAGES.
examples_on_feed "$root" "$work" "$corpus"

if ! skipped noop; then
  log "noop.sh on the 100 examples: fast path on, fresh and warm, $reps rep(s)"
  (cd "$corpus" && env DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 dotnet build Sketches.proj -p:Board=uno -v:q -nologo >> "$log_file" 2>&1) || true
  mkdir -p "$out/noop"
  "$bench/noop.sh" "$corpus" --reps "$reps" --fast-path on --variants fresh,warm --out "$out/noop/noop-summary.txt" >> "$log_file" 2>&1 ||
    log "noop.sh failed (see the log)"
  dotnet build-server shutdown --msbuild >/dev/null 2>&1 || true
fi
if ! skipped heavy; then
  log "bench.py heavy-stage1: $heavy_n sketches, $heavy_reps rep(s)"
  "$PY" "$bench/bench.py" heavy-stage1 "$out/heavy-stage1.txt" "$heavy_n" "$heavy_reps" >> "$log_file" 2>&1 || log "heavy-stage1 failed (see the log)"
fi
if ! skipped pch; then
  log "bench.py pch-heavy: $pch_n sketches, $heavy_reps rep(s)"
  "$PY" "$bench/bench.py" pch-heavy "$out/pch-heavy.txt" "$pch_n" "$heavy_reps" >> "$log_file" 2>&1 || log "pch-heavy failed (see the log)"
fi
if ! skipped memory; then
  log "bench.py memory-floor: the samples x1 and x$mem_x"
  "$PY" "$bench/bench.py" memory-floor "$out/memory-floor.txt" "$mem_x" >> "$log_file" 2>&1 || log "memory-floor failed (see the log)"
fi

echo "load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; reps $reps, heavy reps $heavy_reps, heavy sketches $heavy_n" > "$out/load.txt"
"$PY" "$bench/bench.py" targets "$out" > "$out/targets.txt"
cat "$out/targets.txt"
