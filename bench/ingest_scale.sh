#!/bin/sh
# bench/ingest_scale.sh [BUILD] — per-article cost of end-to-end `storyline ingest` as the
# database grows to 1k, 10k, 100k and 1M articles, on one growing database.
#
# The synthetic stream comes from bench/synth.js (real articles of $SL_SHARED/data recombined
# with fresh names and ids, deterministic by seed; see that file). One database grows through
# the whole run, so the cost at size N is measured where it matters — with N articles already
# stored — instead of on a fresh database of N articles, whose average hides the late cost:
#   - at 1k: RUNS ingests of the first 1000 articles into fresh databases, CPU / 1000;
#   - at N > 1k: the database is filled up to N - RUNS*CHUNK in one process (timed, not
#     counted), then RUNS processes ingest CHUNK articles each; the per-article cost at N is
#     the median of their CPU / CHUNK. Every process pays the same start-up, so the sizes
#     compare like with like.
# Time is CPU time (user + sys, GNU time), memory the peak RSS of each process.
# Output: a TSV table on stdout (size, median/min/max µs per article, peak RSS, database bytes
# per article, stories, wall seconds so far) and the totals for the whole stream.
#   env: SL_SHARED (default ../shared), MAX (default 1000000), RUNS (5), CHUNK (1000),
#        SL (the storyline binary; default BUILD/storyline), WORK (scratch dir, default /tmp).
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
SL=${SL:-$root/$build/storyline}
SL_SHARED=${SL_SHARED:-$(cd "$root/.." && pwd)/shared}
DATA=$SL_SHARED/data
MAX=${MAX:-1000000}
RUNS=${RUNS:-5}
CHUNK=${CHUNK:-1000}
tmp=$(mktemp -d "${WORK:-/tmp}/storyline-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
say() { echo "ingest_scale: $(date -u +%H:%M:%S) $*" >&2; }
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

[ -x "$SL" ] || { say "no binary at $SL"; exit 1; }
command -v node >/dev/null 2>&1 || { say "node is required (bench/setup.sh)"; exit 1; }
[ -x /usr/bin/time ] || { say "GNU time (/usr/bin/time) is required"; exit 1; }

# The corpus: the same documents as the stage benchmark, dumped by bench/stages.c.
stages=$root/$build/bench-stages
if [ ! -x "$stages" ]; then
  PKGS="sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd"
  ${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Isrc -I. $(pkg-config --cflags $PKGS) \
    -o "$tmp/bench-stages" "$here/stages.c" "$root/$build/libstoryline.a" \
    $(pkg-config --libs $PKGS) -lstemmer -lm -lpthread || { say "stages.c does not build"; exit 1; }
  stages=$tmp/bench-stages
fi
(cd "$root" && "$stages" --runs 1 --dump "$tmp/corpus.jsonl" \
  "$DATA"/summ/duc2003/clusters/*/docs "$DATA"/summ/multiling2011_en/clusters/*/docs \
  "$DATA/quotes/polnear_train/text" "$DATA/quotes/polnear_dev/text") >/dev/null ||
  { say "corpus dump failed"; exit 1; }
say "synthesizing $MAX articles"
node "$here/synth.js" "$tmp/corpus.jsonl" "$MAX" 1 >"$tmp/stream.jsonl" || { say "synth.js failed"; exit 1; }
say "stream: $(wc -c <"$tmp/stream.jsonl") bytes"

# slice FIRST COUNT — articles FIRST..FIRST+COUNT-1 (1-based lines) of the stream.
slice() { tail -n "+$1" "$tmp/stream.jsonl" | head -n "$2"; }
# run FIRST COUNT DB — ingest a slice from stdin; appends "cpu rss wall" to $tmp/last.
run() {
  t0=$(date +%s.%N)
  slice "$1" "$2" | /usr/bin/time -f '%U %S %M' -o "$tmp/t1" \
    "$SL" --quiet ingest --db "$3" --format jsonl - >/dev/null 2>"$tmp/err"
  rc=$?
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || { say "ingest failed ($rc): $(tail -2 "$tmp/err")"; exit 1; }
  awk -v w="$(echo "$t1 - $t0" | bc)" '{print $1+$2, $3, w}' "$tmp/t1" >"$tmp/last"
}

printf 'size\tus_per_article_median\tmin\tmax\tpeak_rss_kb\tdb_bytes_per_article\tstories\twall_s_total\n'
total_wall=0; total_cpu=0; peak=0
db=$tmp/scale.db
# 1k: fresh databases.
: >"$tmp/per"
i=0
while [ $i -lt "$RUNS" ]; do
  rm -f "$db"*
  run 1 1000 "$db"
  read -r cpu rss wall <"$tmp/last"
  echo "$cpu" | awk '{print $1 / 1000 * 1e6}' >>"$tmp/per"
  [ "$rss" -gt "$peak" ] && peak=$rss
  i=$((i + 1))
done
pos=1000   # articles stored in $db after the last 1k run
total_wall=$(echo "$wall" | bc); total_cpu=$cpu
report() {
  med=$(median <"$tmp/per")
  mn=$(sort -n "$tmp/per" | head -1); mx=$(sort -n "$tmp/per" | tail -1)
  bytes=$(cat "$db"* | wc -c)
  stories=$(sqlite3 "$db" 'select count(*) from stories')
  arts=$(sqlite3 "$db" 'select count(*) from articles')
  [ "$arts" -eq "$1" ] || say "warning: $arts articles stored, $1 expected"
  printf '%s\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%.0f\n' "$1" "$med" "$mn" "$mx" "$peak" \
    $((bytes / arts)) "$stories" "$total_wall"
}
report 1000
for n in 10000 100000 1000000; do
  [ "$n" -le "$MAX" ] || break
  fill_to=$((n - RUNS * CHUNK))
  if [ $fill_to -gt $pos ]; then
    say "filling to $fill_to articles"
    run $((pos + 1)) $((fill_to - pos)) "$db"
    read -r cpu rss wall <"$tmp/last"
    total_wall=$(echo "$total_wall + $wall" | bc); total_cpu=$(echo "$total_cpu + $cpu" | bc)
    [ "$rss" -gt "$peak" ] && peak=$rss
    say "filled: cpu ${cpu}s, wall ${wall}s, peak rss ${rss} KB"
    pos=$fill_to
  fi
  : >"$tmp/per"
  while [ $pos -lt $n ]; do
    run $((pos + 1)) "$CHUNK" "$db"
    read -r cpu rss wall <"$tmp/last"
    echo "$cpu" | awk -v c="$CHUNK" '{print $1 / c * 1e6}' >>"$tmp/per"
    total_wall=$(echo "$total_wall + $wall" | bc); total_cpu=$(echo "$total_cpu + $cpu" | bc)
    [ "$rss" -gt "$peak" ] && peak=$rss
    pos=$((pos + CHUNK))
  done
  report "$n"
done
printf '# whole stream: %s articles, %.0f s CPU, %.0f s wall, peak RSS %s KB, stream %s bytes\n' \
  "$pos" "$total_cpu" "$total_wall" "$peak" "$(wc -c <"$tmp/stream.jsonl")"
