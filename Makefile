# xdist-exec: one non-recursive GNU Makefile; every output goes to $(BUILD).
# `make help` lists the targets.

VERSION := 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
PKG_CONFIG ?= pkg-config
BUILD ?= build
# One spelling for the build directory: t_install runs `make -C SRCDIR
# BUILD=/abs/path`, and the dependency files name targets as written, so
# an absolute and a relative BUILD would disagree on what is out of date
# (and relink xdist-exec under the running suite).
override BUILD := $(patsubst $(CURDIR)/%,%,$(BUILD))

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wundef -Wwrite-strings \
	-Wmissing-declarations -Wnull-dereference -Wimplicit-fallthrough
ifneq ($(CI),)
WARNINGS += -Werror
endif
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now

ifeq ($(SAN),1)
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
HARDEN := -fPIE
endif

# The executable links libc alone: libbsd (the worker's titles), libinih
# (the configuration file), libxml2 and cJSON (report files) are loaded
# where they are used (launcher/base/dynlib.h).  Their headers give the
# types; the unit tests link them.
BSD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbsd 2>/dev/null)
BSD_LIBS := $(shell $(PKG_CONFIG) --libs libbsd 2>/dev/null || echo -lbsd)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

# Project flags first, the user's last so they win.
XCPPFLAGS = -D_GNU_SOURCE -DXDIST_VERSION='"$(VERSION)"' \
	-DXDIST_LIBDIR='"$(LIBDIR)"' $(LAUNCHER_DIRS:%=-iquote %) \
	-iquote preload $(CPPFLAGS)
XCFLAGS = -std=gnu11 $(WARNINGS) $(HARDEN) -MMD -MP $(BSD_CFLAGS) \
	$(OUTPUTS_CFLAGS) $(CONFIG_CFLAGS) $(CFLAGS)
XLDFLAGS = $(HARDEN_LD) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

# launcher/ is in folders by layer; each file calls only into its own
# layer and the ones listed before it:
#   base    buffers, EINTR-safe I/O, text made safe for reports
#   core    pure logic: options, config, test list, selection, scheduling,
#           cache, the environment contract
#   engine  mechanism: event loop, spawn, the protocol, the worker process
#   report  what the terminal and the report files show
#   run     policy: the controller, its plan, fixtures, jobserver
LAUNCHER_DIRS := launcher launcher/base launcher/core launcher/engine \
	launcher/report launcher/run
LAUNCHER_SRC := base/buf base/xio base/textsafe base/dynlib \
	core/tally core/runs \
	core/words core/options core/options_help core/expr core/marks core/testlist core/env core/cpus \
	core/sched core/sched_batch core/sched_gone core/select core/cache core/cachefile core/testpaths core/tap core/tapstream \
	core/gtest core/gtest_cases core/gtest_ctest core/gtest_batch core/txspec \
	core/isolation core/cmake_re core/ctest core/ctest_timeout \
	engine/proto engine/loop engine/outq engine/gateway engine/spawn \
	engine/title engine/test_state engine/capture engine/leftovers \
	engine/hostdir engine/filter engine/namespaces engine/scratch engine/worker_hello engine/worker_io \
	engine/worker \
	report/report report/live report/observer report/timeline \
	run/slot run/phase run/terminal run/dispatch run/cases run/results run/controller \
	run/plan run/gtest_split run/once_cmd run/automake_cmd run/jobserver run/oneshot run/remote \
	run/ctest_load run/gtest_batch_run run/worker_gone
# --junitxml, --report-log, --log-dir: libxml2 and cJSON.
include launcher/report/outputs.mk
LAUNCHER_SRC += $(OUTPUTS_SRC)
# xdist-exec.ini: libinih.
include launcher/core/config.mk
LAUNCHER_SRC += $(CONFIG_SRC)
LAUNCHER_OBJ := $(LAUNCHER_SRC:%=$(BUILD)/launcher/%.o)
LAUNCHER_LIB := $(BUILD)/launcher/liblauncher.a
BIN := $(BUILD)/xdist-exec

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/helpers/%)
BENCH_BIN := $(BUILD)/bench/spawnloop

# libxdist: the preload shim, the C API and the run-once protocol.
include preload/rules.mk
# make fuzz (libFuzzer targets) and make lint (cppcheck, close-on-exec).
include tests/fuzz/fuzz.mk
include scripts/lint.mk

.PHONY: all deps check unit integration demo bench sanitize install \
	uninstall clean format check-format help

all: $(BIN) ## build xdist-exec

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		sed 's/:.*## /\t/' | expand -t 16

deps: ## install missing Debian build and test dependencies
	$(Q)scripts/install-deps

$(BUILD)/launcher/%.o: launcher/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(XCPPFLAGS) $(XCFLAGS) -c -o $@ $<

$(LAUNCHER_LIB): $(LAUNCHER_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/launcher/main.o $(LAUNCHER_LIB) $(PRELOAD_OBJ_FOR_LAUNCHER)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(XCFLAGS) -o $@ $(BUILD)/launcher/main.o \
		$(PRELOAD_OBJ_FOR_LAUNCHER) $(LAUNCHER_LIB) $(XLDFLAGS)

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(XCPPFLAGS) $(XCFLAGS) -Wno-missing-prototypes \
		-Wno-missing-declarations -c -o $@ $<

# Kept, not deleted as intermediates (a long "rm" line after every
# build, and every unit test recompiled by the next).
.SECONDARY: $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%.o)

$(BUILD)/unit/%: $(BUILD)/unit/%.o $(LAUNCHER_LIB)
	$(Q)$(CC) $(XCFLAGS) -o $@ $^ $(XLDFLAGS) $(CMOCKA_LIBS) $(BSD_LIBS) \
		$(OUTPUTS_LIBS) $(CONFIG_LIBS)

# Helpers are fixtures, not code under test: built without sanitizers, so
# that what they observe (signal dispositions, fds, their environment) is
# what any test would see.
NOSAN := -fsanitize=% -fno-sanitize-recover=%
$(BUILD)/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(XCPPFLAGS) $(filter-out $(NOSAN),$(XCFLAGS)) \
		-Wno-missing-prototypes -Wno-missing-declarations -o $@ $< \
		$(filter-out $(NOSAN),$(XLDFLAGS))

$(BENCH_BIN): scripts/spawnloop.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(XCPPFLAGS) $(XCFLAGS) -o $@ $< $(XLDFLAGS)

unit: $(UNIT_BIN) ## build the unit tests
integration: $(BIN) $(HELPER_BIN) ## build what the scenarios need

check: deps ## run every test (unit + integration), through xdist-exec
	$(Q)$(MAKE) --no-print-directory all unit integration
	$(Q)BUILD=$(BUILD) tests/run

demo: deps ## run the bundled demo suite, serial and parallel
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) tests/demo/run

bench: deps ## compare dispatch cost with xargs -P, make -j, GNU parallel
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BIN)
	$(Q)BUILD=$(BUILD) scripts/bench

sanitize: deps ## the whole suite under ASan + UBSan
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 all unit integration
	$(Q)BUILD=$(BUILD)/san ASAN_OPTIONS=detect_leaks=1:verify_asan_link_order=0 tests/run

install: all ## install under $(DESTDIR)$(PREFIX)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/xdist-exec
	install -m 644 docs/xdist-exec.1 $(DESTDIR)$(MANDIR)/man1/xdist-exec.1
	install -m 644 scripts/xdist-exec.bash-completion \
		$(DESTDIR)$(BASHCOMPDIR)/xdist-exec

uninstall: ## remove what install put there
	rm -f $(DESTDIR)$(BINDIR)/xdist-exec
	rm -f $(DESTDIR)$(MANDIR)/man1/xdist-exec.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/xdist-exec

clean: ## remove $(BUILD)
	rm -rf $(BUILD)

FORMAT_SRC = $(wildcard launcher/*.[ch] launcher/*/*.[ch] preload/*.[ch] \
	tests/unit/*.[ch] \
	tests/helpers/*.c tests/fuzz/*.c scripts/*.c)

format: ## reformat the C sources with clang-format
	clang-format -i $(FORMAT_SRC)

check-format: ## fail if clang-format would change a C source
	clang-format --dry-run --Werror $(FORMAT_SRC)

-include $(wildcard $(BUILD)/launcher/*.d $(BUILD)/launcher/*/*.d \
	$(BUILD)/unit/*.d $(BUILD)/helpers/*.d)
