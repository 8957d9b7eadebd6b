#!/bin/sh
# docs/examples/automake: autoreconf (-Wall -Werror), a VPATH configure
# that finds xdist-exec, then `make check` runs automake's TESTS through
# xdist-exec.am in one xdist-exec run: the programs, and a script run by
# SH_LOG_COMPILER that needs AM_TESTS_ENVIRONMENT and srcdir, each named
# as the harness names it; 77 is a skip, 99 an error that fails `make
# check`; TESTS=... on the command line picks tests; a test in
# XFAIL_TESTS is an expected failure (XFAIL), and its pass (XPASS) fails
# `make check` as the harness's does.  Without xdist-exec,
# automake's own harness runs the same tests; `make distcheck` passes.
# Works on a copy in $T: nothing is written into the source tree.
. "$SRCDIR/tests/integration/lib.sh"

for p in autoreconf automake autoconf make cc; do
	command -v "$p" >/dev/null ||
		fail "$p is not installed (scripts/install-deps)"
done
cp -R "$SRCDIR/docs/examples/automake" "$T/ex"
cd "$T/ex"
unset CALC_BIGDATA XDIST_EXEC_ADDOPTS MAKEFLAGS MFLAGS

# run LOG CMD...: run CMD, its output to $T/LOG; fail with the log if it fails.
run() {
	_log=$T/$1
	shift
	"$@" >"$_log" 2>&1 </dev/null || {
		tail -n 30 "$_log" >&2
		fail "$* failed"
	}
}

# run_make ARGS...: make in the build directory; $RC, $T/out, $T/err.
run_make() {
	set +e
	make --no-print-directory "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

run autoreconf.log autoreconf -i
mkdir _build
cd _build
run configure.log ../configure --disable-dependency-tracking \
	XDIST_EXEC="$XDIST_EXEC"
grep -q "^XDIST_EXEC = $XDIST_EXEC\$" Makefile ||
	fail "configure did not take XDIST_EXEC=$XDIST_EXEC"

run_make -j2 check XDIST_EXEC_FLAGS="--color=no -v -rx"
expect_rc 0
expect_out "xdist-exec 0.1.0 -- 2 workers [5 tests]"
expect_out "PASSED tests/t_add ("
expect_out "PASSED tests/t_floordiv ("
expect_out "SKIPPED tests/t_bigdata ("
expect_out "PASSED tests/t_env.sh ("
# XFAIL_TESTS: an expected failure, not a failure.
expect_out "XFAIL tests/t_ceildiv ("
expect_out "3 passed, 1 skipped, 1 xfailed"
expect_no_out "PASS: "
# The script ran as the harness runs it: its log compiler and flags.
grep -qx \
	"$(sed -n 's/^SHELL = //p' Makefile) -e ../tests/t_env.sh #@ name=tests/t_env.sh" \
	xdist-exec-tests.list || fail "list: $(cat xdist-exec-tests.list)"

# Without AM_TESTS_ENVIRONMENT the script fails: it is applied, not assumed.
run_make check AM_TESTS_ENVIRONMENT= XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed without AM_TESTS_ENVIRONMENT"
expect_out "FAILED tests/t_env.sh - exit status 1"

# TESTS on the command line: only those.
run_make check TESTS=tests/t_floordiv XDIST_EXEC_FLAGS=--color=no
expect_rc 0
expect_out "[1 test]"

# 99: a hard error, and `make check` fails.
CALC_BIGDATA=$T/missing
export CALC_BIGDATA
run_make check XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with a test exiting 99"
expect_out "ERROR tests/t_bigdata - exit status 99"
expect_out "3 passed, 1 xfailed, 1 error"
unset CALC_BIGDATA

# A test in XFAIL_TESTS that passes is an XPASS: `make check` fails, as
# with the harness; one that fails and is not listed is a failure.
run_make check XFAIL_TESTS=tests/t_floordiv XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with an XPASS"
expect_out "FAILED tests/t_floordiv - [XPASS(strict)]"
expect_out "FAILED tests/t_ceildiv - exit status 1"

# make distcheck: a VPATH build from the tarball, cleaned to nothing.
run distcheck.log make distcheck XDIST_EXEC="$XDIST_EXEC"

# automake's harness, the fallback when configure finds no xdist-exec,
# runs the same tests (reading 77 and 99 the same way).
cd ..
mkdir _harness
cd _harness
run configure-no.log ../configure --disable-dependency-tracking XDIST_EXEC=no
run_make -j2 check
expect_rc 0
expect_out "SKIP: tests/t_bigdata"
expect_out "PASS: tests/t_env.sh"
expect_out "XFAIL: tests/t_ceildiv"
expect_out "# PASS:  3"
exit 0
