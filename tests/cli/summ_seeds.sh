#!/bin/sh
# summ_seeds.sh — gold test of issue #7 on the seeds: the APEC story (seeds 000 and 001)
# gets a summary that mentions the meeting, APEC/Danang and North Korea, and `show --json`
# reports the modality disagreement about the Trump–Putin meeting with its three speakers
# (Kremlin spokesman Peskov: likely; aide Ushakov: will take place; Tillerson: undecided),
# each claim with an article id and offsets that point at its text. With the third seed
# (Kim–Putin) in the database the disagreement must still be found and must not take in the
# Kim–Putin meeting. `show` (text) prints the three sections. `summarize` (text-only engine)
# gives the full engine's summary on the degraded seed.
set -u
t=$(mktemp -d /tmp/sl-summ.XXXXXX)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
apec="$SL_SHARED/seeds/000_c3e106af9eabc524.txt $SL_SHARED/seeds/001_e8da890de1d0a941.txt"

# one-shot summary of the APEC pair
# shellcheck disable=SC2086
"$STORYLINE" summarize --words 100 $apec > "$t/sum" || fail "summarize"
grep -qi 'meet' "$t/sum" || fail "summary does not mention the meeting: $(cat "$t/sum")"
grep -Eqi 'APEC|Asia-Pacific Economic Cooperation|Danang' "$t/sum" || fail "summary does not mention APEC/Danang: $(cat "$t/sum")"
grep -qi 'North Korea' "$t/sum" || fail "summary does not mention North Korea: $(cat "$t/sum")"

check_story() { # DB: the story holding seed 001 has the modality disagreement
  db=$1
  sid=$("$STORYLINE" articles --db "$db" --json | jq -r 'select(.path | test("001_e8da")) | .story')
  [ -n "$sid" ] || fail "no story for seed 001"
  "$STORYLINE" show --db "$db" --json "$sid" > "$t/story.json" || fail "show --json"
  jq -e '(.summary | type) == "array" and (.timeline | type) == "array" and (.disagreements | type) == "array"' \
    "$t/story.json" >/dev/null || fail "show --json lacks summary/timeline/disagreements arrays"
  jq -e '.summary[] | has("article") and has("start") and has("end")' "$t/story.json" >/dev/null || fail "summary items need article and offsets"
  jq -c '.disagreements[] | select(.kind == "modality" and (.what | test("meeting")))' "$t/story.json" > "$t/mod"
  [ -s "$t/mod" ] || fail "no modality disagreement about the meeting: $(jq -c .disagreements "$t/story.json")"
  for who in Peskov Ushakov Tillerson; do
    jq -e --arg w "$who" '[.speakers[] | select(test($w))] | length > 0' "$t/mod" >/dev/null ||
      fail "speaker $who missing: $(cat "$t/mod")"
  done
  jq -e '[.claims[] | select((.speaker // "") | test("Ushakov"))][0] | .modality == "certain" and (.value | test("will take place"))' "$t/mod" >/dev/null ||
    fail "Ushakov's side should be certain (will take place)"
  jq -e '[.claims[] | select((.speaker // "") | test("Tillerson"))][0].modality == "undecided"' "$t/mod" >/dev/null ||
    fail "Tillerson's side should be undecided"
  jq -e '[.claims[] | select((.speaker // "") | test("Peskov"))][0].modality == "probable"' "$t/mod" >/dev/null ||
    fail "Peskov's side should be probable"
  jq -e '[.claims[].text] | map(test("Kim")) | any | not' "$t/mod" >/dev/null || fail "the Kim–Putin meeting was mixed in"
  # offsets: each claim's text is its article's text[start, end) (bytes, hence head/tail -c)
  "$STORYLINE" export --db "$db" --format jsonl > "$t/exp" || fail "export"
  jq -c '.claims[]' "$t/mod" | while read -r c; do
    a=$(printf '%s' "$c" | jq -r .article)
    got=$(jq -r --arg a "$a" 'select(.id == $a) | .text' "$t/exp" | head -c "$(printf '%s' "$c" | jq .end)" | tail -c "+$(( $(printf '%s' "$c" | jq .start) + 1 ))")
    want=$(printf '%s' "$c" | jq -r .text)
    [ "$got" = "$want" ] || { echo "offsets of $c point at: $got"; exit 1; }
  done || fail "claim offsets"
}

"$STORYLINE" ingest -q --db "$t/apec.db" $apec || fail "ingest APEC seeds"
[ "$("$STORYLINE" stories --db "$t/apec.db" --json | wc -l)" -eq 1 ] || fail "the APEC seeds should make one story"
check_story "$t/apec.db"
sid=$("$STORYLINE" stories --db "$t/apec.db" --json | jq -r .id)
jq -r '.summary[].text' "$t/story.json" > "$t/ssum"
grep -qi 'meet' "$t/ssum" || fail "story summary does not mention the meeting"
grep -Eqi 'APEC|Asia-Pacific Economic Cooperation|Danang' "$t/ssum" || fail "story summary does not mention APEC/Danang: $(cat "$t/ssum")"
grep -qi 'North Korea' "$t/ssum" || fail "story summary does not mention North Korea"
# the text-only engine of `summarize` must give what the full engine stored
"$STORYLINE" summarize --json $apec | jq -c '[.sentences[] | [.text, .article, .start, .end]]' > "$t/lite"
jq -c '[.summary[] | [.text, .article, .start, .end]]' "$t/story.json" > "$t/full"
cmp -s "$t/full" "$t/lite" || fail "summarize (text-only engine) differs from the stored story summary (full engine)"
"$STORYLINE" show --db "$t/apec.db" "$sid" > "$t/show.txt" || fail "show"
for sec in Summary Timeline Disagreements; do grep -q "^$sec" "$t/show.txt" || fail "show prints no $sec section"; done
grep -q 'Ushakov' "$t/show.txt" || fail "show's disagreements do not name Ushakov"

"$STORYLINE" ingest -q --db "$t/all.db" "$SL_SHARED"/seeds/*.txt || fail "ingest all seeds"
check_story "$t/all.db"

# `summarize` runs a text-only engine (no NER, no CAMEO, the lower-case model loaded only for
# degraded text): its summary of the degraded seed 002 must be the stored story's (full engine)
s2="$SL_SHARED/seeds/002_0fbb9887d98a567f.txt"
"$STORYLINE" ingest -q --db "$t/k.db" "$s2" || fail "ingest seed 002"
k=$("$STORYLINE" stories --db "$t/k.db" --json | jq -r .id)
"$STORYLINE" show --db "$t/k.db" --json "$k" | jq -c '[.summary[] | [.text, .article, .start, .end]]' > "$t/full"
"$STORYLINE" summarize --json "$s2" | jq -c '[.sentences[] | [.text, .article, .start, .end]]' > "$t/lite"
[ -s "$t/full" ] && cmp -s "$t/full" "$t/lite" || fail "summarize (text-only engine) differs from the full engine on seed 002"
echo "ok"
