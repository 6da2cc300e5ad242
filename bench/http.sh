#!/bin/sh
# http.sh — load test of `storyline serve` with wrk on loopback: 64 connections for 30 s on
# GET /api/stories/{id} (p99 latency and errors; target p99 <= 20 ms, zero errors), then the
# same while another process POSTs articles one by one; afterwards every acknowledged
# article must be stored (counted through /healthz and GET /api/articles/{id}).
#   usage: bench/http.sh [DURATION_S] [CONNECTIONS]      (BUILD=build by default; THREADS=4)
# The database is the seed articles; the POSTed articles are the titles of the MStream news
# set read in place from $SL_SHARED/data/clust/mstream_news/news.jsonl (ids made unique).
set -eu
cd "$(dirname "$0")/.."
dur=${1:-30}; conns=${2:-64}
build=${BUILD:-build}
shared=${SL_SHARED:-$(cd .. && pwd)/shared}
command -v wrk >/dev/null || { echo "http.sh: needs wrk (apt-get install -y wrk)"; exit 1; }
command -v curl >/dev/null || { echo "http.sh: needs curl (apt-get install -y curl)"; exit 1; }
make -s -j2 BUILD="$build" "$build/storyline" >/dev/null
bin=$PWD/$build/storyline
tmp=$(mktemp -d)
pid=; poster=
trap 'touch "$tmp/stop"; [ -n "$poster" ] && wait "$poster"; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
"$bin" ingest --quiet --db "$tmp/b.db" "$shared/seeds"
echo bench-token-0123456789 > "$tmp/token"
"$bin" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --port-file "$tmp/port" --token-file "$tmp/token" \
  --threads "${THREADS:-4}" 2>"$tmp/log" &
pid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
base="http://127.0.0.1:$(cat "$tmp/port")"
sid=$(curl -s "$base/api/stories?limit=1" | sed 's/^{"stories":\[{"id":"\([^"]*\)".*/\1/')
url="$base/api/stories/$sid"
echo "target: GET $url ($conns connections, $dur s, $(nproc) cores)"

report() { # wrk output file, label
  p99=$(awk '$1 == "99%" {print $2}' "$1")
  req=$(awk '/requests in/ {print $1}' "$1")
  rps=$(awk '/Requests\/sec/ {print $2}' "$1")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$1"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors/ {print}' "$1"); sock=${sock:-none}
  echo "$2: requests=$req rps=$rps p99=$p99 non-2xx=$non2xx socket-errors: $sock"
}

wrk -t2 -c"$conns" -d"${dur}s" --latency "$url" > "$tmp/read.txt"
report "$tmp/read.txt" "reads only"

# the writer: one POST per article until stopped; acknowledged ids are appended to acked
news="$shared/data/clust/mstream_news/news.jsonl"
: > "$tmp/acked"
tok=$(cat "$tmp/token")
(
  sed -n 's/^{"id": "\([0-9]*\)".*"title": "\([^"]*\)".*/\1 \2/p' "$news" | while read -r id title; do
    [ -e "$tmp/stop" ] && break   # a flag, not kill: the loop runs in a pipeline subshell
    body="{\"id\":\"bench-$id\",\"title\":\"$title\",\"text\":\"$title. Officials said on Monday that $title.\"}"
    out=$(curl -s -H "Authorization: Bearer $tok" --data-binary "$body" "$base/api/articles") || continue
    case $out in *'"outcome":"added"'*) echo "bench-$id" >> "$tmp/acked";; esac
  done
) >/dev/null 2>&1 &
poster=$!
wrk -t2 -c"$conns" -d"${dur}s" --latency "$url" > "$tmp/mixed.txt"
touch "$tmp/stop"; wait "$poster" 2>/dev/null || true; poster=
sleep 0.5
report "$tmp/mixed.txt" "reads + POST"
acked=$(wc -l < "$tmp/acked")
stored=$(curl -s "$base/healthz" | sed 's/.*"articles":\([0-9]*\).*/\1/')
missing=0
while read -r aid; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/articles/$aid")
  [ "$code" = 200 ] || missing=$((missing+1))
done < "$tmp/acked"
echo "writes: acknowledged=$acked stored-total=$stored (3 seeds + posted) acknowledged-but-missing=$missing"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
# after a restart every acknowledged article is still there
"$bin" articles --db "$tmp/b.db" --json > "$tmp/all.jsonl"
after=$(grep -c '"id":"bench-' "$tmp/all.jsonl" || true)
echo "after restart: bench articles in the database=$after (acknowledged $acked)"
[ "$missing" -eq 0 ] && [ "$after" -ge "$acked" ]
