#!/usr/bin/env python3
"""Compares an FBuild results.json of the examples corpus (eng/examples-corpus.sh) with an arduino-builder
reference TSV (eng/arduino-builder-reference.sh): status, flash and RAM bytes, and the .hex's SHA-256 (and the .bin's,
when the reference has a bin_sha256 column, as for SAMD).
Usage: compare-with-reference.py CORPUS_DIR RESULTS_JSON REFERENCE_TSV [OUT_TSV]
Exit code 1 when a sketch that arduino-builder builds fails or differs in size."""
import csv, hashlib, json, os, sys

corpus, results_path, ref_path = sys.argv[1:4]
out_path = sys.argv[4] if len(sys.argv) > 4 else None
ref = {}
with open(ref_path) as f:
    for row in csv.DictReader(f, delimiter='\t'):
        ref[row['example']] = row
results = json.load(open(results_path))
rows, size_mismatch, hex_diff, missing = [], 0, 0, 0
seen = set()
for s in results['sketches']:
    rel = os.path.relpath(os.path.dirname(s['project']), corpus)
    seen.add(rel)
    r = ref.get(rel)
    if r is None:
        continue
    fb_ok = s['status'] == 'ok'
    ab_ok = r['status'] == 'ok'
    sha = ''
    if fb_ok and s.get('hex') and os.path.exists(s['hex']):
        sha = hashlib.sha256(open(s['hex'], 'rb').read()).hexdigest()
        if r.get('bin_sha256'):
            binary = s['hex'][:-len('.hex')] + '.bin'
            bin_sha = hashlib.sha256(open(binary, 'rb').read()).hexdigest() if os.path.exists(binary) else ''
            if bin_sha != r['bin_sha256']:
                sha = 'bin differs'
    same_size = fb_ok and ab_ok and str(s.get('flashBytes')) == r['flash'] and str(s.get('ramBytes')) == r['ram']
    same_hex = fb_ok and ab_ok and sha == r['hex_sha256']
    if ab_ok and not fb_ok:
        verdict = 'FBUILD_FAILED'; missing += 1
    elif ab_ok and not same_size:
        verdict = 'SIZE_DIFFERS'; size_mismatch += 1
    elif ab_ok and not same_hex:
        verdict = 'HEX_DIFFERS'; hex_diff += 1
    elif not ab_ok and fb_ok:
        verdict = 'ONLY_FBUILD_OK'
    else:
        verdict = 'same' if ab_ok else 'both_failed'
    rows.append((rel, s['status'], r['status'], s.get('flashBytes'), r['flash'], s.get('ramBytes'), r['ram'], verdict))
both_ok = sum(1 for r in rows if r[7] in ('same', 'HEX_DIFFERS'))
lines = ['example\tfbuild\tarduino_builder\tflash_fb\tflash_ab\tram_fb\tram_ab\tverdict']
lines += ['\t'.join('' if v is None else str(v) for v in r) for r in sorted(rows)]
if out_path:
    open(out_path, 'w').write('\n'.join(lines) + '\n')
ab_total = sum(1 for r in ref.values() if r['status'] == 'ok')
print(f"arduino-builder ok: {ab_total}; FBuild ok among them: {ab_total - missing}; same sizes: {both_ok}; "
      f"byte-identical hex: {sum(1 for r in rows if r[7] == 'same')}; size differs: {size_mismatch}; FBuild failed: {missing}")
for r in sorted(rows):
    if r[7] not in ('same', 'both_failed'):
        print('  ' + '\t'.join('' if v is None else str(v) for v in r))
sys.exit(1 if (size_mismatch or missing) else 0)
