#!/usr/bin/env bash
# Installs what fude needs on a fresh machine, then (re)builds dist/ when src/ is newer:
# npm packages, and on Debian/Ubuntu as root Debian's chromium when no browser is found.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "fude: installing npm packages" >&2
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >&2; else npm install --no-audit --no-fund >&2; fi
fi

have_browser() {
  for p in "${FUDE_CHROME:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser \
           /usr/bin/google-chrome /usr/bin/google-chrome-stable /snap/bin/chromium /opt/google/chrome/chrome \
           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
    [ -n "$p" ] && [ -x "$p" ] && return 0
  done
  return 1
}
if ! have_browser; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "fude: no browser found, installing Debian's chromium" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "fude: no Chromium or Chrome found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set FUDE_CHROME=/path/to/chrome" >&2
    exit 1
  fi
fi

stamp=dist/node/cli.js
if [ ! -f "$stamp" ] || [ -n "$(find src scripts/build.mjs -newer "$stamp" -print -quit)" ]; then
  echo "fude: building dist/" >&2
  node scripts/build.mjs >&2
fi
