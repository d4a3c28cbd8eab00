#!/usr/bin/env bash
# End-to-end test of the real Flowmap window: Xvfb, tauri-driver (WebKitWebDriver), the debug app
# opening a fresh demo map in a temporary data directory, and map-window.mjs driving it; then
# flow-window.mjs: the flow view on a demo map against `flowmap metrics --json`; then
# views-window.mjs: back and forth between the Map and the Dashboard with a stage selected; then
# data-window.mjs: a new map, a CSV log imported through the file dialog, the state mapping's
# bulk tools, and the Map's heat against `flowmap metrics --json`; then presentation-window.mjs:
# six stages drawn on a new map, presentation mode measured (stage names ≥ 18 px), Esc; then
# workshop-window.mjs: four stages drawn and estimated with the keyboard, renamed in place, a
# kaizen burst, a future state changed, Compare's totals against a hand computation.
# The suites share tests/harness (the WebDriver client, the demo's stages, the report).
# Each suite gets its own tauri-driver, data directory and file-dialog answers
# (FLOWMAP_TEST_DIALOG_ANSWERS: the debug app's test hook, src-tauri/src/test_dialogs.rs).
#
# Needs: Xvfb, WebKitWebDriver (Debian: xvfb, webkit2gtk-driver), tauri-driver
# (`cargo install tauri-driver --version '^2' --locked`), node. Builds ui/dist and
# target/debug/flowmap-app first when they are missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app="$root/target/debug/flowmap-app"
artifacts="$root/tests/e2e/artifacts"

fail() {
  echo "e2e: $*" >&2
  exit 1
}

command -v Xvfb >/dev/null || fail "Xvfb is missing (apt-get install xvfb)"
command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)"
tauri_driver="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
[ -x "$tauri_driver" ] || fail "tauri-driver is missing (cargo install tauri-driver --version '^2' --locked)"

if [ ! -f "$root/ui/dist/index.html" ]; then
  echo "e2e: building ui/dist"
  npm --prefix "$root/ui" run build
fi
if [ ! -x "$app" ]; then
  echo "e2e: building target/debug/flowmap-app"
  cargo build --manifest-path "$root/Cargo.toml" -p flowmap-app
fi
if [ ! -x "$root/target/debug/flowmap" ]; then
  cargo build --manifest-path "$root/Cargo.toml" -p flowmap-cli
fi

work="$(mktemp -d -t flowmap-e2e.XXXXXX)"
xvfb_pid=""
driver_pid=""
cleanup() {
  # tauri-driver leads its own process group: WebKitWebDriver and the app go with it.
  [ -n "$driver_pid" ] && kill -TERM -- "-$driver_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill -TERM "$xvfb_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_for_port() {
  local port="$1" what="$2"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  fail "$what did not listen on port $port within 10 s (log: $(tail -n 5 "$work/$what.log" 2>/dev/null))"
}

# Xvfb picks a free display itself and writes its number to the given descriptor.
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp 9>"$work/display" >"$work/Xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/display" ] && break
  sleep 0.1
done
[ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$work/Xvfb.log")"
export DISPLAY=":$(head -n 1 "$work/display")"

# Starts tauri-driver for one suite: the app it launches creates and opens the demo map in the
# suite's own fresh data directory (never a user's), and answers file dialogs from the suite's
# answers file (the debug build's test hook; the suite writes the paths it wants chosen).
start_driver() {
  local suite="$1"
  export FLOWMAP_DATA_DIR="$work/$suite/data"
  export FLOWMAP_TEST_DIALOG_ANSWERS="$work/$suite/dialog-answers"
  mkdir -p "$FLOWMAP_DATA_DIR"
  : >"$FLOWMAP_TEST_DIALOG_ANSWERS"
  port="$(free_port)"
  local native_port
  native_port="$(free_port)"
  setsid "$tauri_driver" --port "$port" --native-port "$native_port" >"$work/tauri-driver.log" 2>&1 &
  driver_pid=$!
  wait_for_port "$port" tauri-driver
}

stop_driver() {
  kill -TERM -- "-$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  driver_pid=""
}

mkdir -p "$artifacts"
start=$SECONDS
failed=()
# E2E_TESTS picks the suites (default: all of them): map-window.mjs (the editor), flow-window.mjs
# (the flow view: overlay, the bottleneck's panel against `flowmap metrics --json`, the
# dashboard), views-window.mjs (Map → Dashboard → Map with a stage selected, five times),
# data-window.mjs (import through the dialog, bulk mapping, heat against the CLI),
# presentation-window.mjs (six stages drawn, F5: panels hidden, stage names ≥ 18 px, Esc),
# workshop-window.mjs (keyboard drawing, F2, K, + Future, Compare against the hand computation),
# plan-window.mjs (a key result typed on the Dashboard and its badge against `flowmap okr
# --json`, a forecast against `flowmap forecast --json`), lineage-window.mjs (on `flowmap demo
# --lineage`: the customer-request tool's artifact flow clicked, its crossing times; a root
# clicked, its lineage timeline; both against `flowmap lineage --json`).
for suite in ${E2E_TESTS:-map-window flow-window views-window data-window presentation-window workshop-window plan-window lineage-window}; do
  start_driver "$suite"
  if ! WEBDRIVER_URL="http://127.0.0.1:$port" FLOWMAP_APP="$app" E2E_ARTIFACTS="$artifacts" \
    FLOWMAP_CLI="$root/target/debug/flowmap" node "$root/tests/e2e/$suite.mjs"; then
    echo "e2e: tauri-driver log (last lines):" >&2
    tail -n 20 "$work/tauri-driver.log" >&2
    failed+=("$suite")
  fi
  stop_driver
done
echo "e2e: finished in $((SECONDS - start)) s on display $DISPLAY"
# Every suite runs; the run fails if any did.
[ ${#failed[@]} -eq 0 ] || fail "failed: ${failed[*]}"
