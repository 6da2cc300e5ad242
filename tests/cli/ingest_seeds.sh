#!/bin/sh
# ingest_seeds.sh — issue 2 on the three seed articles: two stories (the two Trump–Putin /
# APEC articles together, the Kim–Putin article alone), readable summaries without
# boilerplate, and the expected people and places among the entities.
# Needs: the reader, clean (boilerplate), NER + alias, and the clusterer.
set -u
t=$(mktemp -d /tmp/sl-seeds.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$t/s.db"
seeds="$SL_SHARED/seeds"

"$STORYLINE" ingest --db "$db" "$seeds"/*.txt 2>"$t/err"
rc=$?
[ $rc -eq 0 ] || { cat "$t/err"; fail "ingest exit code $rc"; }
"$STORYLINE" articles --db "$db" --json > "$t/articles" || fail "articles failed"
[ "$(wc -l < "$t/articles")" -eq 3 ] || fail "expected 3 articles, got $(wc -l < "$t/articles")"
id_of() { jq -r --arg p "$1" 'select(.path | endswith($p)) | .id' "$t/articles"; }
a0=$(id_of 000_c3e106af9eabc524.txt); a1=$(id_of 001_e8da890de1d0a941.txt); a2=$(id_of 002_0fbb9887d98a567f.txt)
[ -n "$a0" ] && [ -n "$a1" ] && [ -n "$a2" ] || fail "seed articles not found by path"

"$STORYLINE" stories --db "$db" --json > "$t/stories" || fail "stories failed"
n=$(wc -l < "$t/stories")
[ "$n" -eq 2 ] || { cat "$t/stories"; fail "expected exactly 2 stories, got $n"; }
pair=$(jq -c --arg a "$a0" --arg b "$a1" 'select((.articles | sort) == ([$a, $b] | sort)) | .id' "$t/stories")
[ -n "$pair" ] || fail "the two Trump-Putin/APEC articles are not one story"
alone=$(jq -c --arg a "$a2" 'select(.articles == [$a]) | .id' "$t/stories")
[ -n "$alone" ] || fail "the Kim-Putin article is not a story of its own"

for id in $(jq -r .id "$t/stories"); do
  "$STORYLINE" show --db "$db" "$id" > "$t/show" || fail "show $id failed"
  grep -q "^Summary" "$t/show" || fail "show $id has no summary section"
  for bad in "Photo credit" "AFP PHOTO" "Story highlights" "Source: CNN" "contributed to this report" "top stories"; do
    grep -qi "$bad" "$t/show" && { cat "$t/show"; fail "boilerplate '$bad' in show $id"; }
  done
  "$STORYLINE" show --db "$db" --json --words 40 "$id" > "$t/showj" || fail "show --json $id failed"
  w=$(jq -r '[.summary[].text] | join(" ")' "$t/showj" | wc -w)
  [ "$w" -gt 0 ] && [ "$w" -le 60 ] || fail "summary of $id with --words 40 has $w words"
done

"$STORYLINE" entities --db "$db" --json > "$t/entities" || fail "entities failed"
for name in "Vladimir Putin" "Donald Trump" "Kim Jong Un" "Dmitry Peskov" "Rex Tillerson" "Danang" "Vietnam" "Vladivostok"; do
  # -s: jq 1.6's -e looks only at the last input's result, so select over lines cannot be trusted
  jq -s -e --arg n "$name" 'any(.[]; .name == $n)' "$t/entities" >/dev/null || fail "entity '$name' missing"
done
echo "ok: 2 stories, no boilerplate, entities present"
