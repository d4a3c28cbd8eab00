#!/usr/bin/env bash
# Flowmap end to end (CSV event log -> every figure of the map) against DuckDB on the same logs.
#
#   bash scripts/bench-duckdb.sh            # 10k and 100k items (about 100k and 1M rows)
#   bash scripts/bench-duckdb.sh --large    # also 1M items / 10M rows (minutes; never in CI)
#   BENCH_REPEATS=5 bash scripts/bench-duckdb.sh
#
# Builds the release CLI and the profile_open example, writes the logs once into
# target/bench-data/ (scripts/gen-event-log.py), installs DuckDB from PyPI into a virtual
# environment of its own (target/bench-venv; skipped with a message when pip cannot install it),
# and runs scripts/bench_duckdb.py: Flowmap and DuckDB with 1 and 2 threads interleaved, medians,
# the ratio, peak memory, open-to-first-figures and recompute times, the scaling exponent, and a
# check that every stage's total time agrees with DuckDB's to the second. Results and commands
# are recorded in docs/benchmarks.md. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=10000,100000
if [[ "${1:-}" == "--large" ]]; then sizes=10000,100000,1000000; fi
cargo build --release -p flowmap-cli -p flowmap-api --example profile_open
out=target/bench-data
mkdir -p "$out"
venv=target/bench-venv
duck=""
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
  duck="$venv/bin/python"
elif python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q duckdb >/dev/null 2>&1; then
  duck="$venv/bin/python"
else
  echo "DuckDB could not be installed from PyPI (no network or no venv): Flowmap alone is measured."
fi
python3 scripts/bench_duckdb.py target/release/flowmap target/release/examples/profile_open \
  "$out" "$sizes" "${BENCH_REPEATS:-3}" $duck
