#!/usr/bin/env bash
# Installs what the tests need and runs every test: formatting, lints, Rust tests, a bounded
# fuzzing run (scripts/fuzz.sh), UI type checks and tests, the editor's browser tests
# (Chromium), and the end-to-end test in the real app window (under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
# No incremental caches: CI builds once, and they would double the disk the build takes.
export CARGO_INCREMENTAL=0
# Each step says how long the run has taken and how much disk is left (a full disk once killed
# the linker in CI).
step() {
    echo
    echo "==> $* ($(( $(date +%s) - start )) s, $(df -h --output=avail . | tail -1 | tr -d ' ') free)"
}

step "installing dependencies"
bash scripts/install-deps.sh --test

step "rustfmt"
cargo fmt --all --check

step "size limits (functions, files, Editor.tsx)"
python3 scripts/check-sizes.py

step "UI: type check, unit tests, build"
npm --prefix ui run typecheck
npm --prefix ui test
npm --prefix ui run build

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "fuzzing the log readers and file opening (bounded)"
bash scripts/fuzz.sh 15

step "building the app, the CLI and the HTTP backend for the browser and end-to-end tests"
cargo build -p flowmap-app -p flowmap-cli -p flowmap-http --locked

step "browser tests of the editor (Chromium, the real backend over HTTP)"
bash tests/browser/run.sh

step "end-to-end test in the real window"
bash tests/e2e/run.sh

step "all tests passed"
