#!/bin/sh
# eval_events.sh — CAMEO coding regression guard: `storyline eval events` on the TABARI
# validation records and the PETRARCH-2 unit-test records (each with the toy dictionaries
# beside it) must not fall more than 0.5 below the exact shares recorded in docs/FACTS.md,
# and the readable output must hold the per-code confusion table.
set -eu
: "${STORYLINE:?}" "${SL_SHARED:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
ev="$SL_SHARED/data/events"
doc="$here/docs/FACTS.md"
rec_tabari=$(sed -n 's/.*events-exact-tabari: \([0-9.]*\).*/\1/p' "$doc")
rec_p2=$(sed -n 's/.*events-exact-p2unit: \([0-9.]*\).*/\1/p' "$doc")
[ -n "$rec_tabari" ] && [ -n "$rec_p2" ] || { echo "no recorded figures in $doc"; exit 1; }
check() { # name recorded output
  last=$(printf '%s\n' "$3" | tail -n 1)
  v=$(printf '%s' "$last" | sed -n 's/.*"exact_share":\([0-9.]*\).*/\1/p')
  [ -n "$v" ] || { echo "$1: no exact_share in: $last"; exit 1; }
  printf '%s\n' "$3" | grep -q '^confusion by root code' || { echo "$1: no confusion table"; exit 1; }
  if awk -v f="$v" -v r="$2" 'BEGIN { exit !(f + 0.5 < r) }'; then
    echo "$1: exact share $v fell more than 0.5 below the recorded $2"; exit 1
  fi
  echo "$1: exact share $v (recorded $2)"
}
out=$("$STORYLINE" eval events --data "$ev/petrarch1_validation/PETR.Validate.records.140226.txt" --json)
check tabari "$rec_tabari" "$out"
out=$("$STORYLINE" eval events --data "$ev/petrarch2/PETR.UnitTest.records.xml" --json)
check p2unit "$rec_p2" "$out"
# a missing dictionary folder is an error, not a zero score
if "$STORYLINE" eval events --data "$ev/petrarch2/PETR.UnitTest.records.xml" --dict /nonexistent >/dev/null 2>&1; then
  echo "no error for a missing --dict folder"; exit 1
fi
