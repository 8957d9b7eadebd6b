# launcher/core/config.mk: xdist-exec.ini support (launcher/core/config.c), read with
# libinih (Debian: libinih-dev, pkg-config name inih).  Included by the
# Makefile after PKG_CONFIG is set; it adds $(CONFIG_SRC) to LAUNCHER_SRC,
# $(CONFIG_CFLAGS) to the compile flags and $(CONFIG_LIBS) to the unit
# tests' link line.  The executable is not linked with libinih: config.c
# loads it (base/dynlib.c) when a configuration file is read.

CONFIG_SRC := core/config
CONFIG_CFLAGS := $(shell $(PKG_CONFIG) --cflags inih 2>/dev/null)
CONFIG_LIBS := $(shell $(PKG_CONFIG) --libs inih 2>/dev/null || echo -linih)
