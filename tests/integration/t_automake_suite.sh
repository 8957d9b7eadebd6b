#!/bin/sh
# xdist-exec.am on a suite shaped like libbsd's test/ directory, the one
# that showed the problems: a recursive build (SUBDIRS = test), header
# tests in check_SCRIPTS that compile every public header with the CC and
# CPPFLAGS that AM_TESTS_ENVIRONMENT exports (without them they find no
# header and pass having tested nothing), check_PROGRAMS, and TESTS =
# $(check_SCRIPTS) $(check_PROGRAMS) naming a program twice.  With the
# fragment included, make check runs all of them in one xdist-exec run:
# the header test compiles each header (and fails on a broken one), the
# duplicate runs once, and the harness's summary is not printed.
. "$SRCDIR/tests/integration/lib.sh"

for p in autoreconf automake autoconf make cc; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
unset XDIST_EXEC_ADDOPTS MAKEFLAGS MFLAGS
P=$T/proj
mkdir -p "$P/include/demo" "$P/test"
cp "$SRCDIR/docs/examples/automake/xdist-exec.am" "$P/"
cat >"$P/configure.ac" <<'EOF'
AC_INIT([demo], [1.0])
AC_CONFIG_AUX_DIR([build-aux])
AM_INIT_AUTOMAKE([foreign subdir-objects -Wall -Werror])
AC_PROG_CC
AC_ARG_VAR([XDIST_EXEC], [xdist-exec, to run `make check' (no: do not)])
AC_PATH_PROG([XDIST_EXEC], [xdist-exec], [no])
AM_CONDITIONAL([USE_XDIST_EXEC], [test "x$XDIST_EXEC" != xno])
AC_CONFIG_FILES([Makefile test/Makefile])
AC_OUTPUT
EOF
printf 'SUBDIRS = test\nEXTRA_DIST = xdist-exec.am include\n' >"$P/Makefile.am"
cat >"$P/test/Makefile.am" <<'EOF'
HEADERS_CPPFLAGS = -I$(top_srcdir)/include
AM_CPPFLAGS = $(HEADERS_CPPFLAGS)
AM_TESTS_ENVIRONMENT = \
	export CC="$(CC)"; \
	export CPPFLAGS="$(HEADERS_CPPFLAGS)"; \
	export top_srcdir="$(top_srcdir)"; \
	# EOL
EXTRA_DIST = headers.sh
check_SCRIPTS = headers.sh
check_PROGRAMS = strl bzero
TESTS = $(check_SCRIPTS) $(check_PROGRAMS) strl

include $(top_srcdir)/xdist-exec.am

clean-local:
	rm -rf .xdist-exec xdist-exec-tests.list headers.count
EOF
cat >"$P/test/headers.sh" <<'EOF'
#!/bin/sh
# Each public header compiles on its own.
n=0
for h in "$top_srcdir"/include/demo/*.h; do
	[ -f "$h" ] || continue
	printf '#include <demo/%s>\n' "${h##*/}" |
		$CC $CPPFLAGS -x c -c -o /dev/null - || exit 1
	n=$((n + 1))
done
echo "$n" >headers.count
EOF
chmod +x "$P/test/headers.sh"
printf 'int demo_strl(void);\n' >"$P/include/demo/strl.h"
printf '#include <stddef.h>\nvoid demo_bzero(void *p, size_t n);\n' \
	>"$P/include/demo/bzero.h"
printf 'int main(void) { return 0; }\n' >"$P/test/strl.c"
printf 'int main(void) { return 77; }\n' >"$P/test/bzero.c"

# run LOG CMD...: run CMD, its output to $T/LOG; fail with the log if it fails.
run() {
	_log=$T/$1
	shift
	"$@" >"$_log" 2>&1 </dev/null || {
		tail -n 30 "$_log" >&2
		fail "$* failed"
	}
}
run_make() {
	set +e
	make --no-print-directory "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

cd "$P"
run autoreconf.log autoreconf -i
mkdir _build
cd _build
run configure.log ../configure --disable-dependency-tracking \
	XDIST_EXEC="$XDIST_EXEC"
run_make -j2 check XDIST_EXEC_FLAGS="--color=no -v"
expect_rc 0
[ "$(grep -c '^xdist-exec 0\.1\.0 -- ' "$T/out")" -eq 1 ] ||
	fail "not one xdist-exec run: $(cat "$T/out")"
expect_out "[3 tests]"
expect_out "1 duplicate test ignored; --keep-duplicates runs them"
expect_out "PASSED headers.sh ("
expect_out "PASSED strl ("
expect_out "SKIPPED bzero ("
expect_out "2 passed, 1 skipped"
expect_no_out "# TOTAL"
[ "$(cat test/headers.count)" -eq 2 ] ||
	fail "the header test compiled $(cat test/headers.count) headers, not 2"

# A broken header fails the header test, so make check fails.
printf 'this is not C\n' >"$P/include/demo/broken.h"
run_make check XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with a broken header"
expect_out "FAILED headers.sh - exit status 1"
exit 0
