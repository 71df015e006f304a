#!/usr/bin/env bash
# A/B: the SDK of this working tree against the SDK of another commit, on Arduino's 100 examples for uno, side by
# side in one run (interleaved: A then B each repetition), so that a change can be judged on a noisy machine.
# Scenarios per side: cold (no artifacts, an empty compile cache), no-op (right after), warm-cache clean rebuild.
# Each side has its own SDK pack, private NuGet cache and compile cache (both SDKs have the same version).
# Usage: eng/bench/ab.sh REV [--reps N] [--out FILE]     (default 3 reps, eng/bench/results/ab.tsv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rev="${1:?usage: ab.sh REV [--reps N] [--out FILE]}"; shift
reps=3; out="$root/eng/bench/results/ab.tsv"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/fbuild-ab.XXXXXX)"
trap 'rm -rf "$work"; git -C "$root" worktree remove --force "$work/a-src" >/dev/null 2>&1 || true' EXIT
git -C "$root" worktree add -q --detach "$work/a-src" "$rev"
declare -A src=([a]="$work/a-src" [b]="$root")
for side in a b; do
  bash "${src[$side]}/eng/pack.sh" >/dev/null
  bash "$root/eng/examples-corpus.sh" "$work/$side" >/dev/null
  bash "$root/eng/use-local-sdk.sh" "$work/$side" --force >/dev/null
  sed -i "s#$root/artifacts/feed#${src[$side]}/artifacts/feed#" "$work/$side/NuGet.config"
done
run() { # side scenario rep
  local side="$1" scenario="$2" rep="$3" t0 t1
  t0=$(date +%s%N)
  (cd "$work/$side" && NUGET_PACKAGES="$work/nuget-$side" FBUILD_CACHE_DIR="$work/cache-$side" \
    dotnet build Sketches.proj -p:Board=uno -v:q -nologo >"$work/$side-$scenario-$rep.log" 2>&1) || true
  t1=$(date +%s%N)
  printf '%s\t%s\t%s\t%d.%03d\n' "$side" "$scenario" "$rep" $(( (t1 - t0) / 1000000000 )) $(( (t1 - t0) / 1000000 % 1000 )) >> "$work/runs.tsv"
}
# Resolve both SDKs once (restore), untimed.
for side in a b; do run "$side" warmup 0; done
for rep in $(seq 1 "$reps"); do
  for side in a b; do
    rm -rf "$work/$side/artifacts" "$work/cache-$side"; run "$side" cold "$rep"
    run "$side" noop "$rep"
    rm -rf "$work/$side/artifacts"; run "$side" clean_rebuild "$rep"
  done
done
mkdir -p "$(dirname "$out")"
{
  printf '# A = %s, B = working tree at %s; %s reps; MSBUILDDISABLENODEREUSE=%s DOTNET_CLI_USE_MSBUILD_SERVER=%s; %s\n' \
    "$(git -C "$root" rev-parse --short "$rev")" "$(git -C "$root" rev-parse --short HEAD)" "$reps" \
    "${MSBUILDDISABLENODEREUSE:-unset}" "${DOTNET_CLI_USE_MSBUILD_SERVER:-unset}" "$(date -u +%FT%TZ)"
  printf 'side\tscenario\trep\twall_s\n'
  grep -v warmup "$work/runs.tsv"
  python3 - "$work/runs.tsv" <<'PY'
import statistics, sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l and 'warmup' not in l]
med = {}
for side, scen, rep, wall in rows: med.setdefault((side, scen), []).append(float(wall))
for scen in ('cold', 'noop', 'clean_rebuild'):
    a, b = statistics.median(med[('a', scen)]), statistics.median(med[('b', scen)])
    print(f'median\t{scen}\tA {a:.2f} s, B {b:.2f} s\tB/A {b / a:.3f}')
PY
} > "$out"
tail -3 "$out"
