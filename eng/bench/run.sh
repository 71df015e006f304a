#!/usr/bin/env bash
# Benchmarks FBuild against the ideal (its own tool commands replayed by xargs) and against arduino-builder's
# one-process-per-sketch loop, on Arduino's examples for uno. See eng/bench/README.md.
#
# Usage: eng/bench/run.sh [--quick] [--reps N] [--out DIR] [--copies K] [--ab-reps N] [--ab-limit N]
#                         [--nocache-limit N] [--scale LIST] [--scale-reps N] [--no-green] [--work DIR] [--keep]
#                         [--heavy-reps N] [--heavy-sketches N] [--cold-env "VAR=VALUE ..."]
#   --quick       1 repetition, arduino-builder on the first 20 sketches only (scaled; without -build-cache
#                 the first 5), no green-corpus scenarios and no scale runs: about a minute once the SDK is packed
#   --reps N      repetitions of every FBuild scenario and of the ideal replay (default 3, --quick 1)
#   --out DIR     results folder (default eng/bench/results); its bench/summary files are replaced
#   --copies K    the corpus holds K copies of the 100 examples (eng/examples-corpus.sh DIR K)
#   --ab-reps N   repetitions of the arduino-builder loops and the per-sketch dotnet builds (default 1)
#   --ab-limit N  arduino-builder (with -build-cache) builds only the first N sketches, and the total is scaled
#                 (default: all of copy 1; --quick 20)
#   --nocache-limit N  the same for arduino-builder without -build-cache (default 20, --quick 5; 0 = all)
#   --scale LIST  corpus sizes for the scale runs, in copies of the examples, comma-separated (default 1,4,10;
#                 --quick none); FBuild cold at every size, the ideal replay and a no-op at the first and last
#   --scale-reps N  repetitions of the scale runs (default 1)
#   --no-green    skip the noop/edit1 runs on the 87-sketch corpus (the 13 that fail for uno removed)
#   --work DIR    scratch folder (default: a new mktemp -d under /tmp, removed at the end unless --keep)
#   --heavy-reps N  the heavy corpus's scenarios and replay in the first N repetitions only (default: all)
#   --heavy-sketches N  sketches in the heavy corpus (default 111, the size of a big LED library's examples)
#   --cold-env "VAR=VALUE ..."  adds the scenario cold_env: a cold build of the examples with these variables set
#                 (e.g. DOTNET_TieredCompilation=0), right after cold in every repetition
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/../.." && pwd)"
board=uno
quick=0 reps="" heavy_reps="" heavy_n=111 cold_env="" out="$bench/results" copies=1 ab_reps=1 ab_limit="" nc_limit="" scale="" scale_reps=1 green="" work="" keep=0
usage() { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --reps) reps="$2"; shift ;;
    --heavy-reps) heavy_reps="$2"; shift ;;
    --cold-env) cold_env="$2"; shift ;;
    --heavy-sketches) heavy_n="$2"; shift ;;
    --out) out="$2"; shift ;;
    --copies) copies="$2"; shift ;;
    --ab-reps) ab_reps="$2"; shift ;;
    --ab-limit) ab_limit="$2"; shift ;;
    --nocache-limit) nc_limit="$2"; shift ;;
    --scale) scale="$2"; shift ;;
    --scale-reps) scale_reps="$2"; shift ;;
    --no-green) green=0 ;;
    --work) work="$2"; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  : "${reps:=1}" "${ab_limit:=20}" "${nc_limit:=5}" "${scale:=none}" "${green:=0}"
else
  : "${reps:=3}" "${ab_limit:=0}" "${nc_limit:=20}" "${scale:=1,4,10}" "${green:=1}"
fi
[ "$scale" = none ] && scale=""
: "${heavy_reps:=$reps}"
for v in $cold_env; do [[ "$v" =~ ^[A-Za-z_][A-Za-z0-9_]*=.*$ ]] || { echo "--cold-env: not VAR=VALUE: $v" >&2; exit 2; }; done
scale_sizes="${scale//,/ }"
for n in "$reps" "$heavy_reps" "$heavy_n" "$copies" "$ab_reps" "$ab_limit" "$nc_limit" "$scale_reps" $scale_sizes; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
[ "$reps" -ge 1 ] && [ "$copies" -ge 1 ] && [ "$scale_reps" -ge 1 ] || { echo "--reps, --copies and --scale-reps must be >= 1" >&2; exit 2; }
for k in $scale_sizes; do [ "$k" -ge 1 ] || { echo "--scale sizes must be >= 1" >&2; exit 2; }; done

# The environment's settings, kept (and set to these values when missing), and recorded in machine.txt.
env_note=""
[ -n "${MSBUILDDISABLENODEREUSE+x}" ] || { export MSBUILDDISABLENODEREUSE=1; env_note+=" MSBUILDDISABLENODEREUSE was unset: set to 1;"; }
[ -n "${DOTNET_CLI_USE_MSBUILD_SERVER+x}" ] || { export DOTNET_CLI_USE_MSBUILD_SERVER=0; env_note+=" DOTNET_CLI_USE_MSBUILD_SERVER was unset: set to 0;"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in dotnet avr-gcc arduino-builder xargs; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
# The real interpreter, not a shim: a shim's own children would show up in the sampler's rusage.
PY="$(python3 -c 'import sys; print(sys.executable)')"
measure() { "$PY" "$bench/measure.py" "$@"; }
helper() { "$PY" "$bench/bench.py" "$@"; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ -z "$work" ]; then
  work="$(mktemp -d /tmp/fbuild-bench.XXXXXX)"
else
  mkdir -p "$work"; work="$(cd "$work" && pwd)"
fi
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out/bench.tsv" "$out/details.tsv" "$out/summary.txt" "$out/bench.svg" "$out/machine.txt" \
      "$out/fbuild-phases.tsv" "$out/fbuild-cold-trace.txt" "$out/arduino-builder-sketches.tsv"
details="$out/details.tsv"
mkdir -p "$work/m" "$work/logs"
log "work folder $work; results to $out; reps $reps; quick $quick"
load_start="$(cat /proc/loadavg)"

# ---------------------------------------------------------------- 1. SDK and corpus
log "packing the SDK (eng/pack.sh)"
"$root/eng/pack.sh" >&2
version="$(sed -n 's:.*<FBuildVersion>\(.*\)</FBuildVersion>.*:\1:p' "$root/src/Directory.Build.props")"
# A private copy of the package and a private NuGet cache: another checkout packing meanwhile cannot swap the
# SDK under the benchmark.
mkdir -p "$work/feed"
cp "$root/artifacts/feed/FBuild.Sdk.$version.nupkg" "$work/feed/"
export NUGET_PACKAGES="$work/nuget"
# A compile cache private to the benchmark: emptied by every cold run, kept by clean_rebuild (warm cache).
export FBUILD_CACHE_DIR="$work/fbuild-cache"
point_at_feed() {  # corpus dir
  cat > "$1/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="fbuild-bench" value="$work/feed" />
  </packageSources>
</configuration>
XML
}
# A private copy of Debian's core, so that core_header can touch one of its headers: the examples corpus and the
# scale corpora build against it (-p:FBuildPlatformPath, an SDK property); the samples, heavy and green corpora and
# the per-sketch builds use Debian's own (/usr/share; the green corpus's no-op must not see the touched header).
hardware="${ARDUINO_HARDWARE:-/usr/share/arduino/hardware}"
platform_copy="$work/hardware/arduino/avr"
rm -rf "$platform_copy"; mkdir -p "$(dirname "$platform_copy")"
cp -rL "$hardware/arduino/avr" "$platform_copy"
core_header_rel="cores/arduino/Arduino.h"   # included by every sketch, every core source and every library
[ -f "$platform_copy/$core_header_rel" ] || { echo "missing $platform_copy/$core_header_rel" >&2; exit 1; }
declare -A dir_platform   # corpus folder -> the FBuildPlatformPath its builds get (none: the SDK discovers Debian's)
log "making the corpus (eng/examples-corpus.sh, $copies cop(ies))"
corpus="$work/corpus"
"$root/eng/examples-corpus.sh" "$corpus" "$copies" >/dev/null
point_at_feed "$corpus"
dir_platform[$corpus]="$platform_copy"
nsketches="$(find "$corpus" -name '*.fbproj' | wc -l)"
edit_rel="builtin/01.Basics/Blink/Blink.ino"
[ "$copies" -gt 1 ] && edit_rel="copy1/$edit_rel"
[ -f "$corpus/$edit_rel" ] || { echo "missing $corpus/$edit_rel" >&2; exit 1; }
# The samples as a second corpus (10 sketches, 2 user libraries).
samples_dir="$work/samples"
rm -rf "$samples_dir"; cp -r "$root/samples" "$samples_dir"; rm -rf "$samples_dir/artifacts"
"$root/eng/use-local-sdk.sh" "$samples_dir" --force >/dev/null   # global.json (the SDK version) ...
point_at_feed "$samples_dir"                                      # ... from the benchmark's private feed
samples_n="$(find "$samples_dir" -name '*.fbproj' | wc -l)"
samples_edit_rel="HelloSerial/HelloSerial.ino"
# A heavy corpus: sketches that each include a generated header-heavy library (like a big LED library's examples).
heavy_dir="$work/heavy"
rm -rf "$heavy_dir"; helper heavy-corpus "$heavy_dir" "$heavy_n"
"$root/eng/use-local-sdk.sh" "$heavy_dir" --force >/dev/null
point_at_feed "$heavy_dir"
heavy_edit_rel="Heavy01/Heavy01.ino"
# Resolve (extract) the SDK once, outside any measurement.
(cd "$corpus" && dotnet msbuild Sketches.proj -p:Board=$board -getProperty:UsingFBuildSdk >/dev/null)

# ---------------------------------------------------------------- helpers
fbuild() {  # scenario rep dir sketches [copies]
  local scen=$1 rep=$2 dir=$3 n=$4 ncopies=${5:-$copies} id="fbuild-$1-$2" note=""
  local edit="$edit_rel"; [ "${scen#samples_}" != "$scen" ] && edit="$samples_edit_rel"; [ "${scen#heavy_}" != "$scen" ] && edit="$heavy_edit_rel"
  local -a props=() envs=()
  [ -z "${dir_platform[$dir]:-}" ] || props=("-p:FBuildPlatformPath=${dir_platform[$dir]}")
  [ "$scen" != cold_env ] || read -r -a envs <<< "$cold_env"
  case "$scen" in
    *cold*) rm -rf "$dir/artifacts" "$FBUILD_CACHE_DIR" ;;
    *clean_rebuild*) rm -rf "$dir/artifacts" ;;
    *edit1*) printf '// bench edit %s %s\n' "$rep" "$(date +%s%N)" >> "$dir/$edit" ;;
    core_header) printf '// bench core_header %s %s\n' "$rep" "$(date +%s%N)" >> "$platform_copy/$core_header_rel" ;;
  esac
  helper snapshot "$dir" $board "$work/m/$id.snap"
  log "fbuild $scen (rep $rep)"
  (cd "$dir" && measure --log "$work/logs/$id.log" --json "$work/m/$id.json" -- \
     env "${envs[@]}" dotnet build Sketches.proj -p:Board=$board "${props[@]}" -v:q)
  helper fbuild-info "$dir" $board "$work/m/$id.snap" > "$work/m/$id.info.json"
  note="$("$PY" - "$work/m/$id.json" "$work/m/$id.info.json" "$scen" "$ncopies" "$(dirname "$edit")" <<'PYEOF'
import json, re, sys
m, i, scen = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
copies, edited = int(sys.argv[4]), sys.argv[5]
notes = []
green = scen.endswith("_green") or scen.startswith(("samples_", "heavy_"))
scen = re.sub(r"^(samples_|heavy_|scale_x\d+_)", "", scen)
if m["exit_code"] not in (0, 1): notes.append("exit code %s" % m["exit_code"])
if i.get("ok") in ("", None): notes.append("no results.json: the build failed")
if not green and i.get("failed") != 13 * copies: notes.append("%s failed (%d expected)" % (i.get("failed"), 13 * copies))
if green and i.get("failed"): notes.append("%s failed" % i["failed"])
if scen.startswith(("noop", "edit1")) and i["rebuilt"] != ([edited] if scen.startswith("edit1") else []):
    notes.append("sketches that ran tools: " + ",".join(i["rebuilt"]))
if scen == "core_header":
    if "framework" not in i["rebuilt"]: notes.append("the framework (core.a) ran no tool")
    if i["sketches_rebuilt"] != i.get("ok"): notes.append("%d sketches ran tools, %s built ok" % (i["sketches_rebuilt"], i.get("ok")))
if m["orphans_left"]: notes.append("%s processes still running 30 s after exit" % m["orphans_left"])
print("; ".join(notes))
PYEOF
)"
  helper record "$details" fbuild "$scen" "$rep" "$n" "$work/m/$id.json" "$work/m/$id.info.json" "$note"
  [ -f "$dir/artifacts/$board/phases.tsv" ] &&
    awk -v s="$scen" -v r="$rep" 'NR > 1 { printf "%s\t%s\t%s\t%s\n", s, r, $1, $2 }' "$dir/artifacts/$board/phases.tsv" >> "$out/fbuild-phases.tsv"
  return 0
}

replay() {  # scenario rep idealdir corpus sketches [fbuild-info.json of the build replayed: its ok count is checked]
  local scen=$1 rep=$2 idir=$3 dir=$4 n=$5 ref=${6:-} id="ideal-$1-$2" note
  helper ideal-reset "$idir"
  log "ideal $scen (rep $rep)"
  measure --log "$work/logs/$id.log" --json "$work/m/$id.json" -- sh "$idir/run.sh"
  helper ideal-check "$idir" "$dir" > "$work/m/$id.info.json"
  note="$("$PY" - "$work/m/$id.info.json" "$ref" <<'PYEOF'
import json, sys
i = json.load(open(sys.argv[1]))
fb = json.load(open(sys.argv[2])) if sys.argv[2] else {}
notes = []
if fb and i["ok"] != fb.get("ok"): notes.append("%d .elf linked, FBuild had %s ok" % (i["ok"], fb.get("ok")))
if i["hex"] != i["hex_same_as_fbuild"]: notes.append("%d .hex, %d equal to FBuild's" % (i["hex"], i["hex_same_as_fbuild"]))
print("; ".join(notes))
PYEOF
)"
  helper record "$details" ideal "$scen" "$rep" "$n" "$work/m/$id.json" "$work/m/$id.info.json" "$note"
}
json_field() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# arduino-builder: one process per sketch, serial, the command of eng/arduino-builder-reference.sh, on all
# sketches of copy 1 (failures included) in LC_ALL=C order, or the first --ab-limit / --nocache-limit of them.
# loop_cache: one shared -build-cache that starts empty (the first sketch fills it with the core);
# loop_nocache: no -build-cache, so every sketch compiles the core again.
ab_root="$corpus"; [ "$copies" -gt 1 ] && ab_root="$corpus/copy1"
find "$ab_root" -name '*.fbproj' | while IFS= read -r p; do
  d="$(dirname "$p")"; printf '%s\t%s\n' "${d#"$corpus"/}" "$d/$(basename "$d").ino"
done | LC_ALL=C sort | awk -F'\t' '{ printf "%d\t%s\t%s\n", NR, $1, $2 }' > "$work/ab-all.tsv"
first_n() { if [ "$1" -gt 0 ]; then head -n "$1" "$work/ab-all.tsv"; else cat "$work/ab-all.tsv"; fi; }
ab_list="$work/ab-sketches.tsv" nc_list="$work/ab-nocache-sketches.tsv"
first_n "$ab_limit" > "$ab_list"; first_n "$nc_limit" > "$nc_list"
ab_n="$(wc -l < "$ab_list")" nc_n="$(wc -l < "$nc_list")"
cat > "$work/ab-loop.sh" <<'SH'
#!/usr/bin/env bash
# ab-loop.sh LIST ABDIR HARDWARE CACHE: one arduino-builder per sketch, serial; CACHE=1: sharing ABDIR/cache.
list=$1 ab=$2 hardware=$3 cache=$4
cache_args=(); [ "$cache" = 1 ] && cache_args=(-build-cache "$ab/cache")
while IFS=$'\t' read -r n example ino; do
  s=$EPOCHREALTIME
  status=failed
  if arduino-builder -compile -hardware "$hardware" -tools "$hardware/tools" \
       -libraries "$hardware/arduino/avr/libraries" -fqbn arduino:avr:uno -core-api-version 10819 \
       -prefs "compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__" \
       "${cache_args[@]}" -build-path "$ab/build/$n" "$ino" > "$ab/log/$n.log" 2>&1 &&
     [ -f "$ab/build/$n/${ino##*/}.hex" ]; then
    status=ok
  fi
  e=$EPOCHREALTIME
  printf '%s\t%s\t%s\t%s\n' "$n" "$example" "$status" "$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')" >> "$ab/times.tsv"
done < "$list"
SH
ok_failed() { "$PY" -c 'import json,sys; r=[l.split("\t") for l in open(sys.argv[1])]; print(json.dumps({"ok": sum(x[2]=="ok" for x in r), "failed": sum(x[2]!="ok" for x in r)}))' "$1"; }
arduino_builder() {  # rep scenario(loop_cache|loop_nocache) list
  local rep=$1 scen=$2 list=$3 id="arduino-builder-$2-$1" ab="$work/ab" cache=1 how="first (cache fill) + mean of the others x $((nsketches - 1))" n
  [ "$scen" = loop_nocache ] && cache=0 how="mean x $nsketches (every sketch compiles the core)"
  n="$(wc -l < "$list")"
  rm -rf "$ab"; mkdir -p "$ab/cache" "$ab/log"
  awk -F'\t' '{ print $1 }' "$list" | (cd "$ab" && xargs -I{} mkdir -p build/{})
  log "arduino-builder $scen over $n sketches (rep $rep)"
  measure --log "$work/logs/$id.log" --json "$work/m/$id.json" -- bash "$work/ab-loop.sh" "$list" "$ab" "$hardware" $cache
  ok_failed "$ab/times.tsv" > "$work/m/$id.info.json"
  awk -v r="$rep" -v s="$scen" '{ print r "\t" s "\t" $0 }' "$ab/times.tsv" >> "$out/arduino-builder-sketches.tsv"
  helper record "$details" arduino-builder "$scen" "$rep" "$n" "$work/m/$id.json" "$work/m/$id.info.json" \
    "all $n sketches of the list, failures included (they count)"
  if [ "$n" -lt "$nsketches" ]; then
    helper ab-scale "$ab/times.tsv" "$nsketches" "$work/m/$id.json" $([ $cache = 1 ] || echo mean) > "$work/m/$id.scaled.json"
    helper record "$details" arduino-builder "${scen}_scaled" "$rep" "$nsketches" "$work/m/$id.scaled.json" \
      "$work/m/$id.scaled.json" "estimated from $n sketches: $how; cpu in proportion, rss as measured"
  fi
}

# The per-sketch-process alternative: one `dotnet build` of one sketch per process (each its own sketch set, so
# its framework builds the core and only that sketch's libraries, in its own artifacts folder, no compile
# cache), `xargs -P <cores>` wide: what a CI loop over examples does with FBuild but without the two stages.
# The same sketches as arduino-builder's list (all of copy 1, or the first --ab-limit, scaled like it).
cat > "$work/per-sketch.sh" <<'SH'
#!/usr/bin/env bash
# per-sketch.sh LIST DIR BOARD JOBS: one dotnet build per sketch, JOBS at once; DIR/times.tsv gets n, example, status, seconds.
list=$1 dir=$2 board=$3 jobs=$4
one() {
  local n=$1 example=$2 ino=$3 s e status=failed
  s=$EPOCHREALTIME
  if dotnet build "${ino%.ino}.fbproj" -m:1 -v:q -nologo -p:Board="$board" -p:FBuildCache=false \
       -p:FBuildSketchesRoot="$(dirname "$ino")/" -p:FBuildArtifactsPath="$dir/a/$n/" > "$dir/log/$n.log" 2>&1; then status=ok; fi
  e=$EPOCHREALTIME
  printf '%s\t%s\t%s\t%s\n' "$n" "$example" "$status" "$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')" >> "$dir/times.tsv"
}
export -f one; export dir board
tr '\t' '\n' < "$list" | xargs -d '\n' -n 3 -P "$jobs" bash -c 'one "$@"' _
SH
per_sketch() {  # rep
  local id="per-sketch-$1" ps="$work/ps"
  rm -rf "$ps"; mkdir -p "$ps/log" "$ps/a"
  log "per-sketch dotnet build over $ab_n sketches, $(nproc) at once (rep $1)"
  measure --log "$work/logs/$id.log" --json "$work/m/$id.json" -- bash "$work/per-sketch.sh" "$ab_list" "$ps" $board "$(nproc)"
  ok_failed "$ps/times.tsv" > "$work/m/$id.info.json"
  helper record "$details" per-sketch-dotnet xargs_cold "$1" "$ab_n" "$work/m/$id.json" "$work/m/$id.info.json" \
    "one dotnet build -m:1 per sketch, $(nproc) at once, each with its own framework, no compile cache"
  if [ "$ab_n" -lt "$nsketches" ]; then
    "$PY" - "$work/m/$id.json" "$ab_n" "$nsketches" > "$work/m/$id.scaled.json" <<'PYEOF'
import json, sys
m, n, total = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
f = total / n
m.update(wall_s=round(m["wall_s"] * f, 3), cpu_s=round(m["cpu_s"] * f, 3))
print(json.dumps(m))
PYEOF
    helper record "$details" per-sketch-dotnet xargs_cold_scaled "$1" "$nsketches" "$work/m/$id.scaled.json" \
      "$work/m/$id.info.json" "estimated from $ab_n sketches, wall and cpu x $nsketches/$ab_n"
  fi
}

# ---------------------------------------------------------------- 2./3. the runs, interleaved per repetition
printf 'scenario\trep\tphase\tseconds\n' > "$out/fbuild-phases.tsv"
printf 'rep\tscenario\tn\texample\tstatus\tseconds\n' > "$out/arduino-builder-sketches.tsv"
ideal_sketches=0
for rep in $(seq 1 "$reps"); do
  fbuild cold "$rep" "$corpus" "$nsketches"
  if [ "$rep" = 1 ]; then
    # The commands of a cold build, before later builds append to the logs.
    helper ideal-prepare "$corpus" $board "$work/ideal" > "$work/m/ideal-prepare.json"
    ideal_sketches="$(json_field "$work/m/ideal-prepare.json" sketches)"
    helper trace-report "$corpus" $board "$(json_field "$work/m/fbuild-cold-1.json" wall_s)" "$out/fbuild-cold-trace.txt"
    if [ "$green" = 1 ]; then
      # The same corpus without the sketches that fail for uno: FBuild retries a failed compile on every build.
      green_dir="$work/green"
      cp -r "$corpus" "$green_dir"; rm -rf "$green_dir/artifacts"; point_at_feed "$green_dir"
      "$PY" -c 'import json,sys; [print(p) for p in json.load(open(sys.argv[1]))["failed_projects"]]' "$work/m/fbuild-cold-1.info.json" |
        while IFS= read -r p; do rm -rf "$green_dir/$(dirname "${p#"$corpus"/}")"; done
      green_n="$(find "$green_dir" -name '*.fbproj' | wc -l)"
      fbuild cold_green 1 "$green_dir" "$green_n"
    fi
  fi
  if [ -n "$cold_env" ]; then
    fbuild cold_env "$rep" "$corpus" "$nsketches"
  fi
  fbuild noop "$rep" "$corpus" "$nsketches"
  fbuild edit1 "$rep" "$corpus" "$nsketches"
  fbuild clean_rebuild "$rep" "$corpus" "$nsketches"
  # One line appended to the core copy's Arduino.h: core.a, the libraries and every sketch must rebuild.
  fbuild core_header "$rep" "$corpus" "$nsketches"
  # The repository's samples: the same four scenarios.
  fbuild samples_cold "$rep" "$samples_dir" "$samples_n"
  fbuild samples_noop "$rep" "$samples_dir" "$samples_n"
  fbuild samples_edit1 "$rep" "$samples_dir" "$samples_n"
  fbuild samples_clean_rebuild "$rep" "$samples_dir" "$samples_n"
  replay replay "$rep" "$work/ideal" "$corpus" "$ideal_sketches" "$work/m/fbuild-cold-1.info.json"
  # The heavy corpus: FBuild's four scenarios and the replay of its cold build's commands (first --heavy-reps).
  if [ "$rep" -le "$heavy_reps" ]; then
    fbuild heavy_cold "$rep" "$heavy_dir" "$heavy_n"
    [ "$rep" = 1 ] && helper ideal-prepare "$heavy_dir" $board "$work/ideal-heavy" > "$work/m/ideal-heavy-prepare.json"
    fbuild heavy_noop "$rep" "$heavy_dir" "$heavy_n"
    fbuild heavy_edit1 "$rep" "$heavy_dir" "$heavy_n"
    fbuild heavy_clean_rebuild "$rep" "$heavy_dir" "$heavy_n"
    replay heavy_replay "$rep" "$work/ideal-heavy" "$heavy_dir" "$heavy_n"
  fi
  if [ "$green" = 1 ]; then
    fbuild noop_green "$rep" "$green_dir" "$green_n"
    fbuild edit1_green "$rep" "$green_dir" "$green_n"
  fi
  if [ "$rep" -le "$ab_reps" ]; then
    arduino_builder "$rep" loop_cache "$ab_list"
    arduino_builder "$rep" loop_nocache "$nc_list"
    per_sketch "$rep"
  fi
done

# ---------------------------------------------------------------- 3b. scale: K copies of the examples, cold
# FBuild cold at every size of --scale (scale_xK_cold); the ideal replay of that cold build and a no-op at the
# first and the last size only (the replay of 1000 sketches takes about a minute). Each size in its own corpus,
# against the core copy like the examples corpus, removed after its runs (unless --keep).
scale_first="${scale_sizes%% *}" scale_last="${scale_sizes##* }"
for k in $scale_sizes; do
  sdir="$work/scale-x$k" scen="scale_x$k"
  log "making the x$k corpus (eng/examples-corpus.sh, $k cop(ies))"
  rm -rf "$sdir"; "$root/eng/examples-corpus.sh" "$sdir" "$k" >/dev/null
  point_at_feed "$sdir"
  dir_platform[$sdir]="$platform_copy"
  sn="$(find "$sdir" -name '*.fbproj' | wc -l)"
  for rep in $(seq 1 "$scale_reps"); do
    fbuild "${scen}_cold" "$rep" "$sdir" "$sn" "$k"
    if [ "$k" = "$scale_first" ] || [ "$k" = "$scale_last" ]; then
      [ "$rep" = 1 ] && helper ideal-prepare "$sdir" $board "$work/ideal-x$k" > "$work/m/ideal-x$k-prepare.json"
      fbuild "${scen}_noop" "$rep" "$sdir" "$sn" "$k"
      replay "${scen}_replay" "$rep" "$work/ideal-x$k" "$sdir" "$(json_field "$work/m/ideal-x$k-prepare.json" sketches)" \
        "$work/m/fbuild-${scen}_cold-1.info.json"
    fi
  done
  [ "$keep" = 1 ] || rm -rf "$sdir" "$work/ideal-x$k"
done

# ---------------------------------------------------------------- 4. machine.txt, bench.tsv, summary, chart
{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  echo "kernel: $(uname -sr)"
  echo "dotnet --version: $(dotnet --version)"
  echo "avr-gcc --version: $(avr-gcc --version | head -n1)"
  echo "arduino-builder -version: $(arduino-builder -version 2>&1 | head -n1)"
  echo "python: $("$PY" --version 2>&1)"
  echo "MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE}"
  echo "DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER}"
  [ -z "$env_note" ] || echo "environment note:$env_note"
  echo "FBuild.Sdk: $version, nupkg sha256 $(sha256sum "$work/feed/FBuild.Sdk.$version.nupkg" | cut -d' ' -f1)"
  echo "git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" status --porcelain -- src 2>/dev/null | grep -q . && echo ' (src/ has uncommitted changes: the SDK was packed from the working tree)')"
  [ -z "$cold_env" ] || echo "cold_env: the cold build with $cold_env"
  echo "command: eng/bench/run.sh --reps $reps --heavy-reps $heavy_reps --copies $copies --ab-reps $ab_reps --ab-limit $ab_limit --nocache-limit $nc_limit --scale ${scale:-none} --scale-reps $scale_reps$([ "$quick" = 1 ] && echo ' (--quick)')$([ "$green" = 1 ] || echo ' --no-green')"
  echo "corpus: $nsketches sketches ($copies cop(ies) of Arduino's examples), board $board"
  echo "fbuild command: dotnet build Sketches.proj -p:Board=$board -v:q, plus -p:FBuildPlatformPath=<work>/hardware/arduino/avr (a copy of $hardware/arduino/avr) for the examples corpus and the scale corpora"
  echo "ideal replay: $("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%(commands)d commands from FBuild'"'"'s first cold build: %(framework_compiles)d framework compiles, %(framework_archives)d archives, %(sketches)d sketch scripts" % d)' "$work/m/ideal-prepare.json")"
  echo "load average at start: $load_start"
  echo "load average at end: $(cat /proc/loadavg)"
} > "$out/machine.txt"
helper summarize "$out"
log "results in $out (bench.tsv, details.tsv, summary.txt, bench.svg, machine.txt, fbuild-phases.tsv, fbuild-cold-trace.txt)"
