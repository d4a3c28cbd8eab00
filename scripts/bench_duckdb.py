#!/usr/bin/env python3
"""Flowmap end to end against DuckDB on the same CSV event logs (run by scripts/bench-duckdb.sh).

    python3 scripts/bench_duckdb.py FLOWMAP PROFILE_OPEN OUT_DIR SIZES REPEATS [DUCKDB_PYTHON]

For each size (items; about ten rows each) the log is written once by gen-event-log.py, then,
interleaved REPEATS times: Flowmap (import-log into a new file, discover --apply, metrics --json:
every figure of the map) and DuckDB with 1 and 2 threads (the log read, each item's time per
state, per-state totals and percentiles, flow times of finished items). Prints the medians, the
ratio Flowmap / DuckDB 1 thread, the peak memory of Flowmap's steps (/usr/bin/time -v), the time
to open the imported map to its first figures and a full recompute (PROFILE_OPEN), and the scaling
exponent over the sizes. Fails when a stage's total differs from DuckDB's by a second or more.
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

NOW = "2027-06-01"  # after every generated change: every item's history counts in full
HERE = os.path.dirname(os.path.abspath(__file__))

DUCKDB_QUERY = """
import duckdb, json, sys, time
log, threads = sys.argv[1], int(sys.argv[2])
started = time.perf_counter()
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute("SET enable_progress_bar = false")
rows = con.execute('''
WITH ev AS (
  SELECT ticket, CAST(changed_at AS TIMESTAMP) AS ts, to_status AS state
  FROM read_csv(?, header = true, all_varchar = true)),
t AS (
  SELECT ticket, state, ts,
         lead(ts) OVER w AS next_at,
         last_value(state) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS final
  FROM ev WINDOW w AS (PARTITION BY ticket ORDER BY ts)),
per_item AS (
  SELECT ticket, state, sum(epoch(next_at) - epoch(ts)) AS secs
  FROM t WHERE final IN ('Done', 'Cancelled') AND next_at IS NOT NULL AND state <> 'Open'
  GROUP BY ALL)
SELECT state, count(*), sum(secs), quantile_cont(secs, 0.5), quantile_cont(secs, 0.85)
FROM per_item GROUP BY state ORDER BY state
''', [log]).fetchall()
flow = con.execute('''
WITH ev AS (
  SELECT ticket, CAST(changed_at AS TIMESTAMP) AS ts, to_status AS state
  FROM read_csv(?, header = true, all_varchar = true)),
f AS (SELECT ticket, arg_max(state, ts) AS final, min(ts) FILTER (WHERE state <> 'Open') AS started,
             max(ts) AS ended FROM ev GROUP BY ticket)
SELECT count(*), quantile_cont(epoch(ended) - epoch(started), [0.5, 0.85, 0.95]) FROM f
WHERE final = 'Done'
''', [log]).fetchall()
print(json.dumps({"secs": time.perf_counter() - started,
                  "totals": {r[0]: r[2] for r in rows}, "flow": str(flow)}))
"""


def timed(cmd):
    """Wall seconds and peak resident memory (MiB) of one command."""
    started = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    return wall, (int(peak.group(1)) / 1024 if peak else float("nan")), out.stdout


def flowmap_run(flowmap, log, target):
    if os.path.exists(target):
        os.remove(target)
    steps = {}
    for name, cmd in [
        ("import", [flowmap, "import-log", target, log]),
        ("discover", [flowmap, "discover", "--apply", target]),
        ("metrics", [flowmap, "metrics", "--json", "--now", NOW, target]),
    ]:
        steps[name] = timed(cmd)
    metrics = json.loads(steps["metrics"][2])
    totals = {
        s["name"]: s["waiting_total_secs"] + s["active_total_secs"] for s in metrics["stages"]
    }
    return steps, totals


def duckdb_run(python, log, threads):
    out = subprocess.run(
        [python, "-c", DUCKDB_QUERY, log, str(threads)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    flowmap, profile_open, out_dir, sizes, repeats = sys.argv[1:6]
    duck = sys.argv[6] if len(sys.argv) > 6 else None
    sizes = [int(s) for s in sizes.split(",")]
    repeats = int(repeats)
    os.makedirs(out_dir, exist_ok=True)
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    results = []
    for n in sizes:
        log = os.path.join(out_dir, f"log-{n}.csv")
        if not os.path.exists(log):
            subprocess.run([sys.executable, os.path.join(HERE, "gen-event-log.py"), str(n), log],
                           check=True)
        rows = sum(1 for _ in open(log, "rb")) - 1
        target = os.path.join(out_dir, f"bench-{n}.flowmap")
        fm, d1, d2, peaks, stages = [], [], [], [], {}
        for _ in range(repeats):
            steps, totals = flowmap_run(flowmap, log, target)
            fm.append(sum(s[0] for s in steps.values()))
            for k, s in steps.items():
                stages.setdefault(k + "_runs", []).append(s[0])
            peaks.append(max(s[1] for s in steps.values()))
            if duck:
                r1 = duckdb_run(duck, log, 1)
                r2 = duckdb_run(duck, log, 2)
                d1.append(r1["secs"])
                d2.append(r2["secs"])
                for state, total in r1["totals"].items():
                    mine = totals.get(state)
                    if mine is None or abs(mine - total) >= 1.0:
                        sys.exit(f"{n} items: stage {state!r}: Flowmap {mine} s, DuckDB {total} s")
        opened = subprocess.run([profile_open, target, "3"], capture_output=True, text=True,
                                check=True).stdout
        row = {
            "items": n, "rows": rows, "flowmap": statistics.median(fm),
            "steps": {k[:-5]: statistics.median(v) for k, v in stages.items() if k.endswith("_runs")},
            "peak_mib": max(peaks),
            "duckdb1": statistics.median(d1) if d1 else None,
            "duckdb2": statistics.median(d2) if d2 else None,
            "open": opened.strip(),
        }
        results.append(row)
        steps_text = ", ".join(f"{k} {v:.2f}" for k, v in row["steps"].items())
        print(f"\n{n:,} items / {rows:,} rows: Flowmap {row['flowmap']:.2f} s ({steps_text}), "
              f"peak {row['peak_mib']:.0f} MiB")
        if duck:
            print(f"  DuckDB 1 thread {row['duckdb1']:.2f} s, 2 threads {row['duckdb2']:.2f} s; "
                  f"Flowmap / DuckDB 1 thread = {row['flowmap'] / row['duckdb1']:.2f}; "
                  f"per-stage totals agree (to the second)")
        print("  " + row["open"].replace("\n", "\n  "))
    if len(results) >= 2:
        xs = [math.log(r["items"]) for r in results]
        ys = [math.log(r["flowmap"]) for r in results]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"\nscaling exponent of Flowmap end to end over {[r['items'] for r in results]}: "
              f"{slope:.2f} (1.0 is linear)")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
