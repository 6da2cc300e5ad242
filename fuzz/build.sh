#!/bin/sh
# build.sh [OUT_DIR] — builds every fuzz/fuzz_*.c as a libFuzzer binary against the library
# sources, with AddressSanitizer and UBSan. Needs clang and libclang-rt-14-dev (Debian), plus
# the library's -dev packages. Run from the repository root; binaries land in OUT_DIR
# (default build-fuzz/). See docs/FUZZING.md for running them.
set -eu
out=${1:-build-fuzz}
CC=${CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
PKGS="sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -DSL_BUILDING -Iinclude -Isrc -I. $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lstemmer -lm -lpthread"

mkdir -p "$out/obj" "$out/gen"
# resources are embedded exactly as the Makefile does it
./tools/embed-resources.sh "$out/gen/resources.c" $(ls resources/*.txt resources/*.tsv models/*.bin 2>/dev/null | sort)

objs=""
for src in $(find src -name '*.c' ! -path 'src/cli/*' | sort) "$out/gen/resources.c"; do
  o="$out/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')"
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
    echo "CC  $src"
    $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$o"
  fi
  objs="$objs $o"
done
rm -f "$out/libstoryline-fuzz.a"
ar rcs "$out/libstoryline-fuzz.a" $objs

for h in fuzz/fuzz_*.c; do
  name=$(basename "$h" .c)
  echo "LD  $out/$name"
  $CC $CFLAGS $SAN -fsanitize=fuzzer "$h" "$out/libstoryline-fuzz.a" $LIBS -o "$out/$name"
done
