# hjemvej: make builds build/hjemvej; make test runs every test (under
# ASan+UBSan); make demo serves a demo database.  See docs/architecture.md.

CC ?= cc
PKGS = libmicrohttpd sqlite3 libsodium xlsxwriter
WARN = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
       -Wformat=2 -Wvla -Wno-format-nonliteral
BASEFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
            -Isrc -Ibuild
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CFLAGS ?= -O2 -g
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC = $(sort $(wildcard src/*.c))
LIBSRC = $(filter-out src/main.c,$(SRC))
OBJ = $(SRC:src/%.c=build/obj/%.o) build/obj/embedded.o
ASAN_OBJ = $(SRC:src/%.c=build/asan/obj/%.o) build/asan/obj/embedded.o
ASAN_LIBOBJ = $(LIBSRC:src/%.c=build/asan/obj/%.o) build/asan/obj/embedded.o
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))

.PHONY: all asan test unit-test codecheck-test node-test demo bench clean bootstrap

all: build/hjemvej

bootstrap:
	@scripts/bootstrap

node_modules/.package-lock.json: package-lock.json
	@scripts/bootstrap

build/codecheck: tools/codecheck.c
	@mkdir -p build
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -std=c11 -O2 -D_DEFAULT_SOURCE $(WARN) -o $@ $<

# The build fails on an unsafe output format or a string without English.
build/codecheck.ok: build/codecheck $(SRC) src/hjemvej.h po/en.po
	build/codecheck po/en.po $(SRC)
	@touch $@

# Embedded files: DKFDS from npm (CSS, fonts, icons), assets/, po/.
build/embedded.c: build/embed node_modules/.package-lock.json $(wildcard assets/*) po/en.po scripts/asset-list
	build/embed $@ $$(scripts/asset-list)

build/obj/%.o: src/%.c src/hjemvej.h | build/codecheck.ok
	@mkdir -p build/obj
	$(CC) $(BASEFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/obj/embedded.o: build/embedded.c src/hjemvej.h
	@mkdir -p build/obj
	$(CC) $(BASEFLAGS) $(CFLAGS) -c -o $@ $<

build/hjemvej: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

build/asan/obj/%.o: src/%.c src/hjemvej.h | build/codecheck.ok
	@mkdir -p build/asan/obj
	$(CC) $(BASEFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/asan/obj/embedded.o: build/embedded.c src/hjemvej.h
	@mkdir -p build/asan/obj
	$(CC) $(BASEFLAGS) $(SANFLAGS) -c -o $@ $<

build/asan/hjemvej: $(ASAN_OBJ)
	$(CC) $(SANFLAGS) -o $@ $(ASAN_OBJ) $(PKG_LIBS)

asan: build/asan/hjemvej

build/asan/unit: $(UNIT_SRC) $(ASAN_LIBOBJ)
	$(CC) $(BASEFLAGS) $(SANFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags check 2>/dev/null) \
	  -o $@ $(UNIT_SRC) $(ASAN_LIBOBJ) $(PKG_LIBS) $(shell pkg-config --libs check 2>/dev/null)

export ASAN_OPTIONS = detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1

unit-test: build/asan/unit
	CK_FORK=yes build/asan/unit

codecheck-test: build/codecheck
	sh tests/codecheck/run.sh build/codecheck

node-test: build/asan/hjemvej node_modules/.package-lock.json
	HJEMVEJ_BIN=$(CURDIR)/build/asan/hjemvej node --test --test-concurrency=1 \
	  tests/http/*.test.mjs tests/browser/*.test.mjs

test: bootstrap build/hjemvej
	$(MAKE) unit-test codecheck-test node-test

# The benchmark suite of issue 7 (minutes; not part of make test): writes
# docs/benchmarks.md and docs/benchmarks.json.  BENCH_PEOPLE=2000 for a try.
bench: build/hjemvej
	@scripts/bootstrap --bench
	node bench/run.mjs

demo: bootstrap build/hjemvej
	build/hjemvej demo $(ARGS)

clean:
	rm -rf build
