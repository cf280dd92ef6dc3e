# retort — build, test, demo, bench.  `make test` ends with "N passed, M failed".
CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
PG_INC  := $(shell pkg-config --cflags libpq 2>/dev/null) -I/usr/include/postgresql
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude -Isrc $(PG_INC) \
           $(shell pkg-config --cflags jansson inih 2>/dev/null)
LDLIBS  += -lpg_query -lprotobuf-c -lpq -ljansson -linih -lm
ifeq ($(ASAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DRT_ARENA_DEBUG
LDFLAGS += -fsanitize=address,undefined
BUILD   := build-asan
endif

LIB_SRC := $(sort $(wildcard src/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
INT_SRC := $(sort $(wildcard tests/integration/itest_*.c))
INT_BIN := $(INT_SRC:tests/integration/%.c=$(BUILD)/tests/%)
TEST_COMMON := $(sort $(wildcard tests/common/*.c))
TEST_COMMON_OBJ := $(TEST_COMMON:tests/common/%.c=$(BUILD)/obj/tests/%.o)

.PHONY: all deps test unit integration demo bench fuzz install clean
all: $(BUILD)/retort $(BUILD)/libretort.a

deps:
	@bash scripts/deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard include/retort/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/cli/%.o: src/cli/%.c $(wildcard include/retort/*.h src/*.h src/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/tests/%.o: tests/common/%.c $(wildcard include/retort/*.h tests/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/common -c -o $@ $<

$(BUILD)/libretort.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/retort: $(CLI_OBJ) $(BUILD)/libretort.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libretort.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(TEST_COMMON_OBJ) $(BUILD)/libretort.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/common $(LDFLAGS) -o $@ $< $(TEST_COMMON_OBJ) $(BUILD)/libretort.a $(LDLIBS) -lcmocka
$(BUILD)/tests/%: tests/integration/%.c $(TEST_COMMON_OBJ) $(BUILD)/libretort.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/common $(LDFLAGS) -o $@ $< $(TEST_COMMON_OBJ) $(BUILD)/libretort.a $(LDLIBS) -lcmocka

test: deps all $(UNIT_BIN) $(INT_BIN)
	@BUILD=$(BUILD) bash scripts/run-tests.sh $(UNIT_BIN) $(INT_BIN)

unit: all $(UNIT_BIN)
	@UNIT_ONLY=1 BUILD=$(BUILD) bash scripts/run-tests.sh $(UNIT_BIN)

demo: deps all
	@bash scripts/demo.sh $(BUILD)/retort

bench: deps all
	@BUILD=$(BUILD) bash scripts/bench $(BENCH_ARGS)

# libFuzzer on the DDL front-end (clang); FUZZ_SECONDS bounds the run.
FUZZ_SECONDS ?= 30
$(BUILD)/fuzz_ddl: tests/fuzz/fuzz_ddl.c $(LIB_SRC) $(wildcard include/retort/*.h src/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Iinclude -Isrc \
	  $(PG_INC) tests/fuzz/fuzz_ddl.c $(LIB_SRC) -o $@ $(LDLIBS)
fuzz: $(BUILD)/fuzz_ddl
	@mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/fuzz_ddl -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	  $(BUILD)/fuzz-corpus tests/fuzz/seeds

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/retort
	install -m 755 $(BUILD)/retort $(DESTDIR)$(PREFIX)/bin/retort
	install -m 644 $(BUILD)/libretort.a $(DESTDIR)$(PREFIX)/lib/libretort.a
	install -m 644 include/retort/*.h $(DESTDIR)$(PREFIX)/include/retort/

clean:
	rm -rf build build-asan
