#!/bin/sh
# eval_html.sh — regression guard for HTML article extraction: `storyline eval html` on the
# development pages of the article extraction benchmark must reach the F1 recorded in
# docs/HTML.md (line "Recorded dev F1: X") minus 0.005. Also checks --out and the errors
# for bad input (missing folder, missing ground truth, missing page): exit 1 with a message.
set -u
fail() { echo "eval_html.sh: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
doc="$here/../../docs/HTML.md"
[ -x "$STORYLINE" ] || fail "no binary at $STORYLINE"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# bad input first (needs no data)
"$STORYLINE" eval html --data "$tmp/nowhere" >"$tmp/o" 2>"$tmp/e" && fail "missing folder accepted"
grep -q "ground truth" "$tmp/e" || fail "missing folder: unclear message: $(cat "$tmp/e")"
mkdir -p "$tmp/d/html"
echo '{"abc": {"articleBody": "Some text here.", "url": "https://example.com/"}}' >"$tmp/d/ground-truth.json"
"$STORYLINE" eval html --data "$tmp/d" >"$tmp/o" 2>"$tmp/e" && fail "missing page accepted"
grep -q "abc" "$tmp/e" || fail "missing page: message does not name it: $(cat "$tmp/e")"
printf '<html><body><p>Some text here, and a little more of it so that it looks like a real paragraph.</p></body></html>' >"$tmp/d/html/abc.html"
"$STORYLINE" eval html --data "$tmp/d" --json --out "$tmp/pred.json" >"$tmp/o" 2>"$tmp/e" || fail "tiny set failed: $(cat "$tmp/e")"
grep -q '"pages":1' "$tmp/o" || fail "tiny set: no pages count in $(cat "$tmp/o")"
grep -q '"articleBody": "Some text here, and a little more' "$tmp/pred.json" || fail "--out lacks the body: $(cat "$tmp/pred.json")"
echo '{"abc": {"url": "x"}}' >"$tmp/d/ground-truth.json"
"$STORYLINE" eval html --data "$tmp/d" >"$tmp/o" 2>"$tmp/e" && fail "ground truth without articleBody accepted"

data="$SL_SHARED/data/html/article-extraction-benchmark"
if [ ! -f "$data/ground-truth.json" ]; then
  echo "eval_html.sh: skipped the benchmark run: $data is absent"
  exit 0
fi
recorded=$(sed -n 's/^Recorded dev F1: *\([0-9.]*\).*/\1/p' "$doc" | head -1)
[ -n "$recorded" ] || fail "no 'Recorded dev F1:' line in $doc"
"$STORYLINE" eval html --data "$data" --json >"$tmp/o" 2>"$tmp/e" || fail "eval failed: $(cat "$tmp/e")"
f1=$(tail -1 "$tmp/o" | sed -n 's/.*"f1":\([0-9.]*\).*/\1/p')
pages=$(tail -1 "$tmp/o" | sed -n 's/.*"pages":\([0-9]*\).*/\1/p')
[ -n "$f1" ] || fail "no f1 in $(tail -1 "$tmp/o")"
[ "$pages" -ge 91 ] || fail "only $pages pages scored"
awk -v f="$f1" -v r="$recorded" 'BEGIN { exit !(f >= r - 0.005) }' ||
  fail "F1 $f1 is more than 0.005 below the recorded $recorded"
echo "eval html: F1 $f1 (recorded $recorded) on $pages pages"
