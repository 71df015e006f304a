#!/usr/bin/env python3
"""Compile time of sketch compiles with and without their precompiled header, side by side.

    pch_compile.py OUT.txt REPS BUILD.LOG...

Each BUILD.LOG is a sketch's build.log from a build with precompiled headers on: its compile line that uses one
(`-include .../prefix.h`) is run REPS times as it is and REPS times without the `-include PREFIX -Winvalid-pch`,
alternating, writing the object to a temporary folder. Prints and writes the medians per sketch and their ratio."""
import os, shlex, shutil, statistics, subprocess, sys, tempfile, time


def compile_line(log):
    for line in open(log):
        if line.startswith("$ ") and " -include " in line and ".ino.cpp" in line:
            return shlex.split(line[2:])
    return None


def timed(args):
    t = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t


def main():
    out, reps, logs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    tmp = tempfile.mkdtemp(prefix="pch-bench-")
    rows, ratios = [], []
    for log in logs:
        args = compile_line(log)
        if args is None:
            continue
        obj = os.path.join(tmp, "s.o")
        args[args.index("-o") + 1] = obj
        at = args.index("-include")
        plain = args[:at] + args[at + 3:]
        withp, without = [], []
        for _ in range(reps):
            withp.append(timed(args))
            without.append(timed(plain))
        a, b = statistics.median(withp), statistics.median(without)
        ratios.append(b / a)
        rows.append("%-40s %8.2f s %8.2f s %6.2fx" % (os.path.basename(os.path.dirname(log)), b, a, b / a))
    shutil.rmtree(tmp, ignore_errors=True)
    load = open("/proc/loadavg").read().split()[:3]
    text = ["# sketch compile (the .ino.cpp) without / with its precompiled header: medians of %d runs each, alternating" % reps,
            "# machine: %d cores, load average %s during the run (8 helpers share it)" % (os.cpu_count(), " ".join(load)),
            "%-40s %10s %10s %7s" % ("sketch", "without", "with PCH", "speedup")] + rows
    if ratios:
        text.append("median speedup: %.2fx (min %.2fx) over %d sketches" % (statistics.median(ratios), min(ratios), len(ratios)))
    open(out, "w").write("\n".join(text) + "\n")
    print("\n".join(text))


if __name__ == "__main__":
    main()
