#!/usr/bin/env bash
# Installs what the tests need and runs every test: formatting, lints, Rust tests, UI type
# checks and tests, and the end-to-end test in the real app window (under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
step() { echo; echo "==> $* ($(( $(date +%s) - start )) s)"; }

step "installing dependencies"
bash scripts/install-deps.sh --test

step "rustfmt"
cargo fmt --all --check

step "UI: type check, unit tests, build"
npm --prefix ui run typecheck
npm --prefix ui test
npm --prefix ui run build

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "building the app for the end-to-end test"
cargo build -p flowmap-app -p flowmap-cli --locked

step "end-to-end test in the real window"
bash tests/e2e/run.sh

step "all tests passed"
