#!/usr/bin/env python3
"""Starts a server and measures the time from process start to its first 200 on a readiness URL.

    launch.py --url http://127.0.0.1:PORT/readyz --log FILE --pidfile FILE [--idle S] [--stop] -- CMD ARGS...

The process gets its own session (process group), so bench/run can stop it and anything it forked. Its pid is
written to --pidfile at once. The URL is polled every --poll-ms (a fresh connection each time). With --idle the
launcher then waits that many seconds and reads VmRSS/VmHWM from /proc/<pid>/status; with --stop it stops the
process (SIGTERM to the group, SIGKILL after 10 s) and removes the pidfile. Prints one JSON object.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit


def proc_status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads"):
                    fields[key] = int(value.split()[0])
    except OSError:
        pass
    return fields


def stop(proc, pidfile):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    try:
        os.remove(pidfile)
    except OSError:
        pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--pidfile", required=True)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--poll-ms", type=float, default=2)
    p.add_argument("--idle", type=float, default=0)
    p.add_argument("--stop", action="store_true")
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    url = urlsplit(a.url)

    log = open(a.log, "ab")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(a.pidfile, "w") as f:
        f.write(str(proc.pid))

    listening_ms = ready_ms = None
    attempts = 0
    last = "no answer"
    deadline = t0 + a.timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            last = f"process exited with {proc.returncode} (see {a.log})"
            break
        attempts += 1
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=2)
        try:
            conn.request("GET", url.path or "/")
            if listening_ms is None:
                listening_ms = (time.monotonic() - t0) * 1000
            status = conn.getresponse().status
            if status == 200:
                ready_ms = (time.monotonic() - t0) * 1000
                break
            last = f"HTTP {status}"
        except OSError as e:
            last = type(e).__name__
        finally:
            conn.close()
        time.sleep(a.poll_ms / 1000)

    result = {"pid": proc.pid, "command": cmd, "ready_ms": None if ready_ms is None else round(ready_ms, 1),
              "listening_ms": None if listening_ms is None else round(listening_ms, 1), "polls": attempts}
    if ready_ms is None:
        result["error"] = f"not ready within {a.timeout:.0f} s: {last}"
        stop(proc, a.pidfile)
        print(json.dumps(result))
        return 1
    if a.idle > 0:
        time.sleep(a.idle)
        st = proc_status(proc.pid)
        result.update({"idle_s": a.idle, "rss_kb": st.get("VmRSS"), "hwm_kb": st.get("VmHWM"), "threads": st.get("Threads")})
    if a.stop:
        stop(proc, a.pidfile)
        result["exit_code"] = proc.returncode
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
