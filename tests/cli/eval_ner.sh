#!/bin/sh
# eval_ner.sh — NER regression guard: `storyline eval ner` on CoNLL-2003 valid.txt (as is and
# --degrade) must not fall more than 0.5 F1 below the figures recorded in docs/NER.md, and
# the --out file must hold one "token gold predicted" line per token.
set -eu
: "${STORYLINE:?}" "${SL_SHARED:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
data="$SL_SHARED/data/ner/conll2003/valid.txt"
[ -f "$data" ] || { echo "missing $data"; exit 1; }
doc="$here/docs/NER.md"
rec_valid=$(sed -n 's/.*ner-f1-valid: \([0-9.]*\).*/\1/p' "$doc")
rec_degrade=$(sed -n 's/.*ner-f1-degrade: \([0-9.]*\).*/\1/p' "$doc")
[ -n "$rec_valid" ] && [ -n "$rec_degrade" ] || { echo "no recorded figures in $doc"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name recorded json
  f1=$(printf '%s\n' "$3" | tail -n 1 | sed -n 's/.*"f1":\([0-9.]*\).*/\1/p')
  [ -n "$f1" ] || { echo "$1: no f1 in output: $3"; exit 1; }
  if awk -v f="$f1" -v r="$2" 'BEGIN { exit !(f + 0.5 < r) }'; then
    echo "$1: F1 $f1 fell more than 0.5 below the recorded $2"; exit 1
  fi
  echo "$1: F1 $f1 (recorded $2)"
}

out=$("$STORYLINE" eval ner --data "$data" --out "$tmp/tags.txt" --json)
check valid "$rec_valid" "$out"
# --out: as many token lines as tokens (blank lines separate sentences), three fields each
toks=$(printf '%s\n' "$out" | tail -n 1 | sed -n 's/.*"tokens":\([0-9]*\).*/\1/p')
lines=$(grep -c . "$tmp/tags.txt")
[ "$toks" = "$lines" ] || { echo "--out has $lines token lines, expected $toks"; exit 1; }
bad=$(awk 'NF && NF != 3' "$tmp/tags.txt" | head -n 1)
[ -z "$bad" ] || { echo "--out line without 3 fields: $bad"; exit 1; }

out=$("$STORYLINE" eval ner --data "$data" --degrade --json)
check degrade "$rec_degrade" "$out"

# bad usage is an error, not a crash
if "$STORYLINE" eval ner --data /nonexistent/valid.txt --json >/dev/null 2>&1; then
  echo "eval ner accepted a missing file"; exit 1
fi
