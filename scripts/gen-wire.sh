#!/usr/bin/env bash
# Regenerates what the UI and the app shell take from Rust: ui/src/generated/wire.ts (the wire
# types and value lists, crates/flowmap-api/src/wire/), ui/src/generated/commands.ts (the typed
# command calls, crates/flowmap-api/src/commands/), src-tauri/capabilities/main-window.json and
# src-tauri/commands.txt (what the window may invoke).
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWMAP_WRITE_WIRE=1 cargo test -q -p flowmap-api --test wire_is_fresh
echo "wrote ui/src/generated/wire.ts, ui/src/generated/commands.ts, src-tauri/capabilities/main-window.json, src-tauri/commands.txt"
