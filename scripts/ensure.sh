#!/usr/bin/env bash
# Installs what fude needs on a fresh machine, then (re)builds dist/ when src/ is newer: the npm packages,
# and on Debian/Ubuntu as root the system packages that are missing: Chromium when no browser is found
# (and its headless shell, which fude prefers, where the distribution has it),
# Mesa's EGL (the llvmpipe renderer, faster than Chromium's SwiftShader without a GPU), and with
# --with-redis the Redis server the queue tests and `npm run bench fleet` start.
set -euo pipefail
cd "$(dirname "$0")/.."
with_redis=0
for a in "$@"; do [ "$a" = --with-redis ] && with_redis=1; done

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "fude: installing npm packages" >&2
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >&2; else npm install --no-audit --no-fund >&2; fi
fi

have_browser() {
  for p in "${FUDE_CHROME:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/lib/chromium/chromium-headless-shell /usr/bin/chromium /usr/bin/chromium-browser \
           /usr/bin/google-chrome /usr/bin/google-chrome-stable /snap/bin/chromium /opt/google/chrome/chrome \
           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
    [ -n "$p" ] && [ -x "$p" ] && return 0
  done
  return 1
}
have_mesa_egl() { ls /usr/lib/*/libEGL_mesa.so.0 >/dev/null 2>&1 && ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1; }

missing=()
have_browser || missing+=(chromium)
if command -v apt-get >/dev/null 2>&1; then
  # Chromium's headless shell starts 0.6-0.7 s faster than the full browser headless: fude prefers it
  # where the distribution has it (Debian does), and uses whichever browser is there otherwise (asked
  # once: a marker remembers a distribution without it)
  no_shell=node_modules/.fude-no-headless-shell
  [ -x /usr/lib/chromium/chromium-headless-shell ] || [ -x /usr/bin/chromium-headless-shell ] || [ -f "$no_shell" ] || want_shell=1
  have_mesa_egl || missing+=(libegl-mesa0 libgl1-mesa-dri)
  [ "$with_redis" = 1 ] && ! command -v redis-server >/dev/null 2>&1 && missing+=(redis-server)
fi
if [ ${#missing[@]} -gt 0 ] || [ "${want_shell:-0}" = 1 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2
    if [ "${want_shell:-0}" = 1 ]; then
      if apt-cache show chromium-headless-shell >/dev/null 2>&1; then missing+=(chromium-headless-shell); else touch "$no_shell"; fi
    fi
    if [ ${#missing[@]} -gt 0 ]; then
      echo "fude: installing Debian's ${missing[*]}" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
  elif ! have_browser; then
    echo "fude: no Chromium or Chrome found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set FUDE_CHROME=/path/to/chrome" >&2
    exit 1
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "fude: without root, skipping ${missing[*]} (install them for the llvmpipe renderer and the queue tests)" >&2
  fi
fi

stamp=dist/node/cli.js
if [ ! -f "$stamp" ] || [ -n "$(find src scripts/build.mjs tsconfig.build.json -newer "$stamp" -print -quit)" ]; then
  echo "fude: building dist/" >&2
  node scripts/build.mjs >&2
fi
