#!/usr/bin/env python3
"""Writes a CSV event log for benchmarks: python3 scripts/gen-event-log.py ITEMS OUT.csv [SEED]

Each item walks a ten-state workflow (with a rework loop back from review and QA, some items
cancelled, some still in progress), about ten rows per item. Items start at random instants over
two years, so the log's item order is not the order items complete in. Columns: ticket,
changed_at (UTC, ISO 8601 with Z), from_status, to_status, type, summary. The same arguments
write the same file.
"""

import random
import sys
from datetime import datetime, timezone

STATES = [
    "Open",
    "Ready for analysis",
    "In analysis",
    "Ready for development",
    "In development",
    "In review",
    "Ready for QA",
    "In QA",
    "Ready to release",
    "Done",
]
TYPES = ["Story", "Story", "Story", "Bug", "Bug", "Task", "Risk"]
START = int(datetime(2024, 11, 1, tzinfo=timezone.utc).timestamp())
SPAN = 2 * 365 * 86_400
END = START + SPAN


def stamp(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    items = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("ticket,changed_at,from_status,to_status,type,summary\n")
        for item in range(items):
            t = START + rng.randrange(SPAN)
            kind = rng.choice(TYPES)
            rows = []
            step, prev = 0, ""
            while True:
                rows.append((t, prev, STATES[step]))
                if step == len(STATES) - 1 or t > END:
                    break
                if step >= 2 and rng.random() < 0.01:
                    t += rng.randrange(60, 86_400)
                    rows.append((t, STATES[step], "Cancelled"))
                    break
                # Waiting states wait longer than working ones.
                mean = 3 * 86_400 if STATES[step].startswith("Ready") else 86_400
                t += int(rng.expovariate(1 / mean)) + 60
                prev = STATES[step]
                if STATES[step] in ("In review", "In QA") and rng.random() < 0.15:
                    step = 4  # back to development
                else:
                    step += 1
            lines = [
                f'FLOW-{item},{stamp(at)},{frm},{to},{kind},"Item {item}, benchmark"\n'
                for at, frm, to in rows
            ]
            f.write("".join(lines))


if __name__ == "__main__":
    main()
