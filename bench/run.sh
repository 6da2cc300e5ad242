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
#      end-to-end ingest of a synthetic stream (bench/synth.js) at 1k and 10k articles
#      (BENCH_FULL=1: also 100k and 1M, and cluster_scale up to 1M).
# Peers are installed by bench/setup.sh; a missing one is named and skipped.
# Raw results and the tables go to bench/out/ (git-ignored); temporary files to /tmp.
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
say "stages: $RUNS runs over the corpus"
"$build/bench-stages" --runs "$RUNS" --dump "$tmp/corpus.jsonl" "$@" >"$OUT/stages.tsv" ||
  { say "stages failed"; exit 1; }

say "ingest: $RUNS runs of storyline ingest into a fresh db"
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
say "stages on the peers' subset: $RUNS runs"
"$build/bench-stages" --runs "$RUNS" "$tmp/peers.jsonl" >"$OUT/stages_peers.tsv" ||
  { say "stages failed on the subset"; exit 1; }
: >"$OUT/peers.tsv"
for p in wink compromise; do
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
say "summarization: DUC 2003 (100 words), MultiLing 2011 (250 words)"
{
  RUNS=$RUNS "$here/summ.sh" "$SL" "$DATA/summ/duc2003" 100 "$tmp"
  RUNS=$RUNS "$here/summ.sh" "$SL" "$DATA/summ/multiling2011_en" 250 "$tmp"
} >"$OUT/summ.tsv"
# Process start-up (engine and model loading) is part of every per-topic run above;
# measured alone so the tables can say how much of the per-topic cost it is.
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
: >"$OUT/cluster_scale.txt"
if [ -x "$here/cluster_scale.sh" ] || [ -f "$here/cluster_scale.sh" ]; then
  max=100000; [ "$BENCH_FULL" = 1 ] && max=1000000
  say "cluster_scale.sh up to $max articles"
  BUILD=$build sh "$here/cluster_scale.sh" $max >"$OUT/cluster_scale.txt" 2>&1 ||
    say "cluster_scale.sh failed (see bench/out/cluster_scale.txt)"
else
  echo "bench/cluster_scale.sh not present" >"$OUT/cluster_scale.txt"
fi
sizes="1000 10000"; [ "$BENCH_FULL" = 1 ] && sizes="1000 10000 100000 1000000"
: >"$OUT/scale.tsv"
if command -v node >/dev/null 2>&1; then
  for n in $sizes; do
    node "$here/synth.js" "$tmp/corpus.jsonl" "$n" 1 >"$tmp/synth.jsonl" || { say "synth.js failed"; break; }
    bytes=$(wc -c <"$tmp/synth.jsonl")
    # 1k: RUNS runs; larger streams take minutes each, so SCALE_RUNS (default 1) runs.
    runs=$RUNS; [ "$n" -gt 1000 ] && runs=$SCALE_RUNS
    say "synthetic ingest: $n articles, $runs runs"
    : >"$tmp/scale.times"
    i=0
    while [ $i -lt "$runs" ]; do
      rm -f "$tmp/scale.db"*
      /usr/bin/time -f '%U %S %M' -o "$tmp/t1" "$SL" --quiet ingest --db "$tmp/scale.db" --format jsonl "$tmp/synth.jsonl" 2>/dev/null
      tail -1 "$tmp/t1" >>"$tmp/scale.times"
      i=$((i + 1))
    done
    cpu=$(awk '{print $1+$2}' "$tmp/scale.times" | median)
    rss=$(awk '$3>m{m=$3} END{print m}' "$tmp/scale.times")
    stories=$(sqlite3 "$tmp/scale.db" 'select count(*) from stories' 2>/dev/null || echo '?')
    arts=$(sqlite3 "$tmp/scale.db" 'select count(*) from articles' 2>/dev/null || echo '?')
    dbkb=$(( $(cat "$tmp"/scale.db* | wc -c) / 1024 ))
    printf 'scale\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$cpu" "$bytes" "$rss" "$stories" "$arts" "$dbkb" "$runs" >>"$OUT/scale.tsv"
  done
else
  printf 'missing\tnode (synth.js)\n' >>"$OUT/scale.tsv"
fi

# --- tables -----------------------------------------------------------------------------
ingest_cpu=$(awk '{print $1+$2}' "$OUT/ingest.times" | median)
ingest_rss=$(awk '$3>m{m=$3} END{print m}' "$OUT/ingest.times")
{
echo "## Storyline benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $RUNS runs per figure, median CPU time (user+sys)"
echo
echo "### 1. Per-article pipeline, by stage (bench/stages.c, in-process, CPU time)"
awk -F'\t' -v ic="$ingest_cpu" -v irss="$ingest_rss" -v ia="$ingest_arts" '
  $1=="stage" { name[++n]=$2; cpu[n]=$3; bytes=$5; docs=$6; if ($2=="pipeline") pipe=$3 }
  $1=="rss" { rss=$2 } $1=="failed" { failed=$2 }
  END {
    printf "corpus: %d articles, %.2f MB (reader output: bodies without header lines)\n\n", docs, bytes/1e6
    printf "| stage | CPU s | MB/s | articles/s | share of stage sum |\n|---|---:|---:|---:|---:|\n"
    for (i=1;i<=n;i++) if (name[i]!="pipeline") sum+=cpu[i]
    for (i=1;i<=n;i++) {
      if (name[i]=="pipeline") continue
      printf "| %s | %.3f | %.1f | %.0f | %.1f%% |\n", name[i], cpu[i], bytes/1e6/cpu[i], docs/cpu[i], 100*cpu[i]/sum
    }
    printf "| **whole pipeline** (sl_doc_process) | %.3f | %.2f | %.0f | |\n", pipe, bytes/1e6/pipe, docs/pipe
    if (ic != "") printf "| **storyline ingest** (CLI, fresh db, %s stored) | %.3f | %.2f | %.0f | |\n", ia, ic, bytes/1e6/ic, docs/ic
    printf "\npeak RSS: bench-stages %.1f MB (corpus held in memory twice); storyline ingest %.1f MB\n", rss/1024, irss/1024
    if (failed > 0) printf "articles a stage rejected (later stages skipped): %d\n", failed
  }' "$OUT/stages.tsv"
echo
echo "### 2a. NLP peers on the same texts (every 4th corpus article): sentences + tokens + entities"
awk -F'\t' '
  FNR==NR { if ($1=="stage") { c[$2]=$3; bytes=$5; docs=$6 } next }
  $1=="peer" { p[++n]=$2; pc[n]=$3; pr[n]=$7; ps[n]=$8; pt[n]=$9; pe[n]=$10 }
  $1=="missing" { miss = miss sprintf("peer %s missing: %s\n", $2, $3) }
  END {
    ours = c["clean"]+c["normalize"]+c["repair"]+c["segment"]+c["ner"]
    printf "texts: %d articles, %.2f MB; Storyline time = sum of the median stage times\n\n", docs, bytes/1e6
    printf "| system | CPU s | MB/s | articles/s | peak RSS MB | sentences | tokens | entities | Storyline clean..ner speed-up |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    printf "| Storyline clean+normalize+repair+segment+ner | %.3f | %.2f | %.0f | | | | | 1.0x |\n", ours, bytes/1e6/ours, docs/ours
    best = 0
    for (i=1;i<=n;i++) {
      printf "| %s | %.3f | %.2f | %.0f | %.0f | %d | %d | %d | **%.1fx** |\n", p[i], pc[i], bytes/1e6/pc[i], docs/pc[i], pr[i]/1024, ps[i], pt[i], pe[i], pc[i]/ours
      if (best == 0 || pc[i] < best) { best = pc[i]; bn = p[i] }
    }
    if (best > 0) printf "\nvs the faster peer (%s): Storyline clean..ner is %.1fx faster per core (target >= 5x); the whole Storyline pipeline (all 10 stages) is %.1fx.\n", bn, best/ours, best/c["pipeline"]
    printf "%s", miss
  }' "$OUT/stages_peers.tsv" "$OUT/peers.tsv"
echo
echo "### 2b. Multi-document summarization: speed and ROUGE (recall %, storyline eval rouge)"
awk -F'\t' -v su="$startup" '
  $1=="summ" { k=$2; if ($3=="storyline") ours[k]=$4; set[++n]=$2; sys[n]=$3; cpu[n]=$4; b[n]=$5; t[n]=$6; r1[n]=$7; r2[n]=$8; rss[n]=$9 }
  $1=="missing" { miss = miss sprintf("peer %s missing: %s\n", $2, $3) }
  END {
    printf "| set (topics, words) | system | CPU s | MB/s | peak RSS MB | ROUGE-1 | ROUGE-2 | Storyline speed-up |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    for (i=1;i<=n;i++) {
      w = (set[i] ~ /duc/) ? 100 : 250
      printf "| %s (%d, %d) | %s | %.2f | %.2f | %.1f | %s | %s | %.2fx |\n", set[i], t[i], w, sys[i], cpu[i], b[i]/1e6/cpu[i], rss[i]/1024, r1[i], r2[i], cpu[i]/ours[set[i]]
    }
    printf "\nstoryline start-up (engine + models, one tiny summarize): %.3f CPU s per process, paid once per topic above.\n", su
    printf "%s", miss
  }' "$OUT/summ.tsv"
echo
echo "### 3. Scaling"
echo
echo "Story assignment alone (bench/cluster_scale.sh, synthetic signatures):"
echo
echo '```'
cat "$OUT/cluster_scale.txt"
echo '```'
echo
echo "End-to-end \`storyline ingest --format jsonl\` of a synthetic stream (bench/synth.js, seed 1):"
echo
awk -F'\t' '
  $1=="scale" { printf "%s| %d | %.2f | %.2f | %.2f | %.0f | %.1f | %s | %s | %.1f | %d |\n", (h++ ? "" : "| articles | input MB | CPU s | ms/article | articles/s | peak RSS MB | stories | stored | db KB/article | runs |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"), $2, $4/1e6, $3, 1000*$3/$2, $2/$3, $5/1024, $6, $7, $8/$2, $9 }
  $1=="missing" { print "missing: " $2 }' "$OUT/scale.tsv"
} >"$OUT/report.md"
cat "$OUT/report.md"
