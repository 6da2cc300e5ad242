#!/bin/sh
# eval_sentences.sh — `storyline eval sentences` on DUC 2003 (read in place from $SL_SHARED):
# the scorer runs over every document, prints its JSON last, and repair + segment recover
# sentence ends and case from lower-cased, punctuation-stripped text above fixed floors
# (well below the figures in docs/SEGMENT.md, so only a real regression fails).
set -u
data="$SL_SHARED/data/summ/duc2003"
[ -d "$data/clusters" ] || { echo "missing $data"; exit 1; }
out=$("$STORYLINE" eval sentences --data "$data" --json) || { echo "eval sentences failed"; exit 1; }
json=$(printf '%s\n' "$out" | tail -n 1)
echo "$json"
num() { printf '%s' "$json" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
docs=$(num documents); f1=$(num f1); p=$(num precision); r=$(num recall); ca=$(num case_accuracy)
[ "$docs" = 298 ] || { echo "expected 298 documents, got '$docs'"; exit 1; }
for v in "$f1" "$p" "$r" "$ca"; do
  [ -n "$v" ] || { echo "missing figure in: $json"; exit 1; }
done
awk -v f="$f1" -v c="$ca" 'BEGIN { exit !(f >= 40 && c >= 88) }' ||
  { echo "below floor: f1=$f1 (>= 40) case_accuracy=$ca (>= 88)"; exit 1; }
# bad usage is an error with a message
if "$STORYLINE" eval sentences >/dev/null 2>&1; then echo "missing --data accepted"; exit 1; fi
if "$STORYLINE" eval sentences --data /nonexistent/dir >/dev/null 2>&1; then echo "empty dir accepted"; exit 1; fi
exit 0
