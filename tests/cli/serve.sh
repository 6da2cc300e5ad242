#!/bin/sh
# serve.sh — `storyline serve` over real HTTP (curl on 127.0.0.1, a free port): every route,
# every kind of bad request with its status and JSON error, POST then GET, token checks,
# and a restart that keeps what was posted. Needs curl (skips with a message without it).
set -u
command -v curl >/dev/null 2>&1 || { echo "serve.sh: SKIP: curl not installed (apt-get install -y curl)"; exit 0; }
tmp=$(mktemp -d)
pid=
# stops the server; it must exit 0 (a clean shutdown; under ASan also no leak or error)
stop() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null; wait "$pid"; rc=$?; p=$pid; pid=
  [ "$rc" -eq 0 ] || fail "server $p exited with status $rc"
}
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "serve.sh: FAIL: $*"; [ -f "$tmp/log" ] && sed 's/^/  server: /' "$tmp/log" | tail -20; exit 1; }

"$STORYLINE" ingest --quiet --db "$tmp/t.db" "$SL_SHARED/seeds" || fail "ingest of the seeds"
tok=serve-test-token-4242
printf '%s\n' "$tok" > "$tmp/token"

start() {
  rm -f "$tmp/port"
  "$STORYLINE" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --port-file "$tmp/port" \
    --token-file "$tmp/token" --threads 2 >"$tmp/log" 2>&1 &
  pid=$!
  i=0
  while [ ! -s "$tmp/port" ]; do
    i=$((i+1)); [ $i -gt 300 ] && fail "server did not start"
    kill -0 "$pid" 2>/dev/null || fail "server exited at start"
    sleep 0.1
  done
  base="http://127.0.0.1:$(cat "$tmp/port")"
}

# req EXPECTED_CODE CURL_ARGS... : body in $tmp/body; fails on another status
req() {
  want=$1; shift
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' --path-as-is "$@") || fail "curl $* failed (server down?)"
  [ "$code" = "$want" ] || fail "curl $*: status $code, expected $want: $(head -c 300 "$tmp/body")"
}
has() { grep -q -- "$1" "$tmp/body" || fail "expected '$1' in: $(head -c 400 "$tmp/body")"; }
is_error() { grep -q '^{"error":"' "$tmp/body" || fail "expected a JSON error, got: $(head -c 300 "$tmp/body")"; }

start
# --- read routes
req 200 "$base/healthz"; has '"status":"ok"'; has '"articles":3'
req 200 "$base/api/stories"; has '"stories":\[{"id":"s'; has '"total":2'; has 'Vladimir Putin'
sid=$(sed 's/^{"stories":\[{"id":"\([^"]*\)".*/\1/' "$tmp/body")
[ -n "$sid" ] || fail "no story id in the list"
# filter by the story's own first top entity (whatever NER found), spaces URL-encoded
ent=$(jq -r '.stories[0].entities[0] // empty' "$tmp/body" | sed 's/ /%20/g')
[ -n "$ent" ] || fail "the story has no top entity"
req 200 "$base/api/stories?entity=$ent&since=2017-11&until=2017-11-30"; has "\"id\":\"$sid\""
req 200 "$base/api/stories?entity=No%20Such%20Entity%20Anywhere"; has '"total":0'
req 200 "$base/api/stories?q=$ent"; has "\"id\":\"$sid\""
req 200 "$base/api/stories?since=2030-01-01"; has '"stories":\[\]'; has '"total":0'
req 200 "$base/api/stories?q=zzzznothing"; has '"total":0'
req 200 "$base/api/stories?limit=2&cursor=0"; has '"next":null'
req 200 "$base/api/stories?limit=1&cursor=0"; has '"next":"'
req 200 "$base/api/stories/$sid"; has '"summary":\[{"text":"'; has '"timeline":'; has '"quotes":'; has '"events":'; has '"disagreements":'
aid=$(sed 's/.*"summary":\[{"text":"[^"]*","article":"\([^"]*\)".*/\1/' "$tmp/body")
[ -n "$aid" ] || fail "summary sentence without its article"
req 200 "$base/api/articles/$aid"; has "\"id\":\"$aid\""; has '"text":"'; has '"sentences":\[\['; has "\"story\":\"$sid\""
req 200 "$base/api/entities?q=putin"; has '"name":"Vladimir Putin"'
req 200 "$base/api/search?q=Vladivostok"; has '"hit":true'; has '"results":\[{"id":"'
req 200 "$base/api/search?q=%22%20OR%20(%2A"; has '"results":\['   # FTS syntax in the query is not an error
req 200 "$base/metrics"; has '^storyline_http_requests_total{route="stories",code="200"}'
req 200 "$base/"; has '<html'
req 200 "$base/app.js"; has 'fetch'
req 200 "$base/style.css"

# --- bad requests: each a JSON error with the right status
req 404 "$base/api/nope"; is_error
req 404 "$base/nope.html"; is_error
req 404 "$base/../../etc/passwd"; is_error
req 404 "$base/%2e%2e/%2e%2e/etc/passwd"; is_error
req 404 "$base/web/../Makefile"; is_error
req 404 "$base/api/stories/nosuchstory"; is_error; has 'no story'
req 404 "$base/api/articles/nosucharticle"; is_error; has 'no article'
req 404 "$base/api/stories/a%20b"; is_error
req 400 "$base/api/stories?limit=0"; is_error
req 400 "$base/api/stories?limit=abc"; is_error
req 400 "$base/api/stories?cursor=-1"; is_error
req 400 "$base/api/stories?since=yesterday"; is_error
req 400 "$base/api/search"; is_error
req 400 "$base/api/search?q=%ff%fe"; is_error
req 405 -X DELETE "$base/api/stories"; is_error
req 405 -X POST "$base/api/stories/$sid"; is_error
req 405 "$base/api/articles"; is_error
post() { req "$@"; }
req 401 -X POST "$base/api/articles" -d '{"text":"x"}'; is_error
req 401 -H "Authorization: Bearer wrong-token-0000" "$base/api/articles" -d '{"text":"x"}'; is_error
A="Authorization: Bearer $tok"
req 400 -H "$A" "$base/api/articles" --data-binary '{"text": "unterminated'; is_error; has 'not valid JSON'
req 400 -H "$A" "$base/api/articles" --data-binary '[1,2'; is_error
req 400 -H "$A" "$base/api/articles" --data-binary '{"text":42}'; is_error; has 'must be strings'
req 400 -H "$A" "$base/api/articles" --data-binary '{"title":["x"],"text":"y"}'; is_error; has "'title' must be a string"
req 400 -H "$A" "$base/api/articles" --data-binary '{"title":"no text"}'; is_error; has "needs 'text'"
req 400 -H "$A" "$base/api/articles" --data-binary '"just a string"'; is_error
req 400 -H "$A" "$base/api/articles" --data-binary ''; is_error
printf '{"text":"ok line"}\nnot json\n' > "$tmp/bad.jsonl"
req 400 -H "$A" "$base/api/articles" --data-binary @"$tmp/bad.jsonl"; is_error; has 'line 2'
head -c 17000000 /dev/zero | tr '\0' a > "$tmp/big"
req 413 -H "$A" "$base/api/articles" --data-binary @"$tmp/big"; is_error
req 413 -H "$A" -H "Transfer-Encoding: chunked" "$base/api/articles" --data-binary @"$tmp/big"; is_error
rm -f "$tmp/big"
req 200 "$base/healthz"; has '"articles":3'   # nothing stored by the bad requests

# --- POST (JSON Lines) then GET
cat > "$tmp/new.jsonl" <<'J'
{"id":"quake-1","title":"Earthquake shakes Vladivostok","published":"2017-07-10","source":"Test Wire","text":"A strong earthquake struck the Russian port city of Vladivostok on Monday, officials said.\n\nResidents fled buildings as the ground shook for nearly a minute. The mayor said no deaths were reported."}
{"id":"quake-2","title":"Vladivostok quake damages port","published":"2017-07-11","text":"The earthquake that struck Vladivostok on Monday damaged cranes in the port, the port authority said on Tuesday.\n\nRepairs will take weeks, officials said."}
J
req 201 -H "$A" -H 'Content-Type: application/x-ndjson' "$base/api/articles" --data-binary @"$tmp/new.jsonl"
has '"added":2'; has '"id":"quake-1"'; has '"id":"quake-2"'; has '"outcome":"added"'; has '"story":"s'
req 200 -H "$A" "$base/api/articles" --data-binary '{"id":"quake-1","text":"A strong earthquake struck the Russian port city of Vladivostok on Monday, officials said."}'
has '"outcome":"present"'
req 200 "$base/api/articles/quake-1"; has '"title":"Earthquake shakes Vladivostok"'; has '"source":"Test Wire"'
qsid=$(sed 's/.*"story":"\([^"]*\)".*/\1/' "$tmp/body")
req 200 "$base/api/stories/$qsid"; has '"quake-1"'
req 200 "$base/api/search?q=earthquake%20port"; has '"id":"quake-'
req 200 "$base/healthz"; has '"articles":5'
req 200 "$base/metrics"; has 'storyline_articles_posted_total{outcome="added"} 2'

# --- restart keeps the data
stop
grep -q 'stopped' "$tmp/log" || fail "server did not stop cleanly"
start
req 200 "$base/healthz"; has '"articles":5'
req 200 "$base/api/articles/quake-2"; has '"title":"Vladivostok quake damages port"'
req 200 "$base/api/stories/$sid"; has '"summary":\[{"text":"'
stop

# --- a server without a token refuses writes; bad options are usage errors
"$STORYLINE" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --port-file "$tmp/port2" >"$tmp/log" 2>&1 &
pid=$!
i=0; while [ ! -s "$tmp/port2" ]; do i=$((i+1)); [ $i -gt 300 ] && fail "read-only server did not start"; sleep 0.1; done
req 403 "http://127.0.0.1:$(cat "$tmp/port2")/api/articles" -H "$A" -d '{"text":"x"}'; is_error
stop
"$STORYLINE" serve --db "$tmp/t.db" --listen nonsense 2>/dev/null && fail "--listen nonsense accepted"
"$STORYLINE" serve --db "$tmp/t.db" --threads 0 2>/dev/null && fail "--threads 0 accepted"
echo "serve.sh: ok"
