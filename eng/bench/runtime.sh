#!/usr/bin/env bash
# The .NET runtime's JIT settings and FBuild: cold and no-op builds of Arduino's examples (uno) with
# `dotnet build`, once with the runtime's defaults and once per DOTNET_* setting below, interleaved (rep 1 of
# every setting, then rep 2, ...) so that all see the same machine. Writes runtime.tsv (every run, then
# medians) and runtime-summary.txt (medians and ratios to the defaults) under --out.
#
#   eng/bench/runtime.sh [--reps N] [--out DIR] [--work DIR] [--keep]
#
# Why: most of what `dotnet build` itself spends in a cold build is the runtime re-compiling MSBuild's (and
# FBuild's) hot code in the background (tiered compilation, with instrumented tier-1 code for PGO): MSBuild's
# worker nodes live seconds, not hours. The SDK cannot set these for `dotnet build` (they must be in the
# environment before the process starts); users can, in CI.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/../.." && pwd)"
reps=3 out="$bench/results" work="" keep=0 board=uno
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --out) out="$2"; shift ;;
    --work) work="$2"; shift ;;
    --keep) keep=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "--reps must be a positive number" >&2; exit 2; }
# The settings compared ("-" is the runtime's defaults).
configs=("-" "DOTNET_TieredPGO=0" "DOTNET_TieredCompilation=0" "DOTNET_TieredPGO=0 DOTNET_TC_CallCountThreshold=200")

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for v in DOTNET_TieredPGO DOTNET_TieredCompilation DOTNET_TC_CallCountThreshold DOTNET_ReadyToRun; do unset "$v"; done
PY="$(python3 -c 'import sys; print(sys.executable)')"
log() { printf '[runtime %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
if [ -z "$work" ]; then work="$(mktemp -d /tmp/fbuild-runtime.XXXXXX)"; else mkdir -p "$work"; work="$(cd "$work" && pwd)"; fi
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/m"; out="$(cd "$out" && pwd)"

log "packing the SDK; corpus in $work"
. "$bench/private-sdk.sh"
private_sdk "$root" "$work"
export FBUILD_CACHE_DIR="$work/fbuild-cache"
corpus="$work/corpus"
examples_on_feed "$root" "$work" "$corpus"

tsv="$out/runtime.tsv"
printf 'config\tscenario\trep\twall_s\tcpu_s\tdotnet_cpu_s\tpeak_rss_mb\tothers_cpu_s\n' > "$tsv"
run() {  # config scenario rep
  local id="$2-$3-$(echo "$1" | tr -c 'A-Za-z0-9\n' '_')" envs=()
  [ "$1" = "-" ] || read -r -a envs <<< "$1"
  [ "$2" = cold ] && rm -rf "$corpus/artifacts" "$FBUILD_CACHE_DIR"
  env "${envs[@]}" "$PY" "$bench/measure.py" --cwd "$corpus" --json "$work/m/$id.json" --log "$work/m/$id.log" -- \
    dotnet build Sketches.proj -p:Board=$board -v:q || true
  "$PY" - "$work/m/$id.json" "$1" "$2" "$3" >> "$tsv" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
others = 2 * m["wall_s"] - m["cpu_s"] - m.get("sys_idle_s", 0)
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4]] + ["%.2f" % m[k] for k in ("wall_s", "cpu_s", "dotnet_cpu_s")] + ["%.0f" % m["peak_rss_mb"], "%.2f" % others]))
PY
}
for rep in $(seq 1 "$reps"); do
  for c in "${configs[@]}"; do
    log "rep $rep: $c"
    run "$c" cold "$rep"
    run "$c" noop "$rep"
  done
done

"$PY" - "$tsv" "$out/runtime-summary.txt" "$(nproc)" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
rows = [r for r in rows if not r[2].endswith("median")]
keys = []
for r in rows:
    if (r[0], r[1]) not in keys: keys.append((r[0], r[1]))
med = {}
for k in keys:
    sel = [r for r in rows if (r[0], r[1]) == k]
    med[k] = [statistics.median(float(r[i]) for r in sel) for i in (3, 4, 5, 6, 7)] + [len(sel)]
with open(sys.argv[1], "a") as f:
    for k in keys:
        m = med[k]
        f.write("\t".join([k[0], k[1], "median", "%.2f" % m[0], "%.2f" % m[1], "%.2f" % m[2], "%.0f" % m[3], "%.2f" % m[4]]) + "\n")
lines = ["FBuild and the .NET runtime's JIT settings: dotnet build Sketches.proj -p:Board=uno on Arduino's 100 examples",
         "(medians of %d; cpu = all processes, compilers included; dotnet = the CLI and MSBuild's nodes)" % med[keys[0]][5], "",
         "%-52s %-6s %7s %7s %8s %7s %8s" % ("setting", "build", "wall_s", "cpu_s", "dotnet_s", "rss_mb", "vs dflt")]
for k in keys:
    m = med[k]; base = med[("-", k[1])]
    lines.append("%-52s %-6s %7.2f %7.2f %8.2f %7.0f %7.2fx" % ("(defaults)" if k[0] == "-" else k[0], k[1], m[0], m[1], m[2], m[3], m[0] / base[0]))
lines.append("")
lines.append("vs dflt: wall time against the defaults' (lower is faster). others_cpu_s in runtime.tsv: CPU used by other processes (%s CPUs)." % sys.argv[3])
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
