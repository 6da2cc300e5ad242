#!/bin/sh
# cluster_scale.sh [MAX_ARTICLES] — builds the library (into build-bench/ unless BUILD is set)
# and runs the story-assignment scaling benchmark (bench/cluster_scale.c): per-article
# assignment time and clusterer memory per article at 1k, 10k, 100k and 1M synthetic articles.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build-bench}
make -s BUILD="$build" "$build/libstoryline.a" >/dev/null
libs="$(pkg-config --libs sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd 2>/dev/null) -lstemmer -lm -lpthread"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Isrc -I. -o "$build/cluster_scale" bench/cluster_scale.c "$build/libstoryline.a" $libs
exec "$build/cluster_scale" "${1:-1000000}"
