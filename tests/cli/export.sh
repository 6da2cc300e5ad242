#!/bin/sh
# export.sh — export jsonl/csv/gdelt, quotes and events listings, and read-only commands
# on a missing database (exit 1, no database created).
set -u
t=$(mktemp -d /tmp/sl-export.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$t/s.db"
"$STORYLINE" ingest -q --db "$db" "$SL_SHARED"/seeds/*.txt || fail "ingest"
n=$(sqlite3 "$db" 'SELECT count(*) FROM articles')
"$STORYLINE" export --db "$db" --format jsonl > "$t/j" || fail "export jsonl"
[ "$(wc -l < "$t/j")" -eq "$n" ] || fail "jsonl: one line per article"
jq -e 'has("text") and has("story") and has("entities") and has("sentences") and has("quotes") and has("events")' "$t/j" >/dev/null || fail "jsonl fields"
"$STORYLINE" export --db "$db" --format csv > "$t/c" || fail "export csv"
head -1 "$t/c" | grep -q '^id,seq,story,published,source,title,url,path,duplicate_of' || fail "csv header"
[ "$(grep -c . "$t/c")" -ge $((n + 1)) ] || fail "csv rows"
"$STORYLINE" export --db "$db" --format gdelt > "$t/g" || fail "export gdelt"
head -1 "$t/g" | grep -q '^GLOBALEVENTID	SQLDATE	Actor1Code' || fail "gdelt header"
awk -F'\t' 'NF != 14 { exit 1 }' "$t/g" || fail "gdelt rows must have 14 columns"
"$STORYLINE" events --db "$db" --format jsonl > "$t/e" || fail "events jsonl"
"$STORYLINE" quotes --db "$db" --json > "$t/q" || fail "quotes json"
[ "$(wc -l < "$t/q")" -eq "$(sqlite3 "$db" 'SELECT count(*) FROM quotes')" ] || fail "quotes: one line per stored quote"
"$STORYLINE" quotes --db "$db" --story no-such-story 2>/dev/null && fail "quotes of an unknown story should fail"
"$STORYLINE" export --db "$db" --format xml 2>/dev/null; [ $? -eq 1 ] || fail "unknown export format"
for c in articles stories entities quotes events recluster; do
  "$STORYLINE" $c --db "$t/none.db" >/dev/null 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "$c on a missing database: exit $rc"
done
[ -e "$t/none.db" ] && fail "a read-only command created a database"
"$STORYLINE" show --db "$db" zzzz 2>/dev/null; [ $? -eq 1 ] || fail "show of an unknown story"
echo "ok"
