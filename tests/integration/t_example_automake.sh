#!/bin/sh
# docs/examples/automake: autoreconf, a VPATH configure that finds
# xdist-exec, then `make check` runs the check_PROGRAMS through it from
# check-local: 77 is a skip, 99 an error that fails `make check`, a test in
# XFAIL_TESTS an expected failure (the list's xfail attribute); without
# xdist-exec, automake's own harness runs the same tests (check-TESTS).
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
expect_out "PASSED ./tests/t_add ("
expect_out "PASSED ./tests/t_floordiv ("
expect_out "SKIPPED ./tests/t_bigdata ("
# XFAIL_TESTS: an expected failure, not a failure.
expect_out "XFAIL ./tests/t_ceildiv ("
expect_out "XFAIL ./tests/t_ceildiv - exit status 1"
expect_out "2 passed, 1 skipped, 1 xfailed"

# 99: a hard error, and `make check` fails.
CALC_BIGDATA=$T/missing
export CALC_BIGDATA
run_make check XDIST_EXEC_FLAGS=--color=no
[ "$RC" -ne 0 ] || fail "make check passed with a test exiting 99"
expect_out "ERROR ./tests/t_bigdata - exit status 99"
expect_out "2 passed, 1 xfailed, 1 error"

# automake's harness, the fallback when configure finds no xdist-exec,
# runs the same programs (reading 77 and 99 the same way).
unset CALC_BIGDATA
run_make check-TESTS \
	TESTS="tests/t_add tests/t_floordiv tests/t_bigdata tests/t_ceildiv"
expect_rc 0
expect_out "SKIP: tests/t_bigdata"
expect_out "XFAIL: tests/t_ceildiv"
expect_out "# PASS:  2"
exit 0
