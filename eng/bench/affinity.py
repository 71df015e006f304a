#!/usr/bin/env python3
"""CI shards with affinity, measured on this machine (no third-party modules).

N simulated CI runners, each with its own checkout folder and its own local compile cache (FBUILD_CACHE_DIR),
build a changing sketch set over a sequence of commits with the real `fbuild compile-many` and the real avr-gcc.
Each commit, every runner builds its part of the set from a clean artifacts folder (as a fresh CI runner does;
only its cache folder survives). Four ways of assigning the parts are compared, side by side (each commit runs
every configuration before the next commit, so the machine's load drifts alike for all):

  random            each commit a fresh random split of the set into N parts (each runner gets every N-th sketch
                    of a seeded shuffle), no remote tier;
  affinity          `fbuild compile-many --shard K/N` (rendezvous hashing: a sketch stays on its runner);
  random+remote     random, with a remote tier (an nginx WebDAV on 127.0.0.1, started here from a temporary
                    config and stopped at the end, also on failure) shared by the runners;
  affinity+remote   affinity, with the remote tier.

The sketch set and its history are generated from the seed: LIBS libraries (a header of inline functions and a
source each) under the checkout's libraries/, SKETCHES sketches each using one library (some two); every later
commit edits EDITS sketches, adds and removes ADDS sketches, and every second commit edits one library's header
(every sketch using it, and the library itself, must recompile).

Measured per run (eng/bench/measure.py): wall seconds, CPU seconds of the whole process tree and of dotnet (the
tools' CPU is the difference); from results.json: local cache hits and misses (compiles and links, the
framework's included) and the remote tier's hits. Every runner's cache starts with the core (the warm-up build
of an empty sketch, copied); the table sums commits 1.. (commit 0 finds only the core, and is shown apart).

Usage: eng/bench/affinity.py [--runners 4] [--sketches 24] [--commits 6] [--seed 1] [--libs 4] [--edits 2]
                             [--adds 1] [--sketch-jobs 2] [--configs random,affinity,random+remote,affinity+remote]
                             [--out eng/bench/results/affinity.txt] [--work DIR] [--keep] [--no-build]
"""
import argparse, json, os, random, shutil, signal, socket, subprocess, sys, tempfile, time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(BENCH))
CLI_PROJECT = os.path.join(ROOT, "src", "FBuild.Cli", "FBuild.Cli.csproj")
CLI_DLL = os.path.join(ROOT, "src", "FBuild.Cli", "bin", "Release", "net10.0", "fbuild.dll")
ALL_CONFIGS = ["random", "affinity", "random+remote", "affinity+remote"]
ARTIFACTS = "fbuild-artifacts-"  # + the configuration, inside each runner's checkout


# ---------------------------------------------------------------- the sketch set's history (pure)

def library_files(name, version, funcs=120):
    """A library: a header of inline functions (what every user's compile parses) and one source."""
    h = ["#pragma once", "#include <Arduino.h>", "namespace %s {" % name.lower(),
         "const uint16_t kVersion = %d;" % version]
    for i in range(funcs):
        h.append("inline uint16_t f%d(uint16_t x) { uint16_t y = x * %d + kVersion; return (y & 1) ? (y ^ 0x%04x) : (y + (x >> %d)); }"
                 % (i, 2 * i + 3, (i * 40503 + version) & 0xffff, i % 5 + 1))
    h += ["uint16_t mix(uint16_t x);", "}"]
    cpp = '#include "%s.h"\nnamespace %s {\nuint16_t mix(uint16_t x) { return f1(x) ^ f%d(x) ^ kVersion; }\n}\n' % (
        name, name.lower(), funcs - 1)
    props = ("name=%s\nversion=1.0.0\nauthor=bench\nsentence=generated\nparagraph=\ncategory=Other\n"
             "url=http://example.invalid\narchitectures=*\n" % name)
    base = "libraries/%s/" % name
    return {base + "library.properties": props, base + "src/%s.h" % name: "\n".join(h) + "\n", base + "src/%s.cpp" % name: cpp}


def sketch_file(name, libs, value):
    inc = "".join("#include <%s.h>\n" % l for l in libs)
    calls = " + ".join("%s::mix(%d) + %s::f%d(%d)" % (l.lower(), value, l.lower(), value % 100, value) for l in libs) or "0"
    return {"%s/%s.ino" % (name, name): "%s\nvoid setup() {\n  Serial.begin(9600);\n  Serial.println(%s);\n  Serial.println(%d);\n}\n\nvoid loop() {}\n"
            % (inc, calls, value)}


def history(seed, sketches, commits, libs, edits, adds):
    """Every commit's tree as {path: text}, and what changed: a seeded, deterministic sequence."""
    rng = random.Random("history:%d" % seed)
    lib_names = ["Lib%c" % (ord("A") + i) for i in range(libs)]
    lib_version = {l: 1 for l in lib_names}
    sk = {}  # name -> (libs, value)
    counter = [0]

    def new_sketch():
        counter[0] += 1
        used = [rng.choice(lib_names)]
        if rng.random() < 0.25:
            other = rng.choice(lib_names)
            if other != used[0]:
                used.append(other)
        sk["S%03d" % counter[0]] = (sorted(used), rng.randrange(1000))

    for _ in range(sketches):
        new_sketch()
    trees, notes = [], []
    for c in range(commits):
        note = "initial: %d sketches, %d libraries" % (len(sk), libs)
        if c > 0:
            names = sorted(sk)
            edited = rng.sample(names, min(edits, len(names)))
            for n in edited:
                sk[n] = (sk[n][0], sk[n][1] + 1 + rng.randrange(50))
            removed = rng.sample(sorted(set(names) - set(edited)), min(adds, len(names) - len(edited)))
            for n in removed:
                del sk[n]
            before = set(sk)
            for _ in range(adds):
                new_sketch()
            note = "edited %s; removed %s; added %s" % (",".join(sorted(edited)), ",".join(sorted(removed)),
                                                        ",".join(sorted(set(sk) - before)))
            if c % 2 == 0:
                lib = rng.choice(lib_names)
                lib_version[lib] += 1
                users = sum(1 for v in sk.values() if lib in v[0])
                note += "; header %s.h edited (%d sketches use it)" % (lib, users)
        tree = {}
        for l in lib_names:
            tree.update(library_files(l, lib_version[l]))
        for n, (used, value) in sk.items():
            tree.update(sketch_file(n, used, value))
        trees.append(tree)
        notes.append(note)
    return trees, notes


def sketch_names(tree):
    return sorted({p.split("/")[0] for p in tree if not p.startswith("libraries/")})


def random_split(names, runners, seed, commit):
    """Each commit a fresh random split: a seeded shuffle, every N-th sketch to each runner."""
    order = list(names)
    random.Random("split:%d:%d" % (seed, commit)).shuffle(order)
    return [sorted(order[k::runners]) for k in range(runners)]


# ---------------------------------------------------------------- the machine

def sync_tree(tree, checkout):
    """Makes the checkout folder hold exactly the tree (unchanged files are not rewritten)."""
    for path, text in tree.items():
        full = os.path.join(checkout, path)
        if os.path.isfile(full):
            with open(full, encoding="utf-8") as f:
                if f.read() == text:
                    continue
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    wanted = {os.path.join(checkout, p) for p in tree}
    for dirpath, dirs, files in os.walk(checkout, topdown=False):
        if os.path.relpath(dirpath, checkout).startswith(ARTIFACTS):
            continue
        for fn in files:
            full = os.path.join(dirpath, fn)
            if full not in wanted:
                os.remove(full)
        if dirpath != checkout and not os.listdir(dirpath):
            os.rmdir(dirpath)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Nginx:
    """An unprivileged nginx (WebDAV) on 127.0.0.1 from a temporary config: one process, killed by stop()."""

    def __init__(self, folder):
        self.dir = folder
        self.root = os.path.join(folder, "root")
        os.makedirs(os.path.join(self.root, "cache"), exist_ok=True)
        self.port = free_port()
        p = lambda n: os.path.join(folder, n)
        import getpass
        conf = """user %s;
master_process off;
daemon off;
pid %s;
error_log %s;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %s;
  proxy_temp_path %s;
  fastcgi_temp_path %s;
  uwsgi_temp_path %s;
  scgi_temp_path %s;
  server {
    listen 127.0.0.1:%d;
    root %s;
    location /cache/ { dav_methods PUT DELETE; create_full_put_path on; client_max_body_size 64m; }
  }
}
""" % (getpass.getuser(), p("nginx.pid"), p("error.log"), p("body"), p("proxy"), p("fastcgi"), p("uwsgi"), p("scgi"),
       self.port, self.root)
        with open(p("nginx.conf"), "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(["nginx", "-e", p("error.log"), "-c", p("nginx.conf"), "-p", folder + "/"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not listening(self.port):
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                err = open(p("error.log")).read() if os.path.exists(p("error.log")) else ""
                raise RuntimeError("nginx did not start: " + err)
            time.sleep(0.1)

    def url(self, path):
        return "http://127.0.0.1:%d/cache/%s/" % (self.port, path)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def load_avg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_build(folders, shard, cache_dir, remote, art, measure_json, log, jobs):
    if os.path.exists(art):
        shutil.rmtree(art)
    env = dict(os.environ)
    env["FBUILD_CACHE_DIR"] = cache_dir
    for k in ("FBUILD_REMOTE_CACHE", "FBUILD_REMOTE_CACHE_MODE", "FBUILD_REMOTE_CACHE_TOKEN"):
        env.pop(k, None)
    if remote:
        env["FBUILD_REMOTE_CACHE"] = remote
    cmd = ["dotnet", CLI_DLL, "compile-many", "--board", "uno", "--sketch-jobs", str(jobs), "--artifacts", art]
    if shard:
        cmd += ["--shard", shard]
    cmd += folders
    proc = subprocess.Popen([sys.executable, os.path.join(BENCH, "measure.py"), "--interval", "0.2", "--log", log,
                             "--json", measure_json, "--"] + cmd, env=env, start_new_session=True)
    try:
        if proc.wait() != 0:
            raise RuntimeError("measure.py failed: " + log)
    except BaseException:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the build this script started, and its children
        except ProcessLookupError:
            pass
        proc.wait()
        raise
    with open(measure_json) as f:
        m = json.load(f)
    res_path = os.path.join(art, "uno", "results.json")
    r = {"wall": m["wall_s"], "cpu": m["cpu_s"], "tool_cpu": m["cpu_s"] - m["dotnet_cpu_s"], "exit": m["exit_code"],
         "hits": 0, "misses": 0, "fw_hits": 0, "fw_misses": 0, "remote_hits": 0, "fw_remote_hits": 0, "remote_ms": 0, "sketches": 0, "failed": 0}
    if os.path.exists(res_path):
        with open(res_path) as f:
            d = json.load(f)
        c = d.get("cache", {})
        fc = (d.get("framework") or {}).get("cache", {})
        # "hits" counts a remote hit too (it is a hit of the cache as a whole): local hits are the difference.
        r.update(hits=c.get("hits", 0) - c.get("remote", {}).get("hits", 0), misses=c.get("misses", 0),
                 fw_hits=fc.get("hits", 0) - fc.get("remote", {}).get("hits", 0), fw_misses=fc.get("misses", 0),
                 remote_hits=c.get("remote", {}).get("hits", 0), fw_remote_hits=fc.get("remote", {}).get("hits", 0), remote_ms=c.get("remote", {}).get("milliseconds", 0),
                 sketches=d["summary"]["sketches"], failed=d["summary"]["failed"])
    return r


# ---------------------------------------------------------------- report

def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def table(rows, configs, first, last):
    head = ["config", "builds", "compiles", "local hits", "hit rate", "sketch hit rate", "remote hits", "any hit",
            "sum of walls s", "tool CPU s", "all CPU s"]
    out = []
    for cfg in configs:
        rs = [r for r in rows if r["config"] == cfg and first <= r["commit"] <= last]
        s = lambda k: sum(r[k] for r in rs)
        sk_h, sk_m = s("hits") - s("fw_hits"), s("misses") - s("fw_misses")
        fw_remote = s("fw_remote_hits")
        total = s("hits") + s("remote_hits") + s("misses")
        out.append([cfg, str(len(rs)), str(total), str(s("hits")), pct(s("hits"), total),
                    pct(sk_h, sk_h + sk_m + s("remote_hits") - fw_remote), str(s("remote_hits")), pct(s("hits") + s("remote_hits"), total), "%.1f" % s("wall"), "%.1f" % s("tool_cpu"), "%.1f" % s("cpu")])
    widths = [max(len(x) for x in col) for col in zip(head, *out)]
    fmt = lambda row: "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths)))
    return "\n".join([fmt(head)] + [fmt(r) for r in out])


def write_report(a, configs, notes, rows, started, load0, final):
    """Writes the report (after every commit, so a stopped run leaves what it measured); returns the failed builds."""
    done = max([r["commit"] for r in rows] or [0])
    failed = [r for r in rows if r["exit"] != 0 or r["failed"]]
    args = "--runners %d --sketches %d --commits %d --seed %d --libs %d --edits %d --adds %d --sketch-jobs %d --configs %s" % (
        a.runners, a.sketches, a.commits, a.seed, a.libs, a.edits, a.adds, a.sketch_jobs, ",".join(configs))
    text = ["# eng/bench/affinity.py %s" % args,
            "# %s UTC, %.0f s; load average (1/5/15 min) %s at the start, %s at the end; %d CPUs; MSBUILDDISABLENODEREUSE=%s"
            % (time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)), time.time() - started, load0, load_avg(),
               os.cpu_count(), os.environ.get("MSBUILDDISABLENODEREUSE", "(unset)")),
            "# Each runner builds its part from a clean artifacts folder with its own local cache; builds ran one at a time.",
            "# Every runner's cache starts with the core only (one build of an empty sketch, copied); the remote starts empty.",
            "# compiles = compiles and links asked of the cache (the framework's included); hit rate = local cache hits / compiles;",
            "# sketch hit rate = the same without the framework (core and libraries); any hit = (local + remote hits) / compiles;",
            "# tool CPU = all CPU - dotnet's CPU.",
            "", "Commits:"] + ["  %d: %s" % (i, n) for i, n in enumerate(notes)] + [
            "", "Commits 1-%d (each runner's cache warm from the commits before)%s:" % (done, "" if final else ", run stopped early"), table(rows, configs, 1, done),
            "", "Commit 0 (caches hold the core only):", table(rows, configs, 0, 0)]
    if failed:
        text += ["", "FAILED builds: %d" % len(failed)]
    text += ["", "Per build (config, commit, runner: sketches, wall s, tool CPU s, local hits, misses, remote hits, remote ms):"]
    text += ["  %s c%d r%d: %d %.2f %.2f %d %d %d %d" % (r["config"], r["commit"], r["runner"], r["sketches"], r["wall"], r["tool_cpu"],
                                                     r["hits"], r["misses"], r["remote_hits"], r["remote_ms"]) for r in rows]
    report = "\n".join(text) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(report)
    if final:
        print(report)
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runners", type=int, default=4)
    ap.add_argument("--sketches", type=int, default=24)
    ap.add_argument("--commits", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--libs", type=int, default=4)
    ap.add_argument("--edits", type=int, default=2)
    ap.add_argument("--adds", type=int, default=1)
    ap.add_argument("--sketch-jobs", type=int, default=2)
    ap.add_argument("--configs", default=",".join(ALL_CONFIGS))
    ap.add_argument("--out", default=os.path.join(BENCH, "results", "affinity.txt"))
    ap.add_argument("--work")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use the fbuild already built (src/FBuild.Cli/bin/Release)")
    a = ap.parse_args()
    configs = [c for c in a.configs.split(",") if c]
    for c in configs:
        if c not in ALL_CONFIGS:
            sys.exit("unknown config %s (known: %s)" % (c, ", ".join(ALL_CONFIGS)))
    if a.runners < 1 or a.commits < 2 or a.sketches < a.runners:
        sys.exit("need --runners >= 1, --commits >= 2 and --sketches >= --runners")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))

    if not a.no_build:
        subprocess.run(["dotnet", "build", CLI_PROJECT, "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly"], check=True,
                       stdout=subprocess.DEVNULL)
    work = a.work or tempfile.mkdtemp(prefix="fbuild-affinity.")
    os.makedirs(work, exist_ok=True)
    trees, notes = history(a.seed, a.sketches, a.commits, a.libs, a.edits, a.adds)
    nginx = None
    rows = []
    started, load0 = time.time(), load_avg()
    try:
        # A runner that has built before holds the core: one build of an empty sketch fills a template cache that
        # every runner's cache starts from (the core never changes here, so this is what any earlier run leaves).
        template = os.path.join(work, "template")
        sync_tree({"Empty/Empty.ino": "void setup() {}\nvoid loop() {}\n"}, os.path.join(template, "checkout"))
        warm = run_build([os.path.join(template, "checkout", "Empty")], None, os.path.join(template, "cache"), None,
                         os.path.join(template, "art"), os.path.join(template, "m.json"), os.path.join(template, "build.log"), a.sketch_jobs)
        if warm["exit"] != 0:
            sys.exit("the warm-up build failed: see " + os.path.join(template, "build.log"))
        for k in range(a.runners):
            for cfg in configs:
                shutil.copytree(os.path.join(template, "cache"), os.path.join(work, "runner%d" % (k + 1), cfg.replace("+", "_"), "cache"))
        if any(c.endswith("+remote") for c in configs):
            nginx = Nginx(os.path.join(work, "nginx"))
        for c, tree in enumerate(trees):
            names = sketch_names(tree)
            split = random_split(names, a.runners, a.seed, c)
            print("[affinity %s] commit %d (%d sketches): %s" % (time.strftime("%H:%M:%S"), c, len(names), notes[c]), flush=True)
            for k in range(a.runners):
                checkout = os.path.join(work, "runner%d" % (k + 1), "checkout")
                sync_tree(tree, checkout)
                for cfg in configs:
                    tag = "%s-r%d-c%d" % (cfg.replace("+", "_"), k + 1, c)
                    base = os.path.join(work, "runner%d" % (k + 1), cfg.replace("+", "_"))
                    os.makedirs(base, exist_ok=True)
                    if cfg.startswith("affinity"):
                        folders, shard = [os.path.join(checkout, n) for n in names], "%d/%d" % (k + 1, a.runners)
                    else:
                        folders, shard = [os.path.join(checkout, n) for n in split[k]], None
                    remote = nginx.url(cfg.split("+")[0]) if cfg.endswith("+remote") else None
                    # The artifacts go inside the checkout, as in CI (`dotnet build` or compile-many run in the checkout):
                    # paths below the sketch set's root are relative in cache keys, so the runners share through the remote.
                    r = run_build(folders, shard, os.path.join(base, "cache"), remote, os.path.join(checkout, ARTIFACTS + cfg.replace("+", "_")),
                                  os.path.join(base, tag + ".json"), os.path.join(base, tag + ".log"), a.sketch_jobs)
                    r.update(config=cfg, commit=c, runner=k + 1)
                    rows.append(r)
                    print("  runner %d %-16s %2d sketches  %5.1f s  hits %3d misses %3d remote hits %3d%s" % (
                        k + 1, cfg, r["sketches"], r["wall"], r["hits"], r["misses"], r["remote_hits"],
                        "" if r["exit"] == 0 and r["failed"] == 0 else "  FAILED (exit %d, see %s)" % (r["exit"], base)), flush=True)
            write_report(a, configs, notes, rows, started, load0, final=False)
    finally:
        if nginx:
            nginx.stop()
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)
    failed = write_report(a, configs, notes, rows, started, load0, final=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
