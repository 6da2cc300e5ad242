#!/bin/sh
# The clusterer's state is persisted as a snapshot plus the stored articles after it, which a
# new process replays (src/session.c). Replaying must rebuild exactly the state that assigned
# those articles: a stream ingested in one process and the same stream ingested by several
# processes (each starting from a snapshot written at a different point, or from none, and
# replaying the rest) must give the same stories, the same near-duplicate links and the same
# merges; `recluster` must give them again.
set -u
STORYLINE=${STORYLINE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "state_replay: $*" >&2; exit 1; }

# 2600 short articles about 70 invented topics, with dates, shared boilerplate words, some
# exact re-posts (near-duplicates) and topics that share a name (merge candidates).
awk 'BEGIN {
  srand(11)
  split("harbour council budget strike flood election trial bridge vaccine pipeline", w, " ")
  for (i = 0; i < 2600; i++) {
    t = int(rand() * 70); u = (t + 1) % 70
    day = 1 + int(i / 120); if (day > 28) day = 28
    a = w[1 + int(rand() * 10)]; b = w[1 + int(rand() * 10)]
    text = sprintf("Mayor Quentin Vorlak%d of Brenford%d met the Tessaly%d council about the %s. The Vorlak%d plan for the %s of Brenford%d drew protests, said Irma Castel%d of the Dunmore%d group. Residents near Brenford%d want the Ossian%d %s stopped.", t, t, t, a, t, b, t, t, u, t, t, a)
    if (rand() < 0.05) text = sprintf("Mayor Quentin Vorlak%d of Brenford%d met the Tessaly%d council about the harbour. The Vorlak%d plan for the harbour of Brenford%d drew protests, said Irma Castel%d of the Dunmore%d group. Residents near Brenford%d want the Ossian%d harbour stopped. The Brenford%d harbour board, the Tessaly%d council and the Dunmore%d group meet again next month to settle the Vorlak%d plan for the harbour. (Report %d)", t, t, t, t, t, t, u, t, t, t, t, u, t, i)
    printf "{\"id\":\"r%d\",\"title\":\"Brenford%d %s row\",\"published\":\"2020-03-%02d\",\"text\":\"%s\"}\n", i, t, a, day, text
  }
}' >"$tmp/all.jsonl"
[ "$(wc -l <"$tmp/all.jsonl")" -eq 2600 ] || fail "generator"

"$STORYLINE" --quiet ingest --db "$tmp/one.db" --format jsonl "$tmp/all.jsonl" >/dev/null 2>&1 ||
  fail "one-process ingest failed"
# several processes: 700 (no snapshot yet), +700 (replays 700, then snapshots), +50 (replays
# nothing), +1100 (its first flush writes a snapshot), then the last 50
first=1
for n in 700 700 50 1100 50; do
  tail -n "+$first" "$tmp/all.jsonl" | head -n "$n" >"$tmp/part.jsonl"
  "$STORYLINE" --quiet ingest --db "$tmp/many.db" --format jsonl "$tmp/part.jsonl" >/dev/null 2>&1 ||
    fail "ingest of lines $first.. failed"
  first=$((first + n))
done

# id, story and near-duplicate link of each article (path, line and time differ by design)
fields() { sed 's/.*"id":\("[^"]*"\).*"story":\("[^"]*"\),"duplicate_of":\([^,]*\),.*/\1 \2 \3/'; }
"$STORYLINE" articles --db "$tmp/one.db" --json | fields >"$tmp/one.articles" || fail "articles (one)"
"$STORYLINE" articles --db "$tmp/many.db" --json | fields >"$tmp/many.articles" || fail "articles (many)"
"$STORYLINE" stories --db "$tmp/one.db" --json >"$tmp/one.stories" || fail "stories (one)"
"$STORYLINE" stories --db "$tmp/many.db" --json >"$tmp/many.stories" || fail "stories (many)"
# (random texts can repeat exactly: those are stored once)
[ "$(wc -l <"$tmp/one.articles")" -gt 2000 ] || fail "expected > 2000 articles, got $(wc -l <"$tmp/one.articles")"
nstories=$(wc -l <"$tmp/one.stories")
[ "$nstories" -gt 10 ] || fail "only $nstories stories: the stream does not exercise assignment"
grep -q ' "r[0-9]*"$' "$tmp/one.articles" || fail "no near-duplicate in the stream"
cmp -s "$tmp/one.articles" "$tmp/many.articles" ||
  fail "articles differ between one process and several: $(diff "$tmp/one.articles" "$tmp/many.articles" | head -4)"
cmp -s "$tmp/one.stories" "$tmp/many.stories" ||
  fail "stories differ between one process and several: $(diff "$tmp/one.stories" "$tmp/many.stories" | head -4)"

# recluster rebuilds the same stories, and a later ingest replays onto the rebuilt snapshot
"$STORYLINE" --quiet recluster --db "$tmp/many.db" >/dev/null 2>&1 || fail "recluster failed"
"$STORYLINE" stories --db "$tmp/many.db" --json >"$tmp/re.stories" || fail "stories (recluster)"
cmp -s "$tmp/one.stories" "$tmp/re.stories" || fail "recluster changed the stories"
echo '{"id":"late","title":"Brenford3 harbour row","published":"2020-03-28","text":"Mayor Quentin Vorlak3 of Brenford3 met the Tessaly3 council about the harbour again. Irma Castel3 of the Dunmore4 group said the Vorlak3 plan for Brenford3 is dead."}' >"$tmp/late.jsonl"
for db in one many; do
  "$STORYLINE" --quiet ingest --db "$tmp/$db.db" --format jsonl "$tmp/late.jsonl" >/dev/null 2>&1 || fail "late ingest ($db)"
  "$STORYLINE" articles --db "$tmp/$db.db" --json | grep '"id":"late"' | fields >"$tmp/$db.late"
done
[ -s "$tmp/one.late" ] || fail "late article not listed"
cmp -s "$tmp/one.late" "$tmp/many.late" || fail "late article placed differently: $(cat "$tmp/one.late" "$tmp/many.late")"
echo "state_replay: ok ($nstories stories, one process = five processes = recluster)"
