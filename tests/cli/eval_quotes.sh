#!/bin/sh
# eval_quotes.sh — quote regression guard: `storyline eval quotes` on PolNeAR dev must not fall
# more than 0.5 below the figures recorded in docs/FACTS.md (direct-quote F1 and overall F1),
# and the JSON line must carry every field of the contract.
set -eu
: "${STORYLINE:?}" "${SL_SHARED:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
data="$SL_SHARED/data/quotes/polnear_dev"
[ -d "$data/text" ] || { echo "missing $data"; exit 1; }
doc="$here/docs/FACTS.md"
rec_direct=$(sed -n 's/.*quotes-direct-f1-dev: \([0-9.]*\).*/\1/p' "$doc")
rec_all=$(sed -n 's/.*quotes-f1-dev: \([0-9.]*\).*/\1/p' "$doc")
[ -n "$rec_direct" ] && [ -n "$rec_all" ] || { echo "no recorded figures in $doc"; exit 1; }
out=$("$STORYLINE" eval quotes --data "$data" --json)
last=$(printf '%s\n' "$out" | tail -n 1)
for k in precision recall f1 direct_precision direct_recall direct_f1 articles; do
  printf '%s' "$last" | grep -q "\"$k\":" || { echo "no $k in: $last"; exit 1; }
done
[ "$(printf '%s' "$last" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')" = 84 ] || { echo "not 84 articles: $last"; exit 1; }
check() { # name recorded value
  [ -n "$3" ] || { echo "$1: missing in $last"; exit 1; }
  if awk -v f="$3" -v r="$2" 'BEGIN { exit !(f + 0.5 < r) }'; then
    echo "$1: $3 fell more than 0.5 below the recorded $2"; exit 1
  fi
  echo "$1: $3 (recorded $2)"
}
check direct_f1 "$rec_direct" "$(printf '%s' "$last" | sed -n 's/.*"direct_f1":\([0-9.]*\).*/\1/p')"
check f1 "$rec_all" "$(printf '%s' "$last" | sed -n 's/.*,"f1":\([0-9.]*\).*/\1/p')"
