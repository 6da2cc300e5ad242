#!/bin/sh
# run-tests.sh BUILD_DIR — runs every unit test binary (cmocka) and every CLI/gold test
# script, then prints one summary line "N passed, N failed, N skipped". Tests listed in
# tests/cli/XFAIL are known failures of unmet targets: reported as xfail (counted with the
# skipped), and an unexpected pass fails the run so that the list stays true.
set -u
build=${1:-build}
export STORYLINE="$PWD/$build/storyline"
export SL_SHARED="${SL_SHARED:-$(cd "$(dirname "$0")/.." && cd .. && pwd)/shared}"
passed=0; failed=0; skipped=0; failures=""; xfails=""
xfail_list=tests/cli/XFAIL
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
    elif grep -q "^$(basename "$t")[[:space:]]" "$xfail_list" 2>/dev/null; then
      failed=$((failed+1)); failures="$failures $t(XPASS: remove it from $xfail_list)"; echo "XPASS $t"
    else
      passed=$((passed+1)); echo "ok   $t"
    fi
  elif grep -q "^$(basename "$t")[[:space:]]" "$xfail_list" 2>/dev/null; then
    # a known, documented failure (tests/cli/XFAIL): shown, not hidden
    skipped=$((skipped+1)); xfails="$xfails $t"; echo "xfail $t"; sed 's/^/    /' "$out" | tail -5
  else
    failed=$((failed+1)); failures="$failures $t"; echo "FAIL $t"; sed 's/^/    /' "$out" | tail -40
  fi
  rm -f "$out"
done
[ -z "$xfails" ] || echo "expected failures (tests/cli/XFAIL):$xfails"
[ -z "$failures" ] || echo "failing:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
