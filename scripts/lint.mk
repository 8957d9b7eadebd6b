# scripts/lint.mk: static checks.  A fragment of the top-level Makefile,
# which includes it and defines Q.
#
#   make lint   cppcheck over launcher/ and preload/, then
#               scripts/check-cloexec (every fd born close-on-exec)
#
# cppcheck: warnings, performance and portability (style is left to
# review and -Wall), POSIX library knowledge, checked in the configuration
# we build (-D_GNU_SOURCE).  False positives are suppressed inline with
# `// cppcheck-suppress ID` or in scripts/cppcheck.supp, each with its
# reason.  Needs Debian's cppcheck.

CPPCHECK ?= cppcheck
CPPCHECK_FLAGS := --enable=warning,performance,portability \
	--library=posix --std=c11 --inline-suppr --error-exitcode=1 \
	--suppressions-list=scripts/cppcheck.supp --quiet \
	-D_GNU_SOURCE -D__linux__ \
	-DXDIST_VERSION='"0"' -DXDIST_LIBDIR='"/usr/local/lib"' \
	$(LAUNCHER_DIRS:%=-I %) -I preload \
	--template='{file}:{line}: {severity}: {id}: {message}'

.PHONY: lint cppcheck check-cloexec

lint: cppcheck check-cloexec ## static checks: cppcheck, close-on-exec fds

cppcheck: ## cppcheck over launcher/ and preload/
	$(Q)$(CPPCHECK) $(CPPCHECK_FLAGS) launcher preload
	@echo "cppcheck: launcher/ preload/ clean"

check-cloexec: ## fail on any fd created without close-on-exec
	$(Q)scripts/check-cloexec --self-test
	$(Q)scripts/check-cloexec
