# Storyline build. Plain make: the library (libstoryline.a/.so) from src/, the CLI
# from src/cli + eval/, one cmocka binary per tests/unit/test_*.c.
#   make            build everything into build/
#   make check      unit tests + CLI/gold tests
#   make check-asan the same under AddressSanitizer + UBSan (separate build dir)
#   make install    PREFIX=/usr/local: binary, library, header, pkg-config, man page
CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
VERSION := 0.1.0
PKGS    := sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -lpthread
WERROR  ?= -Werror
OPT     ?= -O2 -g
SAN     ?=
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) -Wall -Wextra -Wno-unused-parameter \
  -Wshadow -Wstrict-prototypes $(WERROR) -fPIC -fvisibility=hidden -DSL_BUILDING \
  -Iinclude -Isrc -I. $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(SAN) $(LDFLAGS)

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c eval/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
RES      := $(sort $(wildcard resources/*.txt resources/*.tsv models/*.bin resources/web/*))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/resources.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

all: $(BUILD)/storyline $(BUILD)/libstoryline.so $(TESTS)

$(BUILD)/%.o: %.c $(wildcard include/*.h) $(shell find src eval -name '*.h')
	@mkdir -p $(dir $@)
	@echo 'CC  $<'
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

# Resources are embedded with .incbin, so the binary needs no data path.
# The list of names is part of the input: a renamed or deleted resource must regenerate the
# table even when no remaining file is newer than it.
RES_LIST := $(BUILD)/gen/resources.list
$(shell mkdir -p $(BUILD)/gen && (echo '$(RES)' | cmp -s - $(RES_LIST) || echo '$(RES)' > $(RES_LIST)))
$(BUILD)/gen/resources.c: $(RES) $(RES_LIST) tools/embed-resources.sh
	@mkdir -p $(dir $@)
	@./tools/embed-resources.sh $@ $(RES)

$(BUILD)/gen/resources.o: $(BUILD)/gen/resources.c
	@echo 'CC  $<'
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libstoryline.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libstoryline.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

$(BUILD)/storyline: $(CLI_OBJ) $(BUILD)/libstoryline.a
	$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libstoryline.a $(LDFLAGS_ALL) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libstoryline.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo 'CC  $<'
	@$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(BUILD)/libstoryline.a $(LDFLAGS_ALL) $(PKG_LIBS) -lcmocka

check: all
	./scripts/run-tests.sh $(BUILD)

check-asan:
	SL_ASAN=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(MAKE) BUILD=$(BUILD)-asan OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" check

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/storyline $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(BUILD)/libstoryline.a $(BUILD)/libstoryline.so $(DESTDIR)$(PREFIX)/lib/
	install -m 0644 include/storyline.h $(DESTDIR)$(PREFIX)/include/
	install -m 0644 docs/storyline.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' storyline.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/storyline.pc

# Benchmark with peers side by side (docs/BENCH.md); not part of check. Peers are installed
# by bench/setup.sh into bench/peers/, never by the build.
bench: all
	./bench/run.sh $(BUILD)

clean:
	rm -rf build build-asan

.PHONY: all check check-asan install clean bench
