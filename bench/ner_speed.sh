#!/bin/sh
# ner_speed.sh — the speed target of issue #4 side by side: Storyline's clean + normalize +
# repair + segment + ner (sum of the median stage CPU times of bench-stages, bench/stages.c)
# against wink-nlp (bench/peers_nlp.js) on the same texts, in alternating rounds so that both
# see the same machine load (the shared machines here are rarely quiet: compare within a round).
#
# usage: sh bench/ner_speed.sh PEERS_JSONL ROUNDS BENCH_STAGES [BENCH_STAGES...]
#   PEERS_JSONL   the peers' subset as bench/run.sh writes it (every 4th article of
#                 `bench-stages --dump`: awk 'NR % 4 == 1' corpus.jsonl > peers.jsonl)
#   BENCH_STAGES  one or more bench-stages binaries (e.g. HEAD's and a change's, built as in
#                 bench/run.sh against each tree's libstoryline.a)
# Per round and binary: the five stage medians of `--runs 5`, clean..ner, and its ratio to
# wink's CPU time (median of 5 runs) in the same round. Needs node and bench/peers (setup.sh).
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 3 ] || { echo "usage: $0 PEERS_JSONL ROUNDS BENCH_STAGES..." >&2; exit 2; }
peers=$1 rounds=$2
shift 2
[ -f "$peers" ] || { echo "$0: no $peers" >&2; exit 1; }
[ -d "$here/peers/node_modules/wink-nlp" ] || { echo "$0: wink-nlp missing (sh bench/setup.sh)" >&2; exit 1; }
bytes=$(wc -c <"$peers")
r=1
while [ "$r" -le "$rounds" ]; do
  echo "round $r  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  out=""
  for b in "$@"; do
    s=$(nice -n 15 "$b" --runs 5 "$peers" | awk '$1 == "stage" && ($2 == "clean" || $2 == "normalize" ||
          $2 == "repair" || $2 == "segment" || $2 == "ner") { s += $3; printf "%s %.3f  ", $2, $3 }
          END { printf "| clean..ner %.3f", s }')
    out="$out$b: $s
"
  done
  wink=$(nice -n 15 node "$here/peers_nlp.js" wink "$peers" 5 | awk '$1 == "peer" { print $3 }')
  printf '%s' "$out" | awk -v w="$wink" -v by="$bytes" '{ t = $NF; printf "%s s, %.2f MB/s, %.2fx wink\n", $0, by / 1e6 / t, w / t }'
  echo "wink: $wink s"
  r=$((r + 1))
done
