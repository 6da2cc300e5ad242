#!/bin/sh
# gold_seeds.sh — `extract --json` of each seed contains the hand-checked fragment in
# tests/gold/extract/<seed>.json (names + types, quote speakers, degraded-text flags).
# Needs: NER + alias, quotes, repair (the stubs find none of these).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d /tmp/sl-gold.XXXXXX)
trap 'rm -rf "$t"' EXIT
status=0
for g in "$root"/tests/gold/extract/*.json; do
  name=$(basename "$g" .json)
  "$STORYLINE" extract --json "$SL_SHARED/seeds/$name.txt" > "$t/$name.json" || { echo "FAIL: extract $name"; status=1; continue; }
  if "$root/tools/gold-check.sh" "$g" "$t/$name.json" 2>"$t/miss"; then
    echo "ok   $name"
  else
    echo "FAIL $name"; sed 's/^/    /' "$t/miss"; status=1
  fi
done
exit $status
