#!/usr/bin/env bash
# Browser tests of the map editor and the flow view: the built UI (ui/dist) in Debian's Chromium,
# driven by playwright-core, against the real Rust backend (crates/flowmap-http) on a free port
# of 127.0.0.1. `--bench` also measures frame times on a 300-node map and the flow view's filter
# redraw on 100,000 items (FLOWMAP_BENCH_ITEMS for another size; see docs/benchmarks.md).
#
# Needs: chromium (Debian), node, ui/node_modules (playwright-core). Builds ui/dist,
# target/debug/flowmap-http and target/debug/flowmap when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() {
  echo "browser: $*" >&2
  exit 1
}
command -v chromium >/dev/null || fail "chromium is missing (apt-get install chromium)"
[ -d "$root/ui/node_modules/playwright-core" ] || fail "playwright-core is missing (npm --prefix ui ci)"

[ -f "$root/ui/dist/index.html" ] || npm --prefix "$root/ui" run build
if [ ! -x "$root/target/debug/flowmap-http" ] || [ ! -x "$root/target/debug/flowmap" ]; then
  cargo build --manifest-path "$root/Cargo.toml" -p flowmap-http -p flowmap-cli
fi

work="$(mktemp -d -t flowmap-browser.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The flow view's --bench measures on 100,000 items (FLOWMAP_BENCH_ITEMS=1000000 for the
# million-item demo map) with release builds (as docs/benchmarks.md).
bench_env=()
if [[ " $* " == *" --bench "* && " ${BROWSER_TESTS:-editor flow views data mapping follow sources items} " == *" flow "* ]]; then
  cargo build --release --manifest-path "$root/Cargo.toml" -p flowmap-http -p flowmap-cli
  bench_env=(FLOWMAP_BENCH_HTTP="$root/target/release/flowmap-http" FLOWMAP_BENCH_CLI="$root/target/release/flowmap"
    FLOWMAP_BENCH_FILE="$root/target/bench-data/demo-${FLOWMAP_BENCH_ITEMS:-100000}.flowmap")
fi

start=$SECONDS
# BROWSER_TESTS picks the suites (default: all of them): editor.mjs (the map editor), flow.mjs (the
# flow view: overlays, stage panel, ladder, dashboard, filters), views.mjs (Map ↔ Dashboard with
# a stage selected, a failing panel behind its error boundary), data.mjs (the Data view: a
# typed event log previewed, imported, its figures on the map), mapping.mjs (State mapping: a
# pattern selected, a category set for all of it, the Map's heat following), follow.mjs (the CLI
# writes to the open file: the page follows within 2 s and keeps an unsaved edit), sources.mjs
# (the Sources tab against a local Jira-format server: test connection, a sync cancelled and one
# to the end, no token in any file or log, edit and remove), items.mjs (the Items list: search,
# sort, an item's timeline, from a stage's slowest items and back, a dropped log), discover.mjs
# (stages discovered from an imported log previewed, renamed, merged, dropped, applied, undone;
# a state dragged onto a stage), workshop.mjs (the six-stage map drawn with the keyboard alone,
# keystrokes counted; estimates with units; renaming in place; a palette drop; presentation
# mode's type measured at 1280×720; the overlay a map opens with), future.mjs (a kaizen burst,
# a future state edited and compared with the current one, states switched across the Map,
# Dashboard and Data views), dryrun.mjs (a sync's dry run against a local GitHub-format server:
# what a sync would store, labels seen, every skipped event with its reason and count, the file
# unchanged; a seen label picked as a state), plan.mjs (the Dashboard's Key results and Forecast
# cards against `flowmap okr --json` and `flowmap forecast --json`: key results added, badged
# on their stage, changed, refused, removed; how many, when, a filter changed, back and forth),
# lineage.mjs (on `flowmap demo --lineage`: crossing times on the artifact flows, the end-to-end
# card, a root's lineage timeline against `flowmap lineage --json`, a link made by hand and removed),
# whatif.mjs (a future state with more testers and a stage removed, compared: the what-if's
# changes, people and times now → after against `flowmap whatif --json`),
# ocel.mjs (an OCEL 2.0 SQLite log previewed and imported in the Data view into a four-tool map:
# its one root's lineage timeline and the artifact flows' crossings against `flowmap lineage`).
for suite in ${BROWSER_TESTS:-editor flow views data mapping follow sources items discover workshop future dryrun plan lineage whatif ocel}; do
  env "${bench_env[@]}" FLOWMAP_HTTP="$root/target/debug/flowmap-http" FLOWMAP_CLI="$root/target/debug/flowmap" \
    UI_DIST="$root/ui/dist" WORK_DIR="$work" ARTIFACTS="$root/tests/browser/artifacts" \
    NODE_PATH="$root/ui/node_modules" node "$root/tests/browser/$suite.mjs" "$@"
done
echo "browser: finished in $((SECONDS - start)) s"
