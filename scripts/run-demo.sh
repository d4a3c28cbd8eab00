#!/usr/bin/env bash
# Installs everything Flowmap needs, builds it, and opens the app on the demo map.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "==> building the UI and the app"
npm --prefix ui run build
cargo build -p flowmap-app -p flowmap-cli
echo "==> writing demo.flowmap"
target/debug/flowmap demo demo.flowmap
echo "==> starting Flowmap"
exec target/debug/flowmap-app demo.flowmap
