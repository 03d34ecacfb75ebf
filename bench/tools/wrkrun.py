#!/usr/bin/env python3
"""wrkrun.py --json OUT.json --txt OUT.txt --timeout S [--pid PID] -- wrk ARGS...

Runs one bounded wrk load, keeps its output, and writes its BENCHJSON line (see lua/common.lua) as OUT.json with
where the machine's CPU went meanwhile: the process under test (--pid), wrk itself, and everything else
("other" > a few % means something outside the benchmark competed for the CPU and the numbers are disturbed).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time


def cpu_jiffies():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:9]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in parts)
    return {"busy": user + nice + system + irq + softirq, "idle": idle + iowait, "steal": steal, "irq": irq + softirq,
            "total": user + nice + system + idle + iowait + irq + softirq + steal}


def proc_jiffies(pid):
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def comm_jiffies(name):
    """utime + stime of every process whose command is NAME (the database server's processes)."""
    if not name:
        return None
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                text = f.read()
        except OSError:
            continue
        comm = text[text.find("(") + 1:text.rfind(")")]
        if comm == name:
            fields = text.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--json", required=True)
    p.add_argument("--txt", required=True)
    p.add_argument("--timeout", type=float, required=True)
    p.add_argument("--pid", type=int)
    p.add_argument("--database", help="process name of a database server under test (e.g. postgres): its CPU is "
                                      "counted apart, not as other")
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    tck = os.sysconf("SC_CLK_TCK")

    d0 = comm_jiffies(a.database)
    c0, s0, r0, t0 = cpu_jiffies(), proc_jiffies(a.pid), resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    with open(a.txt, "w") as out:
        try:
            rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=a.timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    c1, s1, r1, elapsed = cpu_jiffies(), proc_jiffies(a.pid), resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic() - t0
    d1 = comm_jiffies(a.database)
    db_j = None if d0 is None else max(0, d1 - d0)  # a backend that exited meanwhile is not counted

    if rc != 0:
        print(f"wrk exited with {rc}; output in {a.txt}", file=sys.stderr)
        return 1
    line = None
    with open(a.txt) as f:
        for l in f:
            if l.startswith("BENCHJSON "):
                line = l[len("BENCHJSON "):]
    if line is None:
        print(f"wrk printed no BENCHJSON line; output in {a.txt}", file=sys.stderr)
        return 1
    result = json.loads(line)

    total = max(1, c1["total"] - c0["total"])
    busy = c1["busy"] - c0["busy"]
    wrk_j = ((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)) * tck
    server_j = None if s0 is None or s1 is None else s1 - s0
    pct = lambda j: None if j is None else round(100 * j / total, 1)
    irq = c1["irq"] - c0["irq"]  # interrupt time (loopback networking mostly); this kernel also charges it to the
    other = busy - wrk_j - (server_j or 0) - (db_j or 0)  # running process, so it is not subtracted again (informational only)
    result["cpu"] = {
        "elapsed_s": round(elapsed, 2), "cpus": os.cpu_count(),
        "machine_busy_pct": pct(busy), "server_pct": pct(server_j), "wrk_pct": pct(wrk_j),
        "irq_pct": pct(irq), "other_pct": pct(max(0, other)), "steal_pct": pct(c1["steal"] - c0["steal"]),
        "server_cpu_s": None if server_j is None else round(server_j / tck, 2),
        **({} if db_j is None else {"database": a.database, "database_pct": pct(db_j), "database_cpu_s": round(db_j / tck, 2)}),
        "note": "percent of all CPUs over the run; server = the process under test (user + system); irq = interrupt "
                "time (informational; largely also inside server and wrk); other = busy - server - wrk (processes "
                "outside the benchmark, and the database server's when it is counted apart)",
    }
    with open(a.json, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
