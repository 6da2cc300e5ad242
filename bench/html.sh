#!/bin/sh
# bench/html.sh — speed and peak memory of storyline's HTML article extractor against
# @mozilla/readability on jsdom (the extractor behind Firefox Reader View), on the same
# pages: the development half of the article extraction benchmark, decompressed once so
# both sides read plain HTML. Each side runs RUNS times (default 5) in one process per run;
# the median MB/s, the ratio, and the peak resident memory (GNU time) are printed.
# Both sides are single-threaded, so the ratio is per core.
#   usage: bench/html.sh [DATA_DIR]     env: STORYLINE (binary), RUNS
# The peers are installed on first use into bench/peers/ (git-ignored).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
STORYLINE=${STORYLINE:-$root/build/storyline}
SL_SHARED=${SL_SHARED:-$(cd "$root/.." && pwd)/shared}
DATA=${1:-$SL_SHARED/data/html/article-extraction-benchmark}
RUNS=${RUNS:-5}
[ -x "$STORYLINE" ] || { echo "bench/html.sh: no binary at $STORYLINE (run make, or set STORYLINE)" >&2; exit 1; }
[ -f "$DATA/ground-truth.json" ] || { echo "bench/html.sh: no benchmark pages in $DATA" >&2; exit 1; }
command -v node >/dev/null || { echo "bench/html.sh: node is required for the peer" >&2; exit 1; }
if [ ! -d "$here/peers/node_modules/jsdom" ] || [ ! -d "$here/peers/node_modules/@mozilla/readability" ]; then
  echo "installing peers into bench/peers ..." >&2
  npm install --silent --prefix "$here/peers" @mozilla/readability jsdom >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/html"
for f in "$DATA"/html/*.html.gz; do gunzip -c "$f" >"$tmp/html/$(basename "$f" .gz)"; done
for f in "$DATA"/html/*.html; do [ -f "$f" ] && cp "$f" "$tmp/html/"; done
ln -s "$DATA/ground-truth.json" "$tmp/ground-truth.json"
pages=$(ls "$tmp/html" | wc -l)
bytes=$(cat "$tmp"/html/* | wc -c)
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" | tail -1; }

: >"$tmp/ours"; : >"$tmp/peer"; : >"$tmp/peer_err"; : >"$tmp/ours_mem"; : >"$tmp/peer_mem"
i=0
while [ "$i" -lt "$RUNS" ]; do
  if [ -n "$TIME" ]; then
    $TIME -f '%M' -o "$tmp/m" "$STORYLINE" eval html --data "$tmp" --json | field mb_per_s >>"$tmp/ours"
    cat "$tmp/m" >>"$tmp/ours_mem"
    $TIME -f '%M' -o "$tmp/m" node "$here/html_readability.js" "$here/peers" "$tmp/html" >"$tmp/p1"; field mb_per_s <"$tmp/p1" >>"$tmp/peer"; field errors <"$tmp/p1" >>"$tmp/peer_err"
    cat "$tmp/m" >>"$tmp/peer_mem"
  else
    "$STORYLINE" eval html --data "$tmp" --json | field mb_per_s >>"$tmp/ours"
    node "$here/html_readability.js" "$here/peers" "$tmp/html" >"$tmp/p1"; field mb_per_s <"$tmp/p1" >>"$tmp/peer"; field errors <"$tmp/p1" >>"$tmp/peer_err"
  fi
  i=$((i + 1))
done
ours=$(median <"$tmp/ours")
peer=$(median <"$tmp/peer")
echo "pages: $pages, $bytes bytes of HTML, $RUNS runs each (median)"
printf 'storyline            %8.2f MB/s' "$ours"
[ -s "$tmp/ours_mem" ] && printf '   peak RSS %6.1f MB' "$(median <"$tmp/ours_mem" | awk '{print $1/1024}')"
echo
printf 'readability+jsdom    %8.2f MB/s' "$peer"
[ -s "$tmp/peer_mem" ] && printf '   peak RSS %6.1f MB' "$(median <"$tmp/peer_mem" | awk '{print $1/1024}')"
echo
perr=$(median <"$tmp/peer_err")
echo "readability errors   $perr page(s) per run (jsdom threw; their time is counted)"
awk -v a="$ours" -v b="$peer" 'BEGIN { printf "ratio                %8.1fx\n", a / b }'
