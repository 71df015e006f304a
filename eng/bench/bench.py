#!/usr/bin/env python3
"""Helpers for eng/bench/run.sh (no third-party modules).

  bench.py ideal-prepare CORPUS BOARD IDEALDIR   commands FBuild ran (its build.log files) -> replay scripts
  bench.py ideal-reset IDEALDIR                  fresh scratch tree: the folders and the generated inputs
  bench.py ideal-check IDEALDIR CORPUS           JSON: .elf files the replay linked, .hex equal to FBuild's
  bench.py snapshot CORPUS BOARD FILE            remembers how many tool runs every trace.tsv holds
  bench.py fbuild-info CORPUS BOARD SNAPSHOT     JSON: ok/failed/sketches, phases, tool runs since SNAPSHOT
  bench.py trace-report CORPUS BOARD WALL OUT    where a cold build's time went (trace.tsv of every project)
  bench.py record DETAILS TOOL SCENARIO REP SKETCHES MEASURE_JSON [EXTRA_JSON] [NOTE]
  bench.py ab-scale TIMES TOTAL MEASURE_JSON [mean]  JSON: arduino-builder loop measured on a sample, scaled
                                                 to TOTAL (first + mean of the others, or mean x TOTAL)
  bench.py summarize OUTDIR                      bench.tsv (+ _median rows), summary.txt, bench.svg
  bench.py heavy-corpus DIR N [HEADERS [MODULES [UNITY]]]  N sketches that each include a generated header-heavy library
  bench.py heavy-stage1 OUT [N [REPS]]           stage 1 on the heavy corpus: resolution cold/no-op, width, vs ideal
  bench.py noop-targets DETAILS [NOTE]           noop.sh's rows -> the issue's overhead targets (A/B, fresh/warm)
  bench.py warm-remote [REPS] [OUT]              a clean runner with a warm remote cache against cold (nginx on
                                                 127.0.0.1), the 100 examples; OUT default results/affinity-remote.txt
  bench.py samd OUTDIR [REPS] [WORK]             the SAMD corpus (Zero): FBuild cold, ideal replay, no-op, warm
                                                 rebuild -> OUTDIR/samd-details.tsv, samd-summary.txt
  bench.py pch-heavy OUT [SKETCHES [REPS]]       the heavy corpus built with precompiled headers, then each sketch's
                                                 compile with and without its PCH (pch_compile.py) -> OUT
  bench.py memory-floor OUT [X]                  memory per sketch above MSBuild's own floor: FBuild no-ops of the
                                                 samples x1 and xX against traversals of as many trivial projects
  bench.py targets DIR                           targets.sh's parts (DIR/run, DIR/noop, heavy-stage1.txt, pch-heavy.txt,
                                                 memory-floor.txt) -> the issue's targets, one line each (stdout)
"""
import glob, json, os, shlex, shutil, statistics, sys

DETAILS_COLUMNS = ["tool", "scenario", "rep", "sketches", "wall_s", "cpu_s", "user_s", "sys_s", "peak_rss_mb",
                   "max_single_rss_mb", "dotnet_cpu_s", "sys_idle_s", "steal_s", "others_cpu_s", "exit_code", "ok", "failed", "tool_runs", "rebuilt", "sketches_rebuilt", "stage1_s", "stage2_s",
                   "total_s", "cache_hits", "cache_misses", "cache_stores", "objects_rebuilt", "peak_rss_breakdown", "note"]


# ---------------------------------------------------------------- ideal replay

def logged_commands(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line[2:].rstrip("\n") for line in f if line.startswith("$ ")]


def tool_name(cmd):
    return os.path.basename(shlex.split(cmd)[0])


def ideal_prepare(corpus, board, ideal):
    corpus = os.path.abspath(corpus)
    art = os.path.join(corpus, "artifacts") + "/"
    scratch = os.path.join(os.path.abspath(ideal), "scratch", "artifacts") + "/"
    board_dir = os.path.join(corpus, "artifacts", board)
    if os.path.exists(ideal):
        shutil.rmtree(ideal)
    os.makedirs(os.path.join(ideal, "sketches"))
    fw = logged_commands(os.path.join(board_dir, "framework", "build.log"))
    fw_compile = [c for c in fw if not tool_name(c).endswith("-ar")]
    fw_archive = [c for c in fw if tool_name(c).endswith("-ar")]
    logs = sorted(glob.glob(os.path.join(board_dir, "sketches", "**", "build.log"), recursive=True))
    all_cmds = list(fw)
    outputs, mentioned = set(), set()
    n_cmds = len(fw)
    for i, log in enumerate(logs):
        cmds = logged_commands(log)
        n_cmds += len(cmds)
        all_cmds += cmds
        seq = [c for c in cmds if not tool_name(c).endswith("objcopy")]
        par = [c for c in cmds if tool_name(c).endswith("objcopy")]
        lines = ["set -e"] + [rw(c, art, scratch) for c in seq]
        if par:
            lines += [rw(c, art, scratch) + " &" for c in par] + ["wait"]
        rel = os.path.relpath(os.path.dirname(log), os.path.join(board_dir, "sketches"))
        with open(os.path.join(ideal, "sketches", "%04d.sh" % i), "w") as f:
            f.write("# " + rel + "\n" + "\n".join(lines) + "\n")
    for c in all_cmds:
        args = shlex.split(c)
        tool = os.path.basename(args[0])
        for j, a in enumerate(args):
            if a.startswith(art):
                mentioned.add(a)
            if a == "-o" and j + 1 < len(args):
                outputs.add(args[j + 1])
        if tool.endswith("-ar"):
            outputs.add(args[2])
        if tool.endswith("objcopy"):
            outputs.add(args[-1])
    inputs = sorted(p for p in mentioned - outputs if os.path.isfile(p))
    dirs = sorted({os.path.dirname(p) for p in mentioned} | {os.path.dirname(p) for p in outputs})
    with open(os.path.join(ideal, "fw_compile.txt"), "w") as f:
        f.write("".join(rw(c, art, scratch) + "\n" for c in fw_compile))
    with open(os.path.join(ideal, "fw_archive.txt"), "w") as f:
        f.write("".join(rw(c, art, scratch) + "\n" for c in fw_archive))
    with open(os.path.join(ideal, "inputs.tsv"), "w") as f:
        f.write("".join("%s\t%s\n" % (p, rw(p, art, scratch)) for p in inputs))
    with open(os.path.join(ideal, "dirs.txt"), "w") as f:
        f.write("".join(rw(d, art, scratch) + "\n" for d in dirs if d.startswith(art)))
    with open(os.path.join(ideal, "run.sh"), "w") as f:
        f.write("""#!/bin/sh
# Replays FBuild's own commands: stage 1 compiles 2 wide, the archives 2 wide, then one script per sketch
# (compile(s) and link in order, the two objcopy at once), 2 sketches at a time. Failing sketches (their
# compile fails, as in FBuild) stop at that command; that is expected.
set -e
cd "$(dirname "$0")"
xargs -d '\\n' -n1 -P2 sh -c 'eval "$1"' _ < fw_compile.txt
xargs -d '\\n' -n1 -P2 sh -c 'eval "$1"' _ < fw_archive.txt
printf '%s\\n' sketches/*.sh | xargs -d '\\n' -n1 -P2 sh || true
""")
    leftovers = [c for c in all_cmds if art in rw(c, art, scratch)]
    print(json.dumps({"framework_compiles": len(fw_compile), "framework_archives": len(fw_archive),
                      "sketches": len(logs), "commands": n_cmds, "inputs_copied": len(inputs),
                      "unrewritten": len(leftovers)}))


def rw(text, art, scratch):
    return text.replace(art, scratch)


def ideal_reset(ideal):
    scratch = os.path.join(ideal, "scratch")
    if os.path.exists(scratch):
        shutil.rmtree(scratch)
    with open(os.path.join(ideal, "dirs.txt")) as f:
        for d in f.read().split("\n"):
            if d:
                os.makedirs(d, exist_ok=True)
    with open(os.path.join(ideal, "inputs.tsv")) as f:
        for line in f:
            src, dst = line.rstrip("\n").split("\t")
            shutil.copy2(src, dst)


def ideal_check(ideal, corpus):
    """JSON: how many .elf the replay linked, and how many of its .hex (if it wrote any: FBuild may write them
    in-process, and then the replay has no objcopy) are byte-identical to FBuild's."""
    scratch = os.path.join(os.path.abspath(ideal), "scratch", "artifacts")
    elves = glob.glob(os.path.join(scratch, "**", "*.elf"), recursive=True)
    hexes = glob.glob(os.path.join(scratch, "**", "*.hex"), recursive=True)
    same = 0
    for h in hexes:
        theirs = os.path.join(os.path.abspath(corpus), "artifacts", os.path.relpath(h, scratch))
        if os.path.exists(theirs):
            with open(h, "rb") as a, open(theirs, "rb") as b:
                same += a.read() == b.read()
    print(json.dumps({"ok": len(elves), "hex": len(hexes), "hex_same_as_fbuild": same}))


# ---------------------------------------------------------------- FBuild outputs

def traces(corpus, board):
    return sorted(glob.glob(os.path.join(corpus, "artifacts", board, "**", "trace.tsv"), recursive=True))


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def snapshot(corpus, board, out):
    with open(out, "w") as f:
        json.dump({p: count_lines(p) for p in traces(corpus, board)}, f)


def fbuild_info(corpus, board, snap_path):
    snap = {}
    if snap_path and os.path.exists(snap_path):
        with open(snap_path) as f:
            snap = json.load(f)
    info = {"ok": "", "failed": "", "sketches": "", "stage1_s": "", "stage2_s": "", "total_s": ""}
    res = os.path.join(corpus, "artifacts", board, "results.json")
    failed_names = set()
    if os.path.exists(res):
        with open(res) as f:
            d = json.load(f)
        s = d.get("summary", {})
        info.update(ok=s.get("ok", ""), failed=s.get("failed", ""), sketches=s.get("sketches", ""))
        ph = d.get("phases", {})
        info.update(stage1_s=ph.get("stage1_archives", ""), stage2_s=ph.get("stage2_sketches", ""),
                    total_s=ph.get("total", ""))
        failed_names = {os.path.dirname(os.path.relpath(x["log"], os.path.join(corpus, "artifacts", board)))
                        for x in d.get("sketches", []) if x.get("status") != "ok"}
        info["failed_projects"] = [x["project"] for x in d.get("sketches", []) if x.get("status") != "ok"]
        c = d.get("cache", {})
        info.update(cache_hits=c.get("hits", ""), cache_misses=c.get("misses", ""), cache_stores=c.get("stores", ""),
                    objects_rebuilt=c.get("objectsRebuilt", ""))
    runs, rebuilt = 0, []
    for p in traces(corpus, board):
        new = count_lines(p) - snap.get(p, 0)
        if new > 0:
            runs += new
            rel = os.path.dirname(os.path.relpath(p, os.path.join(corpus, "artifacts", board)))
            if rel not in failed_names:
                rebuilt.append(rel.replace("sketches/", "", 1))
    info["tool_runs"] = runs
    info["rebuilt"] = rebuilt
    info["sketches_rebuilt"] = sum(1 for r in rebuilt if r != "framework")
    print(json.dumps(info))


def trace_report(corpus, board, wall, out):
    """Sums a cold build's tool runs by kind and stage and compares them with the wall time."""
    rows = []
    for p in traces(corpus, board):
        stage = "stage1" if "/framework/" in p else "stage2"
        with open(p) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3:
                    rows.append((int(parts[0]) / 1000.0, int(parts[1]) / 1000.0, parts[2], stage))
    if not rows:
        return
    lines = ["Tool runs of the first cold FBuild build (from every trace.tsv), %s" % board, ""]
    lines.append("%-8s %-10s %6s %9s %9s" % ("stage", "kind", "runs", "sum_s", "median_ms"))
    for stage in ("stage1", "stage2"):
        for kind in sorted({r[2] for r in rows if r[3] == stage}):
            ds = [r[1] - r[0] for r in rows if r[3] == stage and r[2] == kind]
            lines.append("%-8s %-10s %6d %9.2f %9.0f" % (stage, kind, len(ds), sum(ds), statistics.median(ds) * 1000))
    for stage in ("stage1", "stage2"):
        sr = [r for r in rows if r[3] == stage]
        if not sr:
            continue
        span = max(r[1] for r in sr) - min(r[0] for r in sr)
        busy = sum(r[1] - r[0] for r in sr)
        lines.append("")
        lines.append("%s: first tool start to last tool end %.2f s; tools busy %.2f s in total, so %.2f of them "
                     "ran at once on average (2 would keep both cores on tools)" % (stage, span, busy, busy / span if span else 0))
    t0 = min(r[0] for r in rows)
    t1 = max(r[1] for r in rows)
    lines.append("")
    lines.append("dotnet build wall %.2f s; the tool runs span %.2f s (first start to last end), so %.2f s of the "
                 "wall time is before or after them (process start, evaluation, restore, stage-1 library scan, "
                 "reports)." % (float(wall), t1 - t0, float(wall) - (t1 - t0)))
    # Gaps in stage 2 where fewer than 2 tools ran.
    s2 = sorted((r[0], r[1]) for r in rows if r[3] == "stage2")
    if s2:
        events = sorted([(a, 1) for a, _ in s2] + [(b, -1) for _, b in s2])
        level, last, idle = 0, events[0][0], {0: 0.0, 1: 0.0}
        for t, d in events:
            if level < 2:
                idle[level] += t - last
            level, last = level + d, t
        lines.append("stage2: %.2f s with no tool running and %.2f s with only one (inside its span)." % (idle[0], idle[1]))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- recording

def record(details, tool, scenario, rep, sketches, measure_json, extra_json=None, note=""):
    with open(measure_json) as f:
        m = json.load(f)
    extra = {}
    if extra_json and os.path.exists(extra_json):
        with open(extra_json) as f:
            extra = json.load(f)
    row = dict(m)
    row.update({k: v for k, v in extra.items() if k in DETAILS_COLUMNS})
    row.update(tool=tool, scenario=scenario, rep=rep, sketches=sketches, note=note)
    by = m.get("peak_rss_by_program")
    if by:  # what the peak sample was made of, largest programs first: "dotnet 3x 612; cc1plus 2x 38; ..."
        row["peak_rss_breakdown"] = "; ".join("%s %dx %.0f" % (n, c, mb) for n, (c, mb) in list(by.items())[:4])
    if isinstance(row.get("rebuilt"), list):
        r = row["rebuilt"]
        row["rebuilt"] = ",".join(r[:5]) + (",...(+%d)" % (len(r) - 5) if len(r) > 5 else "")
    new = not os.path.exists(details)
    with open(details, "a") as f:
        if new:
            f.write("\t".join(DETAILS_COLUMNS) + "\n")
        f.write("\t".join(str(row.get(c, "")) for c in DETAILS_COLUMNS) + "\n")


def ab_scale(times, total, measure_json, how="first"):
    """first sketch (fills the cache) + mean of the others x (TOTAL - 1); with how=mean (no cache: every
    sketch compiles the core) mean x TOTAL. CPU in proportion."""
    with open(measure_json) as f:
        m = json.load(f)
    rows = []
    with open(times) as f:
        for line in f:
            n, example, status, secs = line.rstrip("\n").split("\t")
            rows.append((example, status, float(secs)))
    total = int(total)
    first, rest = rows[0][2], [r[2] for r in rows[1:]]
    if how == "mean":
        est = statistics.mean(r[2] for r in rows) * total
    else:
        est = first + (statistics.mean(rest) if rest else first) * (total - 1)
    factor = est / sum(r[2] for r in rows)
    out = dict(m)
    out.update(wall_s=round(m["wall_s"] * factor, 3), cpu_s=round(m["cpu_s"] * factor, 3),
               user_s=round(m["user_s"] * factor, 3), sys_s=round(m["sys_s"] * factor, 3))
    for k in ("sys_idle_s", "steal_s", "others_cpu_s"):
        if k in m:
            out[k] = round(m[k] * factor, 2)
    out["ok"] = sum(1 for r in rows if r[1] == "ok")
    out["failed"] = sum(1 for r in rows if r[1] != "ok")
    out["first_s"] = round(first, 3)
    out["rest_mean_s"] = round(statistics.mean(rest), 3) if rest else ""
    print(json.dumps(out))


# ---------------------------------------------------------------- summary

def read_details(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def med(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def summarize(outdir):
    rows = read_details(os.path.join(outdir, "details.tsv"))
    keys = []
    for r in rows:
        k = (r["tool"], r["scenario"])
        if k not in keys:
            keys.append(k)
    medians = {}
    with open(os.path.join(outdir, "bench.tsv"), "w") as f:
        f.write("tool\tscenario\tsketches\twall_s\tcpu_s\tpeak_rss_mb\n")
        for r in rows:
            f.write("\t".join([r["tool"], r["scenario"], r["sketches"], r["wall_s"], r["cpu_s"], r["peak_rss_mb"]]) + "\n")
        for k in keys:
            rs = [r for r in rows if (r["tool"], r["scenario"]) == k]
            m = {c: med([fnum(r[c]) for r in rs]) for c in ("wall_s", "cpu_s", "peak_rss_mb")}
            m["n"] = len(rs)
            m["sketches"] = rs[0]["sketches"]
            medians[k] = m
            f.write("\t".join([k[0], k[1] + "_median", rs[0]["sketches"], "%.3f" % m["wall_s"], "%.3f" % m["cpu_s"],
                               "%.1f" % m["peak_rss_mb"]]) + "\n")

    def w(tool, scen):
        m = medians.get((tool, scen))
        return m["wall_s"] if m else None

    def paired(tool_a, scen_a, tool_b, scen_b):
        a = {r["rep"]: fnum(r["wall_s"]) for r in rows if (r["tool"], r["scenario"]) == (tool_a, scen_a)}
        b = {r["rep"]: fnum(r["wall_s"]) for r in rows if (r["tool"], r["scenario"]) == (tool_b, scen_b)}
        return [a[k] / b[k] for k in sorted(a) if k in b and a[k] and b[k]]

    def measured(tool, scen):
        """The scenario's _scaled estimate when only a sample ran, else the scenario itself."""
        return scen + "_scaled" if (tool, scen + "_scaled") in medians else scen

    ab_scen = measured("arduino-builder", "loop_cache")
    out = []
    out.append("FBuild benchmark summary (medians of %s repetitions; wall seconds)" %
               "/".join(sorted({str(m["n"]) for m in medians.values()})))
    out.append("")
    out.append("%-16s %-20s %8s %8s %8s %11s %3s %8s" % ("tool", "scenario", "sketches", "wall_s", "cpu_s", "peak_rss_mb", "n", "others%"))
    ncpu = os.cpu_count() or 1
    for k in keys:
        m = medians[k]
        oth = med([fnum(r.get("others_cpu_s")) / (ncpu * fnum(r["wall_s"])) * 100 for r in rows
                   if (r["tool"], r["scenario"]) == k and fnum(r.get("others_cpu_s")) is not None and fnum(r["wall_s"])])
        out.append("%-16s %-20s %8s %8.2f %8.2f %11.1f %3d %8s" % (k[0], k[1], m["sketches"], m["wall_s"], m["cpu_s"],
                   m["peak_rss_mb"], m["n"], "%.0f%%" % oth if oth is not None else "-"))
    out.append("(others%: share of the machine's CPU time that other processes used during the run; high = disturbed)")
    dn = [(k, med([fnum(r.get("dotnet_cpu_s")) for r in rows if (r["tool"], r["scenario"]) == k])) for k in keys if k[0] == "fbuild"]
    if any(v for _, v in dn):
        out.append("")
        out.append("FBuild's CPU split (medians): dotnet processes (CLI + MSBuild nodes, sampled) vs the rest (compilers, linker):")
        for k, v in dn:
            if v is not None:
                c = medians[k]["cpu_s"]
                out.append("  %-20s cpu %6.2f s = dotnet %6.2f s + tools %6.2f s" % (k[1], c, v, c - v))
        ic = medians.get(("ideal", "replay"))
        if ic:
            out.append("  %-20s cpu %6.2f s (the same tool commands with no build system; includes sh/xargs)" % ("ideal replay", ic["cpu_s"]))
    out.append("")
    out.append("Against the issue's targets:")

    def line(label, value, target, ok, extra=""):
        if value is None:
            out.append("  %-44s not measured" % label)
        else:
            out.append("  %-44s %8s   target %-10s %s%s" % (label, value, target, "MET" if ok else "NOT MET", extra))

    cold, ideal, ab = w("fbuild", "cold"), w("ideal", "replay"), w("arduino-builder", ab_scen)
    pr = paired("fbuild", "cold", "ideal", "replay")
    line("FBuild cold / ideal", "%.2fx" % (cold / ideal) if cold and ideal else None, "<= 1.2x",
         cold and ideal and cold / ideal <= 1.2,
         "   (per repetition: %s)" % ", ".join("%.2f" % x for x in pr) if pr else "")
    line("arduino-builder loop / FBuild cold", "%.1fx" % (ab / cold) if ab and cold else None, ">= 10x",
         ab and cold and ab / cold >= 10, "   (%s)" % ab_scen)
    nc_scen = measured("arduino-builder", "loop_nocache")
    nc = w("arduino-builder", nc_scen)
    if nc and cold:
        out.append("  %-44s %8s   (without -build-cache every sketch compiles the core; %s)" %
                   ("arduino-builder loop, no cache / FBuild cold", "%.1fx" % (nc / cold), nc_scen))
    ps_scen = measured("per-sketch-dotnet", "xargs_cold")
    ps = w("per-sketch-dotnet", ps_scen)
    if ps and cold:
        out.append("  %-44s %8s   (what the two stages save over one dotnet build per sketch, %s)" %
                   ("per-sketch dotnet builds / FBuild cold", "%.1fx" % (ps / cold), ps_scen))
    for scen, label in (("noop", "FBuild noop"), ("edit1", "FBuild edit1"),
                        ("noop_green", "FBuild noop, 87 green sketches only"),
                        ("edit1_green", "FBuild edit1, 87 green sketches only")):
        v = w("fbuild", scen)
        if v is not None or scen in ("noop", "edit1"):
            line(label, "%.2f s" % v if v is not None else None, "<= 1.5 s", v is not None and v <= 1.5)
    ch = w("fbuild", "core_header")
    if ch and cold:
        col = lambda scen, c: med([fnum(r.get(c)) for r in rows if (r["tool"], r["scenario"]) == ("fbuild", scen)])
        out.append("  %-44s %8s   (no target; tool runs %g, cold %g; sketches that ran tools %s of %s built)" %
                   ("FBuild core_header (Arduino.h touched) / cold", "%.2fx" % (ch / cold), col("core_header", "tool_runs"),
                    col("cold", "tool_runs"), "%g" % col("core_header", "sketches_rebuilt") if col("core_header", "sketches_rebuilt") is not None else "?",
                    "%g" % col("core_header", "ok") if col("core_header", "ok") is not None else "?"))
        if ideal:
            out.append("  %-44s %8s   (the replay runs the same tools as a cold build)" %
                       ("FBuild core_header / ideal", "%.2fx" % (ch / ideal)))
    else:
        line("FBuild core_header", None, "", False)
    def hits(scen):
        rs = [r for r in rows if (r["tool"], r["scenario"]) == ("fbuild", scen)]
        h, m = med([fnum(r.get("cache_hits")) for r in rs]), med([fnum(r.get("cache_misses")) for r in rs])
        return "   (cache: %g hits, %g misses)" % (h, m) if h is not None and m is not None else ""
    cr = w("fbuild", "clean_rebuild")
    line("FBuild clean_rebuild (warm cache) / cold", "%.2fx" % (cr / cold) if cr and cold else None, "<= 0.4x",
         cr and cold and cr / cold <= 0.4, hits("clean_rebuild"))
    hc, hi = w("fbuild", "heavy_cold"), w("ideal", "heavy_replay")
    if hc and hi:
        line("heavy corpus: FBuild cold / ideal", "%.2fx" % (hc / hi), "<= 1.2x", hc / hi <= 1.2)
        for scen in ("noop", "edit1"):
            v = w("fbuild", "heavy_" + scen)
            if v is not None:
                line("heavy corpus: FBuild " + scen, "%.2f s" % v, "<= 1.5 s", v <= 1.5)
        hr = w("fbuild", "heavy_clean_rebuild")
        if hr:
            line("heavy corpus: clean_rebuild (warm cache) / cold", "%.2fx" % (hr / hc), "<= 0.4x", hr / hc <= 0.4, hits("heavy_clean_rebuild"))
    out.append("")
    out.append("The samples (10 sketches, medians):")
    for scen in ("cold", "noop", "edit1", "clean_rebuild"):
        v = w("fbuild", "samples_" + scen)
        if v is not None:
            out.append("  %-44s %8.2f s%s" % ("FBuild samples " + scen, v, hits("samples_" + scen)))
    phases_path = os.path.join(outdir, "fbuild-phases.tsv")
    ph = []
    if os.path.exists(phases_path):
        with open(phases_path) as f:
            f.readline()
            ph = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    scale = scale_table(rows, medians, ph)
    if scale:
        out.append("")
        out += scale
    if ph:
        out.append("")
        out.append("Where FBuild's time goes (medians; FBuild's own phases.tsv, and the rest of the process's wall time):")
        out.append("  %-16s %8s %8s %8s %8s %10s %9s" % ("scenario", "wall_s", "stage1", "stage2", "total", "wall-total", "tool_runs"))
        for k in keys:
            if k[0] != "fbuild":
                continue
            scen = k[1]
            g = lambda name: med([fnum(x[3]) for x in ph if x[0] == scen and x[2] == name])
            s1, s2, tot = g("stage1_archives"), g("stage2_sketches"), g("total")
            runs = med([fnum(r["tool_runs"]) for r in rows if (r["tool"], r["scenario"]) == k])
            wv = medians[k]["wall_s"]
            fmt = lambda x: "%8.2f" % x if x is not None else "%8s" % "-"
            out.append("  %-16s %s %s %s %s %10s %9s" % (scen, fmt(wv), fmt(s1), fmt(s2), fmt(tot),
                       "%.2f" % (wv - tot) if tot is not None else "-", "%g" % runs if runs is not None else "-"))
        out.append("  (stage2 of noop/edit1 on the 100-sketch corpus includes recompiling the 13 sketches that fail:")
        out.append("   a failed compile leaves no output, so every build runs it again)")
    notes = [r for r in rows if r.get("note")]
    if notes:
        out.append("")
        out.append("Notes:")
        for r in notes:
            out.append("  %s %s rep %s: %s" % (r["tool"], r["scenario"], r["rep"], r["note"]))
    text = "\n".join(out) + "\n"
    with open(os.path.join(outdir, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    write_svg(os.path.join(outdir, "bench.svg"), keys, medians, scale_points(medians))


SCALE_WALL_PER_COPY = 1.05   # issue 4: x10 cold <= 10.5 x x1 cold, i.e. 1.05 x linear
SCALE_RSS = 1.15             # issue 4: peak RSS x10 <= 1.15 x x1


def scale_points(medians):
    """{kind: [(copies, sketches, median row)]} for the scale_xK_{cold,noop,replay} scenarios, by size."""
    pts = {}
    for (tool, scen), m in medians.items():
        parts = scen.split("_")
        if len(parts) == 3 and parts[0] == "scale" and parts[1].startswith("x") and parts[1][1:].isdigit():
            pts.setdefault(parts[2], []).append((int(parts[1][1:]), int(m["sketches"]), m))
    return {k: sorted(v, key=lambda x: x[0]) for k, v in pts.items()}


def scale_table(rows, medians, ph):
    """The scale section of summary.txt: one line per size, then the two targets (and by how much they are
    missed), and where the time and the memory go per size."""
    pts = scale_points(medians)
    cold = pts.get("cold", [])
    if not cold:
        return []
    by = lambda kind: {k: m for k, _, m in pts.get(kind, [])}
    ideal, noop = by("replay"), by("noop")
    col = lambda scen, c: med([fnum(r.get(c)) for r in rows if (r["tool"], r["scenario"]) == ("fbuild", scen)])
    phase = lambda scen, name: med([fnum(x[3]) for x in ph if x[0] == scen and x[2] == name])
    out = ["Scale: FBuild cold on K copies of the examples (medians of %s; ideal replay and no-op at the first "
           "and last size):" % "/".join(sorted({str(m["n"]) for _, _, m in cold})),
           "  %-5s %8s %8s %9s %8s %11s %10s %8s %8s %8s %8s" % ("size", "sketches", "wall_s", "ms/sketch", "cpu_s",
                                                                 "peak_rss_mb", "max_single", "ideal_s", "fb/ideal", "noop_s", "others%")]
    ncpu = os.cpu_count() or 1

    def others(scen):  # the share of the machine other processes used: high = a disturbed measurement
        v = med([fnum(r.get("others_cpu_s")) / (ncpu * fnum(r["wall_s"])) * 100 for r in rows if r["scenario"] == scen
                 and fnum(r.get("others_cpu_s")) is not None and fnum(r["wall_s"])])
        return "%.0f%%" % v if v is not None else "-"
    for k, n, m in cold:
        i, no = ideal.get(k), noop.get(k)
        out.append("  %-5s %8d %8.2f %9.1f %8.2f %11.1f %10s %8s %8s %8s %8s" % (
            "x%d" % k, n, m["wall_s"], m["wall_s"] / n * 1000, m["cpu_s"], m["peak_rss_mb"],
            "%.1f" % col("scale_x%d_cold" % k, "max_single_rss_mb") if col("scale_x%d_cold" % k, "max_single_rss_mb") is not None else "-",
            "%.2f" % i["wall_s"] if i else "-", "%.2fx" % (m["wall_s"] / i["wall_s"]) if i else "-",
            "%.2f" % no["wall_s"] if no else "-",
            "/".join(others("scale_x%d_%s" % (k, kind)) for kind in ("cold", "replay") if k in (ideal if kind == "replay" else by("cold")))))
    (k0, n0, m0), (k1, n1, m1) = cold[0], cold[-1]
    if k1 == k0:
        return out
    f = k1 / k0
    label = "x%d / x%d" % (k1, k0)
    wall_target, wr = SCALE_WALL_PER_COPY * f, m1["wall_s"] / m0["wall_s"]
    rr = m1["peak_rss_mb"] / m0["peak_rss_mb"]
    out.append("  Against the issue's targets (%d sketches against %d):" % (n1, n0))
    out.append("  %-44s %7.2fx   target <= %.2fx %s" % ("FBuild cold wall " + label, wr, wall_target,
               "MET" if wr <= wall_target else "NOT MET, by %.0f %% (%.1f s over)" % ((wr / wall_target - 1) * 100, m1["wall_s"] - wall_target * m0["wall_s"])))
    out.append("  %-44s %7.2fx   target <= %.2fx %s" % ("FBuild cold peak RSS " + label, rr, SCALE_RSS,
               "MET" if rr <= SCALE_RSS else "NOT MET, by %.0f %% (%.0f MB over)" % ((rr / SCALE_RSS - 1) * 100, m1["peak_rss_mb"] - SCALE_RSS * m0["peak_rss_mb"])))
    if k0 == 1:
        # The sampled peak of one size varies from run to run: the examples corpus's own cold runs are x1 too.
        same = [fnum(r["peak_rss_mb"]) for r in rows if r["tool"] == "fbuild" and r["scenario"] in ("cold", "scale_x1_cold")
                and r["sketches"] == str(n0) and fnum(r["peak_rss_mb"])]
        if len(same) > 1:
            out.append("  %-44s %.2fx-%.2fx (peak RSS of the %d cold builds of %d sketches in this run: %.0f-%.0f MB)" % (
                       "  the same against every x1 cold build", m1["peak_rss_mb"] / max(same), m1["peak_rss_mb"] / min(same),
                       len(same), n0, min(same), max(same)))
    s0, s1 = col("scale_x%d_cold" % k0, "max_single_rss_mb"), col("scale_x%d_cold" % k1, "max_single_rss_mb")
    if s0 and s1:
        out.append("  %-44s %7.2fx   (%.0f -> %.0f MB: the largest single process, exact; MSBuild's nodes)" % (
                   "largest single process " + label, s1 / s0, s0, s1))
    for k, n, m in cold:
        b = [r.get("peak_rss_breakdown") for r in rows if (r["tool"], r["scenario"]) == ("fbuild", "scale_x%d_cold" % k)]
        if b and b[0]:
            out.append("  %-44s %s" % ("  x%d peak made of (processes, MB)" % k, b[0]))
    if k0 in ideal and k1 in ideal:
        ir = ideal[k1]["wall_s"] / ideal[k0]["wall_s"]
        out.append("  %-44s %7.2fx   (the floor's own growth; FBuild/ideal %.2fx -> %.2fx)" % (
                   "ideal replay wall " + label, ir, m0["wall_s"] / ideal[k0]["wall_s"], m1["wall_s"] / ideal[k1]["wall_s"]))
    if k0 in noop and k1 in noop:
        out.append("  %-44s %7.2fx   (%.2f -> %.2f s, %d x %d failing compiles included)" % (
                   "FBuild noop wall " + label, noop[k1]["wall_s"] / noop[k0]["wall_s"], noop[k0]["wall_s"], noop[k1]["wall_s"], 13, k1))
    out.append("  Where the time goes, per sketch (ms; dotnet = CLI + MSBuild nodes' CPU, tools = the rest; phases from FBuild's phases.tsv):")
    out.append("  %-5s %10s %10s %10s %10s %10s" % ("size", "dotnet_cpu", "tools_cpu", "stage1_s", "stage2", "outside"))
    for k, n, m in cold:
        scen = "scale_x%d_cold" % k
        dn, s1_, s2_, tot = col(scen, "dotnet_cpu_s"), phase(scen, "stage1_archives"), phase(scen, "stage2_sketches"), phase(scen, "total")
        ms = lambda x: "%10.1f" % (x / n * 1000) if x is not None else "%10s" % "-"
        out.append("  %-5s %s %s %10s %s %s" % ("x%d" % k, ms(dn), ms(m["cpu_s"] - dn if dn is not None else None),
                   "%.2f" % s1_ if s1_ is not None else "-", ms(s2_), ms(m["wall_s"] - tot if tot is not None else None)))
    out.append("  (stage1 is once per build, in seconds; stage2 and the wall time outside FBuild's total per sketch;")
    out.append("   others% = cold/replay: the share of the machine other processes took, a disturbed size shows there)")
    return out


def svg_lines(x0, y0, w, h, title, unit, series, refs):
    """A small line chart: series = [(label, color, [(x, y)])], refs = [(label, color, [(x, y)])] dashed."""
    allp = [p for _, _, ps in series + refs for p in ps]
    if not allp:
        return []
    xmax = max(p[0] for p in allp) or 1
    ymax = max(p[1] for p in allp) or 1
    X = lambda x: x0 + x / xmax * w
    Y = lambda y: y0 + h - y / ymax * h
    parts = ['<text x="%d" y="%d" font-weight="bold">%s</text>' % (x0, y0 - 10, title),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (x0, y0 + h, x0 + w, y0 + h),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (x0, y0, x0, y0 + h),
             '<text x="%d" y="%d" fill="#555" text-anchor="end">%.0f %s</text>' % (x0 - 4, y0 + 4, ymax, unit),
             '<text x="%d" y="%d" fill="#555" text-anchor="end">0</text>' % (x0 - 4, y0 + h + 4),
             '<text x="%d" y="%d" fill="#555" text-anchor="middle">sketches</text>' % (x0 + w / 2, y0 + h + 32)]
    for x in sorted({p[0] for _, _, ps in series for p in ps}):
        parts.append('<text x="%.1f" y="%d" fill="#555" text-anchor="middle">%d</text>' % (X(x), y0 + h + 16, x))
    ly = y0 + 4
    for dashed, group in ((False, series), (True, refs)):
        for label, color, ps in group:
            pts = " ".join("%.1f,%.1f" % (X(x), Y(y)) for x, y in ps)
            parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>' %
                         (pts, color, ' stroke-dasharray="5,4"' if dashed else ""))
            if not dashed:
                parts += ['<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (X(x), Y(y), color) for x, y in ps]
                parts += ['<text x="%.1f" y="%.1f" fill="%s" font-size="10">%.0f</text>' % (X(x) + 4, Y(y) - 4, color, y) for x, y in ps]
            parts.append('<text x="%d" y="%d" fill="%s" font-size="11">%s</text>' % (x0 + 10, ly + 10, color, label))
            ly += 14
    return parts


def write_svg(path, keys, medians, scale=None):
    colors = {"fbuild": "#2b6cb0", "ideal": "#2f855a", "arduino-builder": "#c05621"}
    bar_h, gap, left, width, top = 16, 14, 300, 560, 50
    keys = [k for k in keys if not k[1].startswith("scale_")]   # the scale runs have their own panel below
    cold = (scale or {}).get("cold", [])
    panel_h = 260 if len(cold) >= 2 else 0
    vmax = max(max(medians[k]["wall_s"], medians[k]["cpu_s"]) for k in keys) or 1
    height = top + len(keys) * (2 * bar_h + gap) + 60 + panel_h
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
             % (left + width + 190, height),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="10" y="22" font-size="15" font-weight="bold">FBuild benchmark: medians (seconds)</text>',
             '<text x="10" y="40" fill="#555">solid bar = wall time, light bar = user+sys CPU of the process tree</text>']
    y = top
    for k in keys:
        m = medians[k]
        c = colors.get(k[0], "#555")
        ww = m["wall_s"] / vmax * width
        cw = m["cpu_s"] / vmax * width
        parts.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 8, y + bar_h + 4, esc("%s %s (%s)" % (k[0], k[1], m["sketches"]))))
        parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (left, y, max(ww, 1), bar_h, c))
        parts.append('<text x="%.1f" y="%d">%.2f s</text>' % (left + max(ww, 1) + 4, y + bar_h - 4, m["wall_s"]))
        parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s" opacity="0.35"/>' % (left, y + bar_h, max(cw, 1), bar_h, c))
        parts.append('<text x="%.1f" y="%d" fill="#555">%.2f s cpu, %.0f MB</text>' % (left + max(cw, 1) + 4, y + 2 * bar_h - 4, m["cpu_s"], m["peak_rss_mb"]))
        y += 2 * bar_h + gap
    parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (left, top - 4, left, y))
    parts.append('<text x="10" y="%d" fill="#555">targets: cold &lt;= 1.2x ideal; &gt;= 10x faster than the arduino-builder loop; noop &lt;= 1.5 s; edit1 &lt;= 1.5 s</text>' % (y + 20))
    if panel_h:
        n0, m0, k0 = cold[0][1], cold[0][2], cold[0][0]
        xs = [n for _, n, _ in cold]
        per = lambda kind: [(n, m["wall_s"]) for _, n, m in scale.get(kind, [])]
        parts += svg_lines(left - 230, y + 80, 360, 140, "Scale: cold wall time vs sketches", "s",
                           [("FBuild cold", colors["fbuild"], per("cold")), ("ideal replay", colors["ideal"], per("replay")),
                            ("FBuild noop", "#805ad5", per("noop"))],
                           [("target: %.2f x linear from x%d" % (SCALE_WALL_PER_COPY, k0), "#c53030",
                             [(n, m0["wall_s"] * n / n0 * (SCALE_WALL_PER_COPY if n != n0 else 1)) for n in xs])])
        parts += svg_lines(left + 260, y + 80, 360, 140, "Scale: peak RSS of the process tree vs sketches", "MB",
                           [("FBuild cold", colors["fbuild"], [(n, m["peak_rss_mb"]) for _, n, m in cold]),
                            ("ideal replay", colors["ideal"], [(n, m["peak_rss_mb"]) for _, n, m in scale.get("replay", [])])],
                           [("target: %.2f x the x%d peak" % (SCALE_RSS, k0), "#c53030", [(n, m0["peak_rss_mb"] * SCALE_RSS) for n in xs])])
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


# ---------------------------------------------------------------- heavy corpus

def heavy_corpus(root, n, headers=3000, modules=30, unity=27):
    """A sketch set like a big LED library's examples (deterministic, generated: no third-party code).
    libraries/HeavyLib: HEADERS headers (.h and .hpp) in MODULES folders under src/heavy/, each including a
    parent in its folder and the first one of the previous folder, all pulled in by HeavyLib.h; UNITY unity
    sources src/unity/unityKK.cpp of uneven size (each includes HeavyLib.h and 1 to 14 implementation parts
    src/unity/impl/*.cpp.hpp; the longest come last by name). Plus SPI and Wire, and N sketches HeavyNN that each
    include HeavyLib.h and use a different part of it: every sketch compile parses all the headers, as with FastLED."""
    n, headers, modules, unity = int(n), int(headers), int(modules), int(unity)
    lib = os.path.join(root, "libraries", "HeavyLib")
    src = os.path.join(lib, "src")
    os.makedirs(os.path.join(src, "unity", "impl"), exist_ok=True)

    def put(path, lines):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")

    put(os.path.join(lib, "library.properties"), [
        "name=HeavyLib", "version=1.0.0", "author=bench", "sentence=Generated header-heavy library", "paragraph=",
        "category=Other", "url=http://example.invalid", "architectures=*"])
    per = max(1, headers // modules)
    name = lambda i: "h%03d.%s" % (i, "hpp" if i % 3 == 2 else "h")
    for m in range(modules):
        ns = "heavy::m%02d" % m
        for i in range(per):
            h = ["#pragma once"]
            h.append('#include "%s"' % name((i - 1) // 2) if i else
                     "#include <heavy/m%02d/%s>" % (m - 1, name(0)) if m else "#include <Arduino.h>")
            k = (m * 7919 + i * 104729) & 0xffff
            h += ["namespace %s {" % ns.replace("::", " { namespace "),
                  "struct S%d { uint16_t v; uint16_t get() const { return v * %d + 0x%04x; } };" % (i, 2 * i + 1, k),
                  "inline uint16_t f%d(uint16_t x) { uint16_t y = x * %d + %d; if (y & 1) y ^= 0x%04x; return y + (x >> %d); }"
                  % (i, 2 * i + 3, m + i, k, i % 7 + 1),
                  "template <typename T> inline T t%d(T a, T b) { return (a ^ (T)%d) * b + S%d{(uint16_t)a}.get(); }" % (i, k, i),
                  "}}"]
            put(os.path.join(src, "heavy", "m%02d" % m, name(i)), h)
        put(os.path.join(src, "heavy", "m%02d.h" % m), ["#pragma once"] + ['#include "m%02d/%s"' % (m, name(i)) for i in range(per)])
    # Unity sources: the weight (implementation parts) is uneven, and the heaviest are last in name order.
    weights = [1 + (k * 5) % 4 for k in range(unity)]
    for j, k in enumerate(range(max(0, unity - 3), unity)):
        weights[k] = 8 + 3 * j
    put(os.path.join(src, "HeavyLib.h"), ["#pragma once"] + ['#include "heavy/m%02d.h"' % m for m in range(modules)]
        + ["uint16_t unity%02d(uint16_t x);" % k for k in range(unity)])
    for k, w in enumerate(weights):
        body = ["#include <HeavyLib.h>"]
        for p in range(w):
            impl = ["namespace heavy { namespace u%02d_%02d {" % (k, p)]
            for g in range(24):
                m, i = (k + p + g) % modules, (k * 31 + p * 7 + g) % per
                impl.append("uint16_t g%d(uint16_t x) { uint16_t y = x; for (uint8_t r = 0; r < %d; ++r) { y = heavy::m%02d::f%d(y) ^ (uint16_t)(y << (r & 7)); if (y == %d) break; } return heavy::m%02d::t%d<uint16_t>(y, %d); }"
                            % (g, g % 5 + 2, m, i, g * 13, m, i, g + 1))
            impl.append("uint16_t all(uint16_t x) { return " + " + ".join("g%d(x)" % g for g in range(24)) + "; }")
            impl.append("}}")
            put(os.path.join(src, "unity", "impl", "u%02d_%02d.cpp.hpp" % (k, p)), impl)
            body.append('#include "impl/u%02d_%02d.cpp.hpp"' % (k, p))
        # A sketch links two functions of a unity source (the whole of the longest would not fit in an uno's flash).
        body.append("uint16_t unity%02d(uint16_t x) { return heavy::u%02d_00::g0(x) ^ heavy::u%02d_%02d::g1(x); }" % (k, k, k, w - 1))
        put(os.path.join(src, "unity", "unity%02d.cpp" % k), body)
    for j in range(1, n + 1):
        sk = "Heavy%02d" % j
        d = os.path.join(root, sk)
        m, i = j % modules, (j * 3) % per
        extra = ["#include <SPI.h>"] if j % 3 == 0 else ["#include <Wire.h>"] if j % 3 == 1 else []
        put(os.path.join(d, sk + ".ino"), ["#include <HeavyLib.h>"] + extra + [
            "", "void setup() {", "  Serial.begin(9600);",
            "  Serial.println(heavy::m%02d::f%d(%d) + heavy::m%02d::t%d<uint16_t>(%d, 2) + unity%02d(%d));"
            % (m, i, j, (m + 1) % modules, (i + 1) % per, j, j % unity, j),
            "}", "", "void loop() {}"])
        put(os.path.join(d, sk + ".fbproj"), ['<Project Sdk="FBuild.Sdk" />'])
    put(os.path.join(root, "Sketches.proj"), ['<Project Sdk="FBuild.Sdk" />'])


# ---------------------------------------------------------------- heavy stage 1 (issue 16)

def heavy_stage1(out, n="111", reps="1"):
    """Stage 1 alone on the heavy corpus (the framework project, FrameworkJobs=2): library resolution cold and in a
    no-op (FBuildResolveLibraries' task time), the compile phase's width (sum of compile times / (wall of the compile
    phase x jobs), from trace.tsv), and stage 1 cold against the ideal replay of its own commands (xargs -P 2 in
    build.log order). Needs eng/pack.sh run and NUGET_PACKAGES set as for run.sh. Writes OUT (a text table)."""
    import subprocess, tempfile, time
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    version = [l.split(">")[1].split("<")[0] for l in open(os.path.join(root, "src", "Directory.Build.props")) if "<FBuildVersion>" in l][0]
    proj = os.path.join(os.environ["NUGET_PACKAGES"], "fbuild.sdk", version, "Sdk", "Framework", "FBuild.Framework.proj")
    work = tempfile.mkdtemp(prefix="fbuild-heavy-")
    corpus = os.path.join(work, "heavy")
    heavy_corpus(corpus, n)
    subprocess.run([os.path.join(root, "eng", "use-local-sdk.sh"), corpus, "--force"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, FBUILD_CACHE_DIR=os.path.join(work, "cache"), MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0")
    fw = os.path.join(corpus, "artifacts", "uno", "framework")
    # Resolve (extract) the SDK once, outside any measurement.
    subprocess.run(["dotnet", "msbuild", "Sketches.proj", "-p:Board=uno", "-getProperty:UsingFBuildSdk"], cwd=corpus, env=env, check=True, stdout=subprocess.DEVNULL)
    time.sleep(2.5)   # the corpus's stamps settle (younger ones are not trusted, and nothing would be recorded)

    def build():
        t = time.time()
        r = subprocess.run(["dotnet", "build", proj, "-p:Board=uno", "-p:FBuildSketchesRoot=" + corpus + "/", "-p:FrameworkJobs=2",
                            "-clp:PerformanceSummary", "-v:n", "--nologo"], cwd=corpus, env=env, capture_output=True, text=True)
        wall = time.time() - t
        if r.returncode != 0:
            print(r.stdout[-3000:], file=sys.stderr)
        res = [float(l.split()[0]) / 1000 for l in r.stdout.splitlines() if " ms  FBuildResolveLibraries " in l]
        how = "recorded" if "Libraries resolved as recorded" in r.stdout else "scanned"
        return r.returncode, wall, (res[-1] if res else float("nan")), how

    def width():
        rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(fw, "trace.tsv"))]
        c = [(int(a), int(b)) for a, b, k, _ in (r[:4] for r in rows if len(r) >= 4) if k == "compile"]
        span = (max(b for _, b in c) - min(a for a, _ in c)) / 1000
        return sum(b - a for a, b in c) / 1000, span

    lines = ["# heavy stage 1 (bench.py heavy-stage1): %s sketches, uno, FrameworkJobs=2; load at start %s" % (n, open("/proc/loadavg").read().split()[:3])]
    lines.append("rep\tcold_wall_s\tresolve_cold_s\tresolve_noop_s\tnoop_how\tcompile_sum_s\tcompile_wall_s\twidth_of_2\tideal_replay_s\tcold_stage1_over_ideal")
    for rep in range(1, int(reps) + 1):
        shutil.rmtree(os.path.join(corpus, "artifacts"), ignore_errors=True)
        shutil.rmtree(env["FBUILD_CACHE_DIR"], ignore_errors=True)
        rc, cold, res_cold, _ = build()
        total, span = width()
        cmds = [c for c in logged_commands(os.path.join(fw, "build.log")) if not tool_name(c).endswith("-ar")]
        rc2, _, res_noop, how = build()
        script = os.path.join(work, "replay.txt")
        with open(script, "w") as f:
            f.write("\0".join(cmds))
        t = time.time()
        subprocess.run(["xargs", "-0", "-P", "2", "-I", "{}", "sh", "-c", "{}"], stdin=open(script), check=False)
        ideal = time.time() - t
        lines.append("%d\t%.2f\t%.3f\t%.3f\t%s\t%.1f\t%.1f\t%.2f\t%.1f\t%.2f%s" % (rep, cold, res_cold, res_noop, how, total, span, total / span,
                                                                        ideal, cold / ideal, "" if rc == 0 and rc2 == 0 else "\tbuild failed"))
    lines.append("# load at end %s" % open("/proc/loadavg").read().split()[:3])
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))


# ---------------------------------------------------------------- a clean runner with a warm remote cache

def warm_remote_build(checkout, measure_json):
    """One build of warm_remote: measure.py's figures, results.json's phases and counters, and the tool runs it
    made (trace.tsv: kind -> runs, milliseconds)."""
    with open(measure_json) as f:
        m = json.load(f)
    with open(os.path.join(checkout, "artifacts", "uno", "results.json")) as f:
        res = json.load(f)
    c = res.get("cache", {})
    runs = {}
    for t in traces(checkout, "uno"):
        with open(t) as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 3 and p[0].isdigit():
                    n, ms = runs.get(p[2], (0, 0))
                    runs[p[2]] = (n + 1, ms + int(p[1]) - int(p[0]))
    return {"wall": m["wall_s"], "cpu": m["cpu_s"], "exit": m["exit_code"], "ok": res["summary"]["ok"], "failed": res["summary"]["failed"],
            "stage1": res["phases"].get("stage1_archives", 0), "stage2": res["phases"].get("stage2_sketches", 0), "total": res["phases"].get("total", 0),
            "hits": c.get("hits", 0), "misses": c.get("misses", 0), "remote": c.get("remote", {}), "runs": runs}


def warm_remote_report(rows, header):
    """The text of results/affinity-remote.txt: a row per repetition, then the medians."""
    text = header + ["", "rep  cold s  warm-remote s  ratio  warm: stage1 s  stage2 s  total s  hits  misses  remote hits  remote ms  uploads  tool runs (kind n ms)"]
    for i, (c, w) in enumerate(rows, 1):
        r = w["remote"]
        text.append("%3d  %6.1f  %13.1f  %5.2f  %14.2f  %8.2f  %7.2f  %4d  %6d  %11d  %9d  %7d  %s" % (
            i, c["wall"], w["wall"], w["wall"] / c["wall"], w["stage1"], w["stage2"], w["total"], w["hits"], w["misses"],
            r.get("hits", 0), r.get("milliseconds", 0), r.get("uploads", 0),
            " ".join("%s %d %d" % (k, n, ms) for k, (n, ms) in sorted(w["runs"].items()))))
    for i, (c, _) in enumerate(rows, 1):
        text.append("cold %d: stage1 %.2f s, stage2 %.2f s, total %.2f s, hits %d, misses %d, remote uploads %d, remote ms %d" % (
            i, c["stage1"], c["stage2"], c["total"], c["hits"], c["misses"], c["remote"].get("uploads", 0), c["remote"].get("milliseconds", 0)))
    if rows:
        med = lambda f: statistics.median([f(c, w) for c, w in rows])
        text += ["", "median of %d: cold %.1f s, warm remote %.1f s, ratio %.2f (target <= 0.3); ok/failed sketches cold %d/%d, warm %d/%d" % (
            len(rows), med(lambda c, w: c["wall"]), med(lambda c, w: w["wall"]), med(lambda c, w: w["wall"] / c["wall"]),
            rows[0][0]["ok"], rows[0][0]["failed"], rows[0][1]["ok"], rows[0][1]["failed"]),
            "warm remote: MSBuild outside the report's total (start-up, evaluation, restore) %.1f s; stage 1 %.1f s; stage 2 %.1f s" % (
            med(lambda c, w: w["wall"] - w["total"]), med(lambda c, w: w["stage1"]), med(lambda c, w: w["stage2"]))]
    return "\n".join(text) + "\n"


def warm_remote(reps="3", out=None):
    """The 100 examples, per repetition: checkout A cold (empty local cache, the remote tier on and empty: this
    build fills it), then checkout B, a fresh copy in another folder that was never built, with an empty local
    cache and the remote warm. Both builds are `dotnet build Sketches.proj -p:Board=uno -v:q` measured by
    measure.py; the ratio is B's wall over A's. Where B's time goes: its phases, the remote's counters (hits,
    milliseconds summed over the tasks), and the tool runs it still made (trace.tsv: compiles of the 13 examples
    that do not build for uno are never cached, and fail again). The report is rewritten after every repetition."""
    import signal, subprocess, tempfile, time
    from affinity import Nginx, load_avg
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    bench = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(bench))
    out = out or os.path.join(bench, "results", "affinity-remote.txt")
    work = tempfile.mkdtemp(prefix="fbuild-warm-remote.")
    env = dict(os.environ, NUGET_PACKAGES=os.path.join(work, "nuget"), DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    for k in ("FBUILD_REMOTE_CACHE_MODE", "FBUILD_REMOTE_CACHE_TOKEN"):
        env.pop(k, None)
    started, load0, rows, nginx = time.time(), load_avg(), [], None

    def build(checkout, cache, url, tag):
        e = dict(env, FBUILD_CACHE_DIR=cache, FBUILD_REMOTE_CACHE=url)
        mj = os.path.join(work, tag + ".json")
        subprocess.run([sys.executable, os.path.join(bench, "measure.py"), "--log", os.path.join(work, tag + ".log"), "--json", mj,
                        "--cwd", checkout, "--", "dotnet", "build", "Sketches.proj", "-p:Board=uno", "-v:q"], env=e, check=True)
        return warm_remote_build(checkout, mj)

    def header():
        return ["# eng/bench/bench.py warm-remote %s: the 100 examples (uno), dotnet build Sketches.proj -p:Board=uno -v:q" % reps,
                "# %s UTC, %.0f s; load average (1/5/15 min) %s at the start, %s at the end; %d CPUs; MSBUILDDISABLENODEREUSE=%s"
                % (time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)), time.time() - started, load0, load_avg(), os.cpu_count(),
                   os.environ.get("MSBUILDDISABLENODEREUSE", "(unset)")),
                "# cold: empty local cache, remote on and empty (this build fills it); warm remote: a fresh copy of the checkout in",
                "# another folder, never built, with an empty local cache, the remote warm. nginx WebDAV on 127.0.0.1."]

    try:
        subprocess.run([os.path.join(root, "eng", "pack.sh")], env=env, check=True, stdout=subprocess.DEVNULL)
        pristine = os.path.join(work, "pristine")
        subprocess.run([os.path.join(root, "eng", "examples-corpus.sh"), pristine], env=env, check=True, stdout=subprocess.DEVNULL)
        # Resolve (extract) the SDK once, outside any measurement.
        subprocess.run(["dotnet", "msbuild", "Sketches.proj", "-p:Board=uno", "-getProperty:UsingFBuildSdk"], cwd=pristine, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        nginx = Nginx(os.path.join(work, "nginx"))
        for rep in range(1, int(reps) + 1):
            url = nginx.url("rep%d" % rep)  # an empty remote for each repetition
            a, b = os.path.join(work, "a%d" % rep, "corpus"), os.path.join(work, "b%d" % rep, "checkout")
            shutil.copytree(pristine, a, symlinks=True)
            shutil.copytree(pristine, b, symlinks=True)
            cold = build(a, os.path.join(work, "a%d" % rep, "cache"), url, "cold%d" % rep)
            warm = build(b, os.path.join(work, "b%d" % rep, "cache"), url, "warm%d" % rep)
            rows.append((cold, warm))
            print("[warm-remote] rep %d: cold %.1f s, warm remote %.1f s, ratio %.2f" % (rep, cold["wall"], warm["wall"], warm["wall"] / cold["wall"]),
                  file=sys.stderr, flush=True)
            shutil.rmtree(os.path.join(work, "a%d" % rep), ignore_errors=True)
            shutil.rmtree(os.path.join(work, "b%d" % rep), ignore_errors=True)
            with open(out, "w") as f:
                f.write(warm_remote_report(rows, header()))
    finally:
        if nginx:
            nginx.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(warm_remote_report(rows, header()))

# ---------------------------------------------------------------- the build system's own overhead (noop.sh)

NOOP_TARGETS = [  # scenario, what, the target (seconds; None: a ratio below)
    ("noop100_fresh", "no-op of the set, fresh processes", 1.5),
    ("noop100_warm", "no-op of the set, MSBuild server + node reuse", 0.8),
    ("noop1_fresh", "one sketch's no-op (dotnet build X.fbproj), fresh", None),
    ("noop1_warm", "one sketch's no-op, warm", 0.33),
    ("edit1alone_warm", "one sketch edited, then built alone, warm", 0.5),
]


def noop_targets(details, note=""):
    """The issue's overhead targets from noop.sh's rows: per scenario the median wall of the fast path off (A) and
    on (B), B/A, B against the target; the fresh/warm pairs; with --full, clean rebuild / cold and dotnet / tool CPU."""
    rows = read_details(details)
    def walls(scen, tool, col="wall_s"):
        return [fnum(r[col]) for r in rows if r["scenario"] == scen and r["tool"] == tool and fnum(r[col]) is not None]
    lines = ["# Overhead targets (issue 16): medians of %s rep(s), seconds. A = fast path off (FBuildSketchFastPath=false, the chain as before), B = on." % max([len(walls(s, "fbuild-B")) for s, _, _ in NOOP_TARGETS] + [0]),
             "# " + note if note else "#",
             "%-16s %8s %8s %6s %8s %7s %8s %8s  %s" % ("scenario", "A_s", "B_s", "B/A", "target", "B/tgt", "A_cpu", "B_cpu", "what")]
    med_b = {}
    for scen, what, target in NOOP_TARGETS:
        a, b = med(walls(scen, "fbuild-A")), med(walls(scen, "fbuild-B"))
        med_b[scen] = b
        if a is None and b is None:
            continue
        fmt = lambda x, f="%.3f": f % x if x is not None else "-"
        ca, cb = med(walls(scen, "fbuild-A", "cpu_s")), med(walls(scen, "fbuild-B", "cpu_s"))
        lines.append("%-16s %8s %8s %6s %8s %7s %8s %8s  %s" % (scen, fmt(a), fmt(b), fmt(b / a if a and b else None, "%.2f"),
                                                     fmt(target, "%.2f"), fmt(b / target if b and target else None, "%.2f"),
                                                     fmt(ca, "%.2f"), fmt(cb, "%.2f"), what))
    for kind in ("noop100", "noop1"):
        f, w = med_b.get(kind + "_fresh"), med_b.get(kind + "_warm")
        if f and w:
            lines.append("pair %-11s fresh %.3f s, warm %.3f s: warm/fresh %.2f (fast path on)" % (kind, f, w, w / f))
    cold, clean = med(walls("cold100_fresh", "fbuild-B")), med(walls("clean_rebuild100_fresh", "fbuild-B"))
    if cold and clean:
        lines.append("clean rebuild with a warm cache %.2f s / cold %.2f s = %.3f (target <= 0.15)" % (clean, cold, clean / cold))
        dotnet, cpu = med(walls("cold100_fresh", "fbuild-B", "dotnet_cpu_s")), med(walls("cold100_fresh", "fbuild-B", "cpu_s"))
        if dotnet is not None and cpu:
            lines.append("cold build: dotnet CPU %.2f s / tool CPU %.2f s = %.3f (target <= 0.15)" % (dotnet, cpu - dotnet, dotnet / max(cpu - dotnet, 1e-9)))
    lines.append("# warm rows: the MSBuild server's own CPU is not a descendant of the measured command (wall is what counts)")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- targets.sh's parts (issue 16)

def _sdk_env(work):
    """The environment of a benchmark build: fresh processes, a private compile cache (NUGET_PACKAGES as set)."""
    return dict(os.environ, FBUILD_CACHE_DIR=os.path.join(work, "cache"), MSBUILDDISABLENODEREUSE="1",
                DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")


def _repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pch_heavy(out, sketches="3", reps="3"):
    """The heavy corpus built with precompiled headers on (-p:FBuildPrecompiledHeaders=true; on AVR the SDK adds
    setarch -R and -gdwarf-2), then the compile line of each of the first SKETCHES sketches, which uses its PCH, run
    with and without it, REPS times alternating (pch_compile.py). The corpus has at least 6 sketches: its sketches
    include HeavyLib.h with Wire.h, alone, or with SPI.h in turn, and a PCH is made for leading includes that 2 share.
    Needs eng/pack.sh run and NUGET_PACKAGES set as for heavy-stage1. Writes OUT (pch_compile.py's table)."""
    import subprocess, tempfile
    root = _repo_root()
    work = tempfile.mkdtemp(prefix="fbuild-pch-")
    corpus = os.path.join(work, "heavy")
    heavy_corpus(corpus, max(int(sketches), 6))
    subprocess.run([os.path.join(root, "eng", "use-local-sdk.sh"), corpus, "--force"], check=True, stdout=subprocess.DEVNULL)
    r = subprocess.run(["dotnet", "build", "Sketches.proj", "-p:Board=uno", "-p:FBuildPrecompiledHeaders=true", "-v:q", "--nologo"],
                       cwd=corpus, env=_sdk_env(work), capture_output=True, text=True)
    logs = sorted(glob.glob(os.path.join(corpus, "artifacts", "uno", "**", "Heavy*", "build.log"), recursive=True))[:int(sketches)]
    if r.returncode != 0 or not logs:
        print(r.stdout[-3000:], file=sys.stderr)
        with open(out, "w") as f:
            f.write("# pch-heavy: the build failed (exit %d) or wrote no build.log\n" % r.returncode)
        shutil.rmtree(work, ignore_errors=True)
        return
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pch_compile.py"), out, str(reps)] + logs, check=True)
    shutil.rmtree(work, ignore_errors=True)


def _measure(cmd, cwd, env, work, name):
    import subprocess
    j = os.path.join(work, name + ".json")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "measure.py"), "--cwd", cwd,
                    "--json", j, "--log", os.path.join(work, name + ".log"), "--"] + cmd, env=env, check=False)
    with open(j) as f:
        return json.load(f)


def memory_floor(out, x="10"):
    """FBuild's memory per sketch above MSBuild's own floor (issue 16: <= 30 KB at x10). FBuild: a no-op build
    (dotnet build Sketches.proj, fresh processes, right after a cold build) of 1 and of X copies of the samples
    (copyK/ folders, the samples' libraries shared); the floor: dotnet msbuild -m of a traversal of as many trivial
    projects (<Target Name="Build"/>). Per sketch = growth / added sketches, of the largest single process (exact,
    ru_maxrss) and of the tree's sampled peak. Needs eng/pack.sh run and NUGET_PACKAGES set. Writes OUT."""
    import subprocess, tempfile
    root, x = _repo_root(), int(x)
    work = tempfile.mkdtemp(prefix="fbuild-mem-")
    env = _sdk_env(work)
    rows = {}
    for k in (1, x):
        corpus = os.path.join(work, "samples-x%d" % k)
        os.makedirs(corpus)
        for name in os.listdir(os.path.join(root, "samples")):
            src = os.path.join(root, "samples", name)
            if os.path.isdir(src) and name not in ("libraries", "artifacts"):
                for c in range(1, k + 1):
                    shutil.copytree(src, os.path.join(corpus, "copy%d" % c, name))
            elif name in ("libraries",):
                shutil.copytree(src, os.path.join(corpus, name))
            elif os.path.isfile(src):
                shutil.copy(src, corpus)
        subprocess.run([os.path.join(root, "eng", "use-local-sdk.sh"), corpus, "--force"], check=True, stdout=subprocess.DEVNULL)
        n = len(glob.glob(os.path.join(corpus, "copy*", "*", "*.fbproj")))
        build = ["dotnet", "build", "Sketches.proj", "-p:Board=uno", "-v:q", "--nologo"]
        subprocess.run(build, cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)   # cold, not measured
        fb = _measure(build, corpus, env, work, "fbuild-x%d" % k)
        trivial = os.path.join(work, "trivial-x%d" % k)
        os.makedirs(trivial)
        for i in range(n):
            with open(os.path.join(trivial, "p%04d.proj" % i), "w") as f:
                f.write('<Project><Target Name="Build" /></Project>\n')
        with open(os.path.join(trivial, "traversal.proj"), "w") as f:
            f.write('<Project><ItemGroup><P Include="p*.proj" /></ItemGroup>'
                    '<Target Name="Build"><MSBuild Projects="@(P)" BuildInParallel="true" /></Target></Project>\n')
        tr = _measure(["dotnet", "msbuild", "traversal.proj", "-m", "-v:q", "-nologo"], trivial, env, work, "trivial-x%d" % k)
        rows[k] = (n, fb, tr)
    (n1, f1, t1), (nx, fx, tx) = rows[1], rows[x]
    per = lambda a, b, key: (b[key] - a[key]) * 1024 / (nx - n1)   # MB -> KB per added sketch
    lines = ["# memory per sketch (issue 16): FBuild no-op of the samples x1 (%d sketches) and x%d (%d), fresh processes,"
             " against dotnet msbuild -m of as many trivial projects; load %s" % (n1, x, nx, open("/proc/loadavg").read().split()[:3]),
             "%-10s %10s %14s %14s %12s" % ("what", "sketches", "largest_mb", "tree_peak_mb", "exit")]
    for k in (1, x):
        n, fb, tr = rows[k]
        lines.append("%-10s %10d %14.1f %14.1f %12s" % ("fbuild", n, fb["max_single_rss_mb"], fb["peak_rss_mb"], fb["exit_code"]))
        lines.append("%-10s %10d %14.1f %14.1f %12s" % ("trivial", n, tr["max_single_rss_mb"], tr["peak_rss_mb"], tr["exit_code"]))
    fl, tl = per(f1, fx, "max_single_rss_mb"), per(t1, tx, "max_single_rss_mb")
    fp, tp = per(f1, fx, "peak_rss_mb"), per(t1, tx, "peak_rss_mb")
    lines.append("per sketch, largest process: fbuild %.1f KB, trivial %.1f KB" % (fl, tl))
    lines.append("per sketch, tree peak (sampled): fbuild %.1f KB, trivial %.1f KB" % (fp, tp))
    lines.append("above_floor_kb_per_sketch\t%.1f\tx%d\t(largest process; tree peak: %.1f)" % (fl - tl, x, fp - tp))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


def targets(d):
    """The issue's targets from one targets.sh run (DIR): a line per target, measured, target, met/missed."""
    lines = ["# issue 16 targets (eng/bench/targets.sh): medians; %s" % (open(os.path.join(d, "load.txt")).read().strip()
             if os.path.exists(os.path.join(d, "load.txt")) else ""),
             "%-58s %12s %12s  %s" % ("target", "measured", "target", "")]

    def line(what, value, fmt, op, target, must=None, note=""):
        if value is None:
            lines.append("%-58s %12s %12s  %s" % (what, "-", op + " " + fmt % target, "not measured" + (" (" + note + ")" if note else "")))
            return
        ok = value <= target if op == "<=" else value >= target
        verdict = "met" if ok else "missed"
        if must is not None:
            mok = value <= must if op == "<=" else value >= must
            verdict += "; must %s %s: %s" % (op, fmt % must, "met" if mok else "MISSED")
        lines.append("%-58s %12s %12s  %s%s" % (what, fmt % value, op + " " + fmt % target, verdict, "  (" + note + ")" if note else ""))

    run = os.path.join(d, "run", "details.tsv")
    rr = read_details(run) if os.path.exists(run) else []

    def w(tool, scen, col="wall_s", rows=rr):
        return med([fnum(r[col]) for r in rows if r["tool"] == tool and r["scenario"] == scen])

    def ratio(a, b):
        return a / b if a is not None and b else None

    cold, replay = w("fbuild", "cold"), w("ideal", "replay")
    line("cold, 100 examples / ideal replay (fresh)", ratio(cold, replay), "%.2fx", "<=", 1.2, must=1.3,
         note="%.2f / %.2f s" % (cold, replay) if cold and replay else "")
    hc, hr = w("fbuild", "heavy_cold"), w("ideal", "heavy_replay")
    line("cold, heavy corpus / ideal replay", ratio(hc, hr), "%.2fx", "<=", 1.15, note="%.2f / %.2f s" % (hc, hr) if hc and hr else "")
    dcpu, cpu = w("fbuild", "cold", "dotnet_cpu_s"), w("fbuild", "cold", "cpu_s")
    line("cold: dotnet CPU / tool CPU", ratio(dcpu, (cpu - dcpu) if cpu is not None and dcpu is not None else None), "%.2fx", "<=", 0.15,
         note="%.2f / %.2f s" % (dcpu, cpu - dcpu) if dcpu is not None and cpu is not None else "")
    ecold, edcpu, ecpu = w("fbuild", "cold_env"), w("fbuild", "cold_env", "dotnet_cpu_s"), w("fbuild", "cold_env", "cpu_s")
    if ecold is not None:
        env_note = ""
        mt = os.path.join(d, "run", "machine.txt")
        if os.path.exists(mt):
            env_note = "".join(l.split(":", 1)[1].strip() for l in open(mt) if l.startswith("cold_env:"))
        lines.append("%-58s %12s %12s  %s" % ("  cold_env (%s) / ideal" % env_note.replace("the cold build with ", ""), "%.2fx" % ratio(ecold, replay) if replay else "-", "",
                                              "dotnet/tool CPU %.2fx (no target: the same cold build, other runtime settings)" % ratio(edcpu, ecpu - edcpu)
                                              if edcpu is not None and ecpu else ""))
    clean = w("fbuild", "clean_rebuild")
    line("clean rebuild with a warm cache / cold", ratio(clean, cold), "%.2fx", "<=", 0.15)

    nrows_path = os.path.join(d, "noop", "noop-details.tsv")
    nr = read_details(nrows_path) if os.path.exists(nrows_path) else []
    nw = lambda scen: w("fbuild-B", scen, rows=nr)
    line("no-op of the 100, fresh processes", nw("noop100_fresh"), "%.2f s", "<=", 1.5, must=1.5)
    line("no-op of the 100, warm (MSBuild server + node reuse)", nw("noop100_warm"), "%.2f s", "<=", 0.8)
    line("one sketch edited, then built alone, warm", nw("edit1alone_warm"), "%.2f s", "<=", 0.5)
    line("one sketch's no-op, warm", nw("noop1_warm"), "%.2f s", "<=", 0.33)
    f1 = nw("noop1_fresh")
    lines.append("%-58s %12s %12s  %s" % ("  one sketch's no-op, fresh processes", "%.2f s" % f1 if f1 is not None else "-", "", "no target (the warm pair's other half)"))

    hs = os.path.join(d, "heavy-stage1.txt")
    res_cold = res_noop = width = None
    if os.path.exists(hs):
        rows = [l.rstrip("\n").split("\t") for l in open(hs) if l[:1].isdigit()]
        res_cold = med([fnum(r[2]) for r in rows])
        res_noop = med([fnum(r[3]) for r in rows])
        width = med([fnum(r[7]) for r in rows])
    line("heavy library resolution, cold (stage 1, task time)", res_cold, "%.2f s", "<=", 1.0, must=1.0)
    line("heavy library resolution, no-op", res_noop, "%.2f s", "<=", 0.05, note="~0")
    line("stage 1 width on the heavy corpus (of 2)", width, "%.2f", ">=", 1.8)

    pch = os.path.join(d, "pch-heavy.txt")
    worst = None
    if os.path.exists(pch):
        for l in open(pch):
            if l.startswith("median speedup:"):
                worst = float(l.split("(min ")[1].split("x")[0])
    line("PCH: each heavy sketch's compile, without / with (worst)", worst, "%.2fx", ">=", 2.0, must=2.0)

    mem = os.path.join(d, "memory-floor.txt")
    above, size = None, ""
    if os.path.exists(mem):
        for l in open(mem):
            if l.startswith("above_floor_kb_per_sketch"):
                p = l.split("\t")
                above, size = float(p[1]), p[2]
    line("memory per sketch above MSBuild's floor%s" % (" at " + size if size else ""), above, "%.1f KB", "<=", 30.0)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- SAMD corpus

SAMD_FQBN = "arduino:samd:arduino_zero_native"
SAMD_BOARD = "arduino_zero_native"


def samd_data_dir(root):
    """The Arduino data folder with the SAMD core: FBUILD_ARDUINO15, or shared/arduino15 beside the clone or an ancestor."""
    env = os.environ.get("FBUILD_ARDUINO15")
    if env:
        return env
    d = os.path.abspath(root)
    while d != "/":
        c = os.path.join(d, "..", "shared", "arduino15")
        if os.path.exists(os.path.join(c, "packages/arduino/hardware/samd/1.8.14/platform.txt")):
            return os.path.abspath(c)
        d = os.path.dirname(d)
    sys.exit("no SAMD data folder (set FBUILD_ARDUINO15)")


def samd_bench(out, reps="2", work=None):
    """The built-in examples that build for the Zero (status ok in eng/reference/arduino-builder-arduino_zero_native.tsv),
    on the same terms as uno's corpus in run.sh: FBuild cold (no artifacts, empty compile cache) against the ideal
    replay of its own commands (2 wide), a no-op, and a warm rebuild (no artifacts, the compile cache kept).
    Expects the SDK packed (eng/pack.sh) and NUGET_PACKAGES set; results to OUTDIR/samd-details.tsv and samd-summary.txt."""
    import contextlib, subprocess, tempfile
    bench = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(bench, "..", ".."))
    reps = int(reps)
    work = work or tempfile.mkdtemp(prefix="fbuild-bench-samd.")
    corpus, ideal = os.path.join(work, "corpus"), os.path.join(work, "ideal")
    os.makedirs(out, exist_ok=True)
    details = os.path.join(out, "samd-details.tsv")
    if os.path.exists(details):
        os.remove(details)
    env = dict(os.environ, FBUILD_CACHE_DIR=os.path.join(work, "cache"), DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    env.setdefault("MSBUILDDISABLENODEREUSE", "1")
    env.setdefault("DOTNET_CLI_USE_MSBUILD_SERVER", "0")
    subprocess.run(["bash", os.path.join(root, "eng/examples-corpus.sh"), corpus], check=True, env=env, stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "eng/reference/arduino-builder-arduino_zero_native.tsv")) as f:
        ok = {r.split("\t")[0] for r in f.read().splitlines()[1:] if r.split("\t")[1] == "ok" and r.startswith("builtin/")}
    shutil.rmtree(os.path.join(corpus, "lib"), ignore_errors=True)
    for fb in glob.glob(os.path.join(corpus, "builtin", "**", "*.fbproj"), recursive=True):
        rel = os.path.relpath(os.path.dirname(fb), corpus)
        if rel not in ok:
            shutil.rmtree(os.path.dirname(fb))
    n = len(glob.glob(os.path.join(corpus, "builtin", "**", "*.fbproj"), recursive=True))
    subprocess.run(["bash", os.path.join(root, "eng/use-local-sdk.sh"), corpus, "--force"], check=True, stdout=subprocess.DEVNULL)
    build = ["dotnet", "build", "Sketches.proj", "-p:Board=" + SAMD_FQBN, "-p:FBuildArduinoDataDirectory=" + samd_data_dir(root),
             "-p:FBuildToolPaths=arm-none-eabi-gcc-7-2017q4=/usr", "-v:q"]
    subprocess.run(build[:3] + ["-getProperty:UsingFBuildSdk"], cwd=corpus, env=env, stdout=subprocess.DEVNULL)  # resolve the SDK

    def measured(tool, scen, rep, cmd, info=None):
        mj, ij = os.path.join(work, "%s-%s-%d.json" % (tool, scen, rep)), os.path.join(work, "%s-%s-%d.info.json" % (tool, scen, rep))
        snap = os.path.join(work, "snap.json")
        if tool == "fbuild":
            snapshot(corpus, SAMD_BOARD, snap)
        subprocess.run([sys.executable, os.path.join(bench, "measure.py"), "--log", mj + ".log", "--json", mj, "--"] + cmd,
                       cwd=corpus, env=env, check=True)
        with open(ij, "w") as f, contextlib.redirect_stdout(f):
            if tool == "fbuild":
                fbuild_info(corpus, SAMD_BOARD, snap)
            else:
                ideal_check(ideal, corpus)
        with open(ij) as f:
            i = json.load(f)
        note = ""
        if tool == "fbuild" and i.get("ok") != n:
            note = "%s ok of %d" % (i.get("ok"), n)
        if tool == "fbuild" and scen == "noop" and i.get("tool_runs"):
            note = "%d tool runs" % i["tool_runs"]
        if tool == "ideal" and i["ok"] != n:
            note = "%d .elf linked of %d" % (i["ok"], n)
        record(details, tool, scen, rep, n, mj, ij, note)
        with open(mj) as f:
            m = json.load(f)
        return m["wall_s"], m["cpu_s"], note

    rows = []
    load = [open("/proc/loadavg").read().split()[0]]
    for rep in range(1, reps + 1):
        shutil.rmtree(os.path.join(corpus, "artifacts"), ignore_errors=True)
        shutil.rmtree(env["FBUILD_CACHE_DIR"], ignore_errors=True)
        rows.append(("fbuild", "cold", rep) + measured("fbuild", "cold", rep, build))
        if rep == 1:
            with open(os.devnull, "w") as f, contextlib.redirect_stdout(f):
                ideal_prepare(corpus, SAMD_BOARD, ideal)
        ideal_reset(ideal)
        rows.append(("ideal", "cold", rep) + measured("ideal", "cold", rep, ["sh", os.path.join(ideal, "run.sh")]))
        rows.append(("fbuild", "noop", rep) + measured("fbuild", "noop", rep, build))
        shutil.rmtree(os.path.join(corpus, "artifacts"))
        rows.append(("fbuild", "clean_rebuild", rep) + measured("fbuild", "clean_rebuild", rep, build))
        load.append(open("/proc/loadavg").read().split()[0])
    if not os.environ.get("FBUILD_BENCH_KEEP"):
        shutil.rmtree(work, ignore_errors=True)

    def median(tool, scen):
        return statistics.median(w for t, s, _, w, _, _ in rows if t == tool and s == scen)

    def cpu(tool, scen):
        return statistics.median(c for t, s, _, _, c, _ in rows if t == tool and s == scen)
    cold, ideal_w = median("fbuild", "cold"), median("ideal", "cold")
    lines = ["SAMD corpus: %d built-in examples for %s (those arduino-builder builds), %d rep(s), medians of wall seconds" % (n, SAMD_FQBN, reps),
             "load average (1 min) at the start and after each rep: " + ", ".join(load),
             "MSBUILDDISABLENODEREUSE=%s DOTNET_CLI_USE_MSBUILD_SERVER=%s" % (env["MSBUILDDISABLENODEREUSE"], env["DOTNET_CLI_USE_MSBUILD_SERVER"]),
             "",
             "fbuild cold           %7.2f s" % cold,
             "ideal replay (2 wide) %7.2f s   fbuild cold / ideal = %.2f" % (ideal_w, cold / ideal_w),
             "fbuild no-op          %7.2f s" % median("fbuild", "noop"),
             "fbuild warm rebuild   %7.2f s   (no artifacts, compile cache kept)" % median("fbuild", "clean_rebuild"),
             "CPU seconds (less sensitive to other load): fbuild cold %.1f, ideal %.1f (ratio %.2f), no-op %.1f, warm rebuild %.1f"
             % (cpu("fbuild", "cold"), cpu("ideal", "cold"), cpu("fbuild", "cold") / cpu("ideal", "cold"), cpu("fbuild", "noop"), cpu("fbuild", "clean_rebuild")),
             "", "every run (tool, scenario, rep, wall s, cpu s, note):"]
    lines += ["  %s\t%s\t%d\t%.2f\t%.2f\t%s" % r for r in rows]
    with open(os.path.join(out, "samd-summary.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    cmd, args = a[0], a[1:]
    if cmd == "ideal-prepare":
        ideal_prepare(*args)
    elif cmd == "ideal-reset":
        ideal_reset(*args)
    elif cmd == "ideal-check":
        ideal_check(*args)
    elif cmd == "snapshot":
        snapshot(*args)
    elif cmd == "fbuild-info":
        fbuild_info(*args)
    elif cmd == "trace-report":
        trace_report(*args)
    elif cmd == "record":
        record(*args)
    elif cmd == "ab-scale":
        ab_scale(*args)
    elif cmd == "summarize":
        summarize(*args)
    elif cmd == "noop-targets":
        sys.stdout.write(noop_targets(*args))
    elif cmd == "heavy-corpus":
        heavy_corpus(*args)
    elif cmd == "warm-remote":
        warm_remote(*args)
    elif cmd == "heavy-stage1":
        heavy_stage1(*args)
    elif cmd == "samd":
        samd_bench(*args)
    elif cmd == "pch-heavy":
        pch_heavy(*args)
    elif cmd == "memory-floor":
        memory_floor(*args)
    elif cmd == "targets":
        sys.stdout.write(targets(*args))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
