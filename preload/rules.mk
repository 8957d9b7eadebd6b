# preload/rules.mk: libxdist (the LD_PRELOAD shim, the C API of
# xdist-exec.h and the run-once protocol), its unit tests and its pkg-config
# file.  A fragment of the top-level non-recursive Makefile, which includes
# it and defines BUILD CC XCPPFLAGS XCFLAGS XLDFLAGS Q CMOCKA_LIBS VERSION
# PREFIX LIBDIR INCLUDEDIR DESTDIR.
#
# For the rest of the Makefile:
#   PRELOAD_LIB               the shared library to put in LD_PRELOAD
#                             (the real file; the .so.0 and .so symlinks
#                             sit next to it)
#   PRELOAD_OBJ_FOR_LAUNCHER  the run-once object(s) the launcher links
#                             (built like the launcher's own objects; it
#                             takes xio_* from liblauncher.a)
#   PRELOAD_ALL               everything `all` builds here
#   PRELOAD_UNIT_BIN          the unit test binaries built here

PRELOAD_SOVERSION := 0
PRELOAD_LIBVERSION := 0.1.0
PRELOAD_SONAME := libxdist.so.$(PRELOAD_SOVERSION)
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

PRELOAD_DIR := $(BUILD)/preload
PRELOAD_LIB := $(PRELOAD_DIR)/libxdist.so.$(PRELOAD_LIBVERSION)
PRELOAD_LINKS := $(PRELOAD_DIR)/$(PRELOAD_SONAME) $(PRELOAD_DIR)/libxdist.so
PRELOAD_PC := $(BUILD)/xdist-exec.pc
PRELOAD_OBJ_FOR_LAUNCHER := $(PRELOAD_DIR)/once.o
PRELOAD_ALL := $(PRELOAD_LIB) $(PRELOAD_LINKS) $(PRELOAD_PC)

# The library: position-independent, only the API visible, and neither
# libbsd (no overlay headers either) nor sanitizers, which a guest in an
# uninstrumented process cannot bring along.  xio.c is the launcher's
# EINTR/short-transfer module, compiled in a second time.
PRELOAD_SRC := api once shim shim_title
PRELOAD_PIC_OBJ := $(PRELOAD_SRC:%=$(PRELOAD_DIR)/pic/%.o) \
	$(PRELOAD_DIR)/pic/xio.o
PRELOAD_NOSAN = -fsanitize=% -fno-sanitize-recover=%
PRELOAD_CFLAGS = $(filter-out -fPIE $(BSD_CFLAGS) $(PRELOAD_NOSAN),$(XCFLAGS)) \
	-fPIC -fvisibility=hidden
PRELOAD_LDFLAGS = $(filter-out -pie $(PRELOAD_NOSAN),$(XLDFLAGS)) -shared \
	-Wl,-soname,$(PRELOAD_SONAME) -Wl,-z,defs \
	-Wl,--version-script=preload/libxdist.map

# Objects built like the launcher's, for the launcher and the unit tests.
$(PRELOAD_DIR)/%.o: preload/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(XCPPFLAGS) -Ipreload $(XCFLAGS) -c -o $@ $<

$(PRELOAD_DIR)/pic/%.o: preload/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(XCPPFLAGS) -Ipreload $(PRELOAD_CFLAGS) -c -o $@ $<

$(PRELOAD_DIR)/pic/xio.o: launcher/base/xio.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(XCPPFLAGS) $(PRELOAD_CFLAGS) -c -o $@ $<

$(PRELOAD_LIB): $(PRELOAD_PIC_OBJ) preload/libxdist.map
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(PRELOAD_CFLAGS) -o $@ $(PRELOAD_PIC_OBJ) $(PRELOAD_LDFLAGS)

$(PRELOAD_DIR)/$(PRELOAD_SONAME): $(PRELOAD_LIB)
	$(Q)ln -sf $(notdir $<) $@

$(PRELOAD_DIR)/libxdist.so: $(PRELOAD_DIR)/$(PRELOAD_SONAME)
	$(Q)ln -sf $(notdir $<) $@

# Regenerated every time, replaced only when it changed: it depends on
# PREFIX and friends, which make cannot see change.
$(PRELOAD_PC): preload/xdist-exec.pc.in preload-pc-always
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' $< >$@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# Unit tests.  Explicit rules, so that the Makefile's pattern rules (which
# link liblauncher.a) are not used for these binaries.
PRELOAD_UNIT := test_once test_shim_title test_xdist_api
PRELOAD_UNIT_BIN := $(PRELOAD_UNIT:%=$(BUILD)/unit/%)

$(PRELOAD_UNIT:%=$(BUILD)/unit/%.o): $(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(XCPPFLAGS) -Ipreload $(XCFLAGS) -Wno-missing-prototypes \
		-Wno-missing-declarations -c -o $@ $<

$(BUILD)/unit/test_once: $(BUILD)/unit/test_once.o \
		$(PRELOAD_DIR)/once.o $(BUILD)/launcher/base/xio.o
	$(Q)$(CC) $(XCFLAGS) -o $@ $^ $(XLDFLAGS) $(CMOCKA_LIBS)

$(BUILD)/unit/test_shim_title: $(BUILD)/unit/test_shim_title.o \
		$(PRELOAD_DIR)/shim_title.o
	$(Q)$(CC) $(XCFLAGS) -o $@ $^ $(XLDFLAGS) $(CMOCKA_LIBS)

$(BUILD)/unit/test_xdist_api: $(BUILD)/unit/test_xdist_api.o \
		$(PRELOAD_DIR)/api.o $(PRELOAD_DIR)/once.o $(BUILD)/launcher/base/xio.o
	$(Q)$(CC) $(XCFLAGS) -o $@ $^ $(XLDFLAGS) $(CMOCKA_LIBS)

# A C test linked with -lxdist, for the xdist_once scenarios (explicit: the
# generic helper rule links no library).
$(BUILD)/helpers/xdist_once_demo: tests/helpers/xdist_once_demo.c \
		$(PRELOAD_LINKS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(XCPPFLAGS) -Ipreload $(XCFLAGS) -o $@ $< $(XLDFLAGS) \
		-L$(PRELOAD_DIR) -Wl,-rpath,$(abspath $(PRELOAD_DIR)) -lxdist

preload: $(PRELOAD_ALL) ## build libxdist (shim + C API) and xdist-exec.pc
all: $(PRELOAD_ALL)
unit: $(PRELOAD_UNIT_BIN)
install: install-preload
uninstall: uninstall-preload

install-preload: $(PRELOAD_ALL) ## install libxdist, xdist-exec.h, the .pc
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(PRELOAD_LIB) $(DESTDIR)$(LIBDIR)/$(notdir $(PRELOAD_LIB))
	ln -sf $(notdir $(PRELOAD_LIB)) $(DESTDIR)$(LIBDIR)/$(PRELOAD_SONAME)
	ln -sf $(PRELOAD_SONAME) $(DESTDIR)$(LIBDIR)/libxdist.so
	install -m 644 preload/xdist-exec.h $(DESTDIR)$(INCLUDEDIR)/xdist-exec.h
	install -m 644 $(PRELOAD_PC) $(DESTDIR)$(PKGCONFIGDIR)/xdist-exec.pc

uninstall-preload: ## remove what install-preload put there
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(PRELOAD_LIB)) \
		$(DESTDIR)$(LIBDIR)/$(PRELOAD_SONAME) \
		$(DESTDIR)$(LIBDIR)/libxdist.so \
		$(DESTDIR)$(INCLUDEDIR)/xdist-exec.h \
		$(DESTDIR)$(PKGCONFIGDIR)/xdist-exec.pc

.PHONY: preload install-preload uninstall-preload preload-pc-always

-include $(wildcard $(PRELOAD_DIR)/*.d $(PRELOAD_DIR)/pic/*.d)
