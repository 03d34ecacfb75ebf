#!/usr/bin/env python3
"""fsync.py FILE COUNT: how long a 4 KiB write + fsync takes on the disk holding FILE, rewriting blocks in place
(as a reused SQLite WAL does) and appending (the file grows, so metadata is synced too). The mean bounds the
commits per second of a database that syncs each commit on its own. Prints one JSON object."""
import json
import os
import sys
import time

path, count = sys.argv[1], int(sys.argv[2])
block = b"\0" * 4096


def probe(offset_of, preallocate):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if preallocate:
            os.pwrite(fd, block * 64, 0)
            os.fsync(fd)
        times = []
        for i in range(count):
            t = time.perf_counter()
            os.pwrite(fd, block, offset_of(i))
            os.fsync(fd)
            times.append(time.perf_counter() - t)
    finally:
        os.close(fd)
        os.remove(path)
    times.sort()
    mean = sum(times) / len(times)
    return {"mean_ms": round(mean * 1000, 3), "p50_ms": round(times[len(times) // 2] * 1000, 3),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 3), "per_second": round(1 / mean)}


print(json.dumps({"count": count, "block_bytes": 4096,
                  "in_place": probe(lambda i: (i % 64) * 4096, True),
                  "append": probe(lambda i: i * 4096, False)}))
