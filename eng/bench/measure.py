#!/usr/bin/env python3
"""Runs one command and measures its whole process tree.

Usage: measure.py [--log FILE] [--json FILE] [--interval S] [--cwd DIR] -- COMMAND [ARGS...]

- wall_s: from start until the started process exits (pidfd, so not rounded to the sampling interval).
- cpu_s (user_s + sys_s): getrusage(RUSAGE_CHILDREN) of this sampler after every descendant is reaped. The
  sampler makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so processes whose parent exits
  first (e.g. MSBuild nodes that outlive the dotnet process for a moment) are re-parented to it and their CPU
  is counted too.
- peak_rss_mb: the largest sum of RSS over all live descendants, sampled every --interval seconds (default
  0.05) from /proc/<pid>/stat. Shared pages count once per process, as in a plain sum of RSS; processes shorter
  than the interval can be missed (compilers are short: peak_rss is mostly dotnet/MSBuild or arduino-builder).
- peak_rss_by_program: what the peak sample was made of, per program name: [processes, MB].
- max_single_rss_mb: the largest RSS of any single descendant (getrusage ru_maxrss, exact; it cannot be
  reset, so max_single_rss_before_mb says what a launcher's children had left in it: start this script with
  the real interpreter, not a shim).
- dotnet_cpu_s: user+sys of the processes named dotnet (the CLI, MSBuild's nodes), as last sampled before they
  exited (short by at most one interval each); cpu_s - dotnet_cpu_s is then roughly what the tools used.
- sys_idle_s, steal_s: idle and steal time of the whole machine (all CPUs) during wall_s, from /proc/stat:
  with N CPUs, others_cpu_s = N x wall_s - cpu_s - sys_idle_s is what other processes (and the sampler) used.
Writes one JSON object to --json (or stdout). The command's stdout and stderr go to --log (or /dev/null).
"""
import ctypes, json, os, resource, select, subprocess, sys, time

PAGE = os.sysconf("SC_PAGE_SIZE")


def parse_args(argv):
    opts = {"log": None, "json": None, "interval": 0.05, "cwd": None}
    i = 0
    while i < len(argv) and argv[i] != "--":
        key = argv[i].lstrip("-")
        if key not in opts:
            sys.exit(f"measure.py: unknown option {argv[i]}")
        opts[key] = argv[i + 1]
        i += 2
    cmd = argv[i + 1:]
    if not cmd:
        sys.exit(__doc__)
    opts["interval"] = float(opts["interval"])
    return opts, cmd


def cpu_times():
    """System-wide idle and steal seconds so far (all CPUs), from /proc/stat: noise indicators."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    return v[3] / hz, (v[7] if len(v) > 7 else 0) / hz


HZ = os.sysconf("SC_CLK_TCK")
LAST_CPU = {}  # pid -> (comm, user+sys seconds) when last seen: CPU per program for the long-lived processes


def descendants_rss(root, by_program=None):
    """Sum of RSS (bytes) and count of all live descendants of root, from one pass over /proc; by_program (a dict,
    if given) gets {program name: [processes, RSS bytes]} of this sample."""
    children, rss, info = {}, {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        close = data.rfind(b")")
        fields = data[close + 2:].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
        info[pid] = (data[data.find(b"(") + 1:close].decode(errors="replace"), (int(fields[11]) + int(fields[12])) / HZ)
    total, count, stack = 0, 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        count += 1
        if by_program is not None:
            slot = by_program.setdefault(info[pid][0], [0, 0])
            slot[0] += 1
            slot[1] += rss.get(pid, 0)
        LAST_CPU[pid] = info[pid]
        stack.extend(children.get(pid, []))
    return total, count


def main():
    opts, cmd = parse_args(sys.argv[1:])
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        subreaper = True
    except Exception:
        subreaper = False
    me = os.getpid()
    # RUSAGE_CHILDREN survives exec: a launcher (e.g. a pyenv shim) may already have reaped children here.
    base = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = open(opts["log"], "ab") if opts["log"] else subprocess.DEVNULL
    idle0, steal0 = cpu_times()
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=opts["cwd"])
    pidfd = os.pidfd_open(proc.pid)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    peak, samples, max_procs, peak_by = 0, 0, 0, {}
    while True:
        by = {}
        total, count = descendants_rss(me, by)
        if total > peak:
            peak_by = by
        peak, samples, max_procs = max(peak, total), samples + 1, max(max_procs, count)
        if poller.poll(opts["interval"] * 1000):
            break
    wall = time.monotonic() - t0
    idle1, steal1 = cpu_times()
    _, status = os.waitpid(proc.pid, 0)
    exit_code = os.waitstatus_to_exitcode(status)
    # Reap whatever the command left behind (re-parented to us), still sampling, for up to 30 s.
    orphans_left, deadline = 0, time.monotonic() + 30
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            continue
        total, count = descendants_rss(me)
        peak = max(peak, total)
        if count == 0:
            continue
        if time.monotonic() > deadline:
            orphans_left = count
            break
        time.sleep(opts["interval"])
    after_s = time.monotonic() - t0 - wall
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, sys_ = ru.ru_utime - base.ru_utime, ru.ru_stime - base.ru_stime
    result = {
        "wall_s": round(wall, 3),
        "cpu_s": round(user + sys_, 3),
        "user_s": round(user, 3),
        "sys_s": round(sys_, 3),
        "peak_rss_mb": round(peak / 1048576, 1),
        "max_single_rss_mb": round(ru.ru_maxrss / 1024, 1),
        # What the peak sample was made of: program name -> [processes, MB], largest first.
        "peak_rss_by_program": {n: [c, round(b / 1048576, 1)] for n, (c, b) in
                                sorted(peak_by.items(), key=lambda kv: -kv[1][1])},
        "max_single_rss_before_mb": round(base.ru_maxrss / 1024, 1),
        "sys_idle_s": round(idle1 - idle0, 2),
        # CPU time the rest of the machine used meanwhile (other sessions, the sampler itself): N x wall - tree - idle.
        "others_cpu_s": round(max(0.0, os.cpu_count() * wall - (user + sys_) - (idle1 - idle0)), 2),
        "steal_s": round(steal1 - steal0, 2),
        # CPU of the processes seen by the sampler, per program name, as last seen (exact enough for long-lived
        # processes such as dotnet, which live for the whole build; short compiler runs are mostly missed).
        "dotnet_cpu_s": round(sum(c for n, c in LAST_CPU.values() if n == "dotnet"), 2),
        "cpu_by_program": {n: round(sum(c for m, c in LAST_CPU.values() if m == n), 2)
                           for n in sorted({m for m, _ in LAST_CPU.values()})},
        "exit_code": exit_code,
        "samples": samples,
        "max_procs": max_procs,
        "subreaper": subreaper,
        "orphans_left": orphans_left,
        "tail_after_exit_s": round(after_s, 3),
        "command": cmd,
    }
    text = json.dumps(result)
    if opts["json"]:
        with open(opts["json"], "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
