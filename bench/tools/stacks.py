#!/usr/bin/env python3
"""stacks.py TRACE.speedscope.json [PATTERN...]

Summarises a dotnet-trace capture converted to speedscope (dotnet-trace convert --format speedscope):
time by leaf frame with waiting leaves set apart (what remains approximates CPU), time under selected frames
(inclusive), and for each PATTERN the caller chains of the samples whose stack contains it.
"""
import collections
import json
import sys

WAITS = ("WaitNative", "Monitor.Wait", "WaitOneNoCheck", "Interop+Sys.Read", "LowLevelSpinWaiter", "Thread.Sleep",
         "WaitForSignal", "epoll", "Interop+Sys.WaitForSocketEvents", "SpinThenBlockingWait")


def load(path):
    d = json.load(open(path))
    frames = [f["name"] for f in d["shared"]["frames"]]
    stacks = collections.Counter()  # tuple(frame ids) -> time
    for p in d["profiles"]:
        stack, last = [], None
        for e in p.get("events", []):
            at = e["at"]
            if stack and last is not None and at > last:
                stacks[tuple(stack)] += at - last
            last = at
            if e["type"] == "O":
                stack.append(e["frame"])
            elif stack:
                stack.pop()
    return frames, stacks


def short(name, n=90):
    name = name.split("(")[0]
    return name if len(name) <= n else "…" + name[-n:]


def main():
    frames, stacks = load(sys.argv[1])
    total = sum(stacks.values())
    busy = {s: t for s, t in stacks.items() if not any(w in frames[s[-1]] for w in WAITS)}
    busy_total = sum(busy.values())
    print(f"total thread time {total:.0f} ms; not waiting {busy_total:.0f} ms ({busy_total / total * 100:.1f}%)")
    leaves = collections.Counter()
    for s, t in busy.items():
        leaves[short(frames[s[-1]])] += t
    print("\n-- top leaves (not waiting), % of non-waiting time")
    for k, v in leaves.most_common(25):
        print(f"{v / busy_total * 100:6.2f}%  {k}")
    incl = collections.Counter()
    for s, t in busy.items():
        for name in {short(frames[i]) for i in s}:
            incl[name] += t
    print("\n-- inclusive (not waiting), % of non-waiting time")
    for k, v in incl.most_common(70):
        print(f"{v / busy_total * 100:6.2f}%  {k}")
    for pat in sys.argv[2:]:
        agg = collections.Counter()
        tot = 0
        for s, t in stacks.items():
            idx = [i for i, f in enumerate(s) if pat in frames[f]]
            if not idx:
                continue
            tot += t
            i = idx[-1]
            chain = [short(frames[f], 60) for f in s[max(0, i - 6):i + 1]]
            leaf = short(frames[s[-1]], 40)
            agg[" <- ".join(reversed(chain)) + f"  [leaf {leaf}]"] += t
        print(f"\n-- stacks through '{pat}': {tot:.0f} ms ({tot / total * 100:.1f}% of thread time)")
        for k, v in agg.most_common(8):
            print(f"{v / max(tot, 1e-9) * 100:5.1f}%  {k}")


if __name__ == "__main__":
    main()
