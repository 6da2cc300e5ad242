#!/bin/sh
# extract_json.sh — `extract --json` gives sl_doc_to_json's object with spans that lie
# inside the text, and `summarize` works without a database (both on the seeds).
set -u
t=$(mktemp -d /tmp/sl-extract.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
f="$SL_SHARED/seeds/000_c3e106af9eabc524.txt"
"$STORYLINE" extract --json --text "$f" > "$t/x" || fail "extract exit $?"
[ "$(wc -l < "$t/x")" -eq 1 ] || fail "one article, one line"
for k in id title sentences entities merged_entities dates quotes events text; do
  jq -e --arg k "$k" 'has($k)' "$t/x" >/dev/null || fail "extract --json lacks $k"
done
jq -e '(.sentences | length) > 0' "$t/x" >/dev/null || fail "no sentences"
# every span is inside the text (byte offsets; jq counts code points, so compare with utf8bytelength)
jq -e '(.text | utf8bytelength) as $n | all(.sentences[], .entities[], .quotes[], .dates[]; .start >= 0 and .end <= $n and .start < .end)' "$t/x" >/dev/null \
  || fail "a span lies outside the text"
"$STORYLINE" extract "$f" > "$t/l" || fail "readable extract failed"
grep -q "^entities" "$t/l" || fail "readable listing has no entities section"

# one-shot summary, no database
"$STORYLINE" summarize --words 50 "$SL_SHARED"/seeds/00[01]*.txt > "$t/s" || fail "summarize exit $?"
[ -s "$t/s" ] || fail "empty summary"
w=$(wc -w < "$t/s")
[ "$w" -le 75 ] || fail "summary of $w words for --words 50"
"$STORYLINE" summarize --json "$f" | jq -e '.sentences | length > 0 and all(.[]; .article and (.end > .start))' >/dev/null \
  || fail "summarize --json shape"
ls "$t"/*.db >/dev/null 2>&1 && fail "summarize created a database"
"$STORYLINE" summarize "$t/nonexistent.txt" 2>/dev/null
[ $? -eq 1 ] || fail "summarize of nothing usable should exit 1"
echo "ok"
