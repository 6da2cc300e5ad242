#!/bin/sh
# ingest_bad_input.sh — bad inputs are each named on stderr (with the line for JSON Lines),
# the good ones are still stored, the database stays intact, and the exit code is 2.
# Inputs: a missing path, an empty file, a binary file, invalid UTF-8, NUL bytes, a 50 MB
# single line (generated here, never committed), a malformed JSON Lines record.
set -u
t=$(mktemp -d /tmp/sl-bad.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; [ -f "$t/err" ] && sed 's/^/  stderr: /' "$t/err" | head -30; exit 1; }

printf 'Good article one\n\nThe city council approved the new budget on Tuesday after a long debate.\n' > "$t/good1.txt"
: > "$t/empty.txt"
head -c 4096 /dev/urandom > "$t/binary.bin"
printf 'Bad encoding\n\nThis text has an invalid byte \377\376 in the middle of it.\n' > "$t/badutf8.txt"
printf 'Nul bytes\n\nThis text has a NUL\000byte inside it and more text.\n' > "$t/nul.txt"
# 50 MB on one line, no newline at all
head -c 52428800 /dev/zero | tr '\0' 'a' > "$t/huge.txt"
{
  printf '%s\n' '{"id":"j1","title":"Feed one","text":"The river flooded the lower town after three days of rain."}'
  printf '%s\n' '{"id":"j2","title":"Broken", "text": "unterminated'
  printf '%s\n' '{"id":"j3","title":"Feed three","text":"Farmers reported a record harvest of wheat this autumn."}'
} > "$t/feed.jsonl"

"$STORYLINE" ingest --db "$t/s.db" "$t/good1.txt" "$t/missing.txt" "$t/empty.txt" "$t/binary.bin" \
  "$t/badutf8.txt" "$t/nul.txt" "$t/huge.txt" "$t/feed.jsonl" 2>"$t/err"
rc=$?
[ "$rc" -eq 2 ] || fail "exit code $rc, expected 2"

grep -q "missing.txt" "$t/err" || fail "missing path not named"
grep -q "empty.txt" "$t/err" || fail "empty file not named"
grep -q "binary.bin" "$t/err" || fail "binary file not named"
grep -q "huge.txt" "$t/err" || fail "50 MB line not named"
grep -q "feed.jsonl:2" "$t/err" || fail "malformed JSON Lines record not named with its line"
# every message line names an input
grep -v "added," "$t/err" | grep -v "$t/" && fail "a message does not name its input"

n=$(sqlite3 "$t/s.db" 'SELECT count(*) FROM articles')
ids=$(sqlite3 "$t/s.db" "SELECT count(*) FROM articles WHERE id IN ('j1','j3')")
[ "$ids" -eq 2 ] || fail "the good JSON Lines records were not stored ($ids of 2)"
good=$(sqlite3 "$t/s.db" "SELECT count(*) FROM articles WHERE path LIKE '%good1.txt'")
[ "$good" -eq 1 ] || fail "good1.txt not stored"
# invalid UTF-8 / NUL bytes may be repaired and stored, or rejected and named; never half-stored
for f in badutf8 nul; do
  stored=$(sqlite3 "$t/s.db" "SELECT count(*) FROM articles WHERE path LIKE '%$f.txt'")
  if [ "$stored" -eq 0 ]; then grep -q "$f.txt" "$t/err" || fail "$f.txt neither stored nor named"; fi
done
bad=$(sqlite3 "$t/s.db" "SELECT count(*) FROM articles WHERE path LIKE '%empty.txt' OR path LIKE '%binary.bin' OR path LIKE '%huge.txt'")
[ "$bad" -eq 0 ] || fail "a rejected input was stored"
# stored text is valid UTF-8 without NUL bytes (whatever repair did)
sqlite3 "$t/s.db" "SELECT count(*) FROM articles WHERE instr(text, char(0)) > 0" | grep -qx 0 || fail "NUL byte stored"
[ "$(sqlite3 "$t/s.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
[ "$(sqlite3 "$t/s.db" 'PRAGMA foreign_key_check' | wc -l)" -eq 0 ] || fail "foreign_key_check failed"
grep -q "rejected" "$t/err" || fail "no final counts"
echo "ok: $n articles stored, rejections named, database intact"

# a database path that cannot be used is fatal (exit 1)
"$STORYLINE" ingest --db "$t" "$t/good1.txt" 2>/dev/null
[ $? -eq 1 ] || fail "a directory as database should be fatal"
"$STORYLINE" ingest --db "$t/binary.bin" "$t/good1.txt" 2>/dev/null
[ $? -eq 1 ] || fail "a non-database file as database should be fatal"
"$STORYLINE" ingest --db "$t/x.db" --format nonsense "$t/good1.txt" 2>/dev/null
[ $? -eq 1 ] || fail "bad --format should be fatal"
exit 0
