#!/bin/sh
# sample.sh — the WikiNews sample (10 folders x 10 articles) ingests cleanly into stories
# that match its folders: pairwise precision and recall of stories vs folders >= 0.9 each.
# Needs the clusterer (with the stub, every article is its own story: recall 0).
set -u
t=$(mktemp -d /tmp/sl-sample.XXXXXX)
trap 'rm -rf "$t"' EXIT
root=$(cd "$(dirname "$0")/../.." && pwd)
STORYLINE="$STORYLINE" SAMPLE_DB="$t/sample.db" "$root/scripts/run-sample.sh" > "$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] || { cat "$t/err"; echo "FAIL: run-sample exit $rc (expected 0: every sample article is valid)"; exit 1; }
grep -q "sample: 100 articles" "$t/out" || { cat "$t/out"; echo "FAIL: not 100 articles"; exit 1; }
line=$(grep "^pairwise precision" "$t/out")
echo "$line"
echo "$line" | awk '{ exit !($3 >= 0.9 && $5 >= 0.9) }' || { echo "FAIL: stories do not match the folders"; exit 1; }
