#!/bin/sh
# rouge-table.sh — regenerates the ROUGE replication table of docs/EVAL.md:
#   STORYLINE=build/storyline SL_SHARED=../shared sh tools/rouge-table.sh
D=${SL_SHARED:-../shared}/data/summ/duc2004-rouge-check
S=${STORYLINE:-./build/storyline}
echo "| system | expected: mean of per-topic R-1 / R-2 / R-4 | ours: R-1 / R-2 / R-4 | max per-topic deviation (150 values) | ROUGE-1.5.5 Average_R (bootstrap) |"
echo "|---|---|---|---|---|"
for dir in "$D"/baselines/*/; do
  s=$(basename "$dir")
  exp=$(awk -F'\t' '{a+=$2;b+=$3;c+=$4} END{printf "%.5f / %.5f / %.5f", a/NR, b/NR, c/NR}' "$D/expected_rouge/pertopic/$s.tsv")
  boot=$(awk -v s="$s" '$1==s && $3=="Average_R:" {printf "%s%s", (n++ ? " / " : ""), $4}' "$D/expected_rouge/rouge-1.5.5.out.txt" | awk -F' / ' '{print $1" / "$2" / "$4}')
  "$S" eval rouge --refs "$D/clusters" --peers "$dir" --per-topic >/tmp/rouge-table.$$ || exit 1
  ours=$(awk '/^ROUGE-[124] /{printf "%s%s", (n++ ? " / " : ""), $3}' /tmp/rouge-table.$$)
  dev=$(grep '^d3' /tmp/rouge-table.$$ | sed 's/t\t/\t/' | paste - "$D/expected_rouge/pertopic/$s.tsv" | awk -F'\t' '{for(i=2;i<=4;i++){d=$i-$(i+4); if(d<0)d=-d; if(d>m)m=d}} END{printf "%.5f", m}')
  echo "| $s | $exp | $ours | $dev | $boot |"
done
rm -f /tmp/rouge-table.$$
