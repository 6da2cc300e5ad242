#!/bin/sh
# idempotent.sh — the same article twice is stored once; re-ingesting a folder adds only
# what is new; story ids stay stable; recluster gives the same stories.
set -u
t=$(mktemp -d /tmp/sl-idem.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$t/s.db"
mkdir "$t/in"
printf 'Harbour reopens\n\nThe old harbour reopened on Friday after two years of repairs to the sea wall.\n' > "$t/in/a.txt"
printf 'Election called\n\nThe prime minister called an early election for the spring, citing a deadlocked parliament.\n' > "$t/in/b.txt"

"$STORYLINE" ingest --db "$db" "$t/in" "$t/in/a.txt" 2>"$t/err" || fail "first ingest exit $?"
grep -q "2 added, 1 already present, 0 rejected" "$t/err" || { cat "$t/err"; fail "counts of the first ingest"; }
[ "$(sqlite3 "$db" 'SELECT count(*) FROM articles')" -eq 2 ] || fail "same article stored twice"
"$STORYLINE" stories --db "$db" --json > "$t/st1"

# a copy under another name is the same content: present
cp "$t/in/a.txt" "$t/in/a-copy.txt"
printf 'Bridge closed\n\nThe river bridge was closed to traffic after inspectors found cracks in two pillars.\n' > "$t/in/c.txt"
"$STORYLINE" ingest --db "$db" "$t/in" 2>"$t/err"; rc=$?
[ $rc -eq 0 ] || fail "second ingest exit $rc"
grep -q "1 added, 3 already present, 0 rejected" "$t/err" || { cat "$t/err"; fail "counts of the re-ingest"; }
[ "$(sqlite3 "$db" 'SELECT count(*) FROM articles')" -eq 3 ] || fail "re-ingest did not add exactly the new file"
[ "$(sqlite3 "$db" 'SELECT count(DISTINCT seq) FROM articles')" -eq 3 ] || fail "arrival numbers not unique"

# stories of the first two articles kept their ids
"$STORYLINE" stories --db "$db" --json > "$t/st2"
for id in $(jq -r .id "$t/st1"); do
  grep -q "\"$id\"" "$t/st2" || fail "story $id vanished after re-ingest"
done

# recluster: the same stories again (deterministic)
"$STORYLINE" recluster --db "$db" 2>/dev/null || fail "recluster failed"
"$STORYLINE" stories --db "$db" --json | jq -c '{id, articles}' > "$t/st3"
jq -c '{id, articles}' "$t/st2" > "$t/st2c"
cmp -s "$t/st2c" "$t/st3" || { diff "$t/st2c" "$t/st3"; fail "recluster changed the stories"; }
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
echo "ok: idempotent ingest, stable ids, deterministic recluster"
