#!/bin/sh
# setup.sh — installs what the browser test needs: Debian's chromium and playwright-core
# (driving that chromium; no browser download). node_modules/ is git-ignored.
set -eu
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y chromium; else sudo apt-get install -y chromium; fi
fi
[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --prefix . playwright-core
