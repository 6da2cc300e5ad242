#!/bin/sh
# bench/summ.sh — multi-document summarization speed and ROUGE: `storyline summarize` vs the
# Open Text Summarizer (ots, C) and npm lexrank (node), on the same topics of one set.
#   usage: bench/summ.sh STORYLINE SET_DIR WORDS OUT_DIR    env: RUNS (default 5)
# SET_DIR is a summarization set (clusters/<topic>/docs/*.txt, clusters/<topic>/refs/).
# Storyline reads the docs folder itself (it understands the DOCNO:/DATE:/TITLE: headers).
# ots and lexrank read one file per topic: the docs' bodies (headers stripped, i.e. what
# follows the first blank line), concatenated. Output length: Storyline --words WORDS;
# lexrank best-first sentences up to WORDS words; ots has only a percentage, so each topic
# gets --ratio = ceil(100*WORDS/topic words)+1 percent (ots keeps text order). In every
# case `storyline eval rouge --words WORDS` then cuts at WORDS words (ROUGE's -l), so the
# three are scored on the same length.
# Time: CPU (user+sys, GNU time) of one shell loop summarizing every topic, one process per
# topic for storyline and ots (engine/dictionary loading included), one node process for all
# topics for lexrank. Median over RUNS runs. Prints per system one TSV line:
#   summ SET SYSTEM MEDIAN_CPU_S BYTES TOPICS ROUGE1 ROUGE2 PEAK_RSS_KB
# A missing peer prints `missing SYSTEM REASON` and is skipped.
set -u
SL=$1; SET=$2; WORDS=$3; OUT=$4
RUNS=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$SET")
work=$OUT/summ-$name
rm -rf "$work"; mkdir -p "$work/in" "$work/storyline" "$work/ots" "$work/lexrank"
topics=0
for d in "$SET"/clusters/*/; do
  t=$(basename "$d")
  for f in "$d"docs/*.txt; do awk 'body{print} !body && /^[[:space:]]*$/{body=1}' "$f"; echo; done >"$work/in/$t.txt"
  topics=$((topics + 1))
done
bytes=$(cat "$work"/in/*.txt | wc -c)

median() { sort -n | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
# timed SYSTEM COMMAND: runs COMMAND RUNS times under GNU time; median CPU and max RSS.
timed() {
  sys=$1; shift
  : >"$work/$sys.times"
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f '%U %S %M' -o "$work/$sys.t1" sh -c "$*" || return 1
    cat "$work/$sys.t1" >>"$work/$sys.times"
    i=$((i + 1))
  done
  cpu=$(awk '{print $1+$2}' "$work/$sys.times" | median)
  rss=$(awk '$3>m{m=$3} END{print m}' "$work/$sys.times")
  rouge=$("$SL" eval rouge --refs "$SET/clusters" --peers "$work/$sys" --words "$WORDS" --json 2>/dev/null | tail -1)
  r1=$(printf '%s' "$rouge" | sed -n 's/.*"rouge1":\([0-9.]*\).*/\1/p')
  r2=$(printf '%s' "$rouge" | sed -n 's/.*"rouge2":\([0-9.]*\).*/\1/p')
  printf 'summ\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$sys" "$cpu" "$bytes" "$topics" "${r1:-?}" "${r2:-?}" "$rss"
}

export SL SET WORDS work
timed storyline 'for d in "$SET"/clusters/*/; do t=$(basename "$d"); "$SL" --quiet summarize --words "$WORDS" "${d}docs" >"$work/storyline/$t.txt" 2>/dev/null; done'

if command -v ots >/dev/null 2>&1; then
  timed ots 'for f in "$work"/in/*.txt; do t=$(basename "$f"); n=$(wc -w <"$f"); r=$(( (100*WORDS + n - 1) / (n > 0 ? n : 1) + 1 )); ots --ratio=$r "$f" >"$work/ots/$t" 2>/dev/null; done'
else
  printf 'missing\tots\tnot installed (bench/setup.sh: apt-get install ots)\n'
fi

if command -v node >/dev/null 2>&1 && [ -d "$here/peers/node_modules/lexrank" ]; then
  timed lexrank "node '$here/lexrank_summ.js' '$work/in' '$work/lexrank' $WORDS"
else
  printf 'missing\tlexrank\tnode or bench/peers/node_modules/lexrank absent (bench/setup.sh)\n'
fi
exit 0
