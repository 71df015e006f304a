#!/usr/bin/env bash
# arduino-builder-reference.sh - build every Arduino example sketch with
# arduino-builder and record the results as reference data for FBuild.
#
# Usage: eng/arduino-builder-reference.sh [-j N] [-k] FQBN OUT.tsv
#
#   -j N   parallel arduino-builder processes (default 2)
#   -k     keep the work folder (build folders and one log per sketch)
#   FQBN   e.g. arduino:avr:uno, arduino:avr:leonardo,
#          arduino:avr:mega:cpu=atmega2560, arduino:avr:nano:cpu=atmega328,
#          arduino:samd:arduino_zero_native (SAMD mode, below)
#
# SAMD mode (arduino:samd:*): the core comes from an Arduino data folder
# (ARDUINO_DATA, default shared/arduino15 beside the repository or an
# ancestor) and the
# compiler is Debian's gcc-arm-none-eabi in /usr (-prefs
# runtime.tools.arm-none-eabi-gcc-7-2017q4.path=/usr); the library examples
# are the SAMD core's bundled libraries'; an extra column bin_sha256 holds
# the sha256 of <sketch>.ino.bin.
#
# Sketches: the built-in examples (/usr/share/doc/arduino/examples) and the
# examples of the core's bundled libraries (<avr>/libraries/*/examples),
# one arduino-builder process per sketch, all sharing one -build-cache so
# the core is compiled once per run.
#
# OUT.tsv columns, one row per sketch, sorted by example:
#   example     builtin/<path> or lib/<Library>/<path>, relative to the
#               examples root, e.g. builtin/01.Basics/Blink
#   status      ok or failed
#   flash, ram  bytes, from arduino-builder's "Sketch uses N bytes" and
#               "Global variables use N bytes" lines (or avr-size -A of the
#               .elf when those are missing); empty when failed
#   hex_sha256  sha256 of <sketch>.ino.hex; empty when failed
#   bin_sha256  (SAMD mode only) sha256 of <sketch>.ino.bin
#
# Environment: ARDUINO_HARDWARE (default /usr/share/arduino/hardware),
# ARDUINO_EXAMPLES (default /usr/share/doc/arduino/examples).
set -euo pipefail

jobs=2
keep=0
while getopts "j:kh" opt; do
  case $opt in
    j) jobs=$OPTARG ;;
    k) keep=1 ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -ne 2 ]]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "-j wants a positive number" >&2; exit 2; }

fqbn=$1
out=$2
hardware=${ARDUINO_HARDWARE:-/usr/share/arduino/hardware}
avr=$hardware/arduino/avr
builtin_root=${ARDUINO_EXAMPLES:-/usr/share/doc/arduino/examples}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samd=0
size_tool=avr-size
libraries_root=$avr/libraries
# The arduino-builder options that differ by architecture (the sketch, build path and cache come last).
ab_opts=(-hardware "$hardware" -tools "$hardware/tools" -libraries "$avr/libraries" -fqbn "$fqbn" -core-api-version 10819
  -prefs "compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__")
if [[ $fqbn == arduino:samd:* ]]; then
  samd=1
  size_tool=arm-none-eabi-size
  data=${ARDUINO_DATA:-}
  if [[ -z "$data" ]]; then  # shared/arduino15 beside the repository or beside one of its ancestors
    d=$root
    while [[ $d != / && ! -d "$d/../shared/arduino15/packages" ]]; do d=$(dirname "$d"); done
    data=$d/../shared/arduino15
  fi
  [[ -d "$data/packages" ]] || { echo "no Arduino data folder at $data (set ARDUINO_DATA)" >&2; exit 1; }
  data=$(cd "$data" && pwd)
  libraries_root=$(ls -d "$data"/packages/arduino/hardware/samd/*/ | sort -V | tail -n1)libraries
  ab_opts=(-hardware "$hardware" -hardware "$data/packages" -tools "$hardware/tools" -tools "$data/packages" -fqbn "$fqbn"
    -core-api-version 10819 -prefs runtime.tools.arm-none-eabi-gcc-7-2017q4.path=/usr)
fi

for tool in arduino-builder "$size_tool" sha256sum; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

work=$(mktemp -d /tmp/arduino-builder-reference.XXXXXX)
if [[ $keep == 1 ]]; then
  echo "work folder: $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/cache" "$work/build" "$work/log" "$work/row"

# List the sketches as "<example>\t<path to main .ino>": a sketch is a folder
# holding <folder name>.ino.
list_sketches() {  # prefix root
  local prefix=$1 root=$2 dir name
  [[ -d "$root" ]] || return 0
  find "$root" -type d | while IFS= read -r dir; do
    name=${dir##*/}
    if [[ -f "$dir/$name.ino" ]]; then
      printf '%s%s\t%s\n' "$prefix" "${dir#"$root"/}" "$dir/$name.ino"
    fi
  done
}
{
  list_sketches builtin/ "$builtin_root"
  for libexamples in "$libraries_root"/*/examples; do
    lib=${libexamples%/examples}
    list_sketches "lib/${lib##*/}/" "$libexamples"
  done
} | LC_ALL=C sort > "$work/sketches.tsv"
total=$(wc -l < "$work/sketches.tsv")
[[ $total -gt 0 ]] || { echo "no example sketches found" >&2; exit 1; }

# Build one sketch and write its TSV row to row/<n>.
build_one() {  # index example ino
  local n=$1 example=$2 ino=$3
  local bp=$work/build/$n log=$work/log/$n.log
  local status=failed flash="" ram="" sha="" bin=""
  local base=${ino##*/}
  mkdir -p "$bp"
  local -a opts
  eval "opts=($ab_opts_quoted)"
  if timeout 900 arduino-builder -compile "${opts[@]}" \
      -build-cache "$work/cache" -build-path "$bp" \
      "$ino" > "$log" 2>&1 && [[ -f "$bp/$base.hex" ]]; then
    status=ok
    flash=$(sed -n 's/^Sketch uses \([0-9]*\) bytes.*/\1/p' "$log" | head -n1)
    ram=$(sed -n 's/^Global variables use \([0-9]*\) bytes.*/\1/p' "$log" | head -n1)
    if [[ -z "$flash" || -z "$ram" ]] && [[ -f "$bp/$base.elf" ]]; then
      # Same sums as the board's recipe.size.regex / regex.data.
      read -r flash ram < <("$size_tool" -A "$bp/$base.elf" | awk -v samd=$samd '
        $1 == ".text" || $1 == ".data" || (!samd && $1 == ".bootloader") { f += $2 }
        $1 == ".data" || $1 == ".bss" || (!samd && $1 == ".noinit") { r += $2 }
        END { print f + 0, r + 0 }')
    fi
    sha=$(sha256sum "$bp/$base.hex" | cut -d' ' -f1)
    [[ $samd == 0 ]] || bin=$(sha256sum "$bp/$base.bin" | cut -d' ' -f1)
  fi
  if [[ $samd == 1 ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$example" "$status" "$flash" "$ram" "$sha" "$bin" > "$work/row/$n"
  else
    printf '%s\t%s\t%s\t%s\t%s\n' "$example" "$status" "$flash" "$ram" "$sha" > "$work/row/$n"
  fi
  printf '%-8s %s\n' "$status" "$example" >&2
  [[ $keep == 1 ]] || rm -rf "$bp"
}
export -f build_one
export work hardware avr fqbn keep samd size_tool
# Arrays do not pass to the xargs children: quoted once here, read back in build_one.
ab_opts_quoted=$(printf '%q ' "${ab_opts[@]}")
export ab_opts_quoted

echo "building $total sketches for $fqbn with -j $jobs" >&2
start=$SECONDS
# The first sketch alone fills the shared core cache; the rest then run in
# parallel and only read it (arduino-builder does not lock the cache).
awk -F'\t' '{ printf "%d\t%s\t%s\n", NR, $1, $2 }' "$work/sketches.tsv" > "$work/jobs.tsv"
head -n1 "$work/jobs.tsv" | while IFS=$'\t' read -r n example ino; do
  build_one "$n" "$example" "$ino"
done
tail -n +2 "$work/jobs.tsv" | tr '\n' '\0' |
  xargs -0 -r -P "$jobs" -n1 bash -c 'IFS=$'"'"'\t'"'"' read -r n example ino <<< "$1"; build_one "$n" "$example" "$ino"' _

{
  if [[ $samd == 1 ]]; then printf 'example\tstatus\tflash\tram\thex_sha256\tbin_sha256\n'; else printf 'example\tstatus\tflash\tram\thex_sha256\n'; fi
  for n in $(seq 1 "$total"); do
    cat "$work/row/$n"
  done
} > "$out.tmp"
mv "$out.tmp" "$out"

ok=$(awk -F'\t' 'NR > 1 && $2 == "ok"' "$out" | wc -l)
echo "$fqbn: $ok of $total ok in $((SECONDS - start)) s -> $out" >&2
