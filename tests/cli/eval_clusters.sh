#!/bin/sh
# eval_clusters.sh — regression test for story assignment (`storyline eval clusters`).
# Runs the clusterer on fast sets read in place (WikiRef220, MStream News-T, DUC 2003 pooled,
# converted to a temp file, and the repo's WikiNews sample corpus) and fails when pairwise or
# BCubed F1 drops more than 0.5 below the figures recorded in docs/CLUSTERING.md. Also checks
# that the output is deterministic and that the two Trump–Putin seed articles land in one story.
set -eu
: "${STORYLINE:?}" "${SL_SHARED:?}"
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# recorded figures (pairwise F1, BCubed F1), see docs/CLUSTERING.md; re-recorded 2026-12-06
# 00:30 UTC with the beam-trained NER model, whose entities moved them up (WikiRef220 90.80 /
# 90.01, DUC 73.79 / 82.46, DUC --bg 1 75.78 / 84.17, DUC --scorer model 71.74 / 82.17 before)
# 2026-12-06 01:35 UTC: the headline agreement factor (title_weight 1) moved WikiRef220 from 91.78 /
# 91.05 and WikiNews from 94.61 / 95.18 (still checked below with --title-weight 0)
WIKIREF_PF1=92.30 WIKIREF_BF1=91.46
DUC_PF1=77.73 DUC_BF1=84.84
WIKINEWS_PF1=96.67 WIKINEWS_BF1=97.01  # 94.61 / 95.18 before title_weight; 89.71 / 90.83 before time_floor 0.9 and merges without decay (2026-12-05 23:45 UTC)

fail() { echo "eval_clusters: $*" >&2; exit 1; }

field() { # field NAME JSON
  printf '%s\n' "$2" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"
}

check() { # check NAME FILE PF1 BF1 [EXTRA OPTIONS]
  name=$1 file=$2 rp=$3 rb=$4; shift 4
  out=$("$STORYLINE" eval clusters --data "$file" --json "$@") || fail "$name: eval failed"
  js=$(printf '%s\n' "$out" | tail -1)
  pf=$(field pairwise_f1 "$js"); bf=$(field bcubed_f1 "$js")
  [ -n "$pf" ] && [ -n "$bf" ] || fail "$name: no figures in: $js"
  echo "$name: pairwise F1 $pf (recorded $rp), BCubed F1 $bf (recorded $rb)"
  awk -v a="$pf" -v b="$rp" 'BEGIN { exit !(a + 0.5 >= b) }' || fail "$name: pairwise F1 $pf < $rp - 0.5"
  awk -v a="$bf" -v b="$rb" 'BEGIN { exit !(a + 0.5 >= b) }' || fail "$name: BCubed F1 $bf < $rb - 0.5"
}

wikiref=$SL_SHARED/data/clust/wikiref220/wikiref220.jsonl
duc=$SL_SHARED/data/summ/duc2003/clusters
[ -f "$wikiref" ] || fail "missing $wikiref"
[ -d "$duc" ] || fail "missing $duc"

check wikiref220 "$wikiref" "$WIKIREF_PF1" "$WIKIREF_BF1"

# MStream News-T (11,109 headlines, 152 stories, file order = stream order): recorded 2026-12-06
# ~01:40 UTC with short_shared 2 and merge_rest 0.08 (both off, `--short-shared 1 --merge-rest 0`,
# it gives 75.31 / 78.45; the switches are tested in tests/unit/test_story.c)
mstream=$SL_SHARED/data/clust/mstream_news/news_t.jsonl
[ -f "$mstream" ] || fail "missing $mstream"
check mstream "$mstream" 80.17 82.80

sh "$here/eval/duc2jsonl.sh" "$duc" "$tmp/duc.jsonl"
[ "$(wc -l <"$tmp/duc.jsonl")" -eq 298 ] || fail "DUC 2003 conversion: expected 298 records"
check duc2003 "$tmp/duc.jsonl" "$DUC_PF1" "$DUC_BF1"
# the gold's own ceiling: 9 DUC documents are filed under two topics each, and a document's copies
# must share a story, so no clusterer can exceed pairwise F1 94.86 / BCubed F1 96.28 on this file
js=$("$STORYLINE" eval clusters --data "$tmp/duc.jsonl" --json --merge-every 0 | tail -1)
[ "$(field multi_labelled "$js")" = 9 ] || fail "duc2003: expected 9 multi-labelled ids in: $js"
[ "$(field ceiling_pairwise_f1 "$js")" = 94.86 ] && [ "$(field ceiling_bcubed_f1 "$js")" = 96.28 ] ||
  fail "duc2003: ceiling is not 94.86 / 96.28 in: $js"
# the background IDF prior (models/story-df.bin, off by default): recorded with --bg 1
check duc2003-bg "$tmp/duc.jsonl" 76.32 84.75 --bg 1

sh "$here/eval/duc2jsonl.sh" "$here/samples/wikinews" "$tmp/wikinews.jsonl"
[ "$(wc -l <"$tmp/wikinews.jsonl")" -eq 100 ] || fail "WikiNews conversion: expected 100 records"
check wikinews "$tmp/wikinews.jsonl" "$WIKINEWS_PF1" "$WIKINEWS_BF1" --out "$tmp/a.tsv"
# without the headline factor the sample is back to its figures before it (15 stories, every
# error a split): the factor, not something else, is what joins the follow-ups
check wikinews-notitle "$tmp/wikinews.jsonl" 94.61 95.18 --title-weight 0
js=$("$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --json --title-weight 0 | tail -1)
[ "$(field stories "$js")" -gt "$(field stories "$("$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --json | tail -1)")" ] ||
  fail "wikinews: --title-weight 0 should leave more stories than the default"

# the learned scorer (resources/story-model.tsv, off by default): recorded with --scorer model
check duc2003-model "$tmp/duc.jsonl" 72.36 82.59 --scorer model

# the trainer: gold replay rows and the clusterer's own rows on the sample, a deterministic fit,
# and the fitted model evaluates
"$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --dump-rows "$tmp/rows" >/dev/null || fail "dump-rows failed"
"$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --dump-rows "$tmp/rows" --dump-policy --out "$tmp/p.tsv" >/dev/null ||
  fail "dump-rows --dump-policy failed"
cmp -s "$tmp/a.tsv" "$tmp/p.tsv" || fail "reporting features changed the cosine scorer's decisions"
nrows=$(wc -l <"$tmp/rows")
[ "$nrows" -gt 100 ] || fail "only $nrows training rows"
awk -F'\t' 'NF != 19 || ($4 != 0 && $4 != 1) { bad++ } $4 == 1 { pos++ } END { exit !(bad == 0 && pos > 50) }' "$tmp/rows" ||
  fail "malformed training rows (19 fields, label 0/1, some positives expected)"
"$STORYLINE" eval clusters --fit "$tmp/rows" --model-out "$tmp/m1.tsv" >/dev/null || fail "fit failed"
"$STORYLINE" eval clusters --fit "$tmp/rows" --model-out "$tmp/m2.tsv" >/dev/null || fail "second fit failed"
cmp -s "$tmp/m1.tsv" "$tmp/m2.tsv" || fail "the fit is not deterministic"
js=$("$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --json --model "$tmp/m1.tsv" | tail -1)
pf=$(field pairwise_f1 "$js")
awk -v a="$pf" 'BEGIN { exit !(a > 50) }' || fail "a model fitted on the sample scores pairwise F1 $pf on it"
echo "trainer: $nrows rows, fitted model on its own data: pairwise F1 $pf"
: >"$tmp/empty"
if "$STORYLINE" eval clusters --fit "$tmp/empty" --model-out "$tmp/m3.tsv" >/dev/null 2>&1; then
  fail "a fit on no rows succeeded"
fi
printf 'long\tbias\t1\n' >"$tmp/bad.tsv"
if "$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --model "$tmp/bad.tsv" >/dev/null 2>&1; then
  fail "an incomplete model was accepted"
fi

# determinism: the same input gives the same assignment, record for record
"$STORYLINE" eval clusters --data "$tmp/wikinews.jsonl" --out "$tmp/b.tsv" >/dev/null
cmp -s "$tmp/a.tsv" "$tmp/b.tsv" || fail "two runs assigned differently"

# seeds: the two Trump–Putin/APEC articles form one story
mkdir -p "$tmp/seeds/apec" "$tmp/seeds/kim"
set -- "$SL_SHARED"/seeds/*.txt
[ $# -eq 3 ] || fail "expected 3 seed articles"
cp "$1" "$tmp/seeds/apec/0.txt"; cp "$2" "$tmp/seeds/apec/1.txt"; cp "$3" "$tmp/seeds/kim/2.txt"
sh "$here/eval/duc2jsonl.sh" "$tmp/seeds" "$tmp/seeds.jsonl"
"$STORYLINE" eval clusters --data "$tmp/seeds.jsonl" --out "$tmp/seeds.tsv" >/dev/null
a=$(sed -n 1p "$tmp/seeds.tsv" | cut -f3); b=$(sed -n 2p "$tmp/seeds.tsv" | cut -f3)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "the two APEC seed articles are in different stories ($a, $b)"

# a bad parameter value is refused with a message naming the option, never run as 0 or wrapped
for bad in "--short-shared -3" "--merge-rest nan" "--title-weight abc" "--dyad 2" "--join 1e400"; do
  opt=${bad%% *}
  # shellcheck disable=SC2086  # $bad is an option and its value
  if "$STORYLINE" eval clusters --data "$tmp/seeds.jsonl" $bad >"$tmp/bad.out" 2>"$tmp/bad.err"; then
    fail "eval clusters accepted $bad"
  fi
  grep -q -- "$opt" "$tmp/bad.err" || fail "eval clusters $bad: the message does not name $opt"
done
echo "ok"
