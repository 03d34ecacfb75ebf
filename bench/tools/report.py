#!/usr/bin/env python3
"""report.py --work DIR --out FILE --mode full|smoke [--strict]

Reads the raw results bench/run left in DIR/raw (wrk's BENCHJSON lines, launcher and seeder output, settings),
prints the table, and writes the same as JSON to FILE. Exit codes: 0 all steps produced valid numbers;
1 a step is missing or our server answered anything but 200 (or wrk saw socket errors or timeouts);
3 (only with --strict) every step ran but a target was missed.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone

problems = []
noise = []


def load(raw, name, required=True):
    path = os.path.join(raw, name + ".json")
    try:
        with open(path) as f:
            text = f.read().strip()
        try:
            return json.loads(text)
        except ValueError:
            return json.loads(text.splitlines()[-1])  # a tool's last line
    except (OSError, ValueError, IndexError) as e:
        if required:
            problems.append(f"{name}: no result ({type(e).__name__}: {path})")
        return None


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine():
    model = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = None
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    wrk = run(["wrk", "--version"]) or ""
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory_mb": None if mem_kb is None else round(mem_kb / 1024),
        "kernel": platform.release(),
        "os": run(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]),
        "dotnet_version": run(["dotnet", "--version"]),
        "wrk_version": wrk.splitlines()[0] if wrk else None,
        "node_version": run(["node", "--version"]),
    }


def wrk_result(raw, name, ours=True, required=True):
    r = load(raw, name, required)
    if r is None:
        return None
    seconds = r["duration_us"] / 1e6
    lat = r["latency_us"]
    markers = r.get("markers") or 0
    requests = r["requests"] - markers  # handle.lua's end-of-cycle markers are not operations
    out = {
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
        "ok_per_second": round((requests - r["non200"]) / seconds, 1),
        "non200": r["non200"],
        "statuses": r["statuses"],
        "socket_errors": {k: v for k, v in r["errors"].items() if k != "status_over_399"},
        "latency_ms": {k: round(lat[k] / 1000, 3) for k in ("p50", "p90", "p99", "p999", "max", "mean")},
        "latency_source": r.get("latency_source", "wrk"),
    }
    if markers:
        out["cycles_completed"] = markers
        out["cycles_per_second"] = round(markers / seconds, 1)
        out["latency_samples"] = r.get("latency_samples")
    if r.get("cpu"):
        out["cpu"] = r["cpu"]
        if r["cpu"].get("server_cpu_s") is not None and r["requests"]:
            out["server_cpu_us_per_request"] = round(r["cpu"]["server_cpu_s"] * 1e6 / r["requests"], 1)
        if r["cpu"].get("database_cpu_s") is not None and r["requests"]:
            out["database_cpu_us_per_request"] = round(r["cpu"]["database_cpu_s"] * 1e6 / r["requests"], 1)
        if (r["cpu"].get("other_pct") or 0) > 10:
            noise.append(f"{name}: other processes used {r['cpu']['other_pct']}% of the CPUs during the run")
    if r.get("first_failure"):
        out["first_failure"] = r["first_failure"]
    if r.get("pool_exhausted"):
        out["pool_exhausted"] = r["pool_exhausted"]
    errors = sum(out["socket_errors"].values())
    if ours and (r["non200"] or errors):
        problems.append(f"{name}: {r['non200']} non-200 responses {r['statuses']}, socket errors {out['socket_errors']}"
                        + (f"; first: {r.get('first_failure')}" if r.get("first_failure") else ""))
    if ours and out["latency_source"] == "wrk" and lat["p99"] == 0 and r["requests"] > 0:
        out["latency_note"] = "wrk's percentile returned 0 (too few samples for its coordinated-omission correction)"
    if requests == 0:
        problems.append(f"{name}: no requests completed")
    if r.get("pool_exhausted"):
        problems.append(f"{name}: the ticket pool ran out {r['pool_exhausted']} times (raise the pool size)")
    return out


def ratio(a, b):
    return None if not a or not b else round(a / b, 3)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--mode", default="full")
    p.add_argument("--strict", action="store_true")
    a = p.parse_args()
    raw = os.path.join(a.work, "raw")
    settings = load(raw, "settings") or {}

    ceiling = wrk_result(raw, "ceiling")
    healthz = wrk_result(raw, "healthz")
    details = wrk_result(raw, "details")
    listing = wrk_result(raw, "list")
    create = wrk_result(raw, "create")
    handle = wrk_result(raw, "handle")
    # With one active subscription (a loopback receiver answering 204): the same runs, and how far delivery kept up.
    create_sub = wrk_result(raw, "create_sub")
    handle_sub = wrk_result(raw, "handle_sub")
    for name, r in (("create_sub", create_sub), ("handle_sub", handle_sub)):
        if r:
            r["webhook_receiver"] = load(raw, name + ".drain", required=False)
    prism_details = wrk_result(raw, "prism_details", ours=False)
    prism_create = wrk_result(raw, "prism_create", ours=False)
    details_large = wrk_result(raw, "details_large")
    list_large = wrk_result(raw, "list_large")
    v2_small = wrk_result(raw, "v2_list_small")
    v2_large = wrk_result(raw, "v2_list_large")
    ingest = {f"{n}_{k}": wrk_result(raw, f"ingest_{n}_{k}") for n in (1, 50) for k in ("new", "converge")}
    for key, r in ingest.items():
        if r:
            r["alerts_per_payload"] = int(key.split("_")[0])
            r["alerts_per_second"] = round(r["ok_per_second"] * r["alerts_per_payload"], 1)
    # PostgreSQL (informational: the targets are for SQLite); missing when the run skipped it (--no-postgres).
    pg = {k: wrk_result(raw, "pg_" + k, required=False) for k in ("details", "list", "create", "handle")}
    for name, r in (("prism_details", prism_details), ("prism_create", prism_create)):
        if r and r["requests"] and r["non200"] == r["requests"]:
            problems.append(f"{name}: Prism answered nothing with 200 ({r['statuses']})")

    for h in (handle, handle_sub, pg["handle"]):
        if h:
            h["ok_cycles_per_second"] = round(h["ok_per_second"] / 3, 1)
            h["latency_is_per_cycle"] = True

    startup_runs = [load(raw, f"startup-run-{i}") for i in range(1, int(settings.get("startup_runs", 1)) + 1)]
    startup_runs = [s for s in startup_runs if s]
    for s in startup_runs:
        if s.get("error"):
            problems.append(f"start-up: {s['error']}")
    good = [s for s in startup_runs if s.get("ready_ms") is not None]
    startup = {
        "runs": len(startup_runs),
        "database": "a new, empty SQLite file each run (the server creates and migrates it)",
        "ready_ms_median": statistics.median([s["ready_ms"] for s in good]) if good else None,
        "ready_ms_all": [s["ready_ms"] for s in good],
        "listening_ms_median": statistics.median([s["listening_ms"] for s in good]) if good else None,
        "idle_s": good[0].get("idle_s") if good else None,
        "idle_rss_mb_median": round(statistics.median([s["rss_kb"] for s in good]) / 1024, 1) if good and all(s.get("rss_kb") for s in good) else None,
        "idle_rss_mb_all": [round(s["rss_kb"] / 1024, 1) for s in good if s.get("rss_kb")],
        "other_launches_ready_ms": {},
    }
    for name in ("ceiling", "main", "handle", "large", "prism", "pg"):
        s = load(raw, f"startup-{name}", required=False)
        if s and s.get("ready_ms") is not None:
            startup["other_launches_ready_ms"][name] = s["ready_ms"]
    after_load = load(raw, "rss_after_load", required=False)
    if after_load:
        startup["rss_after_load_mb"] = round(after_load["rss_kb"] / 1024, 1)
        startup["peak_rss_mb"] = round(after_load["hwm_kb"] / 1024, 1)

    emulator = load(raw, "emulator-startup")
    if emulator:
        startup["in_process_emulator"] = {
            "what": "CocEmulator.StartAsync in one process after warm-up starts (assemblies loaded and jitted): wall ms to its "
                    "return (storage migrated, socket bound) and to the first /readyz answer, and the process's CPU ms",
            **emulator,
        }

    seeds = {k: load(raw, f"seed_{k}", required=k not in ("pg_small", "pg_pool")) for k in ("small", "large", "pool", "v2small", "pg_small", "pg_pool")}
    verify = load(raw, "seed_verify")
    if verify is not None and not verify.get("verified"):
        problems.append("seeder: bulk rows differ from the store's rows")
    deep = load(raw, "deep_page", required=False)
    fsync = load(raw, "fsync", required=False)

    scale = {
        "small_tickets": seeds["small"]["count"] if seeds["small"] else None,
        "large_tickets": seeds["large"]["count"] if seeds["large"] else None,
        "details_p99_ms": {"small": details and details["latency_ms"]["p99"], "large": details_large and details_large["latency_ms"]["p99"]},
        "list_p99_ms": {"small": listing and listing["latency_ms"]["p99"], "large": list_large and list_large["latency_ms"]["p99"]},
        "details_rps": {"small": details and details["requests_per_second"], "large": details_large and details_large["requests_per_second"]},
        "list_rps": {"small": listing and listing["requests_per_second"], "large": list_large and list_large["requests_per_second"]},
        "v2_list_p50_ms": {"small": v2_small and v2_small["latency_ms"]["p50"], "large": v2_large and v2_large["latency_ms"]["p50"]},
        "v2_list_p99_ms": {"small": v2_small and v2_small["latency_ms"]["p99"], "large": v2_large and v2_large["latency_ms"]["p99"]},
        "v2_list_request": "bench/lua/v2-list-body.json: status TRIGGERED or ACKNOWLEDGED, level_50, create_time desc, page 1 of 10, with total",
        "seeding": seeds,
        "seed_verified_against_store": verify,
        "deep_page": deep,
    }
    scale["details_p99_ratio"] = ratio(scale["details_p99_ms"]["large"], scale["details_p99_ms"]["small"])
    scale["list_p99_ratio"] = ratio(scale["list_p99_ms"]["large"], scale["list_p99_ms"]["small"])
    scale["v2_list_p50_ratio"] = ratio(scale["v2_list_p50_ms"]["large"], scale["v2_list_p50_ms"]["small"])
    scale["v2_list_p99_ratio"] = ratio(scale["v2_list_p99_ms"]["large"], scale["v2_list_p99_ms"]["small"])

    c_rps = ceiling and ceiling["requests_per_second"]
    ratios = {
        "healthz_vs_ceiling": ratio(healthz and healthz["requests_per_second"], c_rps),
        "details_vs_ceiling": ratio(details and details["requests_per_second"], c_rps),
        "list_vs_ceiling": ratio(listing and listing["requests_per_second"], c_rps),
        "create_vs_ceiling": ratio(create and create["requests_per_second"], c_rps),
        "handle_vs_ceiling": ratio(handle and handle["requests_per_second"], c_rps),
        "create_sub_vs_create": ratio(create_sub and create_sub["ok_per_second"], create and create["ok_per_second"]),
        "handle_sub_vs_handle": ratio(handle_sub and handle_sub["ok_per_second"], handle and handle["ok_per_second"]),
        "ingest_1_new_vs_create": ratio(ingest["1_new"] and ingest["1_new"]["ok_per_second"], create and create["ok_per_second"]),
        "prism_details_vs_ceiling": ratio(prism_details and prism_details["requests_per_second"], c_rps),
        "details_vs_prism": ratio(details and details["requests_per_second"], prism_details and prism_details["requests_per_second"]),
        "create_vs_prism": ratio(create and create["ok_per_second"], prism_create and prism_create["requests_per_second"]),
    }

    def target(name, goal, value, met, unit="", context=None):
        t = {"target": name, "goal": goal, "value": value, "unit": unit, "met": None if value is None else bool(met)}
        if context:
            t["context"] = context
        return t

    large_n = scale["large_tickets"]
    targets = [
        target("details GET req/s ≥ 50% of the ceiling", "≥ 0.50", ratios["details_vs_ceiling"],
               ratios["details_vs_ceiling"] is not None and ratios["details_vs_ceiling"] >= 0.5, "× ceiling"),
        target("details GET p99 ≤ 5 ms at 64 connections", "≤ 5", details and details["latency_ms"]["p99"],
               details and details["latency_ms"]["p99"] <= 5, "ms",
               ceiling and f"the ceiling's own p99 in this run: {ceiling['latency_ms']['p99']} ms"),
        target("create ≥ 5,000 durable operations/s (SQLite)", "≥ 5000", create and create["ok_per_second"],
               create and create["ok_per_second"] >= 5000, "ops/s"),
        target("handle ≥ 5,000 durable operations/s (SQLite)", "≥ 5000", handle and handle["ok_per_second"],
               handle and handle["ok_per_second"] >= 5000, "ops/s"),
        target("create with one active subscription ≥ 80% of without", "≥ 0.80", ratios["create_sub_vs_create"],
               ratios["create_sub_vs_create"] is not None and ratios["create_sub_vs_create"] >= 0.8, "× no subscription"),
        target("handle with one active subscription ≥ 80% of without", "≥ 0.80", ratios["handle_sub_vs_handle"],
               ratios["handle_sub_vs_handle"] is not None and ratios["handle_sub_vs_handle"] >= 0.8, "× no subscription"),
        target("ingestion: 50-alert payloads, converging ≥ 20,000 alerts/s", "≥ 20000",
               ingest["50_converge"] and ingest["50_converge"]["alerts_per_second"],
               ingest["50_converge"] and ingest["50_converge"]["alerts_per_second"] >= 20000, "alerts/s"),
        target("ingestion: 1-alert payloads (new alarms) ≥ 50% of create", "≥ 0.50", ratios["ingest_1_new_vs_create"],
               ratios["ingest_1_new_vs_create"] is not None and ratios["ingest_1_new_vs_create"] >= 0.5, "× create"),
        target("details ≥ 10× Prism's req/s", "≥ 10", ratios["details_vs_prism"],
               ratios["details_vs_prism"] is not None and ratios["details_vs_prism"] >= 10, "× Prism"),
        target("create ≥ 10× Prism's req/s", "≥ 10", ratios["create_vs_prism"],
               ratios["create_vs_prism"] is not None and ratios["create_vs_prism"] >= 10, "× Prism",
               prism_create and f"Prism's create (a static mock, nothing stored): {prism_create['requests_per_second']:,.0f} req/s"),
        target(f"{large_n:,} tickets: details p99 within 2× of {scale['small_tickets']:,}" if large_n else "large store: details p99 within 2×",
               "≤ 2", scale["details_p99_ratio"], scale["details_p99_ratio"] is not None and scale["details_p99_ratio"] <= 2, "×"),
        target(f"{large_n:,} tickets: list p99 within 2× of {scale['small_tickets']:,}" if large_n else "large store: list p99 within 2×",
               "≤ 2", scale["list_p99_ratio"], scale["list_p99_ratio"] is not None and scale["list_p99_ratio"] <= 2, "×"),
        target(f"{large_n:,} tickets: v2 filtered list p50 within 2× of {scale['small_tickets']:,}" if large_n
               else "large store: v2 filtered list p50 within 2×",
               "≤ 2", scale["v2_list_p50_ratio"], scale["v2_list_p50_ratio"] is not None and scale["v2_list_p50_ratio"] <= 2, "×"),
        target(f"{large_n:,} tickets: v2 filtered list p99 within 2× of {scale['small_tickets']:,}" if large_n
               else "large store: v2 filtered list p99 within 2×",
               "≤ 2", scale["v2_list_p99_ratio"], scale["v2_list_p99_ratio"] is not None and scale["v2_list_p99_ratio"] <= 2, "×"),
        target("start-up to ready ≤ 500 ms", "≤ 500", startup["ready_ms_median"],
               startup["ready_ms_median"] is not None and startup["ready_ms_median"] <= 500, "ms"),
        target("in-process emulator start ≤ 150 ms (median)", "≤ 150", emulator and emulator["temp_file"]["start_ms"]["median"],
               emulator is not None and emulator["temp_file"]["start_ms"]["median"] <= 150, "ms",
               emulator and f"p90 {emulator['temp_file']['start_ms']['p90']} ms; in memory: median {emulator['in_memory']['start_ms']['median']} ms"),
        target("idle RSS ≤ 100 MB", "≤ 100", startup["idle_rss_mb_median"],
               startup["idle_rss_mb_median"] is not None and startup["idle_rss_mb_median"] <= 100, "MB"),
    ]

    doc = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": a.mode,
        "valid": not problems,
        "problems": problems,
        "disturbed_by_other_processes": noise,
        "machine": {**machine(), "fsync_probe": fsync},
        "settings": settings,
        "results": {
            "ceiling": ceiling, "healthz": healthz, "details": details, "list": listing, "create": create, "handle": handle,
            "create_sub": create_sub, "handle_sub": handle_sub,
            "prism_details": prism_details, "prism_create": prism_create,
            "details_large": details_large, "list_large": list_large, "v2_list_small": v2_small, "v2_list_large": v2_large,
            **{f"ingest_{k}": v for k, v in ingest.items()},
            "pg_details": pg["details"], "pg_list": pg["list"], "pg_create": pg["create"], "pg_handle": pg["handle"],
        },
        "ratios": ratios,
        "scale": scale,
        "startup": startup,
        "targets": targets,
    }
    if a.mode == "smoke":
        doc["note"] = "smoke mode: tiny durations and scales; the numbers only show that every step works"
    with open(a.out, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print_table(doc)
    
    if noise:
        print("\nWARNING, other processes competed for the CPU (numbers are disturbed; re-run on a quiet machine):")
        for n in noise:
            print("  - " + n)
    if problems:
        print("\nPROBLEMS (the run is not valid):")
        for pr in problems:
            print("  - " + pr)
        return 1
    if a.strict and any(t["met"] is False for t in targets):
        return 3
    return 0


def fmt(v, digits=1):
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def print_table(doc):
    m, s, r = doc["machine"], doc["settings"], doc["results"]
    print()
    print(f"COC Incident Service benchmark — {doc['date']} — mode {doc['mode']}")
    print(f"machine: {m['nproc']} × {m['cpu_model']}, {fmt(m['memory_mb'])} MB, {m['os']}, kernel {m['kernel']}, "
          f"dotnet {m['dotnet_version']}, {m['wrk_version']}")
    if m.get("fsync_probe"):
        fp = m["fsync_probe"]
        print(f"disk: 4 KiB write+fsync in place {fp['in_place']['mean_ms']} ms mean ({fmt(fp['in_place']['per_second'])}/s), "
              f"appending {fp['append']['mean_ms']} ms ({fmt(fp['append']['per_second'])}/s)")
    src = s.get("source") or {}
    print(f"source: commit {src.get('commit', '?')}" + (f" + {src['src_files_changed_since_commit']} changed files under src/"
                                                          if src.get("src_files_changed_since_commit") else ""))
    print(f"load: {s.get('wrk_command', '?')}  (warm-up {s.get('warmup_s')} s first; "
          f"server in {s.get('server_mode', '?')}; storage {s.get('storage', '?')})")
    print()
    head = (f"{'test':<34}{'req/s':>10}{'ok ops/s':>10}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'non-200':>8}{'vs ceil':>8}"
            f"{'CPU µs/req':>11}{'other CPU':>10}")
    print(head)
    print("-" * len(head))
    ceiling = r["ceiling"]["requests_per_second"] if r["ceiling"] else None
    rows = [
        ("ceiling (minimal Kestrel JSON)", "ceiling"),
        ("server GET /healthz (pipeline only)", "healthz"),
        ("details GET", "details"),
        ("list GET (limit 20)", "list"),
        ("create POST", "create"),
        ("handle (accept→solve→confirm)*", "handle"),
        ("create POST, 1 subscription", "create_sub"),
        ("handle*, 1 subscription", "handle_sub"),
        ("ingest 1 alert/payload, new", "ingest_1_new"),
        ("ingest 1 alert/payload, converging", "ingest_1_converge"),
        ("ingest 50 alerts/payload, new", "ingest_50_new"),
        ("ingest 50 alerts/payload, converging", "ingest_50_converge"),
        ("Prism mock: details GET", "prism_details"),
        ("Prism mock: create POST", "prism_create"),
        (f"details GET, {fmt(doc['scale']['large_tickets'])} tickets", "details_large"),
        (f"list GET, {fmt(doc['scale']['large_tickets'])} tickets", "list_large"),
        (f"v2 list POST, {fmt(doc['scale']['small_tickets'])} tickets", "v2_list_small"),
        (f"v2 list POST, {fmt(doc['scale']['large_tickets'])} tickets", "v2_list_large"),
        ("PostgreSQL: details GET", "pg_details"),
        ("PostgreSQL: list GET (limit 20)", "pg_list"),
        ("PostgreSQL: create POST", "pg_create"),
        ("PostgreSQL: handle*", "pg_handle"),
    ]
    for label, key in rows:
        x = r.get(key)
        if not x and key.startswith("pg_"):  # the PostgreSQL phase was skipped (--no-postgres)
            continue
        if not x:
            print(f"{label:<34}{'(missing)':>11}")
            continue
        lat = x["latency_ms"]
        cpu = x.get("cpu") or {}
        other = cpu.get("other_pct")
        print(f"{label:<34}{fmt(x['requests_per_second']):>10}{fmt(x['ok_per_second']):>10}{fmt(lat['p50'], 2):>8}"
              f"{fmt(lat['p99'], 2):>8}{fmt(lat['max'], 1):>8}{fmt(x['non200']):>8}"
              f"{fmt(ratio(x['requests_per_second'], ceiling), 3):>8}{fmt(x.get('server_cpu_us_per_request')):>11}"
              f"{(fmt(other) + '%') if other is not None else '—':>10}")
    print("CPU µs/req: CPU time of the process under test per request (both cores count); other CPU: share of the")
    print("machine used by processes other than the one under test and wrk during the run (> 10% = disturbed).")
    pg_db = [(k, r[k]["database_cpu_us_per_request"]) for k in ("pg_details", "pg_list", "pg_create", "pg_handle")
             if r.get(k) and r[k].get("database_cpu_us_per_request") is not None]
    if pg_db:
        print("PostgreSQL rows: the database server's own CPU µs/req, on top: "
              + ", ".join(f"{k[3:]} {fmt(v)}" for k, v in pg_db) + ".")
    h = r.get("handle")
    if h:
        print(f"* handle: {fmt(h.get('cycles_per_second'))} cycles/s = {fmt(h['requests_per_second'])} requests/s; latency is per "
              f"cycle: 3 handle requests (+ a 404 marker) pipelined on one connection, timed by the script")
    subs = [(k, r[k]["webhook_receiver"]) for k in ("create_sub", "handle_sub") if r.get(k) and r[k].get("webhook_receiver")]
    if subs:
        print("subscription rows: one subscription wanting *, receiver bench/Ceiling POST /hook (204); deliveries received "
              + "; ".join(f"{k[:-4]}: {fmt(d['received_at_end_of_run'])} by the end of the run (warm-up included), "
                          f"{fmt(d['received_after_drain'])} after {d['drain_s']} s more" for k, d in subs) + ".")
    ing = [(k, r[k]) for k in ("ingest_1_new", "ingest_1_converge", "ingest_50_new", "ingest_50_converge") if r.get(k)]
    if ing:
        print("ingest rows: req/s are payloads/s; alerts/s: " + ", ".join(
            f"{k[7:].replace('_', ' alert(s), ')} {fmt(x['alerts_per_second'])}" for k, x in ing) + ".")
    sc, st = doc["scale"], doc["startup"]
    print()
    for k, label in (("small", "small store"), ("large", "large store"), ("pool", "handle pool"), ("v2small", "v2 list small store"),
                     ("pg_small", "PostgreSQL store"), ("pg_pool", "PostgreSQL handle pool")):
        sd = sc["seeding"].get(k)
        if sd:
            size = (f", {fmt(sd['file_bytes'] / 1e6)} MB = {fmt(sd['bytes_per_ticket'])} bytes/ticket" if sd.get("file_bytes")
                    else f" ({sd.get('via')}, 32 concurrent transactions)")
            print(f"seeding {label}: {fmt(sd['count'])} tickets in {sd['seconds']} s ({fmt(sd['tickets_per_second'])}/s){size}")
    if sc.get("deep_page"):
        dp = sc["deep_page"]
        print(f"list, last page at {fmt(sc['large_tickets'])} tickets (offset={dp['offset']}, limit 20): "
              f"{dp['ms_median']} ms (single request, informational)")
    print(f"start-up to /readyz: median {fmt(st['ready_ms_median'])} ms over {st['runs']} runs {st['ready_ms_all']} "
          f"(listening {fmt(st['listening_ms_median'])} ms); idle RSS {fmt(st['idle_rss_mb_median'])} MB after {st['idle_s']} s"
          + (f"; RSS after load {st['rss_after_load_mb']} MB (peak {st['peak_rss_mb']} MB)" if st.get("rss_after_load_mb") else ""))
    em = st.get("in_process_emulator")
    if em:
        for store in ("temp_file", "in_memory"):
            e = em[store]
            print(f"in-process emulator ({store.replace('_', ' ')}, {em['runs']} starts after {em['warmup']} warm-up): StartAsync median "
                  f"{e['start_ms']['median']} ms, p90 {e['start_ms']['p90']} ms; first /readyz answer median {e['first_answer_ms']['median']} ms, "
                  f"p90 {e['first_answer_ms']['p90']} ms; CPU median {e['cpu_ms']['median']} ms")
    if st["other_launches_ready_ms"]:
        print("other launches, ms to ready: " + ", ".join(f"{k} {v}" for k, v in st["other_launches_ready_ms"].items()))
    print()
    print(f"{'target':<52}{'value':>12}  {'goal':<8}result")
    print("-" * 84)
    for t in doc["targets"]:
        res = "n/a" if t["met"] is None else ("met" if t["met"] else "MISSED")
        v = t["value"]
        print(f"{t['target']:<52}{fmt(v, 3 if isinstance(v, float) and v < 10 else 1):>12}  {t['goal']:<8}{res}"
              + (f"  ({t['context']})" if t.get("context") else ""))


if __name__ == "__main__":
    sys.exit(main())
