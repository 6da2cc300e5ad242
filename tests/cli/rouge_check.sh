#!/bin/sh
# rouge_check.sh — `storyline eval rouge` must reproduce ROUGE-1.5.5 number for number: for each
# of the 13 systems of the DUC 2004 check set, every per-topic ROUGE-1, -2 and -4 recall of
# expected_rouge/pertopic/<system>.tsv to four decimals (prints the largest deviation). Then bad
# input must fail loudly: exit 1 and a message naming the file, never a silent zero.
set -u
D="$SL_SHARED/data/summ/duc2004-rouge-check"
[ -d "$D/clusters" ] || { echo "rouge_check: missing $D"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
all_max=0
nsys=0
for dir in "$D"/baselines/*/; do
  s=$(basename "$dir")
  exp="$D/expected_rouge/pertopic/$s.tsv"
  [ -f "$exp" ] || { echo "FAIL: no expected scores for $s"; fail=1; continue; }
  if ! "$STORYLINE" eval rouge --refs "$D/clusters" --peers "$dir" --per-topic >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL: $s: eval rouge exited non-zero:"; cat "$tmp/err"; fail=1; continue
  fi
  # per-topic lines are "d30001t<TAB>R1<TAB>R2<TAB>R4"; expected ones are keyed "d30001"
  res=$(awk -F'\t' -v s="$s" '
    NR == FNR { e[$1] = $0; next }
    NF == 4 && $1 ~ /^d3/ {
      k = $1; sub(/t$/, "", k)
      if (!(k in e)) { print "FAIL " s " " k ": no expected line"; bad++; next }
      split(e[k], x, "\t"); seen++
      for (i = 2; i <= 4; i++) {
        d = $i - x[i]; if (d < 0) d = -d
        if (d > m) m = d
        if (d >= 0.00005) { printf "FAIL %s %s col %d: ours %s expected %s\n", s, k, i, $i, x[i]; bad++ }
      }
    }
    END { if (seen != 50) { print "FAIL " s ": " seen+0 " topics scored, expected 50"; bad++ }
          printf "MAX %.5f %d\n", m, bad + 0 }' "$exp" "$tmp/out")
  echo "$res" | grep '^FAIL' | head -5
  m=$(echo "$res" | awk '/^MAX/ {print $2}')
  b=$(echo "$res" | awk '/^MAX/ {print $3}')
  printf '%-11s max deviation %s\n' "$s" "$m"
  [ "$b" = 0 ] || fail=1
  all_max=$(awk -v a="$all_max" -v b="$m" 'BEGIN { print (b > a ? b : a) }')
  nsys=$((nsys + 1))
done
[ "$nsys" -eq 13 ] || { echo "FAIL: $nsys systems checked, expected 13"; fail=1; }
echo "max deviation over $nsys systems x 50 topics x (R-1, R-2, R-4): $all_max"

# --- bad input: exit 1, message names the culprit ---------------------------------------
expect_error() { # expect_error WHAT PATTERN args...
  what=$1; pat=$2; shift 2
  if "$STORYLINE" eval rouge "$@" >"$tmp/o" 2>"$tmp/e"; then
    echo "FAIL: $what: exit 0"; fail=1; return
  fi
  grep -q -- "$pat" "$tmp/e" || { echo "FAIL: $what: message lacks '$pat':"; cat "$tmp/e"; fail=1; }
}
mkdir -p "$tmp/c/t1/refs" "$tmp/c/t2/refs" "$tmp/p"
printf 'The cat sat on the mat.\n' >"$tmp/c/t1/refs/A.txt"
printf 'A dog barked.\n' >"$tmp/c/t2/refs/A.txt"
printf 'The cat sat.\n' >"$tmp/p/t1.txt"
printf 'A dog.\n' >"$tmp/p/t2.txt"
out=$("$STORYLINE" eval rouge --refs "$tmp/c" --peers "$tmp/p" --json | tail -1)
# t1: 3 of 6 unigrams (the, cat, sat), t2: 2 of 3 -> mean R-1 = (0.5 + 0.66667) / 2
echo "$out" | grep -q '"rouge1":58.33' || { echo "FAIL: tiny set: $out"; fail=1; }
expect_error "missing refs dir" "$tmp/nope" --refs "$tmp/nope" --peers "$tmp/p"
expect_error "missing peers dir" "$tmp/nope" --refs "$tmp/c" --peers "$tmp/nope"
printf 'stray\n' >"$tmp/p/t9.txt"
expect_error "peer for unknown topic" "t9.txt" --refs "$tmp/c" --peers "$tmp/p"
rm "$tmp/p/t9.txt"
: >"$tmp/p/t2.txt"
expect_error "empty peer" "t2.txt" --refs "$tmp/c" --peers "$tmp/p"
printf 'A dog.\n' >"$tmp/p/t2.txt"
rm "$tmp/c/t2/refs/A.txt"
expect_error "topic without refs" "t2/refs" --refs "$tmp/c" --peers "$tmp/p"
printf ' ... \n' >"$tmp/c/t2/refs/A.txt"
expect_error "empty reference" "A.txt" --refs "$tmp/c" --peers "$tmp/p"
printf 'A dog barked.\n' >"$tmp/c/t2/refs/A.txt"
rm "$tmp/p/t2.txt"
expect_error "topic without peer" "t2" --refs "$tmp/c" --peers "$tmp/p"
exit $fail
