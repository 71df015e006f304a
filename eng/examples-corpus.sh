#!/usr/bin/env bash
# Makes a sketch tree of Arduino's examples for FBuild: every example of Debian's `arduino` package
# (/usr/share/doc/arduino/examples) under builtin/, and every example of the core's bundled libraries under
# lib/<Library>/, each with a <Name>.fbproj, plus a Sketches.proj at the top.
# Usage: eng/examples-corpus.sh OUTDIR [COPIES]   (COPIES > 1 repeats the tree as copyN/ for scale tests)
set -euo pipefail
out="${1:?usage: examples-corpus.sh OUTDIR [COPIES]}"
copies="${2:-1}"
builtin_root="${ARDUINO_EXAMPLES:-/usr/share/doc/arduino/examples}"
libs_root="${ARDUINO_LIBRARIES:-/usr/share/arduino/hardware/arduino/avr/libraries}"
mkdir -p "$out"
emit() { # $1 = sketch folder (source), $2 = destination folder
  mkdir -p "$2"
  cp -r "$1/." "$2/"
  local name; name="$(basename "$2")"
  printf '<Project Sdk="FBuild.Sdk" />\n' > "$2/$name.fbproj"
}
for c in $(seq 1 "$copies"); do
  prefix="$out"
  [ "$copies" -gt 1 ] && prefix="$out/copy$c"
  while IFS= read -r ino; do
    dir="$(dirname "$ino")"
    [ "$(basename "$dir")" = "$(basename "$ino" .ino)" ] || continue
    emit "$dir" "$prefix/builtin/${dir#"$builtin_root"/}"
  done < <(find "$builtin_root" -name '*.ino' | sort)
  while IFS= read -r ino; do
    dir="$(dirname "$ino")"
    [ "$(basename "$dir")" = "$(basename "$ino" .ino)" ] || continue
    rel="${dir#"$libs_root"/}"          # SPI/examples/X
    lib="${rel%%/*}"
    emit "$dir" "$prefix/lib/$lib/${rel#*/examples/}"
  done < <(find "$libs_root" -path '*/examples/*' -name '*.ino' | sort)
done
printf '<Project Sdk="FBuild.Sdk" />\n' > "$out/Sketches.proj"
"$(dirname "${BASH_SOURCE[0]}")/use-local-sdk.sh" "$out" --force
find "$out" -name '*.fbproj' | wc -l
