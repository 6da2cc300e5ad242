#!/bin/sh
# setup.sh — installs what the browser test needs: Debian's chromium and playwright-core
# (driving that chromium; no browser download). node_modules/ is git-ignored.
set -eu
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
  S=""; [ "$(id -u)" = 0 ] || S=sudo
  $S apt-get install -y -qq chromium || { $S apt-get update -qq && $S apt-get install -y -qq chromium; }
fi
[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --prefix . playwright-core
