#!/bin/sh
# eval_summ.sh — summarization regression check on MultiLing 2011 English (10 topics, 250-word
# summaries like its references): `storyline eval summ` must keep ROUGE-2 within 0.5 of the
# figure recorded in docs/EVAL.md, stay above the lead baseline, and score the set's own
# baselines (ID1..ID10) with the same ROUGE. Also checks that the written summaries respect
# the word budget exactly as ROUGE's -l counts words.
# DUC 2003 (30 topics, 100 words) must keep ROUGE-1 within 0.5 of its recorded figure too.
set -u
RECORDED_R2=22.66   # docs/EVAL.md, "storyline eval summ --data multiling2011_en --words 250"
RECORDED_DUC_R1=41.61 # docs/EVAL.md, "storyline eval summ --data duc2003"
D="$SL_SHARED/data/summ/multiling2011_en"
[ -d "$D/clusters" ] || { echo "eval_summ: missing $D"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$STORYLINE" eval summ --data "$D" --words 250 --out "$tmp" --json >"$tmp/out.txt" 2>"$tmp/err.txt"; then
  echo "FAIL: eval summ exited non-zero"; cat "$tmp/err.txt"; exit 1
fi
cat "$tmp/out.txt" | sed '$d'
json=$(tail -1 "$tmp/out.txt")
get() { echo "$json" | sed -n "s/^{\"rouge1\":\([0-9.]*\),\"rouge2\":\([0-9.]*\),.*\"topics\":\([0-9]*\),.*\"lead\":{\"rouge1\":\([0-9.]*\),\"rouge2\":\([0-9.]*\).*/$1/p"; }
r1=$(get '\1'); r2=$(get '\2'); topics=$(get '\3'); l1=$(get '\4'); l2=$(get '\5')
[ -n "$r2" ] || { echo "FAIL: no figures in the JSON line: $json"; exit 1; }
fail=0
[ "$topics" = 10 ] || { echo "FAIL: $topics topics scored, expected 10"; fail=1; }
awk -v r="$r2" -v rec="$RECORDED_R2" 'BEGIN { exit !(r >= rec - 0.5) }' ||
  { echo "FAIL: ROUGE-2 $r2 dropped more than 0.5 below the recorded $RECORDED_R2"; fail=1; }
awk -v a="$r1" -v b="$l1" -v c="$r2" -v d="$l2" 'BEGIN { exit !(a > b && c > d) }' ||
  { echo "FAIL: not above the lead baseline (R-1 $r1 vs $l1, R-2 $r2 vs $l2)"; fail=1; }
echo "$json" | grep -q '"ID10":{"rouge1":' || { echo "FAIL: the set's baselines were not scored"; fail=1; }
n=0
for f in "$tmp"/M*.txt; do
  w=$(wc -w <"$f")
  [ "$w" -le 250 ] && [ "$w" -ge 150 ] || { echo "FAIL: $f has $w words (budget 250)"; fail=1; }
  n=$((n + 1))
done
[ "$n" = 10 ] || { echo "FAIL: $n summaries written, expected 10"; fail=1; }
D3="$SL_SHARED/data/summ/duc2003"; d1=""
if "$STORYLINE" eval summ --data "$D3" --json >"$tmp/duc.txt" 2>"$tmp/err.txt"; then
  d1=$(tail -1 "$tmp/duc.txt" | sed -n 's/^{"rouge1":\([0-9.]*\),.*/\1/p')
  awk -v r="$d1" -v rec="$RECORDED_DUC_R1" 'BEGIN { exit !(r >= rec - 0.5) }' ||
    { echo "FAIL: DUC 2003 ROUGE-1 '$d1' dropped more than 0.5 below the recorded $RECORDED_DUC_R1"; fail=1; }
else
  echo "FAIL: eval summ on DUC 2003 exited non-zero"; cat "$tmp/err.txt"; fail=1
fi
echo "storyline R-1 $r1 R-2 $r2 (recorded R-2 $RECORDED_R2), lead R-1 $l1 R-2 $l2; DUC 2003 R-1 $d1"
exit $fail
