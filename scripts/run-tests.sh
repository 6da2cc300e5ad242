#!/bin/sh
# run-tests.sh BUILD_DIR — runs every unit test binary (cmocka) and every CLI/gold test
# script, then prints one summary line "N passed, N failed".
set -u
build=${1:-build}
export STORYLINE="$PWD/$build/storyline"
export SL_SHARED="${SL_SHARED:-$(cd "$(dirname "$0")/.." && cd .. && pwd)/shared}"
passed=0; failed=0; skipped=0; failures=""
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  if "$t"; then passed=$((passed+1)); else failed=$((failed+1)); failures="$failures $(basename "$t")"; fi
done
for t in tests/cli/*.sh; do
  [ -f "$t" ] || continue
  out=$(mktemp)
  if sh "$t" >"$out" 2>&1; then
    if grep -q ': SKIP' "$out"; then
      skipped=$((skipped+1)); echo "skip $t: $(grep -m1 ': SKIP' "$out")"
    else
      passed=$((passed+1)); echo "ok   $t"
    fi
  else
    failed=$((failed+1)); failures="$failures $t"; echo "FAIL $t"; sed 's/^/    /' "$out" | tail -40
  fi
  rm -f "$out"
done
[ -z "$failures" ] || echo "failing:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
