# tests/fuzz/fuzz.mk: libFuzzer targets for the parsers that read bytes
# from outside (list files, #@ attributes, the worker protocol, -k and -m
# expressions, a test's TAP, a GoogleTest binary's listing and output,
# ctest's json-v1 document, the cache's durations file).  A fragment of the top-level Makefile, which
# includes it and defines BUILD and Q.
#
#   make fuzz                  build, replay the saved crashes, then fuzz
#                              each target for FUZZ_SECONDS over a copy of
#                              its seed corpus (in $(BUILD)/fuzz/corpus)
#   make fuzz FUZZ_SECONDS=10  what CI runs
#   make fuzz-build            only build $(BUILD)/fuzz/fuzz_NAME
#
# Needs clang with its sanitizer/fuzzer runtime (Debian: clang,
# libclang-rt-dev).  The targets are compiled straight from the launcher
# sources they need, with -fsanitize=fuzzer,address,undefined, apart from
# the gcc-built objects of the rest of the build.  A crash leaves its input
# in $(BUILD)/fuzz/artifacts/; a real bug's reproducer goes to
# tests/fuzz/crashes/NAME/, which every `make fuzz` replays first.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_FLAGS ?=
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_NAMES := testlist attrs proto expr tap gtest ctest cachefile
FUZZ_BIN := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

# Launcher sources each target links (options.c for options_parse_seconds,
# which pulls sched.c in for sched_mode_parse and expr.c for -k and -m;
# testlist.c pulls marks.c in for the marks attribute, and cache.c for the
# id index that finds duplicate tests, which pulls xio.c, select.c and
# cachefile.c in;
# options.c and testlist.c pull isolation.c in for --isolate/--sandbox
# and the isolate= and sandbox= attributes, options.c txspec.c for --tx,
# which splits words with words.c).
FUZZ_SRC_testlist := base/buf base/xio base/textsafe core/testlist core/marks core/expr \
	core/options core/sched core/cache core/cachefile core/select \
	core/isolation core/txspec core/words core/gtest core/cmake_re core/ctest core/tally
FUZZ_SRC_attrs := base/buf base/xio base/textsafe core/testlist core/marks core/expr \
	core/options core/sched core/cache core/cachefile core/select \
	core/isolation core/txspec core/words core/gtest core/cmake_re core/ctest core/tally
FUZZ_SRC_proto := base/buf engine/proto
FUZZ_SRC_expr := base/buf core/expr
FUZZ_SRC_tap := base/buf core/tapstream
FUZZ_SRC_cachefile := base/buf core/cachefile
# gtest_batch.c reads a case's attributes: testlist.c and what it pulls in.
FUZZ_SRC_gtest := base/buf base/xio base/textsafe core/gtest core/gtest_batch \
	core/testlist core/marks core/expr core/options core/sched core/cache \
	core/cachefile core/select core/isolation core/txspec core/words core/cmake_re core/ctest core/tally
# --from-ctest's reader: cJSON through dynlib, testlist for the tests,
# ctest_timeout for what a TIMEOUT means.
FUZZ_SRC_ctest := $(FUZZ_SRC_testlist) base/dynlib report/cjson \
	report/ctest_json core/ctest_timeout

FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -D_GNU_SOURCE $(LAUNCHER_DIRS:%=-iquote %)

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_BIN) ## build the libFuzzer targets (clang)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard launcher/*/*.[ch])
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRC_$*:%=launcher/%.c)

# One target after the other, each bounded by FUZZ_SECONDS, so CI can run
# it.  First every saved reproducer must pass (a regression test once the
# bug is fixed).  -timeout and -rss_limit_mb turn a hang or a blow-up into
# a failure.
fuzz: $(FUZZ_BIN) ## fuzz each parser for FUZZ_SECONDS (default 20)
	$(Q)set -e; for t in $(FUZZ_NAMES); do \
		bin=$(FUZZ_DIR)/fuzz_$$t; \
		set -- tests/fuzz/crashes/$$t/*; \
		if [ -e "$$1" ]; then \
			echo "fuzz: $$t: replaying $$# saved crash input(s)"; \
			$$bin -runs=1 "$$@" >$(FUZZ_DIR)/$$t.replay.log 2>&1 || { \
				tail -n 60 $(FUZZ_DIR)/$$t.replay.log; \
				echo "fuzz: $$t: a saved crash input still fails"; \
				exit 1; }; \
		fi; \
		rm -rf $(FUZZ_DIR)/corpus/$$t; \
		mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts; \
		cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus/$$t/; \
		case $$t in testlist | attrs) dict=-dict=tests/fuzz/list.dict ;; \
		*) dict= ;; esac; \
		echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
		$$bin -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 $$dict \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $(FUZZ_FLAGS) \
			$(FUZZ_DIR)/corpus/$$t >$(FUZZ_DIR)/$$t.log 2>&1 || { \
			tail -n 60 $(FUZZ_DIR)/$$t.log; \
			echo "fuzz: $$t failed; its input is in $(FUZZ_DIR)/artifacts/"; \
			exit 1; }; \
		grep -E '^#[0-9]+.*DONE|average_exec_per_sec' \
			$(FUZZ_DIR)/$$t.log | sed "s/^/fuzz: $$t: /"; \
	done
