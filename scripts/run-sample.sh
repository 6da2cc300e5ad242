#!/bin/sh
# run-sample.sh — the README's first command: installs the Debian packages and builds
# storyline if needed, ingests the
# WikiNews sample (samples/wikinews: 10 stories x 10 articles, one folder per story) into
# ./sample.db, prints the stories table, and scores the stories against the folders with
# pairwise precision/recall (over all pairs of articles: same story vs same folder).
#
#   scripts/run-sample.sh            build if needed, use ./build/storyline and ./sample.db
#   STORYLINE=path/to/storyline SAMPLE_DB=/tmp/x.db scripts/run-sample.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${STORYLINE:-}" ]; then
  STORYLINE="$root/build/storyline"
  if [ ! -x "$STORYLINE" ]; then
    "$root/scripts/install-deps.sh" >&2   # Debian packages the build needs (idempotent)
    echo "run-sample: building storyline (make -j2)..." >&2
    make -C "$root" -j2 >/dev/null
  fi
fi
db=${SAMPLE_DB:-./sample.db}
rm -f "$db" "$db-wal" "$db-shm"
rc=0
"$STORYLINE" ingest --db "$db" "$root"/samples/wikinews/M* || rc=$?
[ "$rc" -le 2 ] || exit "$rc"
"$STORYLINE" stories --db "$db"
echo
# pairwise scores: folder = gold story, story = ours
"$STORYLINE" articles --db "$db" --json |
  jq -r '[(.path | split("/") | .[-2]), .story] | @tsv' |
  awk -F'\t' '
    { gold[$1]++; ours[$2]++; both[$1 "\t" $2]++; n++ }
    function pairs(c) { return c * (c - 1) / 2 }
    END {
      for (k in gold) g += pairs(gold[k]); for (k in ours) o += pairs(ours[k]); for (k in both) tp += pairs(both[k])
      p = o ? tp / o : 1; r = g ? tp / g : 1; f = p + r ? 2 * p * r / (p + r) : 0
      ns = 0; for (k in ours) ns++; nf = 0; for (k in gold) nf++
      printf "sample: %d articles, %d stories for %d folders\n", n, ns, nf
      printf "pairwise precision %.3f recall %.3f F1 %.3f\n", p, r, f
    }'
exit "$rc"
