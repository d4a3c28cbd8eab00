#!/usr/bin/env bash
# Regenerates ui/src/generated/wire.ts from the Rust wire types (crates/flowmap-api/src/wire.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWMAP_WRITE_WIRE=1 cargo test -q -p flowmap-api --test wire_is_fresh
echo "wrote ui/src/generated/wire.ts"
