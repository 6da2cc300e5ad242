#!/bin/sh
# duc2jsonl.sh CLUSTERS_DIR [OUT.jsonl] — converts a folder of topic folders into the JSON Lines
# format `storyline eval clusters` reads: one record {id, time, lang, title, text, cluster} per
# document, cluster = the topic folder's name.
#
# Accepts the DUC layout (CLUSTERS_DIR/<topic>/docs/<DOCNO>.txt, e.g. ../shared/data/summ/duc2003/clusters)
# and the sample corpus layout (CLUSTERS_DIR/<topic>/<doc>.txt, e.g. samples/wikinews). A document
# starts with header lines (DOCNO:, SOURCE:, DATE:, TITLE:) and a blank line, then the body; time
# comes from DATE, else from a "[Saturday, ]January 8, 2005" line start among the first body lines
# (the WikiNews dateline), else null; title from TITLE, else a first body line standing alone before a
# blank line (the plain-text title convention), else "". Documents are written in
# topic then name order; eval clusters sorts them by time itself. Write the output to /tmp or
# another path outside the repository: the benchmark text must never be committed.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 CLUSTERS_DIR [OUT.jsonl]" >&2; exit 1; }
dir=$1
out=${2:--}
[ -d "$dir" ] || { echo "$0: $dir is not a folder" >&2; exit 1; }
[ "$out" = - ] || exec >"$out"
for topic in "$dir"/*/; do
  topic=${topic%/}
  name=$(basename "$topic")
  docs=$topic
  [ -d "$topic/docs" ] && docs=$topic/docs
  for f in "$docs"/*.txt; do
    [ -f "$f" ] || continue
    awk -v cluster="$name" -v file="$(basename "$f" .txt)" '
      function esc(s) {
        gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); gsub(/\r/, "", s)
        gsub(/[\001-\037]/, " ", s)
        return s
      }
      BEGIN {
        head = 1; id = file; time = ""; title = ""; text = ""; nbody = 0
        split("January February March April May June July August September October November December", mn, " ")
        for (i = 1; i <= 12; i++) mon[mn[i]] = i
      }
      head && /^[A-Z_]+: / {
        k = $0; sub(/:.*/, "", k); v = $0; sub(/^[A-Z_]+: */, "", v)
        if (k == "DOCNO") id = v; else if (k == "DATE") time = v; else if (k == "TITLE") title = v
        next
      }
      head && /^[ \t\r]*$/ { head = 0; next }
      {
        head = 0; nbody++
        line = $0; sub(/\r$/, "", line)
        if (nbody == 1) first = line
        if (nbody == 2 && line ~ /^[ \t]*$/ && title == "" && length(first) < 200) { title = first; text = ""; nbody = 10; next }
        if (time == "" && nbody <= 16 &&
            match(line, /^((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), )?(January|February|March|April|May|June|July|August|September|October|November|December) [0-9][0-9]?, [0-9][0-9][0-9][0-9]/)) {
          d = substr(line, RSTART, RLENGTH); sub(/^[A-Za-z]+day, /, "", d)
          split(d, f, /[ ,]+/)
          time = sprintf("%04d-%02d-%02d", f[3], mon[f[1]], f[2])
          line = substr(line, RLENGTH + 1); sub(/^[ \t]+/, "", line)
          if (line == "") next
        }
        text = text (text == "" ? "" : "\\n") esc(line)
      }
      END {
        printf "{\"id\": \"%s\", \"time\": %s, \"lang\": \"en\", \"title\": \"%s\", \"text\": \"%s\", \"cluster\": \"%s\"}\n",
          esc(id), (time == "" ? "null" : "\"" esc(time) "\""), esc(title), text, esc(cluster)
      }' "$f"
  done
done
