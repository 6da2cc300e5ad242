#!/bin/sh
# bench/report.sh [OUT_DIR] — renders the Markdown tables of `make bench` from the raw
# results bench/run.sh left in OUT_DIR (default bench/out): stages.tsv, stages_peers.tsv,
# ingest.times, peers.tsv, summ.tsv, startup.tsv, cluster_scale.txt, ingest_scale.tsv, env.tsv.
# Kept apart from run.sh so the tables can be re-rendered without re-running anything.
set -u
here=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$here/out}
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
RUNS=$(sed -n 's/^runs\t//p' "$OUT/env.tsv" 2>/dev/null); RUNS=${RUNS:-?}
when=$(sed -n 's/^date\t//p' "$OUT/env.tsv" 2>/dev/null); when=${when:-?}
ingest_arts=$(sed -n 's/^ingest_articles\t//p' "$OUT/env.tsv" 2>/dev/null); ingest_arts=${ingest_arts:-?}
startup=$(sed -n 's/^startup\t//p' "$OUT/startup.tsv" 2>/dev/null); startup=${startup:-0}
ingest_cpu=$(awk '{print $1+$2}' "$OUT/ingest.times" | median)
ingest_rss=$(awk '$3>m{m=$3} END{print m}' "$OUT/ingest.times")
{
echo "## Storyline benchmark — $when"
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $RUNS runs per figure, median CPU time (user+sys)"
echo
echo "### 1. Per-article pipeline, by stage (bench/stages.c, in-process, CPU time)"
awk -F'\t' -v ic="$ingest_cpu" -v irss="$ingest_rss" -v ia="$ingest_arts" '
  $1=="stage" { name[++n]=$2; cpu[n]=$3; bytes=$5; docs=$6; if ($2=="pipeline") pipe=$3 }
  $1=="rss" { rss=$2 } $1=="failed" { failed=$2 }
  $1=="summary10" { s10=$2; s10max=$3; s10n=$4 }
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
    if (s10n > 0) printf "summary time alone (sl_summary_select, 100 words) for a 10-article story: median %.2f ms, worst %.2f ms over %d DUC 2003 clusters (target < 10 ms)\n", s10, s10max, s10n
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
    printf "| set (topics, words) | system | CPU s | MB/s | peak RSS MB | ROUGE-1 | ROUGE-2 | Storyline speed-up | same, Storyline start-up excluded |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i=1;i<=n;i++) {
      w = (set[i] ~ /duc/) ? 100 : 250
      warm = ours[set[i]] - t[i]*su; if (warm <= 0) warm = ours[set[i]]
      if (sys[i] == "storyline") printf "| %s (%d, %d) | storyline | %.2f | %.2f | %.1f | %s | %s | 1.00x | 1.00x (%.2f s, %.2f MB/s) |\n", set[i], t[i], w, cpu[i], b[i]/1e6/cpu[i], rss[i]/1024, r1[i], r2[i], warm, b[i]/1e6/warm
      else printf "| %s (%d, %d) | %s | %.2f | %.2f | %.1f | %s | %s | %.2fx | %.2fx |\n", set[i], t[i], w, sys[i], cpu[i], b[i]/1e6/cpu[i], rss[i]/1024, r1[i], r2[i], cpu[i]/ours[set[i]], cpu[i]/warm
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
echo "End-to-end \`storyline ingest --format jsonl\` on one growing database (bench/ingest_scale.sh:"
echo "CPU per article of 1000-article ingests at each size, median of the runs; synthetic stream"
echo "of bench/synth.js, seed 1):"
echo
if [ -s "$OUT/ingest_scale.tsv" ]; then
  awk -F'\t' 'NR == 1 { print "| articles stored | ms/article (median) | min | max | peak RSS MB | db KB/article | stories |"; print "|---:|---:|---:|---:|---:|---:|---:|"; next }
    /^#/ { tail = tail "\n" substr($0, 3); next }
    NF >= 7 { printf "| %d | %.2f | %.2f | %.2f | %.0f | %.1f | %s |\n", $1, $2/1000, $3/1000, $4/1000, $5/1024, $6/1024, $7 }
    END { if (tail != "") printf "%s\n", tail }' "$OUT/ingest_scale.tsv"
else
  echo "not run"
fi
for f in html http; do
  [ -s "$OUT/$f.txt" ] || continue
  echo
  [ $f = html ] && echo "### 4a. HTML article extraction vs @mozilla/readability + jsdom (bench/html.sh)"
  [ $f = http ] && echo "### 4b. HTTP load test of storyline serve (bench/http.sh)"
  echo
  echo '```'
  cat "$OUT/$f.txt"
  echo '```'
done
}
