#!/usr/bin/env bash
# Installs what Flowmap needs on Debian 12: system libraries for the Tauri window, npm packages
# of the UI, and with `--test` also what the tests need (Xvfb, WebKitWebDriver, tauri-driver,
# Chromium). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

packages=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
          libayatana-appindicator3-dev librsvg2-dev xvfb)
if [ "$want_test" = 1 ]; then
  # imagemagick (`identify`, reading SVG through librsvg2-bin's rsvg-convert) and poppler-utils
  # (`pdftoppm`, `pdftotext`) check the exports.
  packages+=(webkit2gtk-driver imagemagick librsvg2-bin poppler-utils chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "error: cargo not found: install Rust from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm not found: install Node.js 20 or later" >&2; exit 1; }

echo "==> installing UI packages"
# `npm install` with the committed lock, not `npm ci`: the registry this project builds from
# serves only Linux builds of platform packages (rollup's, esbuild's), so the lock holds only
# those, and `npm ci` refuses a lock without every platform's entry. The versions stay locked.
npm --prefix ui install --no-audit --no-fund --loglevel=error

if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
