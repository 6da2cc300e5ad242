#!/bin/sh
# bench/run.sh [BUILD] — the benchmark behind `make bench` (docs/BENCH.md explains it).
# Every figure comes from runs made by this invocation: CPU time (user+sys) per run,
# median of RUNS runs (default 5), so ratios are per core and robust to a busy machine.
#   1. per-stage throughput of the per-article pipeline (bench/stages.c) and the whole
#      pipeline, plus `storyline ingest` into a fresh SQLite db, on the documents of
#      $SL_SHARED/data (DUC 2003 docs, MultiLing 2011 docs, PolNeAR train+dev texts);
#   2. peers: wink-nlp and compromise (sentences, tokens, entities) vs clean..ner;
#      ots and npm lexrank vs `storyline summarize` (speed and ROUGE) on DUC 2003 / MultiLing;
#   3. scaling: bench/cluster_scale.sh (story assignment, synthetic signatures) and
#      end-to-end ingest of a synthetic stream (bench/synth.js) on one growing database,
#      cost at 1k and 10k stored articles (bench/ingest_scale.sh; BENCH_FULL=1: also 100k
#      and 1M, and cluster_scale up to 1M);
#   4. bench/html.sh (HTML extraction vs readability), and bench/http.sh with BENCH_FULL=1.
# Peers are installed by bench/setup.sh; a missing one is named and skipped.
# Raw results and the tables (bench/report.sh renders them) go to bench/out/ (git-ignored);
# temporary files to /tmp.
#   env: SL_SHARED (shared folder, default ../shared), RUNS, BENCH_FULL, SCALE_RUNS
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
SL=$root/$build/storyline
SL_SHARED=${SL_SHARED:-$(cd "$root/.." && pwd)/shared}
DATA=$SL_SHARED/data
RUNS=${RUNS:-5}
SCALE_RUNS=${SCALE_RUNS:-1}
BENCH_FULL=${BENCH_FULL:-0}
OUT=$here/out
mkdir -p "$OUT"
tmp=$(mktemp -d /tmp/storyline-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
say() { echo "bench: $*" >&2; }
# Step counter on stderr, "bench [4/12] peers: wink (0:42 elapsed)": the number of the step, how
# many there are in this invocation and the wall time since the start, so a long run shows
# where it is. The total follows the same switches as the steps below.
bench_t0=$(date +%s)
bench_n=0
bench_steps=9
[ -f "$here/html.sh" ] && bench_steps=$((bench_steps + 1))
[ -f "$here/http.sh" ] && { [ "$BENCH_FULL" = 1 ] || [ "${BENCH_HTTP:-0}" = 1 ]; } && bench_steps=$((bench_steps + 1))
step() {
  bench_n=$((bench_n + 1))
  el=$(( $(date +%s) - bench_t0 ))
  printf 'bench [%d/%d] %s (%d:%02d elapsed)\n' "$bench_n" "$bench_steps" "$*" $((el / 60)) $((el % 60)) >&2
}
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

[ -x "$SL" ] || { say "no binary at $SL (make BUILD=$build first)"; exit 1; }
[ -d "$DATA/summ/duc2003" ] || { say "no benchmark data in $DATA (set SL_SHARED)"; exit 1; }
[ -x /usr/bin/time ] || { say "GNU time (/usr/bin/time) is required"; exit 1; }
"$here/setup.sh"

# --- 1. per-stage throughput ------------------------------------------------------------
say "building bench/stages.c against $build/libstoryline.a"
PKGS="sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wno-unused-parameter -Wshadow \
  -Wstrict-prototypes -Werror -Iinclude -Isrc -I. $(pkg-config --cflags $PKGS) \
  -o "$build/bench-stages" bench/stages.c "$build/libstoryline.a" \
  $(pkg-config --libs $PKGS) -lstemmer -lm -lpthread || { say "stages.c does not build"; exit 1; }
set -- "$DATA"/summ/duc2003/clusters/*/docs "$DATA"/summ/multiling2011_en/clusters/*/docs \
  "$DATA/quotes/polnear_train/text" "$DATA/quotes/polnear_dev/text"
step "stages: $RUNS runs over the corpus"
"$build/bench-stages" --runs "$RUNS" --dump "$tmp/corpus.jsonl" "$@" >"$OUT/stages.tsv" ||
  { say "stages failed"; exit 1; }

step "ingest: $RUNS runs of storyline ingest into a fresh db"
: >"$OUT/ingest.times"
i=0
while [ $i -lt "$RUNS" ]; do
  rm -f "$tmp/ingest.db"*
  /usr/bin/time -f '%U %S %M' -o "$tmp/t1" "$SL" --quiet ingest --db "$tmp/ingest.db" "$@" 2>"$tmp/ingest.err"
  rc=$?
  [ $rc -le 2 ] || { say "ingest failed ($rc): $(tail -2 "$tmp/ingest.err")"; break; }
  tail -1 "$tmp/t1" >>"$OUT/ingest.times"
  i=$((i + 1))
done
ingest_arts=$(sqlite3 "$tmp/ingest.db" 'select count(*) from articles' 2>/dev/null || echo '?')

# --- 2a. NLP peers ----------------------------------------------------------------------
# compromise runs at ~0.1 MB/s, so the peers get every 4th article of the corpus (about a
# quarter, ~1.4 MB) and Storyline's stages are timed again on exactly that JSON Lines file.
awk 'NR % 4 == 1' "$tmp/corpus.jsonl" >"$tmp/peers.jsonl"
step "stages on the peers' subset: $RUNS runs"
"$build/bench-stages" --runs "$RUNS" "$tmp/peers.jsonl" >"$OUT/stages_peers.tsv" ||
  { say "stages failed on the subset"; exit 1; }
: >"$OUT/peers.tsv"
for p in wink compromise; do
  step "peers: $p"
  mod=wink-nlp; [ $p = compromise ] && mod=compromise
  if ! command -v node >/dev/null 2>&1 || [ ! -d "$here/peers/node_modules/$mod" ]; then
    printf 'missing\t%s\tnode or bench/peers/node_modules/%s absent (bench/setup.sh)\n' $p $mod >>"$OUT/peers.tsv"
    say "peer $p missing"; continue
  fi
  say "peer $p: $RUNS runs"
  node "$here/peers_nlp.js" $p "$tmp/peers.jsonl" "$RUNS" >>"$OUT/peers.tsv" 2>"$tmp/peer.err" ||
    { printf 'missing\t%s\tfailed: %s\n' $p "$(tail -1 "$tmp/peer.err")" >>"$OUT/peers.tsv"; }
done

# --- 2b. summarization peers ------------------------------------------------------------
step "summarization: DUC 2003 (100 words), MultiLing 2011 (250 words)"
{
  RUNS=$RUNS "$here/summ.sh" "$SL" "$DATA/summ/duc2003" 100 "$tmp"
  RUNS=$RUNS "$here/summ.sh" "$SL" "$DATA/summ/multiling2011_en" 250 "$tmp"
} >"$OUT/summ.tsv"
# Process start-up (engine and model loading) is part of every per-topic run above;
# measured alone so the tables can say how much of the per-topic cost it is.
step "start-up: $RUNS runs"
printf 'Start-up test.\n\nThe engine loads once per process.\n' >"$tmp/tiny.txt"
: >"$tmp/startup.times"
i=0
while [ $i -lt "$RUNS" ]; do
  /usr/bin/time -f '%U %S %M' -o "$tmp/t1" "$SL" --quiet summarize "$tmp/tiny.txt" >/dev/null 2>&1
  tail -1 "$tmp/t1" >>"$tmp/startup.times"
  i=$((i + 1))
done
startup=$(awk '{print $1+$2}' "$tmp/startup.times" | median)

# --- 3. scaling -------------------------------------------------------------------------
step "story assignment scaling (bench/cluster_scale.sh)"
: >"$OUT/cluster_scale.txt"
if [ -x "$here/cluster_scale.sh" ] || [ -f "$here/cluster_scale.sh" ]; then
  max=100000; [ "$BENCH_FULL" = 1 ] && max=1000000
  say "cluster_scale.sh up to $max articles"
  BUILD=$build sh "$here/cluster_scale.sh" $max >"$OUT/cluster_scale.txt" 2>&1 ||
    say "cluster_scale.sh failed (see bench/out/cluster_scale.txt)"
else
  echo "bench/cluster_scale.sh not present" >"$OUT/cluster_scale.txt"
fi
# End-to-end ingest on one growing database (bench/ingest_scale.sh explains the method):
# per-article CPU at 1k and 10k stored articles, and at 100k and 1M with BENCH_FULL=1.
scale_max=10000; [ "$BENCH_FULL" = 1 ] && scale_max=1000000
step "end-to-end ingest scaling up to $scale_max articles (bench/ingest_scale.sh)"
SL=$SL SL_SHARED=$SL_SHARED MAX=$scale_max RUNS=$RUNS sh "$here/ingest_scale.sh" "$build" \
  >"$OUT/ingest_scale.tsv" 2>"$tmp/scale.err" ||
  { say "ingest_scale.sh failed: $(tail -2 "$tmp/scale.err")"; printf 'failed\n' >>"$OUT/ingest_scale.tsv"; }

# --- 4. the other engineers' benches ---------------------------------------------------
# HTML extraction vs readability+jsdom (bench/html.sh) runs by default; the HTTP load test
# (bench/http.sh, wrk, about a minute of wall time) only with BENCH_FULL=1 or BENCH_HTTP=1.
rm -f "$OUT/html.txt" "$OUT/http.txt"
if [ -f "$here/html.sh" ]; then
  step "bench/html.sh (HTML extraction vs readability)"
  STORYLINE=$SL SL_SHARED=$SL_SHARED RUNS=$RUNS sh "$here/html.sh" >"$OUT/html.txt" 2>&1 ||
    echo "(bench/html.sh failed)" >>"$OUT/html.txt"
fi
if [ -f "$here/http.sh" ] && { [ "$BENCH_FULL" = 1 ] || [ "${BENCH_HTTP:-0}" = 1 ]; }; then
  step "bench/http.sh (HTTP load test)"
  BUILD=$build SL_SHARED=$SL_SHARED sh "$here/http.sh" >"$OUT/http.txt" 2>&1 ||
    echo "(bench/http.sh failed)" >>"$OUT/http.txt"
fi

# --- tables -----------------------------------------------------------------------------
printf 'runs\t%s\ndate\t%s\ningest_articles\t%s\n' "$RUNS" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$ingest_arts" >"$OUT/env.tsv"
printf 'startup\t%s\n' "$startup" >"$OUT/startup.tsv"
"$here/report.sh" "$OUT" >"$OUT/report.md"
cat "$OUT/report.md"
