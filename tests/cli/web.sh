#!/bin/sh
# web.sh — the browser test of the web page (tests/web/browser.mjs) against a server on the
# seed articles. With SL_UPDATE_SCREENSHOT=1 it also saves the page as docs/web-screenshot.png
# (not by default: the page shows the clock, so every run would change the file). Skips, with a message, when chromium, node
# or playwright-core are absent (install them with tests/web/setup.sh).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
chrome=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chrome" ] || ! command -v node >/dev/null 2>&1 || [ ! -d "$root/tests/web/node_modules/playwright-core" ]; then
  echo "web.sh: SKIP: needs chromium, node and playwright-core (run: sh tests/web/setup.sh)"
  exit 0
fi
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "web.sh: FAIL: $*"; sed 's/^/  server: /' "$tmp/log" 2>/dev/null | tail -20; exit 1; }
"$STORYLINE" ingest --quiet --db "$tmp/t.db" "$SL_SHARED/seeds" || fail "ingest of the seeds"
"$STORYLINE" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --port-file "$tmp/port" --threads 2 >"$tmp/log" 2>&1 &
pid=$!
i=0
while [ ! -s "$tmp/port" ]; do i=$((i+1)); [ $i -gt 300 ] && fail "server did not start"; sleep 0.1; done
CHROMIUM=$chrome node "$root/tests/web/browser.mjs" "http://127.0.0.1:$(cat "$tmp/port")" "$tmp/shot.png" || fail "browser test"
# keep the screenshot small for the repo (docs/web-screenshot.png < 200 KB)
size=$(wc -c < "$tmp/shot.png")
[ "$size" -lt 204800 ] || fail "screenshot is $size bytes"
if [ "${SL_UPDATE_SCREENSHOT:-0}" = 1 ]; then cp "$tmp/shot.png" "$root/docs/web-screenshot.png"; fi
echo "web.sh: ok"
