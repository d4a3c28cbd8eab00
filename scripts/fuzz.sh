#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of the event-log readers and of opening a
# .flowmap file: each target in fuzz/ runs for SECONDS (default 20), starting from its seed
# corpus in fuzz/corpus/<target>/. Prints the executions of each target; fails when one
# panics, crashes, hangs past the per-input timeout or leaks, naming the input that did it.
#
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]   (all four targets when none is named)
#
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly flags, and no
# sanitizer is used (-s none; the code under test is safe Rust, SQLite's C is not instrumented
# either way). New inputs libFuzzer finds go to a scratch copy of the corpus, so a run leaves
# the tree clean; a crashing input stays in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(csv_log actionable_agile xes open_file)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# Built once up front (all targets share the instrumented dependencies), timed apart from the runs.
build_start=$(date +%s)
if [ $# -eq 0 ]; then
    cargo fuzz build -s none
else
    for target in "${targets[@]}"; do cargo fuzz build -s none "$target"; done
fi
echo "fuzz build: $(( $(date +%s) - build_start )) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in "${targets[@]}"; do
    corpus="$scratch/$target"
    mkdir -p "$corpus" "fuzz/artifacts/$target"
    log="$scratch/$target.log"
    status=0
    cargo fuzz run -s none "$target" "$corpus" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
    if [ -z "$runs" ]; then
        runs=$(grep -o '^#[0-9]*[[:space:]]*DONE' "$log" | grep -o '[0-9]*' | tail -n 1)
    fi
    if [ "$status" -ne 0 ]; then
        artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' | tail -n 1)
        echo "FAILED $target after ${runs:-?} executions (exit $status); input: ${artifact:-none written}"
        grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | head -n 5 || true
        echo "  reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -s none $target ${artifact:-}"
        failed+=("$target")
    else
        echo "$target: ${runs:-?} executions in ${seconds} s"
    fi
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzzing found failures in: ${failed[*]}"
    exit 1
fi
echo "fuzzing: no failures"
