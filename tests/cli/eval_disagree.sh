#!/bin/sh
# eval_disagree.sh — disagreement regression check on the hand-labelled DUC 2003 pairs
# (eval/labels/disagree-dev.tsv, docs/SUMMARY.md): `storyline eval disagree` must keep the
# precision and recall recorded in docs/EVAL.md, flag none of the pairs labelled "agree",
# and reject a malformed labels file. Also the blind set 1 (eval/labels/disagree-blind1.tsv,
# labelled before the rules ran on it; the rules were then improved on it, so these are
# seen-set figures kept as a regression floor, not an honest estimate), and blind set 2 (DUC
# and MultiLing; held back until its one scoring, seen since the 2026-12-05 evening work).
# Blind set 3 (disagree-blind3*.tsv; seen since the 2026-12-06 work, pooled) is a regression
# floor too. Blind set 4 (disagree-blind4-polnear.tsv: PolNeAR articles listed in
# disagree-blind4-polnear.clusters, read through `eval disagree --clusters`) is the held-out
# set, scored once on 2026-12-06: nothing reported (R 0/11, no false report, no `agree` pair
# flagged); its check keeps that figure: every labelled cluster read, no `agree` pair flagged,
# no more false reports than recorded, recall not below the recorded one.
set -u
RECORDED_P=100.00   # docs/EVAL.md, "storyline eval disagree ... --labels eval/labels/disagree-dev.tsv"
RECORDED_R=90.48
BLIND1_P=89.47      # docs/EVAL.md, "... --labels eval/labels/disagree-blind1.tsv"
BLIND1_R=65.38
BLIND2_P=54.55      # docs/EVAL.md, "... --labels eval/labels/disagree-blind2.tsv" (seen since 2026-12-05)
BLIND2_R=60.00
BLIND2ML_R=57.14    # "... --data .../multiling2011_en --labels eval/labels/disagree-blind2-ml.tsv"
BLIND3_P=100.00     # "... --labels eval/labels/disagree-blind3.tsv" (seen since 2026-12-06, pooled)
BLIND3_R=73.08
BLIND4_R=0.00       # "... --data .../quotes --clusters ...blind4-polnear.clusters --labels ...blind4-polnear.tsv"
BLIND4_FALSE_MAX=0  # reported pairs matching no `disagree` label, at most
root=$(cd "$(dirname "$0")/../.." && pwd)
D="$SL_SHARED/data/summ/duc2003"
[ -d "$D/clusters" ] || { echo "eval_disagree: missing $D"; exit 1; }
t=$(mktemp -d /tmp/sl-dis.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail=0 summary=""
# check NAME DATA LABELS MIN_P MIN_R — runs `eval disagree` on one label file (exit 1 if it
# fails), sets P, R and LAB from its JSON line and records a failure when precision (unless
# MIN_P is -) or recall falls below the floor or a pair labelled "agree" is reported.
check() {
  name=$1 data=$2 labels=$3 minp=$4 minr=$5
  shift 5 # more arguments go to `eval disagree` (--clusters LIST)
  "$STORYLINE" eval disagree --data "$data" --labels "$root/eval/labels/$labels" "$@" --json >"$t/out" 2>"$t/err" ||
    { echo "FAIL: eval disagree ($name) exited non-zero"; cat "$t/err"; exit 1; }
  json=$(tail -1 "$t/out")
  P=$(printf '%s' "$json" | jq .precision); R=$(printf '%s' "$json" | jq .recall)
  LAB=$(printf '%s' "$json" | jq .labelled); fl=$(printf '%s' "$json" | jq .agree_flagged)
  FOUND=$(printf '%s' "$json" | jq .found); MATCHED=$(printf '%s' "$json" | jq .matched)
  NCL=$(printf '%s' "$json" | jq .clusters)
  if [ "$minp" != - ]; then
    awk -v a="$P" -v b="$minp" 'BEGIN { exit !(a >= b - 0.01) }' || { echo "FAIL: $name precision $P below $minp"; fail=1; }
  fi
  awk -v a="$R" -v b="$minr" 'BEGIN { exit !(a >= b - 0.01) }' || { echo "FAIL: $name recall $R below $minr"; fail=1; }
  [ "$fl" -eq 0 ] || { echo "FAIL: $name: $fl pairs labelled 'agree' were reported as disagreements"; fail=1; }
  summary="$summary${summary:+; }$name: precision $P, recall $R"
}
check "dev set" "$D" disagree-dev.tsv "$RECORDED_P" "$RECORDED_R"
sed '$d' "$t/out"
[ "$LAB" -ge 12 ] || { echo "FAIL: only $LAB disagree labels read"; exit 1; }
check "blind set 1" "$D" disagree-blind1.tsv "$BLIND1_P" "$BLIND1_R"
check "blind set 2" "$D" disagree-blind2.tsv "$BLIND2_P" "$BLIND2_R"
M="$SL_SHARED/data/summ/multiling2011_en"
[ -d "$M/clusters" ] && check "blind set 2 (MultiLing)" "$M" disagree-blind2-ml.tsv - "$BLIND2ML_R"
check "blind set 3" "$D" disagree-blind3.tsv "$BLIND3_P" "$BLIND3_R"
[ -d "$M/clusters" ] && check "blind set 3 (MultiLing)" "$M" disagree-blind3-ml.tsv - 0
Q="$SL_SHARED/data/quotes"
if [ -d "$Q/polnear_train" ]; then
  check "blind set 4 (PolNeAR, held out)" "$Q" disagree-blind4-polnear.tsv - "$BLIND4_R" \
    --clusters "$root/eval/labels/disagree-blind4-polnear.clusters"
  [ "$NCL" -eq 15 ] && [ "$LAB" -eq 11 ] || { echo "FAIL: blind set 4: $NCL clusters, $LAB disagree labels read (15, 11 expected)"; fail=1; }
  [ $((FOUND - MATCHED)) -le "$BLIND4_FALSE_MAX" ] ||
    { echo "FAIL: blind set 4: $((FOUND - MATCHED)) reported pairs match no disagree label (at most $BLIND4_FALSE_MAX)"; fail=1; }
  # a malformed cluster list is refused
  printf 'rnc\n' >"$t/bad.clusters"
  "$STORYLINE" eval disagree --data "$Q" --clusters "$t/bad.clusters" --labels "$root/eval/labels/disagree-blind4-polnear.tsv" \
    >/dev/null 2>&1 && { echo "FAIL: a cluster list line without a path was accepted"; fail=1; }
fi
printf 'd31010t\tA\t5\t1\tB\t0\t1\tdisagree\tnumber\tbad offsets\n' >"$t/bad.tsv"
"$STORYLINE" eval disagree --data "$D" --labels "$t/bad.tsv" >/dev/null 2>&1 && { echo "FAIL: a malformed label line was accepted"; fail=1; }
[ $fail -eq 0 ] && echo "ok ($summary)"
exit $fail
