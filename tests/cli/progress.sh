#!/bin/sh
# progress.sh — the progress bar and --quiet (issue 8): with the bar forced on (SL_PROGRESS=1,
# and a real terminal through util-linux `script` when present) ingest and an eval task
# draw "\r"-redrawn lines with a count, a rate with its unit and an ETA on stderr; without
# a terminal, or with --quiet, stderr carries only the normal lines (nothing with --quiet)
# and stdout is byte-identical in every mode. Every command and eval task accepts --quiet
# before or after its name, and every --help mentions it.
set -u
t=$(mktemp -d /tmp/sl-progress.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
seeds="$SL_SHARED/seeds"
cr=$(printf '\r')
has() { grep -q -- "$2" "$1"; }                  # file, fixed-ish pattern
bar_ok() { # file, label, count: a bar line with percent, count, rate unit and ETA
  tr '\r' '\n' <"$1" >"$1.lines"
  grep -q -- "^$2 \[[#.]*\] 100% $3  [0-9.]* [a-z]*/s .*ETA 0:00" "$1.lines" ||
    { sed 's/^/    /' "$1.lines" | tail -5; fail "$2: no finished bar with '$3', rate and ETA"; }
}
unset SL_PROGRESS

# ---- ingest: forced on, off (no terminal), quiet before and after the command --------------
SL_PROGRESS=1 "$STORYLINE" ingest --db "$t/a.db" "$seeds" >"$t/a.out" 2>"$t/a.err"
[ $? -eq 0 ] || { cat "$t/a.err"; fail "ingest with the bar: exit code changed"; }
has "$t/a.err" "$cr" || fail "ingest with SL_PROGRESS=1 drew no bar (no carriage return on stderr)"
bar_ok "$t/a.err" ingest "3/3"
tail -1 "$t/a.err.lines" | grep -qx 'storyline ingest: 3 added, 0 already present, 0 rejected' ||
  fail "ingest counts line missing after the bar"

"$STORYLINE" ingest --db "$t/b.db" "$seeds" >"$t/b.out" 2>"$t/b.err" || fail "ingest without a terminal failed"
printf 'storyline ingest: 3 added, 0 already present, 0 rejected\n' | cmp -s - "$t/b.err" ||
  { cat -A "$t/b.err"; fail "ingest without a terminal: stderr is not just the counts line"; }

SL_PROGRESS=1 "$STORYLINE" --quiet ingest --db "$t/c.db" "$seeds" >"$t/c.out" 2>"$t/c.err" || fail "--quiet ingest failed"
[ -s "$t/c.err" ] && { cat -A "$t/c.err"; fail "storyline --quiet ingest wrote to stderr"; }
SL_PROGRESS=1 "$STORYLINE" ingest -q --db "$t/d.db" "$seeds" >"$t/d.out" 2>"$t/d.err" || fail "ingest -q failed"
[ -s "$t/d.err" ] && fail "storyline ingest -q wrote to stderr"
for m in b c d; do cmp -s "$t/a.out" "$t/$m.out" || fail "ingest stdout differs between modes ($m)"; done
SL_PROGRESS=0 "$STORYLINE" ingest --db "$t/e.db" "$seeds" 2>"$t/e.err" >/dev/null
has "$t/e.err" "$cr" && fail "SL_PROGRESS=0 still drew a bar"

# JSON Lines: the total is the number of non-blank lines (ETA from the start); stdin has no
# total, so count and rate without a percent or an ETA.
{
  echo '{"id":"p1","title":"Storm closes port","text":"A storm closed the port of Vladivostok on Monday, officials said."}'
  echo ''
  echo '{"id":"p2","title":"Port reopens","text":"The port of Vladivostok reopened on Tuesday after the storm, the harbour master said."}'
  echo '{"id":"p3","title":"Council vote","text":"The city council of Lyon voted on Wednesday to extend the tram line to the airport."}'
} >"$t/feed.jsonl"
SL_PROGRESS=1 "$STORYLINE" ingest --db "$t/f.db" "$t/feed.jsonl" >/dev/null 2>"$t/f.err" || fail "jsonl ingest failed"
bar_ok "$t/f.err" ingest "3/3"
SL_PROGRESS=1 "$STORYLINE" ingest --db "$t/g.db" - <"$t/feed.jsonl" >/dev/null 2>"$t/g.err" || fail "stdin ingest failed"
tr '\r' '\n' <"$t/g.err" | grep -q '^ingest 3 articles  [0-9.]* articles/s' || { cat -A "$t/g.err"; fail "stdin: no count + rate line"; }
tr '\r' '\n' <"$t/g.err" | grep -q 'ETA' && fail "stdin has no total, yet an ETA was shown"

# ---- an eval task (PolNeAR dev, 5 articles): same contract, stdout byte-identical ----------
pol="$SL_SHARED/data/quotes/polnear_dev"
if [ -d "$pol/text" ]; then
  SL_PROGRESS=1 "$STORYLINE" eval quotes --data "$pol" --limit 5 --json >"$t/q1.out" 2>"$t/q1.err" || fail "eval quotes failed"
  bar_ok "$t/q1.err" "eval quotes" "5/5"
  "$STORYLINE" eval quotes --data "$pol" --limit 5 --json >"$t/q2.out" 2>"$t/q2.err" || fail "eval quotes (no terminal) failed"
  [ -s "$t/q2.err" ] && { cat -A "$t/q2.err"; fail "eval quotes without a terminal wrote to stderr"; }
  SL_PROGRESS=1 "$STORYLINE" eval quotes --quiet --data "$pol" --limit 5 --json >"$t/q3.out" 2>"$t/q3.err" || fail "eval quotes --quiet failed"
  [ -s "$t/q3.err" ] && fail "eval quotes --quiet wrote to stderr"
  SL_PROGRESS=1 "$STORYLINE" -q eval quotes --data "$pol" --limit 5 --json >"$t/q4.out" 2>/dev/null || fail "storyline -q eval quotes failed"
  grep -q '"direct_f1"' "$t/q1.out" || fail "eval quotes printed no JSON result"
  for m in q2 q3 q4; do cmp -s "$t/q1.out" "$t/$m.out" || fail "eval quotes stdout differs between modes ($m)"; done
else
  echo "note: no PolNeAR data under $pol; the eval part was not run"
fi

# ---- a real terminal (util-linux script): on without the override, off with --quiet -------
if command -v script >/dev/null 2>&1; then
  script -qec "'$STORYLINE' ingest --db '$t/h.db' '$seeds'" /dev/null >"$t/h.tty" 2>&1 </dev/null ||
    fail "ingest under script failed"
  bar_ok "$t/h.tty" ingest "3/3"
  script -qec "'$STORYLINE' ingest --quiet --db '$t/i.db' '$seeds'" /dev/null >"$t/i.tty" 2>&1 </dev/null ||
    fail "ingest --quiet under script failed"
  [ -s "$t/i.tty" ] && { cat -A "$t/i.tty"; fail "ingest --quiet on a terminal printed something"; }
fi

# ---- every command and eval task accepts --quiet, and its --help mentions it ------------------
cmds=$("$STORYLINE" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}')
[ -n "$cmds" ] || fail "no command list"
"$STORYLINE" --help | grep -q -- '--quiet' || fail "storyline --help does not mention --quiet"
"$STORYLINE" --help | grep -q 'SL_PROGRESS' || fail "storyline --help does not document SL_PROGRESS"
for c in $cmds; do
  "$STORYLINE" "$c" --quiet --help >"$t/h" 2>&1 || fail "$c --quiet --help: exit $?"
  grep -q -- '--quiet' "$t/h" || fail "$c --help does not mention --quiet"
  "$STORYLINE" -q "$c" --help >/dev/null 2>&1 || fail "-q $c --help: exit $?"
done
tasks=$("$STORYLINE" eval --help | awk '/^tasks:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}')
[ -n "$tasks" ] || fail "no eval task list"
for k in $tasks; do
  "$STORYLINE" eval "$k" --quiet --help >"$t/h" 2>&1 || fail "eval $k --quiet --help: exit $?"
  grep -q -- '--quiet' "$t/h" || fail "eval $k --help does not mention --quiet"
done
echo "ok: bar with rate and ETA on ingest and eval quotes; --quiet/no terminal leave stdout identical"
