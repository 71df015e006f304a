#!/usr/bin/env bash
# fbuild compile-many's runtime settings (issue 16): cold builds of Arduino's 100 examples (uno) with compile-many
# as it ships (its runtimeconfig has TieredPGO off, its MSBuild nodes get DOTNET_TieredPGO=0) against the same
# with DOTNET_TieredPGO=1 in the environment (the runtime's default: the variable beats the runtimeconfig, and
# compile-many keeps a value the user set), alternating, medians. Writes OUT (default results/cold-runtime.txt).
#
#   eng/bench/cold-runtime.sh [--reps N] [--out FILE]     (after `dotnet build FBuild.sln -c Release`)
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/../.." && pwd)"
reps=3 out="$bench/results/cold-runtime.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
fbuild="$root/src/FBuild.Cli/bin/Release/net10.0/fbuild.dll"
[ -f "$fbuild" ] || { echo "missing $fbuild: dotnet build FBuild.sln -c Release first" >&2; exit 1; }
# The real interpreter and dotnet, not shims (a shim's PATH and children would be measured too).
PY="$(python3 -c 'import sys; print(sys.executable)')"
DOTNET="$(readlink -f "$(command -v dotnet)")"
for v in DOTNET_TieredPGO COMPlus_TieredPGO DOTNET_TieredCompilation DOTNET_TC_CallCountThreshold; do unset "$v"; done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d /tmp/fbuild-cold-runtime.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$root/eng/examples-corpus.sh" "$work/corpus" 1 >/dev/null
mapfile -t dirs < <(find "$work/corpus" -name '*.ino' -printf '%h\n' | sort -u)
export FBUILD_CACHE_DIR="$work/cache"
tsv="$work/runs.tsv"
printf 'config\trep\twall_s\tcpu_s\tdotnet_cpu_s\ttools_cpu_s\tothers_cpu_s\texit\n' > "$tsv"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$reps"); do
  for config in shipped TieredPGO=1; do
    rm -rf "$work/artifacts" "$FBUILD_CACHE_DIR"
    envs=(); [ "$config" = shipped ] || envs=("DOTNET_$config")
    printf '[cold-runtime %s] rep %s %s\n' "$(date +%H:%M:%S)" "$rep" "$config" >&2
    env "${envs[@]}" "$PY" "$bench/measure.py" --cwd "$work" --json "$work/m.json" --log "$work/$config-$rep.log" -- \
      "$DOTNET" "$fbuild" compile-many --board uno --artifacts "$work/artifacts" "${dirs[@]}" || true
    "$PY" - "$work/m.json" "$config" "$rep" >> "$tsv" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
print("\t".join([sys.argv[2], sys.argv[3]] + ["%.2f" % x for x in (m["wall_s"], m["cpu_s"], m["dotnet_cpu_s"], m["cpu_s"] - m["dotnet_cpu_s"], m.get("others_cpu_s", 0))] + [str(m["exit_code"])]))
PYEOF
  done
done
"$PY" - "$tsv" "$out" "$reps" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" <<'PYEOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
med = lambda c, i: statistics.median(float(r[i]) for r in rows if r[0] == c)
lines = ["# fbuild compile-many, cold (no artifacts, empty compile cache), Arduino's 100 examples for uno (13 fail), %s CPUs" % sys.argv[6],
         "# shipped: fbuild's runtimeconfig TieredPGO=false, its nodes DOTNET_TieredPGO=0; TieredPGO=1: DOTNET_TieredPGO=1 for all (the runtime's default)",
         "# alternating, medians of %s; load average at start %s, at end %s; others_cpu_s = CPU other processes took" % (sys.argv[3], sys.argv[4], sys.argv[5]),
         "%-12s %8s %8s %10s %10s %10s" % ("config", "wall_s", "cpu_s", "dotnet_s", "tools_s", "others_s")]
for c in ("shipped", "TieredPGO=1"):
    lines.append("%-12s %8.2f %8.2f %10.2f %10.2f %10.2f" % (c, med(c, 2), med(c, 3), med(c, 4), med(c, 5), med(c, 6)))
lines.append("shipped / TieredPGO=1: wall %.2fx, dotnet CPU %.2fx" % (med("shipped", 2) / med("TieredPGO=1", 2), med("shipped", 4) / med("TieredPGO=1", 4)))
lines.append("")
lines.append("\t".join(head))
lines += ["\t".join(r) for r in rows]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PYEOF
