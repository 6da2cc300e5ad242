#!/bin/sh
# gold-check.sh EXPECTED.json ACTUAL.json — exits 0 when the expected fragment is contained
# in the actual JSON (see tests/gold/README.md), else prints the expected parts not found.
set -eu
[ $# -eq 2 ] || { echo "usage: gold-check.sh EXPECTED.json ACTUAL.json" >&2; exit 2; }
missing=$(jq -r -n --slurpfile e "$1" --slurpfile a "$2" '
  def sub($x; $y):
    if ($x | type) == "object" then
      ($y | type) == "object" and all($x | to_entries[]; . as $kv | ($y | has($kv.key)) and sub($kv.value; $y[$kv.key]))
    elif ($x | type) == "array" then
      ($y | type) == "array" and all($x[]; . as $el | any($y[]; sub($el; .)))
    else $x == $y end;
  # each missing top-level part, array elements one by one
  $e[0] | to_entries[] | . as $kv |
  if ($kv.value | type) == "array" then
    $kv.value[] | select(sub([.]; $a[0][$kv.key]) | not) | "missing in \($kv.key): \(tojson)"
  else select(sub({($kv.key): $kv.value}; $a[0]) | not) | "missing: \({($kv.key): $kv.value} | tojson)" end')
[ -z "$missing" ] && exit 0
echo "$missing" >&2
exit 1
