#!/bin/sh
# bench/setup.sh — installs the benchmark's peers, never the main build's dependencies:
# ots (Open Text Summarizer), wrk and hyperfine from Debian when missing and we are root,
# and the node peers (wink-nlp + wink-eng-lite-web-model, compromise, lexrank) into
# bench/peers/ (git-ignored). Every step may fail (no network, no root): the bench then
# names the missing peer and goes on with the rest, so this script always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
missing=""
for p in ots wrk hyperfine; do command -v "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench/setup.sh: apt-get install -y$missing" >&2
    apt-get install -y -qq $missing >/dev/null 2>&1 || echo "bench/setup.sh: could not install$missing" >&2
  else
    echo "bench/setup.sh: missing$missing (not root: not installing)" >&2
  fi
fi
if command -v npm >/dev/null 2>&1; then
  need=""
  for m in wink-nlp wink-eng-lite-web-model compromise lexrank; do
    [ -d "$here/peers/node_modules/$m" ] || need="$need $m"
  done
  if [ -n "$need" ]; then
    echo "bench/setup.sh: npm install$need" >&2
    mkdir -p "$here/peers"
    timeout 300 npm install --silent --no-audit --no-fund --prefix "$here/peers" $need >&2 ||
      echo "bench/setup.sh: npm install failed (no network?)" >&2
  fi
else
  echo "bench/setup.sh: npm missing: node peers will be skipped" >&2
fi
exit 0
