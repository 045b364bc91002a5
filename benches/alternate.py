#!/usr/bin/env python3
"""Alternated whole runs of `concord check --format json` (report to /dev/null): each
binary on each workload folder in turn, RUNS times (default 5), then the medians of
wall time, CPU time (user + system) and peak memory, with the load average. Alternating
is what makes two binaries comparable on a shared, noisy machine.

    benches/alternate.py BINARY... -- FOLDER...      (RUNS=7 benches/alternate.py ...)

With PIPE=1 the report is read through a pipe, as `run.sh` reads it, instead of going to
/dev/null.
"""
import os, statistics, subprocess, sys, time

args = sys.argv[1:]
if "--" not in args:
    sys.exit(__doc__)
binaries, folders = args[: args.index("--")], args[args.index("--") + 1 :]
runs = int(os.environ.get("RUNS", "5"))
piped = os.environ.get("PIPE") == "1"
results = {(b, f): [] for b in binaries for f in folders}
for _ in range(runs):
    for f in folders:
        for b in binaries:
            start = time.perf_counter()
            out = subprocess.PIPE if piped else subprocess.DEVNULL
            child = subprocess.Popen([os.path.abspath(b), "check", "--format", "json"], cwd=f,
                                     stdout=out, stderr=subprocess.DEVNULL)
            # Read and let go a megabyte at a time: a child forked from this process
            # counts the memory this process holds then as its own peak.
            while piped and child.stdout.read(1 << 20):
                pass
            _, _, usage = os.wait4(child.pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
            results[(b, f)].append((time.perf_counter() - start, cpu, usage.ru_maxrss / 1024))
for (b, f), rows in results.items():
    wall, cpu, peak = (statistics.median(column) for column in zip(*rows))
    print(f"{b}  {f}: wall {wall:.3f} s, CPU {cpu:.3f} s, peak {peak:.0f} MiB (median of {runs})")
print("load average", " ".join(open("/proc/loadavg").read().split()[:3]))
